// YAML/JSON text parsed with positions, so every problem can be reported as file:line:col.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { checkJsonText, lineCol, type JsonProblem } from '../json-text.js';
import { checkAliases } from './yaml-aliases.js';

export type DataPath = readonly (string | number)[];

export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem has no position in the file. */
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** Machine-readable kind of a syntax problem (yaml's error codes, INVALID_JSON, DUPLICATE_KEY, BAD_ALIAS). */
  code?: string;
}

/** A problem found in parsed data, still addressed by path; `locate` turns it into a Diagnostic. */
export interface PathIssue {
  path: DataPath;
  message: string;
  severity?: 'error' | 'warning';
  /** Point at the key rather than the value (unknown keys). */
  atKey?: boolean;
}

export interface Source {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain data of the document (undefined when empty). */
  data: unknown;
}

/**
 * Parses a file keeping positions: strict JSON when its name ends in .json, else YAML (of which
 * JSON is a part). Syntax errors, and keys given twice, come back as diagnostics.
 */
export function parseSource(file: string, text: string): { source: Source; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const json = /\.json$/i.test(file);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: !json });
  if (json) return parseJsonSource(file, text, doc, lineCounter);
  const diagnostics: Diagnostic[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, col: pos.col, severity: e.name === 'YAMLWarning' ? 'warning' : 'error', message: yamlMessage(e.message), code: e.code };
  });
  const aliasProblem = doc.errors.length === 0 ? checkAliases(doc) : undefined;
  if (aliasProblem) {
    const pos = lineCounter.linePos(aliasProblem.offset);
    diagnostics.push({ file, line: pos.line, col: pos.col, severity: 'error', message: aliasProblem.message, code: 'BAD_ALIAS' });
  }
  // checkAliases bounds what aliases expand to, in place of yaml's per-anchor count (which refuses a 101st use of one anchor).
  const data = doc.errors.length === 0 && !aliasProblem ? doc.toJS({ maxAliasCount: -1 }) : undefined;
  return { source: { file, doc, lineCounter, data }, diagnostics };
}

/** JSON is checked by the strict JSON reader; the YAML parse only supplies positions. */
function parseJsonSource(file: string, text: string, doc: Document.Parsed, lineCounter: LineCounter): { source: Source; diagnostics: Diagnostic[] } {
  const { syntax, duplicates } = checkJsonText(text);
  const located = (p: JsonProblem, code: string): Diagnostic => ({ file, ...lineCol(text, p.offset), severity: 'error', message: p.path ? `${formatPath(p.path)}: ${p.message}` : p.message, code });
  const diagnostics = [...(syntax ? [located(syntax, 'INVALID_JSON')] : []), ...duplicates.map((d) => located(d, 'DUPLICATE_KEY'))];
  return { source: { file, doc, lineCounter, data: syntax ? undefined : JSON.parse(text) }, diagnostics };
}

function yamlMessage(message: string): string {
  // yaml reports its parser running out of stack as an error at the spot; say what it means.
  if (message.startsWith('Maximum call stack size exceeded')) return 'the document is nested too deeply';
  // yaml's messages end with a code excerpt and a position we already report.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The deepest node that exists along `path`, and whether the whole path was found. */
function findNode(doc: Document.Parsed, path: DataPath, atKey: boolean): { node: Node | undefined; found: boolean } {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return { node: node as Node, found: false };
      // A block mapping or list as a whole is best pointed at by its key line.
      const blockValue = (isMap(pair.value) || isSeq(pair.value)) && !pair.value.flow;
      if (last && (atKey || blockValue)) return { node: pair.key as Node, found: true };
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step] !== undefined) {
      node = node.items[step];
    } else {
      return { node: node as Node | undefined, found: false };
    }
  }
  return { node: node as Node | undefined, found: true };
}

export function locate(source: Source, issue: PathIssue): Diagnostic {
  const { node } = findNode(source.doc, issue.path, issue.atKey ?? false);
  const offset = node?.range?.[0] ?? 0;
  const pos = source.lineCounter.linePos(offset);
  const where = formatPath(issue.path);
  return {
    file: source.file,
    line: pos.line,
    col: pos.col,
    severity: issue.severity ?? 'error',
    message: where ? `${where}: ${issue.message}` : issue.message,
  };
}

/** `roles.FleetAccess.trust.hubs[0]` */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += /^[A-Za-z_][\w-]*$/.test(step) ? (out ? `.${step}` : step) : `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** `file:line:col: error: message`; line 0 means the problem has no position (a whole file, an unlocatable path). */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file}: ${d.severity}: ${d.message}`;
}
