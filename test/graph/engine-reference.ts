// A second reference for the graph, independent of src/graph's decision code: every caller node
// against every role through the public policy engine (plain evaluation, no discovery), with the
// request context AWS would build. What the caller could still bring (MFA, source IP, external id,
// session tags, SAML/OIDC claims …) is tried value by value from a small set that covers the random
// organizations' conditions; an edge exists when some combination is allowed. What the caller
// cannot bring is fixed: its ARN, account and tags, and its organization keys, which AWS includes
// only for principals of an organization's account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid).
import { indexOrg, type OrgIndex } from '../../src/org/model.js';
import { policyLevels } from '../../src/org/policy-levels.js';
import { compilePolicy, evaluate, principalContext, resourceContext, type CompiledPolicy, type CompiledPolicySet, type ContextValue, type EvaluationRequest, type PrincipalBlock } from '../../src/policy/index.js';
import type { AccountAuthorizationDetails, GroupDetail, RoleDetail, UserDetail } from '../../src/snapshot/schema.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import type { GraphNode } from '../../src/graph/types.js';

/** One request key the caller controls, with the values worth trying (undefined = absent). */
type FreeKey = readonly [key: string, values: readonly (string | undefined)[]];

const MFA: FreeKey = ['aws:MultiFactorAuthPresent', [undefined, 'true', 'false']];
const SOURCE_IP: FreeKey = ['aws:SourceIp', ['10.1.2.3', '192.0.2.1']];
const EXTERNAL_ID: FreeKey = ['sts:ExternalId', [undefined, 'x-1']];
/** Tags of a principal whose tags are unknown (not collected), or that a session could carry. */
const TEAM: FreeKey = ['aws:PrincipalTag/team', [undefined, 'ops', 'dev']];
const SAML_AUDIENCE: FreeKey = ['SAML:aud', [undefined, 'https://signin.aws.amazon.com/saml']];
const GITHUB_SUBJECT: FreeKey = ['token.actions.githubusercontent.com:sub', [undefined, 'repo:x/y']];
/** The account of a principal the request does not tie to one (services, providers): left open, as the graph leaves it. */
const SOME_ACCOUNT: FreeKey = ['aws:PrincipalAccount', [undefined, '111111111111', '222222222222', '333333333333', '444444444444', '888888888888']];
const ANY_PRINCIPAL = [MFA, SOURCE_IP, EXTERNAL_ID];

/** Every AWS request STS serves is over TLS. */
const TRANSPORT = { 'aws:SecureTransport': 'true' };
/** `"*"`: a principal of an account the snapshot never names, which may or may not be in the organization. */
const STRANGER = 'arn:aws:iam::000000000000:root';
const UNKNOWN_IDENTITY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

interface ReferenceCaller {
  principal: string;
  principalType: EvaluationRequest['principalType'];
  action: string;
  identity: CompiledPolicy[];
  boundary: CompiledPolicy | null;
  account: string | undefined;
  known: Record<string, ContextValue>;
  free: readonly FreeKey[];
  /** Accounts, services and providers stand only for what a trust names (`*` is the anyone node's). */
  namedBy?: (block: PrincipalBlock) => boolean;
}

interface ReferenceRole {
  arn: string;
  account: string;
  trust: CompiledPolicy;
  known: Record<string, ContextValue>;
}

/**
 * `from -> to` for every pair the engine allows under some request, `{always}` when under every
 * tried one. The callers are the graph's nodes (which nodes exist is for the hand-made cases to
 * check), but what each one is, its policies, tags and account, is read from the snapshot here.
 */
export function referenceEdges(snapshot: Snapshot, graph: AccessGraph): string[] {
  const org = indexOrg(snapshot.org);
  const details = new Map(snapshot.accounts.map((a) => [a.accountId, a.details]));
  const roles = snapshot.accounts.flatMap(({ accountId, details }) => details.RoleDetailList.flatMap((r) => referenceRole(org, accountId, r)));
  const lines: string[] = [];
  for (const node of graph.nodes) {
    const caller = referenceCaller(org, details, node);
    if (!caller) continue;
    for (const role of roles) {
      const verdict = decide(org, caller, role);
      if (verdict) lines.push(`${node.arn} -> ${role.arn}${verdict === 'always' ? ' {always}' : ''}`);
    }
  }
  return lines.sort();
}

/** The graph's edges in the reference's form. */
export function graphEdges(graph: AccessGraph): string[] {
  return [...graph.edges()].map((e) => `${graph.nodes[e.from]!.arn} -> ${graph.nodes[e.to]!.arn}${e.summary === 'allowed unconditionally' ? ' {always}' : ''}`).sort();
}

function referenceRole(org: OrgIndex, account: string, role: RoleDetail): ReferenceRole[] {
  let trust: CompiledPolicy;
  try {
    // Compiled as the graph does, without the grammar IAM applies when a trust is saved: a snapshot
    // holds what IAM accepted (the random organizations use NotPrincipal in trusts too).
    trust = compilePolicy(role.AssumeRolePolicyDocument, `${role.Arn} trust`);
  } catch {
    return []; // the graph leaves unreadable trusts out too
  }
  const tags = Object.fromEntries(role.Tags.flatMap((t) => [[`aws:ResourceTag/${t.Key}`, t.Value], [`iam:ResourceTag/${t.Key}`, t.Value]]));
  return [{ arn: role.Arn, account, trust, known: { ...resourceContext(org, account), ...tags } }];
}

function referenceCaller(org: OrgIndex, details: Map<string, AccountAuthorizationDetails>, node: GraphNode): ReferenceCaller | undefined {
  switch (node.kind) {
    case 'user':
    case 'role': {
      const account = node.accountId!;
      const collected = details.get(account);
      if (!collected) {
        // Named by a trust in an account that was not collected: any identity policy, any tags.
        const principal = node.kind === 'role' ? sessionArn(node.arn) : node.arn;
        const known = principalContext(org, node.kind === 'role' ? { arn: principal, roleArn: node.arn } : { arn: principal });
        return { principal, principalType: 'AWS', action: 'sts:AssumeRole', identity: [compilePolicy(UNKNOWN_IDENTITY, 'unknown')], boundary: null, account, known: { ...known, ...TRANSPORT }, free: [...ANY_PRINCIPAL, TEAM] };
      }
      const detail = node.kind === 'user' ? collected.UserDetailList.find((u) => u.Arn === node.arn)! : collected.RoleDetailList.find((r) => r.Arn === node.arn)!;
      const tags = Object.fromEntries(detail.Tags.map((t) => [t.Key, t.Value]));
      const { identity, boundary } = identityOf(collected, node.kind, detail);
      if (node.kind === 'user') {
        const user = detail as UserDetail;
        return { principal: user.Arn, principalType: 'AWS', action: 'sts:AssumeRole', identity, boundary, account, known: { ...principalContext(org, { arn: user.Arn, uniqueId: user.UserId, tags }), ...TRANSPORT }, free: ANY_PRINCIPAL };
      }
      // A role asks as one of its sessions, which may carry session tags beside the role's own.
      const role = detail as RoleDetail;
      const principal = sessionArn(role.Arn);
      return { principal, principalType: 'AWS', action: 'sts:AssumeRole', identity, boundary, account, known: { ...principalContext(org, { arn: principal, roleArn: role.Arn, uniqueId: role.RoleId, tags }), ...TRANSPORT }, free: 'team' in tags ? ANY_PRINCIPAL : [...ANY_PRINCIPAL, TEAM] };
    }
    case 'account': {
      // Any principal of the account: its account (and organization, when inside) is all that is known.
      const account = node.accountId!;
      const { 'aws:PrincipalArn': _arn, 'aws:PrincipalType': _type, 'aws:userid': _id, ...known } = principalContext(org, { arn: node.arn });
      return { principal: node.arn, principalType: 'AWS', action: 'sts:AssumeRole', identity: [], boundary: null, account, known: { ...known, ...TRANSPORT }, free: [...ANY_PRINCIPAL, TEAM], namedBy: (b) => b.aws.includes(node.arn) };
    }
    case 'service':
      return { principal: node.arn, principalType: 'Service', action: 'sts:AssumeRole', identity: [], boundary: null, account: undefined, known: { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': node.arn, ...TRANSPORT }, free: [...ANY_PRINCIPAL, TEAM, SOME_ACCOUNT], namedBy: (b) => b.service.some((s) => s.toLowerCase() === node.arn) };
    case 'federated': {
      const action = node.arn.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
      return { principal: node.arn, principalType: 'Federated', action, identity: [], boundary: null, account: undefined, known: TRANSPORT, free: [...ANY_PRINCIPAL, TEAM, SOME_ACCOUNT, SAML_AUDIENCE, GITHUB_SUBJECT], namedBy: (b) => b.federated.includes(node.arn) };
    }
    case 'anyone': {
      // Anyone may be a principal of the organization or not: account and organization are free too.
      const free: FreeKey[] = [...ANY_PRINCIPAL, TEAM, SOME_ACCOUNT, ['aws:PrincipalOrgID', [undefined, org.org.organizationId]]];
      return { principal: STRANGER, principalType: 'AWS', action: 'sts:AssumeRole', identity: [], boundary: null, account: undefined, known: { 'aws:PrincipalIsAWSService': 'false', ...TRANSPORT }, free };
    }
    case 'group':
      return undefined;
  }
}

/** `arn:aws:iam::A:role/path/Name` → `arn:aws:sts::A:assumed-role/Name/reference`. */
function sessionArn(roleArn: string): string {
  const [, partition, , , account, resource] = roleArn.split(':') as [string, string, string, string, string, string];
  return `arn:${partition}:sts::${account}:assumed-role/${resource.slice(resource.lastIndexOf('/') + 1)}/reference`;
}

/** Inline and attached policies of the principal and (users) its groups, and its boundary, as IAM attaches them. */
function identityOf(details: AccountAuthorizationDetails, kind: 'user' | 'role', principal: UserDetail | RoleDetail): { identity: CompiledPolicy[]; boundary: CompiledPolicy | null } {
  const managed = (arn: string): unknown => {
    const policy = details.Policies.find((p) => p.Arn === arn)!;
    return policy.PolicyVersionList.find((v) => v.VersionId === policy.DefaultVersionId)!.Document;
  };
  const groups: GroupDetail[] = kind === 'user' ? (principal as UserDetail).GroupList.flatMap((name) => details.GroupDetailList.filter((g) => g.GroupName === name)) : [];
  const own = kind === 'user' ? (principal as UserDetail).UserPolicyList : (principal as RoleDetail).RolePolicyList;
  const documents = [
    ...own.map((p) => p.PolicyDocument),
    ...principal.AttachedManagedPolicies.map((p) => managed(p.PolicyArn)),
    ...groups.flatMap((g) => [...g.GroupPolicyList.map((p) => p.PolicyDocument), ...g.AttachedManagedPolicies.map((p) => managed(p.PolicyArn))]),
  ];
  const boundaryArn = principal.PermissionsBoundary?.PermissionsBoundaryArn;
  return { identity: documents.map((d, i) => compilePolicy(d, `identity[${i}]`)), boundary: boundaryArn ? compilePolicy(managed(boundaryArn), 'boundary') : null };
}

const levelsCache = new WeakMap<OrgIndex, Map<string, CompiledPolicy[][]>>();

function levels(org: OrgIndex, account: string | undefined, kind: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): CompiledPolicy[][] {
  if (account === undefined || !org.accountsById.has(account)) return [];
  let byAccount = levelsCache.get(org);
  if (!byAccount) levelsCache.set(org, (byAccount = new Map()));
  const key = `${kind} ${account}`;
  let found = byAccount.get(key);
  if (!found) byAccount.set(key, (found = policyLevels(org, account, kind).map((level) => level.map((d, i) => compilePolicy(d, `${kind}[${i}]`, kind === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp')))));
  return found;
}

/** 'always' when every tried request is allowed, 'sometimes' when some is, undefined when none is. */
function decide(org: OrgIndex, caller: ReferenceCaller, role: ReferenceRole): 'always' | 'sometimes' | undefined {
  if (caller.namedBy && !role.trust.parsed.statements.some((s) => s.effect === 'Allow' && s.principal && caller.namedBy!(s.principal))) return undefined;
  const policies: CompiledPolicySet = {
    identityPolicies: caller.identity,
    permissionBoundary: caller.boundary,
    sessionPolicy: null,
    resourcePolicy: role.trust,
    scps: caller.principalType === 'AWS' ? levels(org, caller.account, 'SERVICE_CONTROL_POLICY') : [],
    rcps: levels(org, role.account, 'RESOURCE_CONTROL_POLICY'),
    principalIsManagementAccount: caller.account === org.org.managementAccountId,
    resourceIsManagementAccount: role.account === org.org.managementAccountId,
  };
  // Only keys some condition asks about change the answer: trying the others would repeat it.
  const asked = new Set([caller.identity, [caller.boundary], [role.trust], policies.scps!.flat(), policies.rcps!.flat()].flat().flatMap((p) => p?.statements.flatMap((st) => st.source.conditions.map((c) => c.key.toLowerCase())) ?? []));
  let allowed = 0;
  let tried = 0;
  for (const free of combinations(caller.free.filter(([key]) => asked.has(key.toLowerCase())))) {
    const context = { ...caller.known, ...role.known, ...free };
    if (free['aws:PrincipalOrgID'] !== undefined) context['aws:PrincipalOrgPaths'] = [`${free['aws:PrincipalOrgID']}/`];
    tried++;
    if (evaluate({ principal: caller.principal, principalType: caller.principalType, action: caller.action, resource: role.arn, context }, policies).decision === 'Allowed') allowed++;
  }
  return allowed === 0 ? undefined : allowed === tried ? 'always' : 'sometimes';
}

function* combinations(keys: readonly FreeKey[], at = 0, chosen: Record<string, string> = {}): Generator<Record<string, string>> {
  if (at === keys.length) {
    yield chosen;
    return;
  }
  const [key, values] = keys[at]!;
  for (const value of values) yield* combinations(keys, at + 1, value === undefined ? chosen : { ...chosen, [key]: value });
}
