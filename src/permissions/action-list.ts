// An action list as given: a JSON array of action names, a policy document whose Allow
// statements' actions are taken, or text with one action a line (blank lines and # comments
// skipped). Each entry keeps where it is, so a problem with it is reported at its place.
import { InvalidInputError } from '../errors.js';
import { locate, parseSource, type DataPath, type Diagnostic, type Source } from '../spec/source.js';

export interface ListedAction {
  action: string;
  line: number;
  col: number;
}

export function parseActionList(file: string, text: string): ListedAction[] {
  const start = /\S/.exec(text)?.[0];
  if (start !== '[' && start !== '{') return textLines(text);
  const { source, diagnostics } = parseSource(file, text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InvalidInputError(errors);
  const fail = (path: DataPath, message: string): never => {
    throw new InvalidInputError([locate(source, { path, message })]);
  };
  const entries: { path: DataPath; value: unknown }[] = [];
  if (Array.isArray(source.data)) source.data.forEach((value, i) => entries.push({ path: [i], value }));
  else entries.push(...policyActions(source.data as Record<string, unknown>, fail));
  return entries.map(({ path, value }) => {
    if (typeof value !== 'string') fail(path, `expected an action name such as "s3:GetObject", got ${JSON.stringify(value)}`);
    const where = at(source, path);
    return { action: (value as string).trim(), line: where.line, col: where.col };
  });
}

function at(source: Source, path: DataPath): Pick<Diagnostic, 'line' | 'col'> {
  return locate(source, { path, message: '' });
}

/** The Action values of a policy document's Allow statements (Deny statements take nothing away from a list). */
function policyActions(document: Record<string, unknown>, fail: (path: DataPath, message: string) => never): { path: DataPath; value: unknown }[] {
  if (!Object.hasOwn(document, 'Statement')) fail([], 'expected a JSON array of action names or a policy document with a Statement');
  const statement = document.Statement;
  const statements: { path: DataPath; value: unknown }[] = Array.isArray(statement) ? statement.map((value, i) => ({ path: ['Statement', i], value })) : [{ path: ['Statement'], value: statement }];
  const out: { path: DataPath; value: unknown }[] = [];
  for (const { path, value } of statements) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected a statement (an object)');
    const s = value as Record<string, unknown>;
    if (s.Effect !== 'Allow') continue;
    if (Object.hasOwn(s, 'NotAction')) fail([...path, 'NotAction'], 'NotAction grants every action but those named, which is no list to compress: list the actions under Action');
    const action = s.Action;
    if (Array.isArray(action)) action.forEach((a, i) => out.push({ path: [...path, 'Action', i], value: a }));
    else out.push({ path: [...path, 'Action'], value: action });
  }
  return out;
}

function textLines(text: string): ListedAction[] {
  const out: ListedAction[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const action = line.trim();
    if (action === '' || action.startsWith('#')) return;
    out.push({ action, line: i + 1, col: line.length - line.trimStart().length + 1 });
  });
  return out;
}
