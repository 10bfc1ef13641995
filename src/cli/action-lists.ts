// The action lists a spec's roles name (permissions.actions), read relative to the spec file and
// compressed over the IAM catalog: the file I/O and catalog loading before the desired state is
// built. A list that cannot be read is an error at its place in the spec; an unknown action one at
// its place in the list, with did-you-mean, as `permissions compress` reports it.
import { dirname, isAbsolute, join } from 'node:path';
import type { RoleActions } from '../desired/action-policies.js';
import { emptyRecord } from '../data-record.js';
import { InvalidInputError, UserError } from '../errors.js';
import { readInputFile } from '../file-errors.js';
import { parseActionList, type ListedAction } from '../permissions/action-list.js';
import { loadCatalog } from '../permissions/catalog.js';
import { compressActions } from '../permissions/compress.js';
import { resolveActions, servicesNamed } from '../permissions/resolve.js';
import type { LoadedSpec } from '../spec/load.js';
import { locate } from '../spec/source.js';

export async function loadActionLists(specPath: string, loaded: LoadedSpec): Promise<Record<string, RoleActions>> {
  const out = emptyRecord<RoleActions>();
  const lists: { role: string; file: string; entries: ListedAction[]; allowExtra: 'none' | 'read' }[] = [];
  for (const [role, roleSpec] of Object.entries(loaded.spec.roles)) {
    const given = roleSpec.permissions.actions;
    if (given === undefined) continue;
    const file = isAbsolute(given.file) ? given.file : join(dirname(specPath), given.file);
    let text: string;
    try {
      text = readInputFile(file, 'action list');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new InvalidInputError([locate(loaded.source, { path: ['roles', role, 'permissions', 'actions', 'file'], message: error.message })]);
    }
    lists.push({ role, file, entries: parseActionList(file, text), allowExtra: given.allowExtra });
  }
  if (!lists.length) return out;
  const named = lists.map((l) => servicesNamed(l.entries));
  const catalog = await loadCatalog(named.some((s) => s === undefined) ? 'all' : named.flatMap((s) => s!));
  for (const list of lists) {
    const actions = resolveActions(list.file, list.entries, catalog);
    const compressed = compressActions(actions, catalog, { allowExtra: list.allowExtra });
    out[list.role] = { patterns: compressed.policies.flatMap((p) => p.Statement[0].Action), actions: compressed.actions, extra: compressed.extra };
  }
  return out;
}
