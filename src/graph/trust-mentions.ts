// Whom each role's trust may name, read straight from the documents without compiling them, so a
// search can find the roles that might let a caller in and compile only those trusts. Every
// statement but a Deny counts, whatever its action: the mentions are a superset of what the
// compiled trust names (model.ts), and the engine has the last word. A document this reader does
// not follow makes its role a candidate for every caller.
import { parseArn } from '../policy/match.js';
import { decodeDocument, type RoleDetail } from '../snapshot/schema.js';
import type { Snapshot } from '../snapshot/types.js';

export interface RoleEntry {
  accountId: string;
  detail: RoleDetail;
}

/** Role positions (snapshot order) by what their trusts mention. */
export class TrustMentions {
  /** Every role of the snapshot, account by account (positions index this). */
  readonly roles: RoleEntry[] = [];
  /** Roles whose trust names a role `<account>/<name>` (whatever its path) or a user by ARN. */
  readonly byPrincipal = new Map<string, number[]>();
  /** Roles whose trust names an account root (or bare id). */
  readonly byAccount = new Map<string, number[]>();
  /** The keys (as in byPrincipal) of the users and roles trusts name, by account. */
  readonly principalsByAccount = new Map<string, Set<string>>();
  readonly byService = new Map<string, number[]>();
  readonly byFederated = new Map<string, number[]>();
  /** `"*"`, `{"AWS": "*"}`, NotPrincipal or no principal. */
  readonly wildcard: number[] = [];
  /** Trusts this reader does not follow: candidates for everyone. */
  readonly unread: number[] = [];
  /** Per collected account, its first role position and role count. */
  readonly #range = new Map<string, { first: number; count: number }>();
  readonly #byArn = new Map<string, number>();
  readonly #indexed = new Set<string>();
  /** The list each principal value (as written) adds its roles to; null: it names nobody. The same values repeat across thousands of trusts. */
  readonly #lists = new Map<string, number[] | null>();

  constructor(snapshot: Snapshot) {
    for (const { accountId, details } of snapshot.accounts) {
      this.#range.set(accountId, { first: this.roles.length, count: details.RoleDetailList.length });
      for (const detail of details.RoleDetailList) {
        const position = this.roles.push({ accountId, detail }) - 1;
        if (!this.#read(detail.AssumeRolePolicyDocument, position)) this.unread.push(position);
      }
    }
  }

  /** The position of a collected role by its exact ARN. */
  find(arn: string): number | undefined {
    const account = parseArn(arn)?.account;
    const range = account === undefined ? undefined : this.#range.get(account);
    if (!range) return undefined;
    if (!this.#indexed.has(account!)) {
      this.#indexed.add(account!);
      for (let p = range.first; p < range.first + range.count; p++) this.#byArn.set(this.roles[p]!.detail.Arn, p);
    }
    return this.#byArn.get(arn);
  }

  /** False when the document is not one this reader follows. */
  #read(raw: unknown, position: number): boolean {
    const document = typeof raw === 'string' ? decodeDocument(raw) : raw;
    if (typeof document !== 'object' || document === null) return false;
    const statement = (document as { Statement?: unknown }).Statement;
    if (!Array.isArray(statement)) return this.#statement(statement, position);
    for (const s of statement) if (!this.#statement(s, position)) return false;
    return true;
  }

  #statement(raw: unknown, position: number): boolean {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
    const s = raw as Record<string, unknown>;
    if (s.Effect === 'Deny') return true;
    const principal = s.Principal;
    // NotPrincipal: everyone but; with a Principal as well the trust cannot be read at all.
    if (principal === undefined || principal === '*') {
      add(this.wildcard, position);
      return true;
    }
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
    for (const key in principal) {
      const value = (principal as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        if (!this.#mention(key, value, position)) return false;
      } else if (Array.isArray(value)) {
        for (const v of value) if (typeof v !== 'string' || !this.#mention(key, v, position)) return false;
      } else return false;
    }
    return true;
  }

  #mention(key: string, value: string, position: number): boolean {
    let list: number[] | null | undefined;
    if (key === 'AWS') {
      list = this.#lists.get(value);
      if (list === undefined) this.#lists.set(value, (list = this.#awsList(value)));
    } else if (key === 'Service') list = listOf(this.byService, value.toLowerCase());
    else if (key === 'Federated') list = listOf(this.byFederated, value);
    else return key === 'CanonicalUser';
    if (list) add(list, position);
    return true;
  }

  /** As model.ts reads an AWS principal: `*`, an account (root ARN or bare id), a user or role; anything else names nobody. */
  #awsList(value: string): number[] | null {
    if (value === '*') return this.wildcard;
    if (/^\d{12}$/.test(value)) return listOf(this.byAccount, value);
    const arn = parseArn(value);
    if (arn?.service !== 'iam' || !/^\d{12}$/.test(arn.account)) return null;
    if (arn.resource === 'root') return listOf(this.byAccount, arn.account);
    const role = arn.resource.startsWith('role/');
    if (!role && !arn.resource.startsWith('user/')) return null;
    const key = role ? roleKey(arn.account, arn.resource.slice(arn.resource.lastIndexOf('/') + 1)) : value;
    let keys = this.principalsByAccount.get(arn.account);
    if (!keys) this.principalsByAccount.set(arn.account, (keys = new Set()));
    keys.add(key);
    return listOf(this.byPrincipal, key);
  }
}

/** How trusts name a role: `<account>/<name>`, whatever its path. */
export function roleKey(accountId: string, name: string): string {
  return `${accountId}/${name}`;
}

function add(list: number[], position: number): void {
  if (list.at(-1) !== position) list.push(position);
}

function listOf(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
