// The safety rule, checked after every single IAM call: whoever can assume a role gets the desired
// permissions or narrower — or, while the trust is still the one they were trusted by before, the
// old permissions or narrower. A locked role lets nobody in, so anything goes while it is locked.
// A hub that gains reach to a spoke is someone new: it only reaches spokes already in a safe shape
// (locked, or the desired permissions or narrower), never one still holding its old permissions,
// and never a role crossrole does not own.
import type { DesiredHub, DesiredRole, DesiredState } from '../../src/desired/types.js';
import type { OrgIndex } from '../../src/org/model.js';
import { hubReach } from '../../src/plan/hub-reach.js';
import { isLockedTrust } from '../../src/plan/locked.js';
import { samePolicy } from '../../src/plan/normalize.js';
import type { Plan } from '../../src/plan/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { InMemoryIam, Role } from './in-memory-iam.js';

export interface Perms {
  trustPolicy?: PolicyDocument;
  inline: Map<string, PolicyDocument>;
  managed: Set<string>;
  boundary?: string;
}

/** s grants no more than t: its policies are t's, and its boundary is t's, or t has none (a boundary only narrows). */
export function within(s: Perms, t: Perms): boolean {
  for (const [name, doc] of s.inline) if (!t.inline.has(name) || !samePolicy(doc, t.inline.get(name))) return false;
  for (const arn of s.managed) if (!t.managed.has(arn)) return false;
  return t.boundary === undefined || s.boundary === t.boundary;
}

/** A role's trust and permissions, as IAM holds them or as observe reads them. */
export function permsOf(role: Pick<DesiredRole, 'trustPolicy' | 'inlinePolicies' | 'managedPolicyArns' | 'permissionsBoundary'>): Perms {
  return {
    trustPolicy: role.trustPolicy,
    inline: new Map(Object.entries(role.inlinePolicies)),
    managed: new Set(role.managedPolicyArns),
    ...(role.permissionsBoundary !== undefined && { boundary: role.permissionsBoundary }),
  };
}

/**
 * Why a role's state breaks the rule, or undefined when it keeps it: locked, or the old trust with
 * the old permissions or narrower, or the desired trust with the desired permissions or narrower.
 */
export function unsafeState(now: Perms & { trustPolicy: PolicyDocument }, accountId: string, initial: Perms | undefined, desired: Perms): string | undefined {
  if (isLockedTrust(now.trustPolicy, accountId)) return undefined;
  const oldTrust = initial !== undefined && samePolicy(now.trustPolicy, initial.trustPolicy);
  const newTrust = desired.trustPolicy !== undefined && samePolicy(now.trustPolicy, desired.trustPolicy);
  if (oldTrust && within(now, initial)) return undefined;
  if (newTrust && within(now, desired)) return undefined;
  return `trust is ${oldTrust ? 'the old one' : newTrust ? 'the desired one' : 'neither old, desired nor locked'}; inline ${JSON.stringify(Object.fromEntries(now.inline))}, managed [${[...now.managed]}], boundary ${now.boundary ?? 'none'}`;
}

/** Why a hub's inline policies break the rule: each is absent, or exactly what it was, or exactly what is desired. */
export function unsafeHub(now: Record<string, PolicyDocument>, initial: Record<string, PolicyDocument>, desired: Record<string, PolicyDocument>): string | undefined {
  for (const [name, doc] of Object.entries(now)) {
    if ((initial[name] !== undefined && samePolicy(doc, initial[name])) || (desired[name] !== undefined && samePolicy(doc, desired[name]))) continue;
    return `hub policy ${name} is neither the old nor the desired one: ${JSON.stringify(doc)}`;
  }
  return undefined;
}

export const NOTHING: Perms = { inline: new Map(), managed: new Set() };

export interface SafetyWatch {
  violations: string[];
  /** Checks now (also done after every mutation while attached). */
  check(): void;
  detach(): void;
}

/**
 * Watches the roles a plan touches, and what each hub of `desired` reaches; the "before" state is
 * taken now, so keep one watch across a crash and its resume.
 */
export function watchSafety(iam: InMemoryIam, plan: Plan, desired: DesiredState, org: OrgIndex): SafetyWatch {
  const tracked = plan.roles.map((c) => {
    const role = iam.role(c.accountId, c.roleName);
    return { change: c, initial: role && structuredClone(role), desired: c.desired ? permsOf(c.desired) : NOTHING };
  });
  const hubs = desired.hubs.map((hub) => {
    const reach = reachOf(org, hub);
    return { hub, reach, reachedBefore: reach(hubDocuments(iam, hub)) };
  });
  const violations: string[] = [];
  const check = (): void => {
    for (const { change, initial, desired } of tracked) {
      const role: Role | undefined = iam.role(change.accountId, change.roleName);
      // A conflict is a role crossrole must not touch: only the hub's reach to it is watched.
      const unsafe = role && change.kind !== 'conflict' && unsafeState(role, change.accountId, initial, desired);
      if (unsafe) violations.push(`${change.accountId}/${change.roleName} after call ${iam.calls}: ${unsafe}`);
    }
    for (const { hub, reach, reachedBefore } of hubs) {
      const reaches = reach(hubDocuments(iam, hub));
      for (const { change, desired } of tracked) {
        const role = iam.role(change.accountId, change.roleName);
        if (!role || reachedBefore(change.arn, change.accountId) || !reaches(change.arn, change.accountId)) continue;
        const unsafe =
          change.kind === 'conflict'
            ? "it is not crossrole's"
            : !isLockedTrust(role.trustPolicy, change.accountId) && !within(role, desired) && `it is neither locked nor within the desired permissions: inline ${JSON.stringify(Object.fromEntries(role.inline))}, managed [${[...role.managed]}]`;
        if (unsafe) violations.push(`${change.accountId}/${change.roleName} after call ${iam.calls}: hub ${hub.name} gained reach to it while ${unsafe}`);
      }
    }
  };
  const listener = (): void => check();
  iam.listeners.push(listener);
  return { violations, check, detach: () => iam.listeners.splice(iam.listeners.indexOf(listener), 1) };
}

/** The hub principal's inline policies as IAM now holds them (managed hub policies are not modelled in memory). */
function hubDocuments(iam: InMemoryIam, hub: DesiredHub): PolicyDocument[] {
  return [...(iam.hubs.get(`${hub.accountId}/${hub.kind}/${hub.principalName}`)?.values() ?? [])];
}

/** hubReach for one hub, compiled once per distinct set of its documents (the watch asks after every call). */
function reachOf(org: OrgIndex, hub: DesiredHub): (documents: PolicyDocument[]) => ReturnType<typeof hubReach> {
  const compiled = new Map<string, ReturnType<typeof hubReach>>();
  return (documents) => {
    const key = JSON.stringify(documents);
    let reach = compiled.get(key);
    if (!reach) compiled.set(key, (reach = hubReach(org, hub, documents)));
    return reach;
  };
}
