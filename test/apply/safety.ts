// The safety rule, checked after every single IAM call: whoever can assume a role gets the desired
// permissions or narrower — or, while the trust is still the one they were trusted by before, the
// old permissions or narrower. A locked role lets nobody in, so anything goes while it is locked.
import type { DesiredRole } from '../../src/desired/types.js';
import { isLockedTrust } from '../../src/plan/locked.js';
import { samePolicy } from '../../src/plan/normalize.js';
import type { Plan } from '../../src/plan/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { InMemoryIam, Role } from './in-memory-iam.js';

interface Perms {
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

function desiredPerms(role: DesiredRole): Perms {
  return {
    trustPolicy: role.trustPolicy,
    inline: new Map(Object.entries(role.inlinePolicies)),
    managed: new Set(role.managedPolicyArns),
    ...(role.permissionsBoundary !== undefined && { boundary: role.permissionsBoundary }),
  };
}

const NOTHING: Perms = { inline: new Map(), managed: new Set() };

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
      return { change: c, initial: role && structuredClone(role), desired: c.desired ? desiredPerms(c.desired) : NOTHING };
    });
  const violations: string[] = [];
  const check = (): void => {
    for (const { change, initial, desired } of tracked) {
      const role: Role | undefined = iam.role(change.accountId, change.roleName);
      if (!role || isLockedTrust(role.trustPolicy, change.accountId)) continue;
      const now: Perms = { inline: role.inline, managed: role.managed, ...(role.boundary !== undefined && { boundary: role.boundary }) };
      const oldTrust = initial !== undefined && samePolicy(role.trustPolicy, initial.trustPolicy);
      const newTrust = desired.trustPolicy !== undefined && samePolicy(role.trustPolicy, desired.trustPolicy);
      if (oldTrust && within(now, initial)) continue;
      if (newTrust && within(now, desired)) continue;
      violations.push(
        `${change.accountId}/${change.roleName} after call ${iam.calls}: trust is ${oldTrust ? 'the old one' : newTrust ? 'the desired one' : 'neither old, desired nor locked'}; inline [${[...role.inline.keys()]}], managed [${[...role.managed]}], boundary ${role.boundary ?? 'none'}`,
      );
    }
  };
  const listener = (): void => check();
  iam.listeners.push(listener);
  return { violations, check, detach: () => iam.listeners.splice(iam.listeners.indexOf(listener), 1) };
}
