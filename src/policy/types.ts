// Shared vocabulary of the policy engine: parsed policies, request contexts, findings.

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | ContextScalar[];

/** Severity levels in the style of IAM Access Analyzer's policy validation. */
export type FindingSeverity = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Finding {
  severity: FindingSeverity;
  /** Stable machine-readable code, e.g. MISSING_EFFECT, WILDCARD_PRINCIPAL. */
  code: string;
  message: string;
  /** Statement index (0-based) and Sid, when the finding is about one statement. */
  statementIndex?: number;
  sid?: string;
  /** Element name (Effect, Action, Principal, Condition, …). */
  element?: string;
  /** JSON path inside the policy document, e.g. ['Statement', 0, 'Condition', 'StringEquals']. */
  path: (string | number)[];
}

/** A principal element, normalized: every value an array; bare account ids become root ARNs. */
export interface PrincipalBlock {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The condition key as written, e.g. `aws:PrincipalTag/team`. */
  key: string;
  /** Values as strings (true → "true", 3 → "3"), always an array. */
  values: string[];
}

export interface NormalizedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionClause[];
}

export interface ParsedPolicy {
  /** "2012-10-17" (policy variables on) or "2008-10-17" / absent (variables are literal text). */
  version?: string;
  id?: string;
  statements: NormalizedStatement[];
  /** The document as given (object, after JSON/URL decoding), for display. */
  original: unknown;
}

/**
 * A request context with AWS's lookup rules: key names match case-insensitively. Values are
 * strings; a key the caller gave as an array is multi-valued (even with one element).
 */
export interface ContextView {
  /** Values of a key, or undefined when the key is absent. */
  get(key: string): readonly string[] | undefined;
  /** As `get`, for a key the caller has already lower-cased (compiled conditions): no case folding per call. */
  getLower(lowercaseKey: string): readonly string[] | undefined;
  isMultiValued(key: string): boolean;
  /** Every key present, as given by the caller. */
  keys(): string[];
}

export function contextView(context: Record<string, ContextValue>): ContextView {
  const values = new Map<string, readonly string[]>();
  const multi = new Set<string>();
  const names: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    const lower = key.toLowerCase();
    names.push(key);
    if (Array.isArray(value)) multi.add(lower);
    values.set(lower, (Array.isArray(value) ? value : [value]).map(String));
  }
  return {
    get: (key) => values.get(key.toLowerCase()),
    getLower: (key) => values.get(key),
    isMultiValued: (key) => multi.has(key.toLowerCase()),
    keys: () => [...names],
  };
}

/** One condition the request must meet (discovery mode), e.g. "needs sts:ExternalId = resoto-7f3a". */
export interface Requirement {
  key: string;
  operator: string;
  values: string[];
  /** The request must NOT meet the clause (it comes from a Deny statement). */
  negated: boolean;
  /** Human text: `needs sts:ExternalId = resoto-7f3a`, `needs aws:SourceIp in 10.0.0.0/8`. */
  text: string;
}

/** Outcome of a condition block in discovery mode: known true/false, or true given requirements. */
export type ConditionOutcome = { kind: 'true' } | { kind: 'false' } | { kind: 'needs'; requirements: Requirement[] };
