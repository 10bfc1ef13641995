// zod issues → path-addressed messages a person can act on (what is wrong, what was expected).
import { nearest } from '../nearest.js';
import type { z } from 'zod';
import { dataRecordValue } from '../data-record.js';
import type { DataPath, PathIssue } from './source.js';

type ZodIssue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function schemaIssues(schema: AnySchema, data: unknown, issues: readonly ZodIssue[]): PathIssue[] {
  return issues.flatMap((issue) => convert(schema, data, issue));
}

function convert(schema: AnySchema, data: unknown, issue: ZodIssue): PathIssue[] {
  const path = issue.path as DataPath;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeys(schema, path);
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: unknownKeyMessage(key, allowed) }));
    }
    case 'invalid_type': {
      if (valueAt(data, path) === undefined) {
        // zod's own messages start with "Invalid"; a schema's custom message explains the key.
        const why = issue.message.startsWith('Invalid') ? '' : `: ${issue.message}`;
        return [{ path: path.slice(0, -1), message: `missing required key "${String(path.at(-1))}"${why}` }];
      }
      const value = valueAt(data, path);
      // A key that must be absent: "expected an undefined" would say nothing.
      if (issue.expected === 'undefined' || issue.expected === 'never') {
        return [{ path, atKey: true, message: issue.message.startsWith('Invalid') ? 'this key is not allowed here' : issue.message }];
      }
      // YAML reads unquoted ids as numbers (and drops leading zeros): say how to fix it.
      const hint = issue.expected === 'string' && typeof value === 'number' ? `; quote it: "${value}"` : '';
      return [{ path, message: `expected ${article(issue.expected)}, got ${describe(value)}${hint}` }];
    }
    case 'invalid_value':
      return [{ path, message: issue.message.startsWith('Invalid') ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(valueAt(data, path))}` : issue.message }];
    case 'invalid_union': {
      // No alternative accepts the value's type: the union's own message says what is expected.
      const wrongType = (inner: readonly ZodIssue[]) => inner.length === 1 && inner[0]!.code === 'invalid_type' && inner[0]!.path.length === 0;
      if (issue.errors.length > 0 && issue.errors.every(wrongType) && !issue.message.startsWith('Invalid')) {
        return [{ path, message: `${issue.message}; got ${describe(valueAt(data, path))}` }];
      }
      // Report the alternative that got furthest into the data, then one whose type matched, then the one with fewest problems.
      const depth = (inner: readonly ZodIssue[]) => Math.max(0, ...inner.map((i) => i.path.length));
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || Number(wrongType(a)) - Number(wrongType(b)) || a.length - b.length)[0] ?? [];
      if (best.length === 0) return [{ path, message: issue.message }];
      return best.flatMap((inner) => convert(schema, data, { ...inner, path: [...issue.path, ...inner.path] } as ZodIssue));
    }
    case 'invalid_key':
      return [{ path, atKey: true, message: issue.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path, message: issue.message }];
  }
}

function unknownKeyMessage(key: string, allowed: string[]): string {
  const expected = allowed.length ? `; expected one of: ${allowed.join(', ')}` : '';
  const guess = nearest(key, allowed);
  if (guess) return `unknown key "${key}"; did you mean "${guess}"?`;
  return `unknown key "${key}"${expected}`;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = nearest(word, candidates);
  return guess ? `; did you mean "${guess}"?` : '';
}

/** Keys an object schema at `path` accepts, found by walking the schema definition. */
function objectKeys(schema: AnySchema, path: DataPath): string[] {
  let current: AnySchema | undefined = schema;
  for (const step of path) {
    current = unwrap(current);
    const def = current?._zod.def as unknown as Record<string, unknown> | undefined;
    if (!def) return [];
    const recordValue = dataRecordValue(current!);
    if (recordValue) current = recordValue;
    else if (def.type === 'object') current = Object.hasOwn(def.shape as object, String(step)) ? (def.shape as Record<string, AnySchema>)[String(step)] : undefined;
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else if (def.type === 'array') current = def.element as AnySchema;
    else return [];
  }
  const def = unwrap(current)?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as unknown as Record<string, unknown> | undefined;
    if (current && dataRecordValue(current)) return current;
    if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')) current = def.innerType as AnySchema;
    else if (def && def.type === 'pipe') current = def.in as AnySchema;
    else return current;
  }
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, step)) return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
