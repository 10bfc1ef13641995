// A list of IAM actions → the fewest, smallest identity policy documents that grant exactly those
// actions (or, with extra Read/List actions allowed, fewer characters still), each within the
// managed-policy size limit. Pure: the catalog is given.
import { isReadOrList, type ActionCatalog } from './catalog.js';
import { coverService } from './cover.js';
import { packDocuments, type PolicyDocument } from './documents.js';
import { compileActionMatcher } from '../policy/match.js';

export type AllowExtra = 'none' | 'read';

/** Characters a customer managed policy may have, whitespace not counted. */
export const MANAGED_POLICY_LIMIT = 6144;

export interface CompressOptions {
  allowExtra: AllowExtra;
  /** Characters each document may have (whitespace not counted). */
  limit?: number;
}

export interface Compressed {
  policies: PolicyDocument[];
  /** How many distinct actions were listed. */
  actions: number;
  /** Catalog actions the patterns grant beyond the list (only with allowExtra read). */
  extra: string[];
  /** Characters of all documents, whitespace not counted. */
  size: number;
}

/** `actions`: catalog-spelled `service:Action` names (resolveActions' output). */
export function compressActions(actions: readonly string[], catalog: ActionCatalog, options: CompressOptions): Compressed {
  const byService = new Map<string, Set<string>>();
  for (const action of actions) {
    const colon = action.indexOf(':');
    const service = action.slice(0, colon).toLowerCase();
    let names = byService.get(service);
    if (!names) byService.set(service, (names = new Set()));
    names.add(action.slice(colon + 1).toLowerCase());
  }
  const patterns: string[] = [];
  const extra: string[] = [];
  for (const service of [...byService.keys()].sort()) {
    const listedNames = byService.get(service)!;
    const catalogActions = catalog.services.get(service) ?? [];
    const listed = catalogActions.map((a) => listedNames.has(a.name.toLowerCase()));
    const allowed = catalogActions.map((a, i) => listed[i]! || (options.allowExtra === 'read' && isReadOrList(a)));
    const chosen = coverService({ service, names: catalogActions.map((a) => a.name), allowed, listed });
    patterns.push(...chosen);
    const grants = compileActionMatcher(chosen);
    for (const [i, a] of catalogActions.entries()) if (!listed[i] && grants(`${service}:${a.name}`)) extra.push(`${service}:${a.name}`);
  }
  const policies = packDocuments(patterns, options.limit ?? MANAGED_POLICY_LIMIT);
  const size = policies.reduce((sum, p) => sum + JSON.stringify(p).length, 0);
  return { policies, actions: [...byService.values()].reduce((sum, names) => sum + names.size, 0), extra: extra.sort(), size };
}
