// SCP/RCP levels for an account, root first: what the policy engine evaluates level by level.
import type { OrgIndex } from './model.js';
import type { OrgPolicy } from './schema.js';

type PolicyKind = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

const FULL_AWS_ACCESS = 'FullAWSAccess';
const FULL_ACCESS_SCP: OrgPolicy['document'] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** Names shown in the missing-SCP warning before "and N more". */
const NAMED_IN_WARNING = 10;

/**
 * Whether the organization has the policy type: as ListRoots recorded it, else (org.json without
 * policyTypes) whether org.json lists any policy of the type.
 */
export function policyTypeEnabled(index: OrgIndex, kind: PolicyKind): boolean {
  const recorded = index.org.roots.flatMap((r) => r.policyTypes ?? []);
  if (index.org.roots.every((r) => r.policyTypes)) return recorded.some((t) => t.type === kind && t.status !== 'PENDING_ENABLE');
  return index.org.policies.some((p) => p.type === kind);
}

/**
 * One list of policy documents per level (root, OUs…, the account); none when the type is not
 * enabled. SCPs: AWS keeps at least one SCP (FullAWSAccess by default) on every root, OU and
 * account, so a level the data attaches nothing to is read as FullAWSAccess, and so is every level
 * when the data leaves FullAWSAccess out altogether. RCPs only deny (their one Allow,
 * RCPFullAWSAccess, is everywhere and cannot be detached): a level holds just what is attached.
 */
export function policyLevels(index: OrgIndex, accountId: string, kind: PolicyKind): OrgPolicy['document'][][] {
  if (!policyTypeEnabled(index, kind)) return [];
  const account = index.accountsById.get(accountId);
  if (!account) return [];
  const policies = index.org.policies.filter((p) => p.type === kind);
  const path: string[] = [accountId];
  for (let node: string | undefined = account.parentId; node !== undefined; node = index.parentOf.get(node)) path.unshift(node);
  if (kind === 'RESOURCE_CONTROL_POLICY') return path.map((target) => policies.filter((p) => p.targets.includes(target)).map((p) => p.document));
  const fullAccessOmitted = !policies.some((p) => p.name === FULL_AWS_ACCESS);
  return path.map((target) => {
    const attached = policies.filter((p) => p.targets.includes(target)).map((p) => p.document);
    return fullAccessOmitted || !attached.length ? [FULL_ACCESS_SCP, ...attached] : attached;
  });
}

/**
 * The one warning for SCP data org.json lacks: with SCPs enabled, the OUs and accounts (and roots)
 * that no SCP is attached to, which policyLevels reads as FullAWSAccess rather than "nothing allowed".
 */
export function missingScpWarning(index: OrgIndex): string | undefined {
  if (!policyTypeEnabled(index, 'SERVICE_CONTROL_POLICY')) return undefined;
  const attached = new Set(index.org.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').flatMap((p) => p.targets));
  const nodes = [...index.org.roots, ...index.org.organizationalUnits, ...index.org.accounts].filter((n) => !attached.has(n.id));
  if (!nodes.length) return undefined;
  const named = nodes.slice(0, NAMED_IN_WARNING).map((n) => `${n.name} (${n.id})`);
  const more = nodes.length > NAMED_IN_WARNING ? ` and ${nodes.length - NAMED_IN_WARNING} more` : '';
  return `org.json attaches no SCP to ${named.join(', ')}${more}: read as FullAWSAccess (unrestricted), since AWS keeps at least one SCP on every root, OU and account; collect the organization again (crossrole discover) for its real SCPs`;
}
