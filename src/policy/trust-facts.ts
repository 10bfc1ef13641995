// Facts about trust statements that both lint and the org audit judge: which condition keys a
// statement pins, which principals are deleted (unique ids), which web-identity and SAML trusts
// lack the claims that tie them to the caller's own tokens.
import { operatorInfo } from './conditions/index.js';
import type { ConditionClause, NormalizedStatement } from './types.js';

/** IAM unique ids (AIDA…, AROA…): IAM shows these in place of principals that were deleted. */
export const UNIQUE_ID_PRINCIPAL = /^A(?:ROA|IDA|GPA|NPA|NVA|PKA|SIA|KIA|CCA)[A-Z0-9]{12,}$/;
/** The account of an IAM or STS principal ARN (roles, users, root, assumed-role and federated sessions). */
export const PRINCIPAL_ACCOUNT = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/;
const OIDC_PROVIDER = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/;
const SAML_PROVIDER = /^arn:[^:]+:iam::\d{12}:saml-provider\//;
const GITHUB_ACTIONS = 'token.actions.githubusercontent.com';

/**
 * Claims that pin a web-identity trust to the caller's own tokens. Most providers need both the
 * audience and the subject; a Cognito identity pool is pinned by its id (aud: sub is one identity),
 * the legacy Login with Amazon and Facebook providers by the application id.
 */
const PINNING_CLAIMS: Record<string, string[]> = {
  'cognito-identity.amazonaws.com': ['aud'],
  'www.amazon.com': ['app_id'],
  'graph.facebook.com': ['app_id'],
};

/**
 * Whether a clause on the key pins its value: the clause fails when the request lacks the key.
 * Negated operators (StringNotEquals), …IfExists, ForAllValues (true without the key) and Null
 * let a request without the key, or with any other value, through; so does a clause whose every
 * value is a bare wildcard.
 */
export function pinningClauses(s: NormalizedStatement, key: string): ConditionClause[] {
  const lower = key.toLowerCase();
  return s.conditions.filter((c) => {
    if (c.key.toLowerCase() !== lower) return false;
    const info = operatorInfo(c.operator);
    if (info === undefined || info.base === 'Null' || info.negated || info.ifExists || info.set === 'ForAllValues') return false;
    return !c.values.every((v) => opensEverything(lower, v));
  });
}

export function pins(s: NormalizedStatement, key: string): boolean {
  return pinningClauses(s, key).length > 0;
}

/** `*`, `?*`, or for GitHub's subject `repo:*` (every repository of every owner). */
function opensEverything(lowerKey: string, value: string): boolean {
  if (/^[*?]+$/.test(value)) return true;
  return lowerKey === `${GITHUB_ACTIONS}:sub` && /^repo:[*?]/.test(value);
}

export interface FederatedGap {
  /** Position of the provider in the statement's Federated list. */
  index: number;
  provider: string;
  kind: 'oidc' | 'saml';
  /** The provider's name as condition keys use it: the OIDC issuer host (and path), or `SAML`. */
  issuer: string;
  /** Condition keys the statement should pin and does not, e.g. `token.actions.githubusercontent.com:sub`. */
  missing: string[];
}

/** A federated provider's kind, its issuer as condition keys name it, and the keys that pin it; undefined for other principals. */
function providerClaims(provider: string): { kind: 'oidc' | 'saml'; issuer: string; keys: string[] } | undefined {
  const oidc = OIDC_PROVIDER.exec(provider)?.[1] ?? (provider.includes('.') && !provider.startsWith('arn:') ? provider : undefined);
  if (oidc) return { kind: 'oidc', issuer: oidc, keys: (PINNING_CLAIMS[oidc.toLowerCase()] ?? ['aud', 'sub']).map((claim) => `${oidc}:${claim}`) };
  if (SAML_PROVIDER.test(provider)) return { kind: 'saml', issuer: 'SAML', keys: ['SAML:aud'] };
  return undefined;
}

/** Web-identity providers without their pinning claims, SAML providers without SAML:aud. */
export function federatedGaps(s: NormalizedStatement): FederatedGap[] {
  const gaps: FederatedGap[] = [];
  (s.principal?.federated ?? []).forEach((provider, index) => {
    const claims = providerClaims(provider);
    if (!claims) return;
    const missing = claims.keys.filter((key) => !pins(s, key));
    if (missing.length) gaps.push({ index, provider, kind: claims.kind, issuer: claims.issuer, missing });
  });
  return gaps;
}

/**
 * Whether every provider is a web-identity or SAML provider whose pinning claims the Condition,
 * as written (operators of keys of scalar values), pins: federatedGaps would find nothing, told
 * without parsing the policy. For screening many trusts; false for anything else.
 */
export function providersPinnedAsWritten(providers: readonly string[], condition: Record<string, Record<string, unknown>> | undefined): boolean {
  for (const provider of providers) {
    const claims = providerClaims(provider);
    if (!claims || !claims.keys.every((key) => pinnedAsWritten(condition, key.toLowerCase()))) return false;
  }
  return true;
}

function pinnedAsWritten(condition: Record<string, Record<string, unknown>> | undefined, lowerKey: string): boolean {
  for (const operator in condition) {
    const info = operatorInfo(operator);
    if (info === undefined || info.base === 'Null' || info.negated || info.ifExists || info.set === 'ForAllValues') continue;
    const block = condition[operator]!;
    for (const key in block) {
      if (key.toLowerCase() !== lowerKey) continue;
      const value = block[key];
      const values = Array.isArray(value) ? value : [value];
      if (!values.every((v) => opensEverything(lowerKey, String(v)))) return true;
    }
  }
  return false;
}
