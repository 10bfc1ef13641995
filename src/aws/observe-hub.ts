// The hub side as it is: the hub principal (a role's trust, settings and tags too), its group's
// members, crossrole's inline policies on it, the managed policies attached to it and crossrole's
// customer managed policies for it. A handful of calls per hub, whatever the organization's size.
import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { HUB_MANAGED_POLICY_PATH, isHubPolicy } from '../desired/hub-names.js';
import { possibleExtraGroups } from '../desired/hub-per-target.js';
import type { DesiredHub, HubKind } from '../desired/types.js';
import { decodePolicy, tagRecord } from '../observe/role-detail.js';
import type { ObservedHub, ObservedHubRole, ObservedManagedPolicy, ObservedPrincipal } from '../observe/types.js';
import type { PolicyDocument } from '../policy/document.js';
import { emptyRecord } from '../data-record.js';
import { attempt, unlessMissing } from './errors.js';
import { readManagedPolicy } from './managed-policy.js';
import { markerPages } from './pages.js';

type Site = { call: string; accountId: string };
const siteIn = (hub: DesiredHub, call: string): Site => ({ call: `iam:${call}`, accountId: hub.accountId });

export async function observeHub(iam: IAMClient, hub: DesiredHub): Promise<ObservedHub> {
  const { principal, role } = await readPrincipal(iam, hub, hub.kind, hub.principalName);
  const seen: ObservedHub = { name: hub.name, ...principal };
  if (role) seen.role = await describeRole(iam, hub, role);
  if (hub.kind === 'group') {
    const present = new Set(principal.members ?? []);
    const missing: string[] = [];
    for (const user of hub.members.filter((m) => !present.has(m))) {
      const found = await unlessMissing(() => attempt(siteIn(hub, 'GetUser'), () => iam.send(new GetUserCommand({ UserName: user }))));
      if (!found) missing.push(user);
    }
    if (missing.length) seen.missingMembers = missing;
  }
  seen.managedPolicies = await readManagedPolicies(iam, hub);
  // Further groups no longer needed still hold policies: every name a per-target hub may use is read.
  const extra = hub.recipe.policyPerTarget ? possibleExtraGroups(hub.principalName) : hub.extraGroups.map((g) => g.name);
  if (extra.length) {
    seen.extraGroups = emptyRecord<ObservedPrincipal>();
    for (const name of extra) seen.extraGroups[name] = (await readPrincipal(iam, hub, 'group', name)).principal;
  }
  return seen;
}

/**
 * Whether the principal exists, its members (groups), crossrole's inline policies on it and its
 * attached managed policies; for a role also GetRole's answer, which carries its trust and settings.
 */
async function readPrincipal(iam: IAMClient, hub: DesiredHub, kind: HubKind, name: string): Promise<{ principal: ObservedPrincipal; role?: Role }> {
  const site = (call: string) => siteIn(hub, call);
  const policies = emptyRecord<PolicyDocument>();
  let members: string[] | undefined;
  let role: Role | undefined;
  let found: boolean;
  if (kind === 'group') {
    // markerPages makes each call through `attempt` already.
    members = await unlessMissing(() => markerPages(site('GetGroup'), (Marker) => iam.send(new GetGroupCommand({ GroupName: name, Marker })), (r) => (r.Users ?? []).map((u) => u.UserName!)));
    found = members !== undefined;
  } else if (kind === 'role') {
    role = (await unlessMissing(() => attempt(site('GetRole'), () => iam.send(new GetRoleCommand({ RoleName: name })))))?.Role;
    found = role !== undefined;
  } else found = (await unlessMissing(() => attempt(site('GetUser'), () => iam.send(new GetUserCommand({ UserName: name }))))) !== undefined;
  if (!found) return { principal: { exists: false, policies } };

  const names = await markerPages(site(`List${title(kind)}Policies`), (Marker) => listInline(iam, kind, name, Marker), (r) => r.PolicyNames ?? []);
  for (const policyName of names.filter((n) => isHubPolicy(hub, n))) {
    const document = await attempt(site(`Get${title(kind)}Policy`), () => getInline(iam, kind, name, policyName));
    if (document !== undefined) policies[policyName] = decodePolicy(document);
  }
  const attachedPolicyArns = await markerPages(site(`ListAttached${title(kind)}Policies`), (Marker) => listAttached(iam, kind, name, Marker), (r) => (r.AttachedPolicies ?? []).map((p) => p.PolicyArn!));
  return { principal: { exists: true, policies, attachedPolicyArns, ...(members && { members }) }, ...(role && { role }) };
}

/** The hub role as GetRole answered, with the instance profiles that hold it. */
async function describeRole(iam: IAMClient, hub: DesiredHub, role: Role): Promise<ObservedHubRole> {
  const profiles = await markerPages(
    siteIn(hub, 'ListInstanceProfilesForRole'),
    (Marker) => iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: hub.principalName, Marker })),
    (r) => r.InstanceProfiles ?? [],
  );
  return {
    arn: role.Arn!,
    path: role.Path ?? '/',
    trustPolicy: decodePolicy(role.AssumeRolePolicyDocument),
    tags: tagRecord(role.Tags),
    maxSessionDuration: role.MaxSessionDuration ?? 3600,
    ...(role.Description && { description: role.Description }),
    instanceProfiles: profiles.map((p) => ({ name: p.InstanceProfileName!, path: p.Path ?? '/' })),
  };
}

/** crossrole's customer managed policies for the hub: its names under /crossrole/ in the hub account. */
async function readManagedPolicies(iam: IAMClient, hub: DesiredHub): Promise<Record<string, ObservedManagedPolicy>> {
  const site = (call: string) => siteIn(hub, call);
  const listed = await markerPages(
    site('ListPolicies'),
    (Marker) => iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: HUB_MANAGED_POLICY_PATH, Marker })),
    (r) => r.Policies ?? [],
  );
  const out = emptyRecord<ObservedManagedPolicy>();
  for (const policy of listed.filter((p) => p.Path === HUB_MANAGED_POLICY_PATH && isHubPolicy(hub, p.PolicyName!))) {
    out[policy.PolicyName!] = await readManagedPolicy(iam, hub.accountId, policy.Arn!, policy.DefaultVersionId!);
  }
  return out;
}

function listInline(iam: IAMClient, kind: HubKind, name: string, Marker: string | undefined) {
  if (kind === 'role') return iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker }));
  if (kind === 'user') return iam.send(new ListUserPoliciesCommand({ UserName: name, Marker }));
  return iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker }));
}

function getInline(iam: IAMClient, kind: HubKind, name: string, PolicyName: string): Promise<string | undefined> {
  if (kind === 'role') return iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName })).then((r) => r.PolicyDocument);
  if (kind === 'user') return iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName })).then((r) => r.PolicyDocument);
  return iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName })).then((r) => r.PolicyDocument);
}

function listAttached(iam: IAMClient, kind: HubKind, name: string, Marker: string | undefined) {
  if (kind === 'role') return iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }));
  if (kind === 'user') return iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }));
  return iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }));
}

function title(kind: HubKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}
