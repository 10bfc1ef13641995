// crossrole.yaml text → validated Spec, with every problem located as file:line:col.
import { InvalidInputError } from '../errors.js';
import type { OrgIndex } from '../org/model.js';
import { schemaIssues } from './schema-issues.js';
import { specSchema, type Spec } from './schema.js';
import { locate, parseSource, type Diagnostic, type Source } from './source.js';
import { checkSpec } from './validate.js';

export interface LoadedSpec {
  spec: Spec;
  /** Spec name for ownership tags: `name:` or the file name without extension. */
  specName: string;
  source: Source;
  warnings: Diagnostic[];
}

export function parseSpec(file: string, text: string, org?: OrgIndex): LoadedSpec {
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InvalidInputError(diagnostics);
  if (source.data === undefined || source.data === null) {
    throw new InvalidInputError([{ file, line: 1, col: 1, severity: 'error', message: 'the spec is empty; it needs at least version: 1, hubs: and roles:' }]);
  }
  const result = specSchema.safeParse(source.data);
  if (!result.success) {
    throw new InvalidInputError(schemaIssues(specSchema, source.data, result.error.issues).map((i) => locate(source, i)));
  }
  const located = checkSpec(result.data, org).map((i) => locate(source, i));
  const errors = located.filter((d) => d.severity === 'error');
  if (errors.length) throw new InvalidInputError(located);
  const specName = result.data.name ?? specNameFromFile(file);
  return { spec: result.data, specName, source, warnings: located.filter((d) => d.severity === 'warning') };
}

function specNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'crossrole';
  return base.replace(/\.(ya?ml|json)$/i, '').replace(/[^\w.-]/g, '-').slice(0, 64) || 'crossrole';
}
