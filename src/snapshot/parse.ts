// One account file's text → validated authorization details, or located errors. The fast path is
// JSON.parse plus an in-place check; only a file that fails it pays for zod and for positions.
import { parseDocument } from 'yaml';
import { InvalidInputError } from '../errors.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { locate, parseSource, type DataPath, type Diagnostic } from '../spec/source.js';
import { compileInPlaceCheck, INVALID } from './fast-check.js';
import { accountAuthorizationDetailsSchema, type AccountAuthorizationDetails } from './schema.js';

/** Problems shown per file; past that a count says how many more there are. */
export const MAX_PROBLEMS_PER_FILE = 5;

const fastCheck = compileInPlaceCheck(accountAuthorizationDetailsSchema);

/**
 * Parses `get-account-authorization-details` JSON output (AWS CLI shape). Policy documents come
 * back as objects (URL-encoded text is decoded); missing lists default to []. Throws
 * InvalidInputError with `file:line:col` for syntax errors and `$.Path[3].To: message` for schema
 * problems (the first few).
 */
export function parseAccountFile(file: string, text: string): AccountAuthorizationDetails {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError([syntaxDiagnostic(file, text, (error as Error).message)]);
  }
  const checked = fastCheck(data);
  if (checked !== INVALID) return checked as AccountAuthorizationDetails;
  // The check may have filled defaults in place; parse the text again so messages see the file as written.
  const asWritten: unknown = JSON.parse(text);
  const result = accountAuthorizationDetailsSchema.safeParse(asWritten);
  if (result.success) throw new Error(`${file}: the fast snapshot check rejected data the schema accepts (a bug in fast-check.ts)`);
  throw new InvalidInputError(schemaDiagnostics(file, text, asWritten, result.error.issues));
}

function syntaxDiagnostic(file: string, text: string, message: string): Diagnostic {
  const hint = /^\s*[{[]/.test(text) ? '' : ' (expected the JSON output of `aws iam get-account-authorization-details --output json`)';
  if (text.trim() === '') return { file, line: 0, col: 0, severity: 'error', message: `empty file${hint}` };
  // V8 names the offset for most syntax errors ("… in JSON at position 42"); for the others
  // (a bare word, a trailing comma in a list) YAML's JSON schema often finds the spot.
  const offset = /at position (\d+)/.exec(message)?.[1] ?? parseDocument(text, { schema: 'json' }).errors[0]?.pos[0];
  const where = offset === undefined ? { line: 0, col: 0 } : lineCol(text, Number(offset));
  // V8 quotes the text around the problem, newlines included; the position says it better.
  const what = message
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '')
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
  return { file, ...where, severity: 'error', message: `invalid JSON: ${what}${hint}` };
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function schemaDiagnostics(file: string, text: string, data: unknown, issues: Parameters<typeof schemaIssues>[2]): Diagnostic[] {
  const problems = schemaIssues(accountAuthorizationDetailsSchema, data, issues);
  // Positions come from a second, position-keeping parse (YAML reads JSON); it is slow, so only here.
  const { source, diagnostics } = parseSource(file, text);
  const located = diagnostics.every((d) => d.severity !== 'error');
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE).map((problem): Diagnostic => {
    const at = located ? locate(source, { path: problem.path, message: '' }) : { line: 0, col: 0 };
    return { file, line: at.line, col: at.col, severity: 'error', message: `${jsonPath(problem.path)}: ${problem.message}` };
  });
  const more = problems.length - shown.length;
  if (more > 0) shown.push({ file, line: 0, col: 0, severity: 'error', message: `… and ${more} more problem${more === 1 ? '' : 's'}` });
  return shown;
}

/** `$.RoleDetailList[3].AssumeRolePolicyDocument` */
export function jsonPath(path: DataPath): string {
  return `$${path.map((step) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_]\w*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`)).join('')}`;
}
