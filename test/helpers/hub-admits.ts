// Which spokes a hub's policies admit, account by account: every account of the organization (and
// one outside it) is asked about with its own resource context, so a policy that names every
// account, or an OU too many, fails as surely as one that misses a target.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GetGroupPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, GetUserPolicyCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListGroupPoliciesCommand, ListRolePoliciesCommand, ListUserPoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { roleArn } from '../../src/desired/arn.js';
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG } from '../../src/desired/types.js';
import { parseOrg } from '../../src/org/load.js';
import { accountOrgPath, indexOrg, type OrgIndex } from '../../src/org/model.js';
import { statementsOf, type PolicyDocument } from '../../src/policy/document.js';
import { identityAllows, type ResourceContext } from './identity-eval.js';

/** An account no organization here holds: its spoke must never be admitted. */
const OUTSIDE_ACCOUNT = '999999999999';

/** The organization an org.json (as `crossrole discover` wrote it) describes. */
export function readOrgIndex(file: string): OrgIndex {
  return indexOrg(parseOrg(file, readFileSync(file, 'utf8')));
}

/** The spoke role's context in its account; `spec` names the spec whose ownership tags it carries. */
export function spokeContext(index: OrgIndex, accountId: string, spec: string | undefined): ResourceContext {
  const account = index.accountsById.get(accountId)!;
  return {
    'aws:ResourceOrgID': index.org.organizationId,
    'aws:ResourceOrgPaths': [accountOrgPath(index, account)],
    ...(spec !== undefined && { [`aws:ResourceTag/${OWNER_TAG}`]: OWNER_VALUE, [`aws:ResourceTag/${SPEC_TAG}`]: spec }),
  };
}

/** Allowed by some statement of the set and denied by none. */
export function policySetAllows(docs: PolicyDocument[], arn: string, context: ResourceContext): boolean {
  return docs.some((d) => identityAllows(d, 'sts:AssumeRole', arn, context)) && !docs.some((d) => isDenied(d, arn, context));
}

function isDenied(doc: PolicyDocument, arn: string, context: ResourceContext): boolean {
  const denies = statementsOf(doc).filter((s) => s.Effect === 'Deny');
  return denies.length > 0 && !identityAllows({ ...doc, Statement: [...denies, { Effect: 'Allow', Action: '*', Resource: '*' }] }, 'sts:AssumeRole', arn, context);
}

export interface SpokeName {
  path: string;
  name: string;
  /** The spec whose ownership tags the targeted spokes carry. */
  spec: string;
}

/**
 * Asserts the hub's documents admit the spoke in exactly the expected accounts among the ACTIVE
 * ones (suspended accounts refuse every call, so a policy may cover them either way). Expected
 * spokes carry the spec's tags, the others none; a spoke outside the organization carries them too.
 */
export function assertAdmitsExactly(index: OrgIndex, docs: PolicyDocument[], spoke: SpokeName, expected: Iterable<string>): void {
  const wanted = new Set(expected);
  const admitted = index.org.accounts
    .filter((a) => a.status === 'ACTIVE' && policySetAllows(docs, roleArn(a.id, spoke.path, spoke.name), spokeContext(index, a.id, wanted.has(a.id) ? spoke.spec : undefined)))
    .map((a) => a.id);
  assert.deepEqual(admitted.sort(), [...wanted].sort(), `the hub admits ${spoke.name} in ${admitted.join(', ') || 'no account'}: ${JSON.stringify(docs)}`);
  assert.ok(!admitsOutside(docs, spoke), 'the hub admits a spoke outside the organization');
}

/** Whether the documents admit the spoke in an account of another organization, tagged as this spec's. */
export function admitsOutside(docs: PolicyDocument[], spoke: SpokeName): boolean {
  const outside = { 'aws:ResourceOrgID': 'o-otherorg00', 'aws:ResourceOrgPaths': ['o-otherorg00/r-zz99/'], [`aws:ResourceTag/${OWNER_TAG}`]: OWNER_VALUE, [`aws:ResourceTag/${SPEC_TAG}`]: spoke.spec };
  return policySetAllows(docs, roleArn(OUTSIDE_ACCOUNT, spoke.path, spoke.name), outside);
}

/** Every identity policy of a live hub principal: inline ones and the default version of each attached managed policy. */
export async function hubDocuments(iam: IAMClient, hub: { role: string } | { user: string } | { group: string }): Promise<PolicyDocument[]> {
  const parse = (text: string) => JSON.parse(decodeURIComponent(text)) as PolicyDocument;
  let inline: PolicyDocument[];
  let attached: string[];
  if ('role' in hub) {
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: hub.role }))).PolicyNames ?? [];
    inline = await Promise.all(names.map(async (PolicyName) => parse((await iam.send(new GetRolePolicyCommand({ RoleName: hub.role, PolicyName }))).PolicyDocument!)));
    attached = ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: hub.role }))).AttachedPolicies ?? []).map((p) => p.PolicyArn!);
  } else if ('user' in hub) {
    const names = (await iam.send(new ListUserPoliciesCommand({ UserName: hub.user }))).PolicyNames ?? [];
    inline = await Promise.all(names.map(async (PolicyName) => parse((await iam.send(new GetUserPolicyCommand({ UserName: hub.user, PolicyName }))).PolicyDocument!)));
    attached = ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: hub.user }))).AttachedPolicies ?? []).map((p) => p.PolicyArn!);
  } else {
    const names = (await iam.send(new ListGroupPoliciesCommand({ GroupName: hub.group }))).PolicyNames ?? [];
    inline = await Promise.all(names.map(async (PolicyName) => parse((await iam.send(new GetGroupPolicyCommand({ GroupName: hub.group, PolicyName }))).PolicyDocument!)));
    attached = ((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: hub.group }))).AttachedPolicies ?? []).map((p) => p.PolicyArn!);
  }
  const managed = await Promise.all(
    attached.map(async (PolicyArn) => {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      return parse((await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy!.DefaultVersionId! }))).PolicyVersion!.Document!);
    }),
  );
  return [...inline, ...managed];
}
