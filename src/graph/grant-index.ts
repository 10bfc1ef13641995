// Which principals' identity policies may allow sts:AssumeRole on which roles: every Allow
// statement covering the action contributes its Resource patterns (NotResource, and patterns with
// policy variables, count as "*"). Denies, conditions, boundaries and SCPs only ever take access
// away, so they are left to the engine: this index over-approximates, never misses a caller.
import type { CompiledPolicy } from '../policy/compile.js';
import { compileResourceMatcher } from '../policy/match.js';
import { contextView } from '../policy/types.js';

interface Grant {
  matches(roleArn: string): boolean;
  callers: number[];
}

const noContext = contextView({});
const ASSUME_ROLE = 'sts:assumerole';

/** The Resource patterns under which a principal's identity policies allow sts:AssumeRole. */
export function assumeRolePatterns(identity: readonly CompiledPolicy[]): string[] {
  const patterns = new Set<string>();
  for (const policy of identity) {
    for (const s of policy.statementsFor(ASSUME_ROLE)) {
      if (s.effect !== 'Allow') continue;
      for (const pattern of s.source.resource ?? ['*']) patterns.add(pattern.includes('${') ? '*' : pattern);
    }
  }
  return [...patterns];
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
    const matcher = compileResourceMatcher([pattern], false);
    grant = { matches: (arn) => matcher(arn, noContext), callers: [] };
    grants.set(pattern, grant);
  }
  return grant;
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
