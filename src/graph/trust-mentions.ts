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
  /** Roles whose trust names a user or role of the account. */
  readonly byPrincipalAccount = new Map<string, number[]>();
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
    if (s.NotPrincipal !== undefined || s.Principal === undefined || s.Principal === '*') add(this.wildcard, position);
    const principal = s.Principal;
    if (principal === undefined || principal === '*') return true;
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
    for (const [key, value] of Object.entries(principal)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (typeof v !== 'string') return false;
        if (key === 'AWS') this.#aws(v, position);
        else if (key === 'Service') addTo(this.byService, v.toLowerCase(), position);
        else if (key === 'Federated') addTo(this.byFederated, v, position);
        else if (key !== 'CanonicalUser') return false;
      }
    }
    return true;
  }

  /** As model.ts reads an AWS principal: `*`, an account (root ARN or bare id), a user or role; anything else names nobody. */
  #aws(value: string, position: number): void {
    if (value === '*') return add(this.wildcard, position);
    if (/^\d{12}$/.test(value)) return addTo(this.byAccount, value, position);
    const arn = parseArn(value);
    if (arn?.service !== 'iam' || !/^\d{12}$/.test(arn.account)) return;
    if (arn.resource === 'root') return addTo(this.byAccount, arn.account, position);
    const role = arn.resource.startsWith('role/');
    if (!role && !arn.resource.startsWith('user/')) return;
    addTo(this.byPrincipal, role ? roleKey(arn.account, arn.resource.slice(arn.resource.lastIndexOf('/') + 1)) : value, position);
    addTo(this.byPrincipalAccount, arn.account, position);
  }
}

/** How trusts name a role: `<account>/<name>`, whatever its path. */
export function roleKey(accountId: string, name: string): string {
  return `${accountId}/${name}`;
}

function add(list: number[], position: number): void {
  if (list.at(-1) !== position) list.push(position);
}

function addTo(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list) add(list, position);
  else map.set(key, [position]);
}
