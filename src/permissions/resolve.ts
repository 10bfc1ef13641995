// Listed actions → catalog-spelled `service:Action` names, duplicates and case normalized and
// wildcards expanded over the catalog. Names the catalog lacks are one error naming them all at
// their places, each with the closest catalog name when one is near.
import { nearest } from '../nearest.js';
import { InvalidInputError } from '../errors.js';
import { compileActionMatcher } from '../policy/match.js';
import type { ActionCatalog } from './catalog.js';
import type { ListedAction } from './action-list.js';

const ACTION = /^([a-z0-9*?-]+):([a-z0-9*?_.-]+)$/i;

/** Lower-case service prefixes the entries name; undefined when one has a wildcard in its prefix (every service is then needed). */
export function servicesNamed(entries: readonly ListedAction[]): string[] | undefined {
  const services = new Set<string>();
  for (const { action } of entries) {
    const service = ACTION.exec(action)?.[1]?.toLowerCase();
    if (service === undefined) continue;
    if (/[*?]/.test(service)) return undefined;
    services.add(service);
  }
  return [...services];
}

export function resolveActions(file: string, entries: readonly ListedAction[], catalog: ActionCatalog): string[] {
  const out = new Set<string>();
  const unknown: { entry: ListedAction; hint: string }[] = [];
  for (const entry of entries) {
    const parts = ACTION.exec(entry.action);
    if (!parts) {
      unknown.push({ entry, hint: 'not of the form service:Action' });
      continue;
    }
    const matched = matches(parts[1]!.toLowerCase(), entry.action, catalog);
    if (matched.length === 0) unknown.push({ entry, hint: suggestion(parts[1]!.toLowerCase(), parts[2]!, catalog) });
    for (const name of matched) out.add(name);
  }
  if (unknown.length > 0) {
    const [first] = unknown;
    const named = unknown.map(({ entry, hint }, i) => `${JSON.stringify(entry.action)}${i > 0 ? ` at ${entry.line}:${entry.col}` : ''} (${hint})`);
    const message = `${unknown.length === 1 ? 'an action' : `${unknown.length} actions`} not in the IAM catalog (${catalog.source}): ${named.join(', ')}`;
    throw new InvalidInputError([{ file, line: first!.entry.line, col: first!.entry.col, severity: 'error', message }]);
  }
  return [...out].sort();
}

/** Catalog names the entry names or matches. */
function matches(service: string, action: string, catalog: ActionCatalog): string[] {
  const matcher = compileActionMatcher([action]);
  const services = /[*?]/.test(service) ? [...catalog.services.keys()] : [service];
  const out: string[] = [];
  for (const key of services) for (const a of catalog.services.get(key) ?? []) if (matcher(`${key}:${a.name}`)) out.push(`${key}:${a.name}`);
  return out;
}

function suggestion(service: string, name: string, catalog: ActionCatalog): string {
  const actions = catalog.services.get(service);
  if (!actions) {
    const near = nearest(service, [...catalog.serviceKeys]);
    return near ? `no service ${service}; did you mean ${near}?` : `no service ${service}`;
  }
  if (/[*?]/.test(name)) return 'matches no action';
  const lower = actions.map((a) => a.name.toLowerCase());
  const near = nearest(name.toLowerCase(), lower);
  return near ? `did you mean ${service}:${actions[lower.indexOf(near)]!.name}?` : 'no such action';
}
