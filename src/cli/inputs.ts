// Reading the spec, org and snapshot files named on the command line (the only file I/O of the offline commands).
import { buildDesired, type DesiredResult } from '../desired/build.js';
import { loadActionLists } from './action-lists.js';
import type { Via } from '../desired/deploy.js';
import { InvalidInputError } from '../errors.js';
import { readInputFile } from '../file-errors.js';
import { parseOrg } from '../org/load.js';
import { indexOrg, type OrgIndex } from '../org/model.js';
import { readSnapshot } from '../snapshot/read.js';
import type { Snapshot } from '../snapshot/types.js';
import { parseSpec, type LoadedSpec } from '../spec/load.js';
import { locate, type Diagnostic } from '../spec/source.js';
import { outputWarnings, type OutputWarnings } from '../synth/prerequisites.js';
import { progressLine } from './progress.js';

export function loadOrg(path: string): OrgIndex {
  return indexOrg(parseOrg(path, readInputFile(path, 'org file')));
}

/** The --snapshot directory of audit and the graph queries, with progress on stderr; every problem with it exits 2. */
export function loadSnapshot(dir: string): Snapshot {
  const reading = progressLine('reading snapshot');
  const snapshot = readSnapshot(dir, { onAccount: (p) => reading.update(p.done, p.total) });
  reading.done();
  return snapshot;
}

export interface LoadedInputs {
  loaded: LoadedSpec;
  org?: OrgIndex;
  desired?: DesiredResult;
  /** Warnings from the spec and the desired state, located. */
  warnings: Diagnostic[];
}

export interface InputOptions {
  /** Also warn about what the files synth writes need (validate and synth: all; plan and apply: access). */
  outputWarnings?: OutputWarnings;
  /** `--via`: how plan and apply deploy, over the spec's deploy.via. */
  via?: Via;
}

/** Loads and validates the spec (against the org when given) and builds the desired state. */
export async function loadInputs(specPath: string, orgPath?: string, options: InputOptions = {}): Promise<LoadedInputs> {
  if (orgPath) return specAgainstOrg(specPath, loadOrg(orgPath), options);
  const loaded = parseSpec(specPath, readInputFile(specPath, 'spec'));
  // The action lists are checked too: an unknown action is bad input with or without the organization.
  await loadActionLists(specPath, loaded);
  return { loaded, warnings: loaded.warnings };
}

/** The spec checked against the organization and its desired state; limit errors are located in the spec. */
export async function specAgainstOrg(specPath: string, org: OrgIndex, options: InputOptions = {}): Promise<LoadedInputs & Required<Pick<LoadedInputs, 'org' | 'desired'>>> {
  const loaded = parseSpec(specPath, readInputFile(specPath, 'spec'), org);
  const spec = options.via === undefined ? loaded.spec : { ...loaded.spec, deploy: { ...loaded.spec.deploy, via: options.via } };
  const desired = buildDesired(spec, org, loaded.specName, await loadActionLists(specPath, loaded));
  const issues = options.outputWarnings ? [...desired.issues, ...outputWarnings(loaded.spec, desired.state, org.org, options.outputWarnings)] : desired.issues;
  const located = issues.map((i) => locate(loaded.source, i));
  if (located.some((d) => d.severity === 'error')) throw new InvalidInputError([...loaded.warnings, ...located]);
  return { loaded, org, desired, warnings: [...loaded.warnings, ...located] };
}
