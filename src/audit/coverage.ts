// Which accounts of org.json the audit saw. An active account without a file was not audited: a
// finding (ACCOUNT_NOT_COLLECTED), never silence, since nothing is known about who can get in
// there. Suspended and closing accounts cannot be entered, so collect leaves them out: expected.
import { accountRootArn } from '../desired/arn.js';
import type { Snapshot } from '../snapshot/types.js';
import type { Coverage, CoveredAccount } from './finding.js';
import type { FindingInput } from './make.js';

export function auditCoverage(snapshot: Snapshot): Coverage {
  const collected = new Set(snapshot.accounts.map((a) => a.accountId));
  const notCollected: CoveredAccount[] = [];
  const notCollectable: CoveredAccount[] = [];
  for (const account of [...snapshot.org.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (collected.has(account.id)) continue;
    (account.status === 'ACTIVE' ? notCollected : notCollectable).push({ accountId: account.id, accountName: account.name, status: account.status });
  }
  return { accounts: snapshot.org.accounts.length, audited: snapshot.org.accounts.length - notCollected.length - notCollectable.length, notCollected, notCollectable };
}

export function notCollectedFindings(coverage: Coverage): FindingInput[] {
  return coverage.notCollected.map(({ accountId, accountName }) => ({
    code: 'ACCOUNT_NOT_COLLECTED',
    severity: 'high',
    accountId,
    roleArn: accountRootArn(accountId),
    subject: 'account',
    file: 'org.json',
    explanation: `Account ${accountId} (${accountName}) is an active member of the organization in org.json, and the snapshot holds no accounts/${accountId}.json: none of its roles was audited, so who can get into it (from outside the organization too) and which paths lead through it are unknown.`,
    remediation: `Collect the account (crossrole collect --out <snapshot directory> reads the accounts still missing and keeps the others), or write aws iam get-account-authorization-details --output json to accounts/${accountId}.json with credentials in the account.`,
  }));
}
