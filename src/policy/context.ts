// Standard request-context keys derived from the org model for a principal and a resource.
import { accountOrgPath, type OrgIndex } from '../org/model.js';
import { principalInfo } from './principal.js';
import type { ContextValue } from './types.js';

export interface PrincipalFacts {
  /** User ARN, role ARN (with path), role-session ARN, or account root. */
  arn: string;
  /** For role sessions: the role's ARN (with its path), which aws:PrincipalArn reports. */
  roleArn?: string;
  /** Unique id (AIDA…/AROA…), for aws:userid. */
  uniqueId?: string;
  tags?: Record<string, string>;
}

const PRINCIPAL_TYPE: Record<string, string> = { root: 'Account', user: 'User', role: 'AssumedRole', 'role-session': 'AssumedRole', 'federated-user': 'FederatedUser' };

export function principalContext(org: OrgIndex | undefined, facts: PrincipalFacts): Record<string, ContextValue> {
  const info = principalInfo(facts.arn);
  const context: Record<string, ContextValue> = { 'aws:PrincipalArn': facts.roleArn ?? facts.arn };
  if (info.account) {
    context['aws:PrincipalAccount'] = info.account;
    Object.assign(context, orgKeys(org, info.account, 'Principal'));
  }
  const type = PRINCIPAL_TYPE[info.kind];
  if (type) context['aws:PrincipalType'] = type;
  if (info.kind === 'user') context['aws:username'] = facts.arn.slice(facts.arn.lastIndexOf('/') + 1);
  if (facts.uniqueId) {
    const session = info.kind === 'role-session' ? facts.arn.slice(facts.arn.lastIndexOf('/') + 1) : undefined;
    context['aws:userid'] = session ? `${facts.uniqueId}:${session}` : facts.uniqueId;
  } else if (info.kind === 'root' && info.account) context['aws:userid'] = info.account;
  for (const [key, value] of Object.entries(facts.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}

export function resourceContext(org: OrgIndex | undefined, resourceAccount: string): Record<string, ContextValue> {
  return { 'aws:ResourceAccount': resourceAccount, ...orgKeys(org, resourceAccount, 'Resource') };
}

function orgKeys(org: OrgIndex | undefined, accountId: string, side: 'Principal' | 'Resource'): Record<string, ContextValue> {
  const account = org?.accountsById.get(accountId);
  if (!org || !account) return {};
  return { [`aws:${side}OrgID`]: org.org.organizationId, [`aws:${side}OrgPaths`]: [accountOrgPath(org, account)] };
}
