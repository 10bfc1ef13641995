// A snapshot in memory: the organization plus each collected account's authorization details.
import type { Org } from '../org/schema.js';
import type { AccountAuthorizationDetails } from './schema.js';

export interface SnapshotAccount {
  accountId: string;
  details: AccountAuthorizationDetails;
}

export interface Snapshot {
  org: Org;
  /** Accounts with a file under `accounts/`, sorted by id. */
  accounts: SnapshotAccount[];
  /** Org accounts without a file (not collected: suspended, unreachable, or left out), sorted. */
  missing: string[];
}
