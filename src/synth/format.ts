// Serialization helpers shared by the renderers: every output must be byte-identical on re-run.
import type { PolicyDocument, Statement } from '../policy/document.js';
import { compareStrings } from '../compare-strings.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Two-space JSON with a trailing newline, the format of every JSON file we write. */
export function toJson(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort(compareStrings);
}

export function toArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;

/** Copies a record with its keys sorted, applying `map` to each value. */
function sortRecord<V>(record: Record<string, V>, map: (value: V) => Json): JsonObject {
  // fromEntries defines every key, "__proto__" included, where assignment would set the prototype.
  return Object.fromEntries(sortedKeys(record).map((key) => [key, map(record[key] as V)]));
}

function canonicalStatement(statement: Statement): JsonObject {
  const out: JsonObject = {};
  for (const key of STATEMENT_KEYS) {
    const value = statement[key];
    if (value === undefined) continue;
    if (key === 'Principal' || key === 'NotPrincipal') {
      out[key] = typeof value === 'string' ? value : sortRecord(value as Record<string, string | string[]>, (v) => v);
    } else if (key === 'Condition') {
      out[key] = sortRecord(value as NonNullable<Statement['Condition']>, (block) => sortRecord(block, (v) => v));
    } else {
      out[key] = value as Json;
    }
  }
  return out;
}

/**
 * IAM's conventional key order (Version, Statement; Sid, Effect, Principal, Action, Resource, Condition)
 * with Principal and Condition maps sorted. Value lists keep their order: they are the caller's.
 */
export function canonicalPolicy(doc: PolicyDocument): JsonObject {
  const out: JsonObject = { Version: doc.Version };
  if (doc.Id !== undefined) out.Id = doc.Id;
  out.Statement = Array.isArray(doc.Statement) ? doc.Statement.map(canonicalStatement) : canonicalStatement(doc.Statement);
  return out;
}

/** Single-quotes a word for bash: nothing inside single quotes is special except the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Makes free text (account names) safe inside a one-line `#` comment. */
export function commentText(value: string): string {
  return [...value].map((char) => (char < ' ' || char === '\u007f' ? ' ' : char)).join('');
}

/** `role` + path + name: the form Spinnaker and Resoto expect after `arn:aws:iam::<account>:`. */
export function roleResource(path: string, name: string): string {
  return `role${path}${name}`;
}
