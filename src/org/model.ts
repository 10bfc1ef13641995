// An indexed view of the organization: parents, children, OU paths, subtree membership.
import type { Org, OrgAccount } from './schema.js';

export interface OrgIndex {
  org: Org;
  accountsById: Map<string, OrgAccount>;
  /** Root and OU ids → their parent id (roots map to undefined). */
  parentOf: Map<string, string | undefined>;
  /** Root and OU ids → child OU ids. */
  childOus: Map<string, string[]>;
  /** Root and OU ids → accounts directly inside. */
  directAccounts: Map<string, OrgAccount[]>;
  /** Root and OU ids → their aws:ResourceOrgPaths-style path, e.g. `o-x/r-ab12/ou-ab12-11111111/`. */
  orgPath: Map<string, string>;
}

export function indexOrg(org: Org): OrgIndex {
  const parentOf = new Map<string, string | undefined>();
  const childOus = new Map<string, string[]>();
  const directAccounts = new Map<string, OrgAccount[]>();
  for (const root of org.roots) {
    parentOf.set(root.id, undefined);
    childOus.set(root.id, []);
    directAccounts.set(root.id, []);
  }
  for (const ou of org.organizationalUnits) {
    parentOf.set(ou.id, ou.parentId);
    childOus.set(ou.id, []);
    directAccounts.set(ou.id, []);
  }
  for (const ou of org.organizationalUnits) childOus.get(ou.parentId)?.push(ou.id);
  for (const account of org.accounts) directAccounts.get(account.parentId)?.push(account);

  const orgPath = new Map<string, string>();
  const pathOf = (id: string, seen: Set<string>): string => {
    const known = orgPath.get(id);
    if (known) return known;
    const parent = parentOf.get(id);
    // Cycles are rejected by validateOrgStructure; the guard keeps this total anyway.
    const prefix = parent === undefined || seen.has(parent) ? `${org.organizationId}/` : pathOf(parent, new Set([...seen, id]));
    const path = `${prefix}${id}/`;
    orgPath.set(id, path);
    return path;
  };
  for (const id of parentOf.keys()) pathOf(id, new Set());

  return { org, accountsById: new Map(org.accounts.map((a) => [a.id, a])), parentOf, childOus, directAccounts, orgPath };
}

/** Every account in the subtree of a root or OU (nested OUs included). */
export function accountsUnder(index: OrgIndex, containerId: string): OrgAccount[] {
  const out: OrgAccount[] = [];
  const stack = [containerId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(...(index.directAccounts.get(id) ?? []));
    stack.push(...(index.childOus.get(id) ?? []));
  }
  return out;
}

/** The aws:ResourceOrgPaths value of an account (the path of the OU it sits in). */
export function accountOrgPath(index: OrgIndex, account: OrgAccount): string {
  return index.orgPath.get(account.parentId) ?? `${index.org.organizationId}/`;
}

export function isContainer(index: OrgIndex, id: string): boolean {
  return index.parentOf.has(id);
}
