// Observed state, read with as few calls as possible: per account one paged
// GetAccountAuthorizationDetails (Filter=Role) after the AssumeRole; per hub one Get*Policy per
// managed policy name.
import {
  GetAccountAuthorizationDetailsCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  type RoleDetail,
} from '@aws-sdk/client-iam';
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG, type DesiredHub } from '../desired/types.js';
import { decodePolicy, toObservedRole } from '../observe/role-detail.js';
import type { ObservedHub, ObservedRole } from '../observe/types.js';
import type { PolicyDocument } from '../policy/document.js';
import { attempt } from './errors.js';
import { markerPages } from './pages.js';

/**
 * Roles of one account that crossrole cares about: those named like a spoke role of the spec,
 * and those tagged as owned by this spec (candidates for pruning).
 */
export async function observeRoles(iam: IAMClient, accountId: string, names: ReadonlySet<string>, specName: string): Promise<ObservedRole[]> {
  const details = await markerPages(
    { call: 'iam:GetAccountAuthorizationDetails', accountId },
    (Marker) => iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000, Marker })),
    (r) => r.RoleDetailList ?? [],
  );
  return details.filter((d) => names.has(d.RoleName!) || ownedBy(d, specName)).map((d) => toObservedRole(accountId, d));
}

function ownedBy(detail: RoleDetail, specName: string): boolean {
  const tags = new Map((detail.Tags ?? []).map((t) => [t.Key, t.Value]));
  return tags.get(OWNER_TAG) === OWNER_VALUE && tags.get(SPEC_TAG) === specName;
}

/** The hub principal's crossrole-managed inline policies (absent ones are left out). */
export async function observeHub(iam: IAMClient, hub: DesiredHub): Promise<ObservedHub> {
  const policies: Record<string, PolicyDocument> = {};
  let exists = true;
  for (const policyName of Object.keys(hub.policies)) {
    const site = { call: `iam:Get${capitalize(hub.kind)}Policy`, accountId: hub.accountId };
    try {
      const document = await attempt(site, () => getInlinePolicy(iam, hub, policyName));
      if (document !== undefined) policies[policyName] = decodePolicy(document);
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
      // IAM says which is missing: "The role policy with name … " vs "The role with name … cannot be found".
      const message = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      if (new RegExp(`^The ${hub.kind} with name`, 'i').test(message)) exists = false;
    }
  }
  return { name: hub.name, exists, policies };
}

function getInlinePolicy(iam: IAMClient, hub: DesiredHub, policyName: string): Promise<string | undefined> {
  const name = hub.principalName;
  if (hub.kind === 'role') return iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })).then((r) => r.PolicyDocument);
  if (hub.kind === 'user') return iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName })).then((r) => r.PolicyDocument);
  return iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName })).then((r) => r.PolicyDocument);
}

export function isNoSuchEntity(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } };
  return e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException' || e.cause?.name === 'NoSuchEntity' || e.cause?.name === 'NoSuchEntityException';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
