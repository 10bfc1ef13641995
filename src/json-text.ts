// Strict JSON (RFC 8259) checked without building values: where the first syntax error is, and
// every key given twice in one object. JSON.parse builds the values; it neither says where every
// error is nor notices duplicate keys (the last one silently wins, where IAM refuses the document).
// Iterative, so deep nesting cannot exhaust the stack.
import type { DataPath } from './spec/source.js';

export interface JsonProblem {
  /** Offset in the text (UTF-16 code units). */
  offset: number;
  message: string;
  /** For a duplicate key: the key's path. */
  path?: DataPath;
}

export interface JsonCheck {
  syntax?: JsonProblem;
  duplicates: JsonProblem[];
}

interface Frame {
  object: boolean;
  keys: Set<string>;
  /** The key or index being read inside this container. */
  step: string | number;
}

/** Levels of arrays and objects any input may nest: real ones use about ten; thousands exhaust the stack of code that walks them. */
export const MAX_NESTING = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class SyntaxProblem extends Error {
  constructor(readonly offset: number) {
    super();
  }
}

export function checkJsonText(text: string): JsonCheck {
  const duplicates: JsonProblem[] = [];
  const stack: Frame[] = [];
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw Object.assign(new SyntaxProblem(at), { message });
  };
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  };
  const what = (at: number) => (at >= text.length ? 'the end of the text' : `${JSON.stringify(text[at])}${text.charCodeAt(at) < 0x20 || text.charCodeAt(at) > 0x7e ? ` (U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')})` : ''}`);
  /** Reads the string starting at i (a quote); returns its text when `decode`. */
  const string = (decode: boolean): string => {
    const start = i++;
    let escaped = false;
    for (;;) {
      if (i >= text.length) fail('a string is not closed (missing ")', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail(`a control character ${what(i)} is inside a string; write it as an escape such as \\n or \\u0000`);
      if (c === 0x5c) {
        escaped = true;
        const next = text[i + 1];
        if (next === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) fail('\\u is followed by 4 hexadecimal digits');
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else fail(`${what(i + 1)} cannot follow a backslash; use \\\\ for a backslash`, i + 1);
      } else i++;
    }
    i++;
    if (!decode) return '';
    const body = text.slice(start, i);
    return escaped ? (JSON.parse(body) as string) : body.slice(1, -1);
  };
  const key = (frame: Frame) => {
    if (text[i] !== '"') fail(`expected a key in double quotes, found ${what(i)}`);
    const keyAt = i;
    const name = string(true);
    if (frame.keys.has(name)) duplicates.push({ offset: keyAt, message: `the key ${JSON.stringify(name)} is given twice in this object`, path: [...stack.map((f) => f.step).slice(0, -1), name] });
    frame.keys.add(name);
    frame.step = name;
    ws();
    if (text[i] !== ':') fail(`expected ":" after the key, found ${what(i)}`);
    i++;
  };

  try {
    ws();
    if (i >= text.length) fail('the text is empty; expected a JSON value');
    for (;;) {
      // A value starts at i.
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        const frame: Frame = { object: c === '{', keys: new Set(), step: 0 };
        if (stack.push(frame) > MAX_NESTING) fail(`arrays and objects are nested more than ${MAX_NESTING} levels deep here`);
        i++;
        ws();
        if (text[i] === (frame.object ? '}' : ']')) {
          i++;
          stack.pop();
        } else if (frame.object) {
          key(frame);
          continue;
        } else continue;
      } else if (c === '"') string(false);
      else {
        NUMBER.lastIndex = i;
        LITERAL.lastIndex = i;
        if (NUMBER.test(text)) i = NUMBER.lastIndex;
        else if (LITERAL.test(text)) i = LITERAL.lastIndex;
        else fail(`expected a value (object, array, string, number, true, false or null), found ${what(i)}`);
      }
      // After a value: close containers, or go on to the next item.
      for (;;) {
        ws();
        const top = stack.at(-1);
        if (!top) {
          if (i < text.length) fail(`unexpected ${what(i)} after the end of the JSON value`);
          return { duplicates };
        }
        if (text[i] === ',') {
          i++;
          ws();
          if (top.object) key(top);
          else top.step = (top.step as number) + 1;
          break;
        }
        if (text[i] === (top.object ? '}' : ']')) {
          i++;
          stack.pop();
          continue;
        }
        fail(`expected "," or "${top.object ? '}' : ']'}", found ${what(i)}`);
      }
    }
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { syntax: { offset: error.offset, message: `invalid JSON: ${error.message}` }, duplicates };
  }
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
