// The --trusted-accounts file: accounts outside the organization that you vouch for (a vendor, a
// partner org). Trusts to them are not "external". YAML or JSON, a list of account ids or of
// { account, name?, note? } entries; problems are reported as file:line:col.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { ACCOUNT_ID } from '../spec/schema.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { locate, parseSource, type PathIssue } from '../spec/source.js';

const accountId = z.string().regex(ACCOUNT_ID, 'an AWS account id is exactly 12 digits, quoted ("012345678901")');

export const trustedAccountsSchema = z.array(
  z.union([
    accountId,
    z.strictObject({
      account: accountId,
      name: z.string().optional().describe('shown in findings instead of the bare id'),
      note: z.string().optional().describe('why the account is trusted (for reviewers; not used)'),
    }),
  ]),
);

export interface TrustedAccount {
  account: string;
  name?: string;
}

/** Account id → entry. */
export type TrustedAccounts = ReadonlyMap<string, TrustedAccount>;

export function parseTrustedAccounts(file: string, text: string): TrustedAccounts {
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InvalidInputError(diagnostics);
  const data = source.data ?? [];
  const result = trustedAccountsSchema.safeParse(data);
  if (!result.success) throw new InvalidInputError(schemaIssues(trustedAccountsSchema, data, result.error.issues).map((i) => locate(source, i)));
  const accounts = new Map<string, TrustedAccount>();
  const duplicates: PathIssue[] = [];
  result.data.forEach((entry, i) => {
    const item: TrustedAccount = typeof entry === 'string' ? { account: entry } : { account: entry.account, ...(entry.name !== undefined && { name: entry.name }) };
    if (accounts.has(item.account)) duplicates.push({ path: typeof entry === 'string' ? [i] : [i, 'account'], message: `account ${item.account} is listed twice` });
    accounts.set(item.account, item);
  });
  if (duplicates.length) throw new InvalidInputError(duplicates.map((i) => locate(source, i)));
  return accounts;
}
