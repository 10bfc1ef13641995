// A snapshot directory: DIR/org.json and DIR/accounts/<12-digit account id>.json. Pure: which
// files are accounts, which org accounts have none, and which names cannot be used.
import { join } from 'node:path';
import type { Org } from '../org/schema.js';
import type { Diagnostic } from '../spec/source.js';

export const ORG_FILE = 'org.json';
export const ACCOUNTS_DIR = 'accounts';
const ACCOUNT_FILE = /^(\d{12})\.json$/;

export const orgFilePath = (dir: string) => join(dir, ORG_FILE);
export const accountsDirPath = (dir: string) => join(dir, ACCOUNTS_DIR);
export const accountFilePath = (dir: string, accountId: string) => join(dir, ACCOUNTS_DIR, `${accountId}.json`);

export interface AccountFiles {
  /** Account ids with a file, sorted. */
  collected: string[];
  /** Org accounts without a file, sorted. */
  missing: string[];
  /** Names that cannot be read as an account of this org. */
  problems: Diagnostic[];
}

/**
 * Sorts the names found in `accounts/`. Hidden files (a collect's temporary files) and names not
 * ending in .json are not account files. A .json file not named by an account id, or named by an
 * account the org does not list, is an error: skipping it would silently audit less than the user
 * gave, and an account outside org.json has no place in the organization (no SCPs, no OU path).
 */
export function sortAccountFiles(org: Org, accountsDir: string, names: readonly string[]): AccountFiles {
  const inOrg = new Set(org.accounts.map((a) => a.id));
  const collected: string[] = [];
  const problems: Diagnostic[] = [];
  const problem = (name: string, message: string) => problems.push({ file: join(accountsDir, name), line: 0, col: 0, severity: 'error', message });
  for (const name of [...names].sort()) {
    if (name.startsWith('.') || !name.endsWith('.json')) continue;
    const accountId = ACCOUNT_FILE.exec(name)?.[1];
    if (accountId === undefined) problem(name, 'an account file is named by its 12-digit account id, like 123456789012.json');
    else if (!inOrg.has(accountId)) problem(name, `account ${accountId} is not in ${ORG_FILE} (organization ${org.organizationId}); refresh ${ORG_FILE} (crossrole discover) or remove the file`);
    else collected.push(accountId);
  }
  const have = new Set(collected);
  const missing = [...inOrg].filter((id) => !have.has(id)).sort();
  return { collected, missing, problems };
}
