// Tool-facing account names: sanitized, and unique across the organization so that two
// accounts with the same display name never collapse into one profile or Spinnaker account.
import type { DesiredState } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import { compareStrings } from '../compare-strings.js';

export type Sanitizer = (name: string) => string;

/** AWS CLI profile names: `[A-Za-z0-9_.-]`. */
export const profileSafe: Sanitizer = (name) => name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');

/** Halyard validates account names against `^[a-z0-9]+([-a-z0-9_]*[a-z0-9])?$`. */
export const spinnakerSafe: Sanitizer = (name) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');

/**
 * Account id → sanitized name. Names are checked for clashes against every account of the org
 * (not only the targeted ones) so that targeting another account later never renames existing
 * entries; clashing or empty names get the account id.
 */
export function accountNames(state: DesiredState, org: Org, sanitize: Sanitizer): Map<string, string> {
  const displayNames = new Map<string, string>();
  for (const account of org.accounts) displayNames.set(account.id, account.name);
  for (const role of state.roles) if (!displayNames.has(role.accountId)) displayNames.set(role.accountId, role.accountName);

  const uses = new Map<string, number>();
  for (const name of displayNames.values()) {
    const safe = sanitize(name);
    uses.set(safe, (uses.get(safe) ?? 0) + 1);
  }
  const result = new Map<string, string>();
  for (const [id, name] of [...displayNames].sort(([a], [b]) => compareStrings(a, b))) {
    const safe = sanitize(name);
    result.set(id, safe === '' ? id : (uses.get(safe) ?? 0) > 1 ? `${safe}-${id}` : safe);
  }
  return result;
}
