// Observed state, read with as few calls as possible: per account, after the AssumeRole, one paged
// GetAccountAuthorizationDetails (Filter=Role) and one paged ListRoles under the spokes' common
// path (the only read that carries MaxSessionDuration and Description), side by side. The hub side
// is read in observe-hub.ts.
import {
  GetAccountAuthorizationDetailsCommand,
  ListRolesCommand,
  type IAMClient,
  type RoleDetail,
} from '@aws-sdk/client-iam';
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG } from '../desired/types.js';
import { toObservedRole } from '../observe/role-detail.js';
import type { ObservedRole } from '../observe/types.js';
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

