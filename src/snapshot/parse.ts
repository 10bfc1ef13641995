// One account file's text → validated authorization details, or located errors. The fast path is
// JSON.parse plus an in-place check; only a file that fails it pays for zod and for positions.
import { InvalidInputError } from '../errors.js';
import { checkJsonText, lineCol } from '../json-text.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { locate, parseSource, type DataPath, type Diagnostic, type PathIssue } from '../spec/source.js';
import { compileInPlaceCheck, INVALID } from './fast-check.js';
import { accountAuthorizationDetailsSchema, type AccountAuthorizationDetails } from './schema.js';

/** Problems shown per file; past that a count says how many more there are. */
export const MAX_PROBLEMS_PER_FILE = 5;

const fastCheck = compileInPlaceCheck(accountAuthorizationDetailsSchema);

/**
 * Parses `get-account-authorization-details` JSON output (AWS CLI shape). Policy documents come
 * back as objects (URL-encoded text is decoded); missing lists default to []. Throws
 * InvalidInputError with `file:line:col` for syntax errors and `$.Path[3].To: message` for schema
 * problems (the first few). With `accountId`, users, groups, roles and customer managed policies
 * of another account are errors too.
 */
export function parseAccountFile(file: string, text: string, accountId?: string): AccountAuthorizationDetails {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidInputError([syntaxDiagnostic(file, text)]);
  }
  const checked = fastCheck(data);
  if (checked !== INVALID) {
    const details = checked as AccountAuthorizationDetails;
    const foreign = accountId === undefined ? [] : foreignArns(details, accountId);
    if (foreign.length > 0) throw new InvalidInputError(locatedProblems(file, text, foreign));
    return details;
  }
  // The check may have filled defaults in place; parse the text again so messages see the file as written.
  const asWritten: unknown = JSON.parse(text);
  const result = accountAuthorizationDetailsSchema.safeParse(asWritten);
  if (result.success) throw new Error(`${file}: the fast snapshot check rejected data the schema accepts (a bug in fast-check.ts)`);
  throw new InvalidInputError(locatedProblems(file, text, schemaIssues(accountAuthorizationDetailsSchema, asWritten, result.error.issues)));
}

/** Users, groups, roles and customer managed policies of another account than the file's. */
function foreignArns(details: AccountAuthorizationDetails, accountId: string): PathIssue[] {
  const problems: PathIssue[] = [];
  const check = (list: readonly { Arn: string }[], key: string) =>
    list.forEach((entity, i) => {
      const account = entity.Arn.split(':')[4];
      if (account !== accountId && account !== 'aws') problems.push({ path: [key, i, 'Arn'], message: `the ARN names account ${account}, but this is the file of account ${accountId}` });
    });
  check(details.UserDetailList, 'UserDetailList');
  check(details.GroupDetailList, 'GroupDetailList');
  check(details.RoleDetailList, 'RoleDetailList');
  check(details.Policies, 'Policies');
  return problems;
}

function syntaxDiagnostic(file: string, text: string): Diagnostic {
  const hint = /^\s*[{[]/.test(text) ? '' : ' (expected the JSON output of `aws iam get-account-authorization-details --output json`)';
  if (text.trim() === '') return { file, line: 0, col: 0, severity: 'error', message: `empty file${hint}` };
  const problem = checkJsonText(text).syntax ?? { offset: 0, message: 'invalid JSON' };
  return { file, ...lineCol(text, problem.offset), severity: 'error', message: `${problem.message}${hint}` };
}

function locatedProblems(file: string, text: string, problems: PathIssue[]): Diagnostic[] {
  // Positions come from a second, position-keeping parse (YAML reads JSON); it is slow, so only here.
  const { source } = parseSource(file, text);
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE).map((problem): Diagnostic => {
    const at = locate(source, { path: problem.path, message: '' });
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
