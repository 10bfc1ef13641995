// (desired, observed) → plan. Pure: the observed state is the only source of truth about AWS.
import { shortHash } from '../desired/canonical.js';
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG, owningSpec, type DesiredHub, type DesiredRole, type DesiredState, type HubPolicySet } from '../desired/types.js';
import type { ObservedAccount, ObservedHub, ObservedManagedPolicy, ObservedRole, ObservedState } from '../observe/types.js';
import { spokePolicyArn } from '../desired/action-policies.js';
import { userArn } from '../desired/arn.js';
import { hubPolicies } from '../desired/hub-policy.js';
import type { OrgIndex } from '../org/model.js';
import { observedHubDocuments } from '../observe/hub-documents.js';
import { trustedPrincipals } from './field-change.js';
import { hubReach } from './hub-reach.js';
import { planHubSide } from './hub.js';
import { createSteps, deleteSteps, updateSteps } from './steps.js';
import type { HubChange, Plan, RetainedResource, RoleChange } from './types.js';
import { compareStrings } from '../compare-strings.js';

export interface PlanOptions {
  /** Delete roles (and hub policies) this spec owns but no longer wants. */
  prune: boolean;
  /** The organization the desired state was built for (hub policies are made again from it). */
  org: OrgIndex;
}

export function desiredHash(desired: DesiredState): string {
  return shortHash({ specName: desired.specName, roles: desired.roles, hubs: desired.hubs });
}

export function makePlan(desired: DesiredState, observed: ObservedState, options: PlanOptions): Plan {
  const spec = desired.specName;
  const accounts = new Map(observed.accounts.map((a) => [a.accountId, a]));
  const unreadable = new Map<string, string>();
  for (const a of observed.accounts) if (a.error !== undefined) unreadable.set(a.accountId, a.error);
  const readable = (accountId: string): ObservedAccount | undefined => {
    const account = accounts.get(accountId);
    // An account nobody looked at is as unknown as one that refused: creating blindly could collide.
    if (!account) unreadable.set(accountId, 'not observed');
    return account && account.error === undefined ? account : undefined;
  };

  const roles: RoleChange[] = [];
  const retained: RetainedResource[] = [];
  const matching = { roles: 0, accounts: 0, hubPolicies: 0 };
  const matchingAccounts = new Set<string>();
  const matched = new Set<ObservedRole>();
  const conflictedArns = new Set<string>();
  const missing = missingPrincipals(desired, observed);
  const conflict = (base: Omit<RoleChange, 'kind' | 'changes' | 'steps'>, reason: string): void => {
    conflictedArns.add(base.arn);
    roles.push({ ...base, kind: 'conflict', changes: [], reason, steps: [] });
  };

  for (const role of desired.roles) {
    const account = readable(role.accountId);
    if (!account) continue;
    // IAM role names are unique regardless of case.
    const found = account.roles.find((r) => r.name.toLowerCase() === role.name.toLowerCase());
    const base = { accountId: role.accountId, accountName: role.accountName, roleName: role.name, arn: role.arn };
    // IAM refuses a trust that names a principal that does not exist: the role would stay locked.
    const absent = trustedPrincipals(role.trustPolicy).find((p) => missing.has(p));
    const absentReason = absent && `its trust would name ${absent}, which does not exist: IAM refuses such a trust; create it and run plan again`;
    const policies = account.policies ?? {};
    const foreignPolicy = foreignActionPolicy(role, policies, spec);
    if (!found) {
      if (absentReason ?? foreignPolicy) conflict(base, (absentReason ?? foreignPolicy)!);
      else roles.push({ ...base, kind: 'create', changes: [], steps: createSteps(role, policies), desired: role });
      continue;
    }
    matched.add(found);
    const reason = conflictReason(role, found, spec) ?? foreignPolicy;
    if (reason) {
      conflict({ ...base, arn: found.arn }, reason);
      continue;
    }
    const diff = updateSteps(role, found, policies, ownedPolicies(found, policies, spec, new Set(role.managedPolicyArns)));
    if (absentReason && diff.changes.some((c) => c.field === 'trust')) {
      conflict(base, absentReason);
      continue;
    }
    if (diff.steps.length) roles.push({ ...base, kind: 'update', changes: diff.changes, steps: diff.steps, desired: role });
    else {
      matching.roles++;
      matchingAccounts.add(role.accountId);
    }
  }
  matching.accounts = matchingAccounts.size;

  // A hub role is read with its account's roles but planned with its hub: never an unwanted spoke.
  const hubRoles = new Set(desired.hubs.filter((h) => h.kind === 'role').map((h) => `${h.accountId}/${h.principalName.toLowerCase()}`));
  for (const account of observed.accounts) {
    if (account.error !== undefined) continue;
    for (const role of account.roles) {
      if (matched.has(role) || owningSpec(role.tags) !== spec || hubRoles.has(`${account.accountId}/${role.name.toLowerCase()}`)) continue;
      if (options.prune) roles.push({ kind: 'delete', accountId: account.accountId, accountName: '', roleName: role.name, arn: role.arn, changes: [], steps: deleteSteps(role, ownedPolicies(role, account.policies ?? {}, spec, new Set())) });
      else retained.push({ kind: 'role', accountId: account.accountId, name: role.name, arn: role.arn });
    }
  }
  const names = new Map(desired.roles.map((r) => [r.accountId, r.accountName]));
  for (const change of roles) change.accountName ||= names.get(change.accountId) ?? '';
  roles.sort((a, b) => compareStrings(a.accountId, b.accountId) || compareStrings(a.roleName, b.roleName));

  const changedArns = new Set(roles.filter((r) => r.kind === 'create' || r.kind === 'update').map((r) => r.arn));
  const hubs: HubChange[] = [];
  for (const hub of desired.hubs) {
    // A hub account may hold no spoke, so only an account read that failed rules its hub out.
    if (accounts.get(hub.accountId)?.error !== undefined) continue;
    const seen = observed.hubs.find((h) => h.name === hub.name);
    if (!seen) {
      unreadable.set(hub.accountId, `hub "${hub.name}" was not observed`);
      continue;
    }
    const leftOut = spokesLeftOut(hub, seen, conflictedArns, unreadable, options.org);
    const wanted: HubPolicySet = leftOut.length ? hubPolicies(options.org, hub.recipe, new Set(leftOut)) : hub;
    if (wanted.problem !== undefined) {
      const reason = `without the spokes it must leave out, ${wanted.problem}`;
      hubs.push({ hub: hub.name, accountId: hub.accountId, principalKind: hub.kind, principalName: hub.principalName, subject: 'inline', kind: 'conflict', policyName: hub.recipe.policyName, reason, steps: [], dependsOn: [], leftOut });
      continue;
    }
    const result = planHubSide({ hub, wanted, seen, specName: spec, prune: options.prune, dependsOn: hub.spokeArns.filter((a) => changedArns.has(a)), leftOut });
    hubs.push(...result.changes);
    retained.push(...result.retained);
    matching.hubPolicies += result.unchanged;
  }

  const all = [...roles, ...hubs];
  const count = (kind: string) => all.filter((c) => c.kind === kind).length;
  return {
    version: 1,
    specName: spec,
    desiredHash: desiredHash(desired),
    roles,
    hubs,
    unreadable: [...unreadable].sort(([a], [b]) => compareStrings(a, b)).map(([accountId, error]) => ({ accountId, error })),
    retained,
    matching,
    summary: { create: count('create'), update: count('update'), delete: count('delete'), conflict: count('conflict'), unchanged: matching.roles + matching.hubPolicies },
  };
}

/**
 * Spoke ARNs the hub's policy must not name: roles crossrole does not own (conflicts), and spokes
 * in accounts that could not be read unless the hub already reaches them (unknown is neither
 * granted nor taken away).
 */
function spokesLeftOut(hub: DesiredHub, seen: ObservedHub, conflicted: ReadonlySet<string>, unreadable: ReadonlyMap<string, string>, org: OrgIndex): string[] {
  const reaches = hubReach(org, hub, observedHubDocuments(seen));
  return hub.spokeArns.filter((arn) => {
    if (conflicted.has(arn)) return true;
    const accountId = arn.split(':')[4]!;
    return unreadable.has(accountId) && !reaches(arn, accountId);
  });
}

/** Hub users and group members the spoke trusts name but that do not exist (crossrole never creates users). */
function missingPrincipals(desired: DesiredState, observed: ObservedState): Set<string> {
  const missing = new Set<string>();
  for (const hub of desired.hubs) {
    const seen = observed.hubs.find((h) => h.name === hub.name);
    if (!seen) continue;
    if (hub.kind === 'user' && !seen.exists) missing.add(hub.arn);
    for (const name of seen.missingMembers ?? []) missing.add(userArn(hub.accountId, '/', name));
  }
  return missing;
}

/** Why crossrole must not make the role's action-list policies: one of their names is taken by a policy this spec does not own. */
function foreignActionPolicy(role: DesiredRole, policies: Readonly<Record<string, ObservedManagedPolicy>>, spec: string): string | undefined {
  for (const name of Object.keys(role.actionPolicies ?? {}).sort()) {
    const arn = spokePolicyArn(name, role.accountId);
    const found = Object.hasOwn(policies, arn) ? policies[arn]! : undefined;
    // A reader that saw no tags (a snapshot) cannot tell whose the policy is: only audit plans from one.
    if (!found?.tags) continue;
    const owner = owningSpec(found.tags);
    if (owner !== spec) return `the managed policy ${arn} for its action list exists and is ${owner === undefined ? 'not managed by crossrole' : `owned by crossrole spec "${owner}"`}: delete or rename it`;
  }
  return undefined;
}

/** This spec's action-list policies the role has attached and no longer wants: deleted once detached. */
function ownedPolicies(role: ObservedRole, policies: Readonly<Record<string, ObservedManagedPolicy>>, spec: string, wanted: ReadonlySet<string>): ObservedManagedPolicy[] {
  return role.managedPolicyArns
    .filter((arn) => !wanted.has(arn) && Object.hasOwn(policies, arn) && owningSpec(policies[arn]!.tags ?? {}) === spec)
    .sort()
    .map((arn) => policies[arn]!);
}

/** Why crossrole must leave an existing role alone, or undefined when it may manage it. */
function conflictReason(role: DesiredRole, found: ObservedRole, spec: string): string | undefined {
  if (found.name !== role.name) return `a role named "${found.name}" exists (IAM role names ignore case)`;
  if (found.tags[OWNER_TAG] === OWNER_VALUE) {
    const owner = found.tags[SPEC_TAG];
    // Adopting is for unmanaged roles: taking one from another spec would make the two fight.
    if (owner === undefined) return `tagged ${OWNER_TAG}=${OWNER_VALUE} without a ${SPEC_TAG} tag`;
    if (owner !== spec) return `owned by crossrole spec "${owner}"`;
  } else if (!role.adopt) return 'exists and is not managed by crossrole (set adopt: true on the role to take it over)';
  if (found.path !== role.path) return `exists at path ${found.path}, not ${role.path}, and IAM cannot move a role: delete it or change the spec`;
  return undefined;
}
