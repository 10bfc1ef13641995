// Policy documents repeat across an organization (one trust template in a thousand accounts, the
// same AWS managed policy everywhere): every check works per distinct document text, once.
import { requirementText } from '../policy/conditions/describe.js';
import { operatorInfo } from '../policy/conditions/index.js';
import type { ConditionClause, NormalizedStatement, ParsedPolicy } from '../policy/types.js';

/** The text a document is known by: as given when it is a string (URL-encoded or JSON), else its JSON. */
export function documentKey(document: unknown): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}

/** A per-run memo from document text to whatever a check derives from it. */
export class PerDocument<T> {
  private readonly memo = new Map<string, T>();
  /** The same object again (a managed policy many roles attach) skips even the text. */
  private readonly byObject = new WeakMap<object, T>();
  constructor(private readonly derive: (document: unknown) => T) {}

  get(document: unknown): T {
    const isObject = typeof document === 'object' && document !== null;
    if (isObject) {
      const known = this.byObject.get(document);
      if (known !== undefined) return known;
    }
    const key = documentKey(document);
    let value = this.memo.get(key);
    if (value === undefined) {
      value = this.derive(document);
      this.memo.set(key, value);
    }
    if (isObject) this.byObject.set(document, value);
    return value;
  }
}

/** The statement as the document holds it (a document may give one statement object instead of a list). */
export function statementJson(policy: ParsedPolicy, s: NormalizedStatement): unknown {
  const raw = (policy.original as { Statement?: unknown }).Statement;
  return Array.isArray(raw) ? raw[s.index] : raw;
}

/** `aws:SourceIp in 10.0.0.0/8 and aws:SecureTransport = true`: the engine's requirement wording. */
export function describeClauses(clauses: readonly ConditionClause[]): string {
  return clauses.map(describeClause).join(' and ');
}

export function describeClause(clause: ConditionClause): string {
  const info = operatorInfo(clause.operator);
  if (!info) return `${clause.key} ${clause.operator} ${clause.values.join(', ')}`;
  return requirementText(clause, info, false).replace(/^needs /, '');
}
