// Snapshot collection: per account, through the bootstrap role, one paged
// GetAccountAuthorizationDetails with every filter, merged and shaped as the AWS CLI prints it
// (policy documents decoded from URL-encoding, dates as ISO text, the API's field names), so a
// collected file and `aws iam get-account-authorization-details > file` read the same.
import { GetAccountAuthorizationDetailsCommand, type EntityType, type GetAccountAuthorizationDetailsCommandOutput, type IAMClient } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { decodeDocument, type AccountAuthorizationDetails } from '../snapshot/schema.js';
import type { AccountAccess } from './accounts.js';
import { attempt } from './errors.js';

const ALL_ENTITIES: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
/** Members IAM returns URL-encoded and the AWS CLI decodes (botocore's policyDocumentType). */
const DOCUMENT_KEYS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);

/** Every page of one account's authorization details, merged, in the AWS CLI's output shape. */
export async function collectAccountDetails(iam: IAMClient, accountId: string): Promise<AccountAuthorizationDetails> {
  const merged: Record<(typeof LISTS)[number], unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let marker: string | undefined;
  do {
    const page: GetAccountAuthorizationDetailsCommandOutput = await attempt({ call: 'iam:GetAccountAuthorizationDetails', accountId }, () =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ALL_ENTITIES, MaxItems: 1000, Marker: marker })),
    );
    for (const list of LISTS) for (const item of page[list] ?? []) merged[list].push(cliShape(item));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return merged as unknown as AccountAuthorizationDetails;
}

/** SDK output → what the CLI prints: Dates as `2024-03-01T10:15:30+00:00`, documents as objects. */
function cliShape(value: unknown, key?: string): unknown {
  if (value instanceof Date) return cliDate(value);
  if (typeof value === 'string') return key !== undefined && DOCUMENT_KEYS.has(key) ? (decodeDocument(value) ?? value) : value;
  if (Array.isArray(value)) return value.map((item) => cliShape(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cliShape(v, k);
    return out;
  }
  return value;
}

/** Python's isoformat() of a UTC datetime, as the AWS CLI prints timestamps. */
function cliDate(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}

export interface CollectedAccount {
  accountId: string;
  status: 'collected' | 'failed';
  /** Why it failed: one line naming the account and the call. */
  error?: string;
}

export interface CollectOptions {
  concurrency: number;
  /** Persists one account's details as soon as they are read (an interrupted run keeps what it had). */
  save: (accountId: string, details: AccountAuthorizationDetails) => void | Promise<void>;
  onAccount?: (result: CollectedAccount, done: number, total: number) => void;
}

/** Collects each account in a rolling pool; a failing account is reported and the others go on. */
export async function collectAccounts(access: AccountAccess, accountIds: readonly string[], options: CollectOptions): Promise<CollectedAccount[]> {
  const limit = pLimit(options.concurrency);
  let done = 0;
  return Promise.all(
    accountIds.map((accountId) =>
      limit(async (): Promise<CollectedAccount> => {
        let result: CollectedAccount;
        try {
          const clients = await access.clientsFor(accountId);
          await options.save(accountId, await collectAccountDetails(clients.iam(), accountId));
          result = { accountId, status: 'collected' };
        } catch (error) {
          result = { accountId, status: 'failed', error: (error as Error).message };
        }
        options.onAccount?.(result, ++done, accountIds.length);
        return result;
      }),
    ),
  );
}
