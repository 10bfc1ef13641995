// Every identity policy document crossrole gave a hub, as observed: the inline policies on the hub
// principal, the customer managed policies attached to it, and a Micetro hub's further groups
// (their members hold every group's policies).
import type { PolicyDocument } from '../policy/document.js';
import type { ObservedHub } from './types.js';

export function observedHubDocuments(seen: ObservedHub | undefined): PolicyDocument[] {
  if (!seen) return [];
  const attached = new Set(seen.attachedPolicyArns ?? []);
  return [
    ...Object.values(seen.policies),
    ...Object.values(seen.managedPolicies ?? {})
      .filter((p) => attached.has(p.arn))
      .map((p) => p.document),
    ...Object.values(seen.extraGroups ?? {}).flatMap((g) => Object.values(g.policies)),
  ];
}
