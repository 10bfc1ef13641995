// Plain policy documents per hub and per account: for review, diffing and the aws-cli script.
import type { DesiredHub, DesiredRole, DesiredState } from '../desired/types.js';
import type { PolicyDocument } from '../policy/document.js';
import { canonicalPolicy, sortedKeys, toJson, type JsonObject } from './format.js';

export const hubPolicyPath = (hub: DesiredHub, policyName: string): string => `policies/hubs/${hub.name}/${policyName}.json`;
/** Directories apart from the hub's own policy files, so no policy name can collide with them. */
export const hubTrustPath = (hub: DesiredHub): string => `policies/hubs/${hub.name}/role/trust.json`;
export const hubManagedPath = (hub: DesiredHub, policyName: string): string => `policies/hubs/${hub.name}/managed/${policyName}.json`;
export const hubGroupPolicyPath = (hub: DesiredHub, group: string, policyName: string): string => `policies/hubs/${hub.name}/groups/${group}/${policyName}.json`;

const roleDir = (role: DesiredRole): string => `policies/accounts/${role.accountId}/${role.name}`;
export const trustPath = (role: DesiredRole): string => `${roleDir(role)}/trust.json`;
export const inlinePath = (role: DesiredRole, policyName: string): string => `${roleDir(role)}/inline-${policyName}.json`;

export function renderPolicies(state: DesiredState, files: Map<string, string>): void {
  for (const hub of state.hubs) {
    for (const name of sortedKeys(hub.policies)) files.set(hubPolicyPath(hub, name), toJson(canonicalPolicy(hub.policies[name]!)));
    if (hub.role) files.set(hubTrustPath(hub), toJson(canonicalPolicy(hub.role.trustPolicy)));
    for (const name of sortedKeys(hub.managedPolicies)) files.set(hubManagedPath(hub, name), toJson(canonicalPolicy(hub.managedPolicies[name]!)));
    for (const group of hub.extraGroups) {
      for (const name of sortedKeys(group.policies)) files.set(hubGroupPolicyPath(hub, group.name, name), toJson(canonicalPolicy(group.policies[name]!)));
    }
  }
  for (const role of state.roles) {
    files.set(trustPath(role), toJson(canonicalPolicy(role.trustPolicy)));
    for (const name of sortedKeys(role.inlinePolicies)) files.set(inlinePath(role, name), toJson(canonicalPolicy(role.inlinePolicies[name]!)));
    files.set(
      `${roleDir(role)}/managed.json`,
      // The policies crossrole creates from the role's action list are listed with their documents.
      toJson({ managedPolicyArns: role.managedPolicyArns, permissionsBoundary: role.permissionsBoundary ?? null, ...(role.actionPolicies && { actionPolicies: actionPolicyDocuments(role.actionPolicies) }) }),
    );
  }
}

function actionPolicyDocuments(policies: Record<string, PolicyDocument>): JsonObject {
  return Object.fromEntries(sortedKeys(policies).map((name) => [name, canonicalPolicy(policies[name]!)]));
}
