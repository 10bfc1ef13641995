// Observed state, read with as few calls as possible: per account, after the AssumeRole, one paged
// GetAccountAuthorizationDetails (Filter=Role) and one paged ListRoles under the spokes' common
// path (the only read that carries MaxSessionDuration and Description), side by side; per hub one
// Get*Policy per managed policy name.
import {
  GetAccountAuthorizationDetailsCommand,
  ListRolesCommand,
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

export interface RoleQuery {
  /** Spoke role names, lower-cased (IAM role names ignore case). */
  names: ReadonlySet<string>;
  /** The longest path every spoke role's path starts with. */
  pathPrefix: string;
  specName: string;
}

/** The query for a spec's spoke roles. */
export function roleQuery(roles: readonly { name: string; path: string }[], specName: string): RoleQuery {
  return { names: new Set(roles.map((r) => r.name.toLowerCase())), pathPrefix: commonPathPrefix(roles.map((r) => r.path)), specName };
}

/**
 * Roles of one account that crossrole cares about: those named like a spoke role of the spec (in
 * any case), and those tagged as owned by this spec (candidates for pruning).
 */
export async function observeRoles(iam: IAMClient, accountId: string, query: RoleQuery): Promise<ObservedRole[]> {
  const [details, listed] = await Promise.all([
    markerPages(
      { call: 'iam:GetAccountAuthorizationDetails', accountId },
      (Marker) => iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1000, Marker })),
      (r) => r.RoleDetailList ?? [],
    ),
    markerPages(
      { call: 'iam:ListRoles', accountId },
      (Marker) => iam.send(new ListRolesCommand({ PathPrefix: query.pathPrefix, MaxItems: 1000, Marker })),
      (r) => r.Roles ?? [],
    ),
  ]);
  const settings = new Map(listed.map((r) => [r.Arn, r]));
  return details.filter((d) => query.names.has(d.RoleName!.toLowerCase()) || ownedBy(d, query.specName)).map((d) => toObservedRole(accountId, d, settings.get(d.Arn)));
}

/** `/a/b/` and `/a/c/` → `/a/`: the path ListRoles must start from to see every spoke. */
export function commonPathPrefix(paths: string[]): string {
  if (!paths.length) return '/';
  let prefix = paths[0]!;
  for (const path of paths) while (!path.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix;
}

function ownedBy(detail: RoleDetail, specName: string): boolean {
  const tags = new Map((detail.Tags ?? []).map((t) => [t.Key, t.Value]));
  return tags.get(OWNER_TAG) === OWNER_VALUE && tags.get(SPEC_TAG) === specName;
}

/** The hub principal's crossrole-managed inline policies (absent ones are left out). */
export async function observeHub(iam: IAMClient, hub: DesiredHub): Promise<ObservedHub> {
  // Policy names are the spec's: no prototype to collide with.
  const policies: Record<string, PolicyDocument> = Object.create(null) as Record<string, PolicyDocument>;
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
