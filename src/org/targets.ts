// Target resolution: which accounts a spoke role goes to.
import type { TargetsSpec } from '../spec/schema.js';
import { accountsUnder, type OrgIndex } from './model.js';
import type { OrgAccount } from './schema.js';

export interface ResolvedTargets {
  /** ACTIVE targeted accounts, sorted by id. */
  accounts: OrgAccount[];
  /** Selected accounts that will not get the role, with the reason. */
  skipped: { account: OrgAccount; reason: string }[];
}

/**
 * `ous`, `accounts` and `tags` each select accounts; their union is targeted. `exclude` then removes
 * accounts and whole OU subtrees. The management account is targeted only when `managementAccount` is true.
 */
export function resolveTargets(index: OrgIndex, targets: TargetsSpec): ResolvedTargets {
  const selected = new Map<string, OrgAccount>();
  const add = (a: OrgAccount | undefined) => a && selected.set(a.id, a);
  for (const ou of targets.ous) accountsUnder(index, ou).forEach(add);
  for (const id of targets.accounts) add(index.accountsById.get(id));
  const tagPairs = Object.entries(targets.tags);
  if (tagPairs.length) {
    for (const a of index.org.accounts) if (tagPairs.every(([k, v]) => a.tags[k] === v)) add(a);
  }

  const managementId = index.org.managementAccountId;
  const skipped: ResolvedTargets['skipped'] = [];
  if (targets.managementAccount) add(index.accountsById.get(managementId));
  else if (selected.has(managementId)) {
    skipped.push({ account: selected.get(managementId)!, reason: 'management account (set targets.managementAccount: true to include it)' });
    selected.delete(managementId);
  }

  const excluded = new Set(targets.exclude.accounts);
  for (const ou of targets.exclude.ous) for (const a of accountsUnder(index, ou)) excluded.add(a.id);
  for (const id of excluded) selected.delete(id);

  const accounts: OrgAccount[] = [];
  for (const a of [...selected.values()].sort((x, y) => x.id.localeCompare(y.id))) {
    if (a.status === 'ACTIVE') accounts.push(a);
    else skipped.push({ account: a, reason: `account is ${a.status}` });
  }
  return { accounts, skipped };
}
