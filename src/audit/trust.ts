// Per-trust-policy checks: who a role's trust lets in and whether that is guarded. Works on the
// policy engine's parsed statements; the result depends only on the document and the audit
// scope, so it is computed once per distinct trust document and reused for every role using it.
import { requirementText } from '../policy/conditions/describe.js';
import { operatorInfo } from '../policy/conditions/index.js';
import { compileLowercaseActionMatcher } from '../policy/match.js';
import { parsePolicy } from '../policy/parse.js';
import { federatedGaps, pinningClauses, PRINCIPAL_ACCOUNT, providersPinnedAsWritten, UNIQUE_ID_PRINCIPAL } from '../policy/trust-facts.js';
import type { ConditionClause, NormalizedStatement, ParsedPolicy } from '../policy/types.js';
import { describeClause, describeClauses, statementJson } from './documents.js';
import type { FindingCode, Severity, StatementRef } from './finding.js';
import { describeAccount, isInside, type AuditScope } from './scope.js';

export interface TrustIssue {
  code: FindingCode;
  severity: Severity;
  statement?: StatementRef;
  /** What in the statement the issue is about ("*", a principal, a provider): part of the fingerprint. */
  subject: string;
  explanation: string;
  remediation: string;
}

/** An AWS principal of some account that a statement lets assume the role (for cross-account checks). */
export interface NamedPrincipal {
  statement: StatementRef;
  account: string;
  principal: string;
}

export interface TrustAnalysis {
  issues: TrustIssue[];
  named: NamedPrincipal[];
  /** Ways in from outside the organization: "*" (or NotPrincipal) not pinned inside it; an unconstrained web-identity or SAML provider. */
  openTo: { anyone: boolean; federated: boolean };
  /** The parsed document (absent when it could not be read: then `issues` says why). */
  policy?: ParsedPolicy;
}

const GITHUB_ACTIONS = 'token.actions.githubusercontent.com';
const ASSUME_ROLE = 'sts:assumerole';
const WEB_IDENTITY = 'sts:assumerolewithwebidentity';
const SAML = 'sts:assumerolewithsaml';

/** Condition keys that tie a caller to an organization, an account, a principal or a shared secret. */
const PIN_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:userid', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceAccount', 'aws:SourceArn', 'sts:ExternalId'];
const PIN_KEYS_LOWER = new Set(PIN_KEYS.map((k) => k.toLowerCase()));

interface Coverage {
  assumeRole: boolean;
  webIdentity: boolean;
  saml: boolean;
}

const coverageMemo = new Map<string, Coverage>();

/** Which assume-role actions a statement's Action/NotAction covers; memoized per action list. */
function coverage(s: NormalizedStatement): Coverage {
  const key = s.action ? `A\n${s.action.join('\n')}` : `N\n${(s.notAction ?? []).join('\n')}`;
  let hit = coverageMemo.get(key);
  if (!hit) {
    const match = compileLowercaseActionMatcher(s.action ?? s.notAction ?? []);
    const covers = (action: string) => (s.action ? match(action) : !match(action));
    hit = { assumeRole: covers(ASSUME_ROLE), webIdentity: covers(WEB_IDENTITY), saml: covers(SAML) };
    coverageMemo.set(key, hit);
  }
  return hit;
}

function ref(policy: ParsedPolicy, s: NormalizedStatement): StatementRef {
  return { index: s.index, ...(s.sid !== undefined && { sid: s.sid }), json: statementJson(policy, s) };
}

function where(s: NormalizedStatement): string {
  return s.sid ? `Statement ${s.index} ("${s.sid}")` : `Statement ${s.index}`;
}

function whenText(clauses: readonly ConditionClause[]): string {
  return clauses.length ? ` when ${describeClauses(clauses)}` : '';
}

/** The analysis of a trust that names only principals inside, with nothing unusual about it (its `named` list is not kept). */
export const UNREMARKABLE: TrustAnalysis = Object.freeze({ issues: [], named: [], openTo: { anyone: false, federated: false } });

/** `<account>/<role name>` of a role or role-session ARN, as trusts match roles (paths aside); undefined for other principals. */
export function roleKeyOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:(?:iam::(\d{12}):role\/(?:.*\/)?([^/]+)|sts::(\d{12}):assumed-role\/([^/]+)\/)/.exec(arn);
  if (!m) return undefined;
  return m[1] !== undefined ? `${m[1]}/${m[2]}` : `${m[3]}/${m[4]}`;
}

const ACCOUNT_ID = /^\d{12}$/;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Condition']);
const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const scalars = (v: unknown) => scalar(v) || (Array.isArray(v) && v.every(scalar));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether analyzeTrust could say anything about the document: false only for the common plain
 * shape (Allow statements with Action, a Principal of AWS principals inside the scope, services
 * and identity providers whose claims the conditions pin, simple conditions) naming no account
 * that `remarkable` picks out. Read straight from
 * the document, so the many unremarkable trusts of an organization cost neither a parse nor a
 * lookup by their text. `onPrincipal` hears every AWS principal an unremarkable trust names.
 */
export function trustMayConcern(document: unknown, scope: AuditScope, remarkable?: (account: string) => boolean, onPrincipal?: (principal: string) => void): boolean {
  if (!isObject(document)) return true;
  for (const key in document) if (key !== 'Version' && key !== 'Id' && key !== 'Statement') return true;
  const list = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  if (list.length === 0) return true;
  for (const statement of list) {
    if (!isObject(statement) || statement.Effect !== 'Allow') return true;
    for (const key in statement) if (!STATEMENT_KEYS.has(key)) return true;
    if (statement.Sid !== undefined && typeof statement.Sid !== 'string') return true;
    const { Action: action, Principal: principal, Condition: condition } = statement;
    if (!(typeof action === 'string' || (Array.isArray(action) && action.length > 0 && action.every((a) => typeof a === 'string')))) return true;
    if (condition !== undefined && !simpleCondition(condition)) return true;
    if (!isObject(principal)) return true;
    for (const type in principal) {
      const value = principal[type];
      if (type === 'Service' || type === 'Federated') {
        const list = typeof value === 'string' ? [value] : value;
        if (!(Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === 'string'))) return true;
        if (type === 'Federated' && !providersPinnedAsWritten(list as string[], condition as Record<string, Record<string, unknown>> | undefined)) return true;
        continue;
      }
      if (type !== 'AWS') return true;
      if (!Array.isArray(value)) {
        if (!plainInsidePrincipal(value, scope, remarkable)) return true;
        onPrincipal?.(value as string);
        continue;
      }
      if (value.length === 0) return true;
      for (const entry of value) {
        if (!plainInsidePrincipal(entry, scope, remarkable)) return true;
        onPrincipal?.(entry as string);
      }
    }
  }
  return false;
}

/** An account id or IAM/STS principal ARN of an account inside the scope that `remarkable` does not pick out. */
function plainInsidePrincipal(entry: unknown, scope: AuditScope, remarkable: ((account: string) => boolean) | undefined): boolean {
  if (typeof entry !== 'string') return false;
  const account = ACCOUNT_ID.test(entry) ? entry : PRINCIPAL_ACCOUNT.exec(entry)?.[1];
  return account !== undefined && isInside(scope, account) && !remarkable?.(account);
}

/** An object of operators, each an object of keys with scalar values or lists of them. */
function simpleCondition(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  for (const operator in condition) {
    const block = condition[operator];
    if (!isObject(block)) return false;
    for (const key in block) if (!scalars(block[key])) return false;
  }
  return true;
}

export function analyzeTrust(document: unknown, scope: AuditScope): TrustAnalysis {
  const { policy, findings } = parsePolicy(document);
  if (!policy) {
    const reason = findings.find((f) => f.severity === 'ERROR')?.message ?? 'the document is not a policy';
    return {
      issues: [{ code: 'INVALID_TRUST_POLICY', severity: 'low', subject: 'document', explanation: `The trust policy could not be read, so nothing about who may assume the role was checked: ${reason}`, remediation: 'Fix the trust policy so IAM and crossrole can read it (crossrole lint --type trust shows every problem).' }],
      named: [],
      openTo: { anyone: false, federated: false },
    };
  }
  const issues: TrustIssue[] = [];
  const named: NamedPrincipal[] = [];
  const denyPins = policy.statements.flatMap((s) => denyPin(s, scope));
  for (const s of policy.statements) {
    if (s.effect !== 'Allow') continue;
    const covers = coverage(s);
    const statement = ref(policy, s);
    if (s.notPrincipal && (covers.assumeRole || covers.webIdentity || covers.saml)) issues.push(notPrincipalIssue(s, statement));
    const p = s.principal;
    if (!p) continue;
    if (p.wildcard && (covers.assumeRole || covers.webIdentity || covers.saml)) issues.push(wildcardIssue(s, statement, denyPins, scope));
    for (const entry of p.aws) {
      if (entry === '*') continue;
      if (UNIQUE_ID_PRINCIPAL.test(entry)) {
        issues.push(deletedPrincipalIssue(s, statement, entry));
        continue;
      }
      const account = PRINCIPAL_ACCOUNT.exec(entry)?.[1];
      if (account === undefined || !covers.assumeRole) continue;
      named.push({ statement, account, principal: entry });
      if (isInside(scope, account)) continue;
      const externalIds = pinningClauses(s, 'sts:ExternalId');
      if (!externalIds.length) issues.push(noExternalIdIssue(s, statement, entry, account, scope));
      if (entry.endsWith(':root')) issues.push(rootTrustIssue(s, statement, entry, account, scope, externalIds));
    }
    for (const gap of federatedGaps(s)) {
      if (gap.kind === 'oidc' ? !covers.webIdentity : !covers.saml) continue;
      // GitHub's audience is sts.amazonaws.com for every repository: only the subject tells them apart.
      const missing = gap.issuer.toLowerCase() === GITHUB_ACTIONS ? gap.missing.filter((key) => key.toLowerCase().endsWith(':sub')) : gap.missing;
      if (missing.length) issues.push(federatedIssue(s, statement, gap.provider, gap.kind, gap.issuer, missing));
    }
  }
  const anyone = issues.some((i) => i.code === 'NOT_PRINCIPAL_ALLOW' || (i.code === 'ROLE_ASSUMABLE_BY_ANYONE' && i.severity !== 'low'));
  const federated = issues.some((i) => i.code === 'FEDERATED_TRUST_UNCONSTRAINED');
  return { issues, named, openTo: { anyone, federated }, policy };
}

type PinReach = 'inside' | 'outside';

interface Pin {
  reach: PinReach;
  /** What a caller must have, e.g. `aws:PrincipalOrgID = o-abc123defg`. */
  text: string;
}

/** Pinning clauses of an Allow statement. */
function allowPins(s: NormalizedStatement, scope: AuditScope): Pin[] {
  return PIN_KEYS.flatMap((key) => pinningClauses(s, key)).map((clause) => ({ reach: reachOf(clause, scope), text: describeClause(clause) }));
}

/**
 * A Deny on every principal with one negated clause on a pin key (StringNotEquals
 * aws:PrincipalOrgID o-…) admits only callers matching the clause: it pins every Allow.
 */
function denyPin(s: NormalizedStatement, scope: AuditScope): Pin[] {
  if (s.effect !== 'Deny' || !s.principal?.wildcard || s.conditions.length !== 1 || !coverage(s).assumeRole) return [];
  const clause = s.conditions[0]!;
  const info = operatorInfo(clause.operator);
  if (!info?.negated || info.set || !PIN_KEYS_LOWER.has(clause.key.toLowerCase()) || !/^(String|Arn)/.test(info.base)) return [];
  if (clause.values.every((v) => /^[*?]+$/.test(v))) return [];
  // What escapes the Deny: the clause's positive form (StringNotEquals x → needs = x).
  return [{ reach: reachOf(clause, scope), text: requirementText(clause, info, true).replace(/^needs /, '') }];
}

/** Whether every value the clause accepts lies inside the organization (or the trusted accounts). */
function reachOf(clause: ConditionClause, scope: AuditScope): PinReach {
  const key = clause.key.toLowerCase();
  const orgId = scope.org.org.organizationId;
  const inside = (value: string): boolean => {
    switch (key) {
      case 'aws:principalorgid':
      case 'aws:sourceorgid':
        return value === orgId;
      case 'aws:principalorgpaths':
      case 'aws:sourceorgpaths':
        return value.startsWith(`${orgId}/`);
      case 'aws:principalaccount':
      case 'aws:sourceaccount':
        return /^\d{12}$/.test(value) && isInside(scope, value);
      case 'aws:principalarn':
      case 'aws:sourcearn': {
        const account = value.split(':')[4] ?? '';
        return /^\d{12}$/.test(account) && isInside(scope, account);
      }
      default:
        // aws:userid and sts:ExternalId name a principal or a secret, not where the caller lives.
        return false;
    }
  };
  return clause.values.every(inside) ? 'inside' : 'outside';
}

function wildcardIssue(s: NormalizedStatement, statement: StatementRef, denyPins: Pin[], scope: AuditScope): TrustIssue {
  const pins = [...allowPins(s, scope), ...denyPins];
  const base = { code: 'ROLE_ASSUMABLE_BY_ANYONE' as const, statement, subject: '*' };
  const orgId = scope.org.org.organizationId;
  const naming = `Name the principals that need this role in Principal (exact role ARNs) instead of "*"`;
  if (s.conditions.length === 0 && pins.length === 0) {
    return {
      ...base,
      severity: 'critical',
      explanation: `${where(s)} allows Principal "*" with no conditions: any AWS principal in any account in the world can assume this role and act with its permissions.`,
      remediation: `${naming}; if it must stay broad, at least add Condition StringEquals aws:PrincipalOrgID = ${orgId}.`,
    };
  }
  const pinText = pins.map((p) => p.text).join(' and ');
  const denied = denyPins.length ? ` (a Deny admits only callers with ${denyPins.map((p) => p.text).join(' and ')})` : '';
  if (pins.length === 0) {
    return {
      ...base,
      severity: 'high',
      explanation: `${where(s)} allows Principal "*"${whenText(s.conditions)}. None of these conditions ties the caller to your organization, an account or an external ID, so any AWS principal in any account that meets them can assume this role.`,
      remediation: `${naming}, or add Condition StringEquals aws:PrincipalOrgID = ${orgId}; network conditions such as aws:SourceIp limit where a caller is, not who it is.`,
    };
  }
  if (pins.some((p) => p.reach === 'inside')) {
    return {
      ...base,
      severity: 'low',
      explanation: `${where(s)} allows Principal "*"${whenText(s.conditions)}${denied}. That keeps callers inside your organization (${pinText}), but any principal of any member account that meets the conditions can assume this role.`,
      remediation: `${naming}; organization-wide trust lets a compromised principal in any member account in.`,
    };
  }
  return {
    ...base,
    severity: 'medium',
    explanation: `${where(s)} allows Principal "*"${whenText(s.conditions)}${denied}. ${pinText} limits the callers, but not to your organization: principals outside it that meet the conditions can assume this role.`,
    remediation: `${naming}; for a third party, trust its account with sts:ExternalId, or list it in --trusted-accounts if you vouch for it.`,
  };
}

function notPrincipalIssue(s: NormalizedStatement, statement: StatementRef): TrustIssue {
  const except = [...(s.notPrincipal?.aws ?? []), ...(s.notPrincipal?.service ?? []), ...(s.notPrincipal?.federated ?? [])];
  return {
    code: 'NOT_PRINCIPAL_ALLOW',
    severity: 'high',
    statement,
    subject: 'NotPrincipal',
    explanation: `${where(s)} is an Allow with NotPrincipal: every principal except ${except.length ? except.join(', ') : 'none'} — anyone in any AWS account — can assume this role${whenText(s.conditions)}. IAM rejects NotPrincipal in new trust policies, so this one predates the check or was written around it.`,
    remediation: 'Replace NotPrincipal with Principal naming exactly the principals that need the role.',
  };
}

function deletedPrincipalIssue(s: NormalizedStatement, statement: StatementRef, entry: string): TrustIssue {
  return {
    code: 'TRUST_TO_DELETED_PRINCIPAL',
    severity: 'medium',
    statement,
    subject: entry,
    explanation: `${where(s)} names ${entry}, an IAM unique id: IAM shows one in place of a principal that was deleted. It lets nobody in now, a principal re-created with the same name will not match it, and nobody can tell any more who was meant to have access.`,
    remediation: `Remove ${entry} from the trust, or replace it with the ARN of the principal that should have access.`,
  };
}

function noExternalIdIssue(s: NormalizedStatement, statement: StatementRef, entry: string, account: string, scope: AuditScope): TrustIssue {
  const who = entry.endsWith(':root') ? `any principal of account ${describeAccount(scope, account)} whose own policies allow it` : `${entry} in account ${describeAccount(scope, account)}`;
  return {
    code: 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID',
    severity: 'high',
    statement,
    subject: entry,
    explanation: `${where(s)} lets ${who} assume this role without sts:ExternalId${whenText(s.conditions)}. A third party that assumes roles for many customers can be tricked into using this access on someone else's behalf (the confused deputy), and nothing here proves the caller is acting for you.`,
    remediation: `Add Condition StringEquals sts:ExternalId = <a unique value agreed with the owner of ${account}>; if ${account} is yours or a partner you vouch for, list it in --trusted-accounts.`,
  };
}

function rootTrustIssue(s: NormalizedStatement, statement: StatementRef, entry: string, account: string, scope: AuditScope, externalIds: ConditionClause[]): TrustIssue {
  const guarded = externalIds.length > 0;
  return {
    code: 'EXTERNAL_ACCOUNT_ROOT_TRUST',
    severity: guarded ? 'low' : 'medium',
    statement,
    subject: entry,
    explanation: `${where(s)} trusts ${entry}, the whole account ${describeAccount(scope, account)}: every user and role there whose own policies allow sts:AssumeRole on this role can assume it${guarded ? ` with ${describeClauses(externalIds)}` : ''}. Who that is is decided in an account you do not control.`,
    remediation: `Name the exact role ARN in ${account} that needs access instead of its root${guarded ? '' : ', and require sts:ExternalId'}.`,
  };
}

function federatedIssue(s: NormalizedStatement, statement: StatementRef, provider: string, kind: 'oidc' | 'saml', issuer: string, missing: string[]): TrustIssue {
  if (kind === 'saml') {
    return {
      code: 'FEDERATED_TRUST_UNCONSTRAINED',
      severity: 'high',
      statement,
      subject: provider,
      explanation: `${where(s)} trusts the SAML provider ${provider} without a SAML:aud condition: an assertion the identity provider issued for another relying party can be used to assume this role.`,
      remediation: 'Add Condition StringEquals SAML:aud = https://signin.aws.amazon.com/saml (or your own sign-in endpoint).',
    };
  }
  const github = issuer.toLowerCase() === GITHUB_ACTIONS;
  const who = github ? 'any GitHub Actions workflow, in any repository of any owner,' : `any identity that ${issuer} issues a token to`;
  return {
    code: 'FEDERATED_TRUST_UNCONSTRAINED',
    severity: 'high',
    statement,
    subject: provider,
    explanation: `${where(s)} trusts the identity provider ${issuer} without a condition on ${missing.join(' or ')}: ${who} can assume this role${whenText(s.conditions)}.`,
    remediation: github
      ? `Add Condition StringEquals (or StringLike) ${issuer}:sub = repo:<owner>/<repository>:<ref or environment>, and ${issuer}:aud = sts.amazonaws.com.`
      : `Add Condition StringEquals on ${missing.join(' and ')} naming your application's client id and the exact subjects allowed.`,
  };
}
