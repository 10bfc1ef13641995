// Semantic comparison of policy documents: a policy read back from IAM equals the one crossrole
// wrote even when IAM (or a person) reordered sets or turned one-element lists into strings.
import { canonicalJson } from '../desired/canonical.js';

type Json = unknown;
type Obj = Record<string, Json>;

const SET_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);
const PRINCIPAL_KEYS = new Set(['Principal', 'NotPrincipal']);
const ACCOUNT_ID = /^\d{12}$/;

/**
 * The canonical form: statements as a sorted, de-duplicated list; Action/Resource, principal and
 * condition values as sorted, de-duplicated string lists; bare account ids as root ARNs (IAM stores
 * them so); a missing Version as IAM's implicit "2008-10-17".
 */
export function normalizePolicy(doc: Json): Obj {
  const input = isObject(doc) ? doc : {};
  const out: Obj = { Version: input.Version ?? '2008-10-17' };
  if (input.Id !== undefined) out.Id = input.Id;
  out.Statement = sortedUnique(list(input.Statement).map(normalizeStatement));
  return out;
}

export function samePolicy(a: Json, b: Json): boolean {
  return canonicalJson(normalizePolicy(a)) === canonicalJson(normalizePolicy(b));
}

/** The canonical form made readable for diffs: one-element lists back to strings, statements ordered by Sid. */
export function displayPolicy(doc: Json): Obj {
  const normal = normalizePolicy(doc);
  const statements = (normal.Statement as Obj[]).map((s) => collapse(s) as Obj);
  statements.sort((a, b) => String(a.Sid ?? '').localeCompare(String(b.Sid ?? '')) || canonicalJson(a).localeCompare(canonicalJson(b)));
  return { Version: normal.Version, ...(normal.Id !== undefined && { Id: normal.Id }), Statement: statements };
}

function normalizeStatement(statement: Json): Obj {
  if (!isObject(statement)) return { Invalid: statement };
  // Built from entries: an element named __proto__ stays an element.
  return Object.fromEntries(
    Object.entries(statement).map(([key, value]) => {
      if (SET_KEYS.has(key)) return [key, strings(value)];
      if (PRINCIPAL_KEYS.has(key)) return [key, normalizePrincipal(value)];
      if (key === 'Condition' && isObject(value)) return [key, normalizeCondition(value)];
      return [key, value];
    }),
  );
}

function normalizePrincipal(value: Json): Json {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([type, ids]) => [type, sortedUnique(list(ids).map((id) => (type === 'AWS' && typeof id === 'string' && ACCOUNT_ID.test(id) ? `arn:aws:iam::${id}:root` : String(id))))]),
  );
}

function normalizeCondition(condition: Obj): Obj {
  return Object.fromEntries(Object.entries(condition).map(([operator, keys]) => [operator, isObject(keys) ? Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, strings(v)])) : keys]));
}

/** Condition values compare as strings in IAM: `true` and "true" are the same value. */
function strings(value: Json): string[] {
  return sortedUnique(list(value).map(String));
}

function collapse(value: Json): Json {
  if (Array.isArray(value)) return value.length === 1 ? collapse(value[0]) : value.map(collapse);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, collapse(v)]));
  return value;
}

function sortedUnique<T>(values: T[]): T[] {
  const byKey = new Map(values.map((v) => [canonicalJson(v), v]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

function list(value: Json): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: Json): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
