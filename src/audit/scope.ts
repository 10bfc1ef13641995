// Who is "inside": the organization's accounts plus the accounts the user vouches for
// (--trusted-accounts). Everything else is outside, and trusts to it need guards.
import type { OrgIndex } from '../org/model.js';
import type { TrustedAccounts } from './trusted-accounts.js';

export interface AuditScope {
  org: OrgIndex;
  trusted: TrustedAccounts;
}

export function isInOrg(scope: AuditScope, accountId: string): boolean {
  return scope.org.accountsById.has(accountId);
}

/** In the organization or listed as trusted. */
export function isInside(scope: AuditScope, accountId: string): boolean {
  return isInOrg(scope, accountId) || scope.trusted.has(accountId);
}

/** `999999999999 (Example Audit Co., trusted)`, `222222222222 (security-tooling)`, or the bare id. */
export function describeAccount(scope: AuditScope, accountId: string): string {
  const member = scope.org.accountsById.get(accountId);
  if (member) return `${accountId} (${member.name})`;
  const trusted = scope.trusted.get(accountId);
  if (trusted) return `${accountId} (${trusted.name ? `${trusted.name}, ` : ''}trusted, outside the organization)`;
  return `${accountId} (outside the organization)`;
}
