// The safety rule, checked after every single IAM call: whoever can assume a role gets the desired
// permissions or narrower — or, while the trust is still the one they were trusted by before, the
// old permissions or narrower. A locked role lets nobody in, so anything goes while it is locked.
import type { DesiredRole } from '../../src/desired/types.js';
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

/** Watches the roles a plan touches; the "before" state is taken now, so keep one watch across a crash and its resume. */
export function watchSafety(iam: InMemoryIam, plan: Plan): SafetyWatch {
  const tracked = plan.roles
    .filter((c) => c.kind !== 'conflict')
    .map((c) => {
      const role = iam.role(c.accountId, c.roleName);
      return { change: c, initial: role && structuredClone(role), desired: c.desired ? permsOf(c.desired) : NOTHING };
    });
  const violations: string[] = [];
  const check = (): void => {
    for (const { change, initial, desired } of tracked) {
      const role: Role | undefined = iam.role(change.accountId, change.roleName);
      const unsafe = role && unsafeState(role, change.accountId, initial, desired);
      if (unsafe) violations.push(`${change.accountId}/${change.roleName} after call ${iam.calls}: ${unsafe}`);
    }
  };
  const listener = (): void => check();
  iam.listeners.push(listener);
  return { violations, check, detach: () => iam.listeners.splice(iam.listeners.indexOf(listener), 1) };
}
