// Which principals' identity policies may allow sts:AssumeRole on which roles: every Allow
// statement covering the action contributes its Resource patterns (NotResource, and patterns with
// policy variables, count as "*"). Denies, conditions, boundaries and SCPs only ever take access
// away, so they are left to the engine: this index over-approximates, never misses a caller.
import { compileLowercaseActionMatcher, compileResourceMatcher } from '../policy/match.js';
import { contextView } from '../policy/types.js';

interface Grant {
  matches(roleArn: string): boolean;
  callers: number[];
}

const noContext = contextView({});

/**
 * The Resource patterns under which a policy document (an object, as the snapshot reader returns
 * it) allows sts:AssumeRole, read straight from the document: most principals' policies never
 * mention STS, and only callers that turn out to be candidates get their policies compiled. A
 * malformed statement counts as broadly as it could; the engine has the last word.
 */
export function assumeRolePatterns(document: unknown): string[] {
  const statement = (document as { Statement?: unknown } | null)?.Statement;
  if (Array.isArray(statement)) {
    let patterns: string[] | undefined;
    for (const s of statement) patterns = addPatterns(s, patterns);
    return patterns ?? NONE;
  }
  return addPatterns(statement, undefined) ?? NONE;
}

const NONE: string[] = [];

function addPatterns(statement: unknown, patterns: string[] | undefined): string[] | undefined {
  if (typeof statement !== 'object' || statement === null) return patterns;
  const s = statement as Record<string, unknown>;
  if (s.Effect !== 'Allow') return patterns;
  if (s.NotAction !== undefined ? anyCovers(s.NotAction) : !anyCovers(s.Action)) return patterns;
  const out = patterns ?? [];
  const resources = s.Resource === undefined ? '*' : s.Resource;
  for (const pattern of Array.isArray(resources) ? resources : [resources]) out.push(String(pattern).includes('${') ? '*' : String(pattern));
  return out;
}

/** Some action pattern of the element covers sts:AssumeRole. */
function anyCovers(actions: unknown): boolean {
  if (!Array.isArray(actions)) return coversAssumeRole(String(actions));
  for (const action of actions) if (coversAssumeRole(String(action))) return true;
  return false;
}

/** Action patterns repeat across every account: each is matched against sts:AssumeRole once. */
const coversByPattern = new Map<string, boolean>();

function coversAssumeRole(pattern: string): boolean {
  let covers = coversByPattern.get(pattern);
  if (covers === undefined) {
    covers = compileLowercaseActionMatcher([pattern])('sts:assumerole');
    coversByPattern.set(pattern, covers);
  }
  return covers;
}

export class GrantIndex {
  /** All callers per pattern, bucketed by the pattern's account field (`*` for any account). */
  readonly #byRoleAccount = new Map<string, Map<string, Grant>>();
  /** Per caller account: its callers per pattern. */
  readonly #byCallerAccount = new Map<string, Map<string, Grant>>();

  add(caller: number, callerAccount: string, patterns: readonly string[]): void {
    for (const pattern of patterns) {
      grantFor(this.#byRoleAccount, accountField(pattern), pattern).callers.push(caller);
      grantFor(this.#byCallerAccount, callerAccount, pattern).callers.push(caller);
    }
  }

  /** Every caller, of any account, whose patterns match the role. */
  forEachCaller(roleArn: string, roleAccount: string, visit: (caller: number) => void): void {
    visitMatching(this.#byRoleAccount.get(roleAccount), roleArn, visit);
    visitMatching(this.#byRoleAccount.get('*'), roleArn, visit);
  }

  /** The callers of one account whose patterns match the role. */
  forEachCallerIn(callerAccount: string, roleArn: string, visit: (caller: number) => void): void {
    visitMatching(this.#byCallerAccount.get(callerAccount), roleArn, visit);
  }
}

function grantFor(buckets: Map<string, Map<string, Grant>>, bucket: string, pattern: string): Grant {
  let grants = buckets.get(bucket);
  if (!grants) buckets.set(bucket, (grants = new Map()));
  let grant = grants.get(pattern);
  if (!grant) {
    grant = { matches: matcherOf(pattern), callers: [] };
    grants.set(pattern, grant);
  }
  return grant;
}

/** Resource patterns repeat across every account: each is compiled once. */
const matchers = new Map<string, (roleArn: string) => boolean>();

function matcherOf(pattern: string): (roleArn: string) => boolean {
  let matches = matchers.get(pattern);
  if (!matches) {
    const matcher = compileResourceMatcher([pattern], false);
    matches = (arn) => matcher(arn, noContext);
    matchers.set(pattern, matches);
  }
  return matches;
}

/** Some of a caller's patterns (its `grants`) matches the role. */
export function grantsMatch(patterns: readonly string[], roleArn: string): boolean {
  for (const pattern of patterns) if (matcherOf(pattern)(roleArn)) return true;
  return false;
}

function visitMatching(grants: Map<string, Grant> | undefined, roleArn: string, visit: (caller: number) => void): void {
  if (!grants) return;
  for (const grant of grants.values()) if (grant.matches(roleArn)) for (const caller of grant.callers) visit(caller);
}

/** The account field of an ARN pattern when it is literal, else `*` (any account may match). */
function accountField(pattern: string): string {
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return '*';
  const account = parts[4]!;
  return /[*?]/.test(account) ? '*' : account;
}
