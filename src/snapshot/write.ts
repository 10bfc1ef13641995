// Writes snapshot files: account files atomically (a temporary file renamed into place, so an
// interrupted run never leaves a half-written account that a resumed run would skip).
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import type { Org } from '../org/schema.js';
import { accountFilePath, accountsDirPath, orgFilePath } from './layout.js';
import type { AccountAuthorizationDetails } from './schema.js';
import type { SnapshotAccount } from './types.js';

/** Formatted as the AWS CLI prints JSON (four-space indent), so files diff cleanly against hand-made ones. */
export function formatAccountDetails(details: AccountAuthorizationDetails): string {
  return `${JSON.stringify(details, null, 4)}\n`;
}

export function writeAccountFile(dir: string, account: SnapshotAccount): void {
  writeFileAtomic(accountFilePath(dir, account.accountId), formatAccountDetails(account.details));
}

export function writeOrgFile(dir: string, org: Org): void {
  writeFileAtomic(orgFilePath(dir), `${JSON.stringify(org, null, 2)}\n`);
}

/** Writes org.json and one file per account, one account at a time (accounts may be a lazy generator). */
export function writeSnapshot(dir: string, snapshot: { org: Org; accounts: Iterable<SnapshotAccount> }, onAccount?: (accountId: string) => void): void {
  mkdirSync(accountsDirPath(dir), { recursive: true });
  writeOrgFile(dir, snapshot.org);
  for (const account of snapshot.accounts) {
    writeAccountFile(dir, account);
    onAccount?.(account.accountId);
  }
}
