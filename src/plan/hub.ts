// The hub side of a plan: the hub principal (a role crossrole creates when missing and keeps in
// shape when it owns it; a group it creates and fills with existing users), its inline policies,
// its customer managed policies, and a Micetro hub's further groups.
// - A hub role crossrole does not own only gets crossrole's policies: its trust is never changed.
// - crossrole never creates users or access keys: a missing user hub or group member is a conflict.
// - Managed policies: IAM keeps at most 5 versions, so the oldest non-default one goes before a new
//   one is made; a policy no longer wanted is detached, stripped of its versions and deleted.
import { inHubPolicySet, isHubPolicy, HUB_MANAGED_POLICY_PATH } from '../desired/hub-names.js';
import { ownershipTags, owningSpec, type DesiredHub, type HubKind, type HubPolicySet } from '../desired/types.js';
import type { ObservedHub, ObservedHubRole, ObservedPrincipal } from '../observe/types.js';
import type { PolicyDocument } from '../policy/document.js';
import { samePolicy } from './normalize.js';
import { deletePolicySteps, newVersionSteps } from './policy-versions.js';
import { instanceProfileSteps, isOwnProfile } from './steps.js';
import type { FieldChange, HubChange, RetainedResource, Step } from './types.js';

export interface HubPlanInput {
  hub: DesiredHub;
  /** The policy set to reach (the desired one, or made again without left-out spokes). */
  wanted: HubPolicySet;
  seen: ObservedHub;
  specName: string;
  prune: boolean;
  /** Spoke ARNs changed by this plan that the hub's policies name. */
  dependsOn: string[];
  leftOut: string[];
}

export interface HubPlan {
  changes: HubChange[];
  retained: RetainedResource[];
  /** Hub policies that already match. */
  unchanged: number;
}

export function planHubSide(input: HubPlanInput): HubPlan {
  const { hub, wanted, seen } = input;
  const out: HubPlan = { changes: [], retained: [], unchanged: 0 };
  const main = changeBase(hub, hub.kind, hub.principalName);

  const principal = planPrincipal(hub, seen, input.specName);
  if (principal) out.changes.push({ ...main, ...principal });
  if (principal?.kind === 'conflict') return out;

  const principals: { kind: HubKind; name: string; seen: ObservedPrincipal; policies: Record<string, PolicyDocument> }[] = [
    { kind: hub.kind, name: hub.principalName, seen, policies: wanted.policies },
    ...wanted.extraGroups.map((g) => ({ kind: 'group' as const, name: g.name, seen: seen.extraGroups?.[g.name] ?? { exists: false, policies: {} }, policies: g.policies })),
  ];
  for (const [i, p] of principals.entries()) {
    const base = changeBase(hub, p.kind, p.name);
    if (i > 0 && !p.seen.exists) {
      const reason = `one inline policy per target does not fit ${principals.length - 1 === 1 ? 'one group' : `${principals.length - 1} groups`} (5,120 characters each): group ${i + 1} of ${principals.length}, the members join each`;
      out.changes.push({ ...base, subject: 'principal', kind: 'create', reason, steps: [{ op: 'CreateGroup', groupName: p.name, path: hub.path }] });
    }
    if (p.kind === 'group') {
      const members = planMembers(hub, p.name, p.seen, seen.missingMembers ?? []);
      if (members) out.changes.push({ ...base, ...members });
    }
    planInline(out, input, base, p.policies, p.seen.exists ? p.seen.policies : {});
  }
  // A further group no longer needed loses crossrole's policies (the group itself may stay).
  const wantedGroups = new Set(wanted.extraGroups.map((g) => g.name));
  for (const [name, group] of Object.entries(seen.extraGroups ?? {})) {
    if (!wantedGroups.has(name) && group.exists) planInline(out, input, changeBase(hub, 'group', name), {}, group.policies);
  }
  planManaged(out, input, main, wanted.managedPolicies);
  return out;
}

type Part = Omit<HubChange, 'hub' | 'accountId' | 'principalKind' | 'principalName' | 'dependsOn'>;

/** Creates a missing role or group hub, keeps a role crossrole owns in shape; a missing user is a conflict. */
function planPrincipal(hub: DesiredHub, seen: ObservedHub, specName: string): Part | undefined {
  if (!seen.exists) {
    if (hub.kind === 'user') {
      return { subject: 'principal', kind: 'conflict', reason: `the hub user ${hub.principalName} does not exist in ${hub.accountId}: crossrole never creates users or access keys; create it and run plan again`, steps: [] };
    }
    if (hub.kind === 'group') return { subject: 'principal', kind: 'create', steps: [{ op: 'CreateGroup', groupName: hub.principalName, path: hub.path }] };
    const role = hub.role!;
    const steps: Step[] = [
      {
        op: 'CreateRole',
        roleName: hub.principalName,
        path: hub.path,
        ...(role.description !== undefined && { description: role.description }),
        maxSessionDuration: role.maxSessionDuration,
        // Born with its real trust: it has no permissions until its policies are put, after the spokes.
        trustPolicy: role.trustPolicy,
        tags: role.tags,
      },
    ];
    if (role.instanceProfile) steps.push(...instanceProfileSteps({ name: hub.principalName, path: hub.path, tags: role.tags }));
    return { subject: 'principal', kind: 'create', steps };
  }
  if (hub.kind !== 'role' || !seen.role || owningSpec(seen.role.tags) !== specName) return undefined;
  const diff = hubRoleUpdate(hub, seen.role);
  return diff.steps.length ? { subject: 'principal', kind: 'update', changes: diff.changes, steps: diff.steps } : undefined;
}

/** A hub role crossrole owns: its trust, settings and instance profile as the spec says. */
function hubRoleUpdate(hub: DesiredHub, seen: ObservedHubRole): { changes: FieldChange[]; steps: Step[] } {
  const role = hub.role!;
  const roleName = hub.principalName;
  const changes: FieldChange[] = [];
  const steps: Step[] = [];
  if (!samePolicy(seen.trustPolicy, role.trustPolicy)) {
    changes.push({ field: 'trust', before: seen.trustPolicy, after: role.trustPolicy });
    steps.push({ op: 'UpdateAssumeRolePolicy', roleName, trustPolicy: role.trustPolicy });
  }
  if (seen.maxSessionDuration !== role.maxSessionDuration) changes.push({ field: 'maxSessionDuration', before: seen.maxSessionDuration, after: role.maxSessionDuration });
  if ((seen.description ?? '') !== (role.description ?? '')) changes.push({ field: 'description', before: seen.description, after: role.description });
  if (changes.some((c) => c.field !== 'trust')) steps.push({ op: 'UpdateRole', roleName, description: role.description ?? '', maxSessionDuration: role.maxSessionDuration });
  if (role.instanceProfile && !seen.instanceProfiles.some((p) => isOwnProfile({ name: roleName, path: hub.path }, p))) {
    changes.push({ field: 'instanceProfile', key: roleName, after: true });
    steps.push(...instanceProfileSteps({ name: roleName, path: hub.path, tags: role.tags }));
  }
  return { changes, steps };
}

/** Listed users not yet in the group are added; users that do not exist are a conflict (crossrole never creates users). */
function planMembers(hub: DesiredHub, groupName: string, seen: ObservedPrincipal, missing: string[]): Part | undefined {
  if (missing.length) {
    const users = missing.join(', ');
    return {
      subject: 'members',
      kind: 'conflict',
      members: missing,
      reason: `${missing.length === 1 ? 'user' : 'users'} ${users} ${missing.length === 1 ? 'does' : 'do'} not exist in ${hub.accountId}: crossrole never creates users or access keys; create ${missing.length === 1 ? 'it' : 'them'} and run plan again`,
      steps: [],
    };
  }
  const present = new Set(seen.members ?? []);
  const added = hub.members.filter((m) => !present.has(m));
  if (!added.length) return undefined;
  return { subject: 'members', kind: 'create', members: added, steps: added.map((userName) => ({ op: 'AddUserToGroup', groupName, userName })) };
}

function planInline(out: HubPlan, input: HubPlanInput, base: ChangeBase, wanted: Record<string, PolicyDocument>, seen: Record<string, PolicyDocument>): void {
  const { hub } = input;
  const principal = { kind: base.principalKind, principalName: base.principalName };
  for (const policyName of Object.keys(wanted).sort()) {
    const after = wanted[policyName]!;
    const before = seen[policyName];
    if (before !== undefined && samePolicy(before, after)) {
      out.unchanged++;
      continue;
    }
    out.changes.push(putChange(input, base, 'inline', policyName, before, after, [{ op: 'PutHubPolicy', ...principal, policyName, document: after }]));
  }
  for (const policyName of Object.keys(seen).sort()) {
    if (Object.hasOwn(wanted, policyName) || !isHubPolicy(hub, policyName)) continue;
    // The current set's names are the spec's: a part no longer needed goes, whatever prune says.
    if (input.prune || inHubPolicySet(hub, policyName)) {
      out.changes.push({ ...base, subject: 'inline', kind: 'delete', policyName, before: seen[policyName]!, steps: [{ op: 'DeleteHubPolicy', ...principal, policyName }] });
    } else out.retained.push({ kind: 'hubPolicy', accountId: hub.accountId, name: policyName, hub: hub.name });
  }
}

function planManaged(out: HubPlan, input: HubPlanInput, base: ChangeBase, wanted: Record<string, PolicyDocument>): void {
  const { hub, seen } = input;
  const existing = seen.managedPolicies ?? {};
  const attached = new Set(seen.attachedPolicyArns ?? []);
  const principal = { kind: hub.kind, principalName: hub.principalName };
  const names = Object.keys(wanted).sort();
  const others = [...attached].filter((arn) => !Object.values(existing).some((p) => p.arn === arn)).length;
  if (names.length && others + names.length > hub.recipe.managedPolicySlots) {
    out.changes.push({
      ...base,
      subject: 'managed',
      kind: 'conflict',
      reason: `the hub ${hub.kind} ${hub.principalName} has ${others} other managed ${others === 1 ? 'policy' : 'policies'} attached; with crossrole's ${names.length} that is over IAM's ${hub.recipe.managedPolicySlots} per ${hub.kind}: detach some, or raise the quota (roles: limits.managedPoliciesPerRole)`,
      steps: [],
    });
    return;
  }
  for (const policyName of names) {
    const after = wanted[policyName]!;
    const found = existing[policyName];
    const arn = found?.arn ?? `arn:aws:iam::${hub.accountId}:policy${HUB_MANAGED_POLICY_PATH}${policyName}`;
    const steps: Step[] = [];
    if (!found) steps.push({ op: 'CreatePolicy', policyName, path: HUB_MANAGED_POLICY_PATH, document: after, tags: ownershipTags(input.specName) });
    else if (!samePolicy(found.document, after)) steps.push(...newVersionSteps(found, after));
    if (!attached.has(arn)) steps.push({ op: 'AttachHubPolicy', ...principal, policyArn: arn });
    if (!steps.length) {
      out.unchanged++;
      continue;
    }
    out.changes.push(putChange(input, base, 'managed', policyName, found?.document, after, steps));
  }
  for (const policyName of Object.keys(existing).sort()) {
    if (Object.hasOwn(wanted, policyName)) continue;
    const found = existing[policyName]!;
    if (!input.prune && !inHubPolicySet(hub, policyName)) {
      out.retained.push({ kind: 'hubPolicy', accountId: hub.accountId, name: policyName, hub: hub.name });
      continue;
    }
    const steps: Step[] = [];
    if (attached.has(found.arn)) steps.push({ op: 'DetachHubPolicy', ...principal, policyArn: found.arn });
    steps.push(...deletePolicySteps(found));
    out.changes.push({ ...base, subject: 'managed', kind: 'delete', policyName, before: found.document, steps });
  }
}

type ChangeBase = Pick<HubChange, 'hub' | 'accountId' | 'principalKind' | 'principalName' | 'dependsOn'>;

function changeBase(hub: DesiredHub, principalKind: HubKind, principalName: string): ChangeBase {
  return { hub: hub.name, accountId: hub.accountId, principalKind, principalName, dependsOn: [] };
}

/** A policy made or changed: it waits for the spokes it names, and says which it leaves out. */
function putChange(input: HubPlanInput, base: ChangeBase, subject: 'inline' | 'managed', policyName: string, before: PolicyDocument | undefined, after: PolicyDocument, steps: Step[]): HubChange {
  return {
    ...base,
    ...(input.leftOut.length && { leftOut: input.leftOut }),
    dependsOn: input.dependsOn,
    subject,
    kind: before === undefined ? 'create' : 'update',
    policyName,
    ...(before !== undefined && { before }),
    after,
    steps,
  };
}
