// Reading the spec and org files named on the command line (the only file I/O of the offline commands).
import { readFileSync } from 'node:fs';
import { buildDesired, type DesiredResult } from '../desired/build.js';
import { InvalidInputError, UserError } from '../errors.js';
import { parseOrg } from '../org/load.js';
import { indexOrg, type OrgIndex } from '../org/model.js';
import { parseSpec, type LoadedSpec } from '../spec/load.js';
import { locate, type Diagnostic } from '../spec/source.js';
import { outputWarnings } from '../synth/prerequisites.js';

export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message);
    throw new UserError(`cannot read ${what} ${path}: ${reason}`, 2);
  }
}

export function loadOrg(path: string): OrgIndex {
  return indexOrg(parseOrg(path, readInputFile(path, 'org file')));
}

export interface LoadedInputs {
  loaded: LoadedSpec;
  org?: OrgIndex;
  desired?: DesiredResult;
  /** Warnings from the spec and the desired state, located. */
  warnings: Diagnostic[];
}

export interface InputOptions {
  /** Also warn about what the files synth writes need (validate, synth, plan, apply). */
  outputWarnings?: boolean;
}

/** Loads and validates the spec (against the org when given) and builds the desired state. */
export function loadInputs(specPath: string, orgPath?: string, options: InputOptions = {}): LoadedInputs {
  if (orgPath) return specAgainstOrg(specPath, loadOrg(orgPath), options);
  const loaded = parseSpec(specPath, readInputFile(specPath, 'spec'));
  return { loaded, warnings: loaded.warnings };
}

/** The spec checked against the organization and its desired state; limit errors are located in the spec. */
export function specAgainstOrg(specPath: string, org: OrgIndex, options: InputOptions = {}): LoadedInputs & Required<Pick<LoadedInputs, 'org' | 'desired'>> {
  const loaded = parseSpec(specPath, readInputFile(specPath, 'spec'), org);
  const desired = buildDesired(loaded.spec, org, loaded.specName);
  const issues = options.outputWarnings ? [...desired.issues, ...outputWarnings(loaded.spec, desired.state, org.org)] : desired.issues;
  const located = issues.map((i) => locate(loaded.source, i));
  if (located.some((d) => d.severity === 'error')) throw new InvalidInputError([...loaded.warnings, ...located]);
  return { loaded, org, desired, warnings: [...loaded.warnings, ...located] };
}
