// SCP/RCP levels for an account, root first: what the policy engine evaluates level by level.
import type { OrgIndex } from './model.js';
import type { OrgPolicy } from './schema.js';

type PolicyKind = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

const FULL_ACCESS: Record<PolicyKind, { name: string; document: OrgPolicy['document'] }> = {
  SERVICE_CONTROL_POLICY: { name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  RESOURCE_CONTROL_POLICY: { name: 'RCPFullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } },
};

/**
 * One list of policy documents per level (root, OUs…, the account). AWS attaches the
 * FullAWSAccess (RCPFullAWSAccess) policy to every node; an org.json written by hand often leaves
 * it out, so when the model has no such policy at all it is assumed at every level. With no
 * policies of the kind at all, none apply (empty list).
 */
export function policyLevels(index: OrgIndex, accountId: string, kind: PolicyKind): OrgPolicy['document'][][] {
  const policies = index.org.policies.filter((p) => p.type === kind);
  if (!policies.length) return [];
  const account = index.accountsById.get(accountId);
  if (!account) return [];
  const path: string[] = [accountId];
  for (let node: string | undefined = account.parentId; node !== undefined; node = index.parentOf.get(node)) path.unshift(node);
  const implicitFullAccess = !policies.some((p) => p.name === FULL_ACCESS[kind].name);
  return path.map((target) => [...(implicitFullAccess ? [FULL_ACCESS[kind].document] : []), ...policies.filter((p) => p.targets.includes(target)).map((p) => p.document)]);
}
