// The --verify file of `crossrole report`: what `crossrole verify --json` prints. Only its cells
// are read; problems are reported as file:line:col.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { locate, parseSource } from '../spec/source.js';
import { verifyCellSchema, type VerifyCell } from '../verify/cell.js';

export const verifyResultsSchema = z.object({ cells: z.array(verifyCellSchema) }).describe('crossrole verify --json');

export function parseVerifyResults(file: string, text: string): VerifyCell[] {
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InvalidInputError(diagnostics);
  const data = source.data;
  const result = verifyResultsSchema.safeParse(data);
  if (!result.success) throw new InvalidInputError(schemaIssues(verifyResultsSchema, data, result.error.issues).map((i) => locate(source, i)));
  return result.data.cells;
}
