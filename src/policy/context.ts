// Standard request-context keys derived from the org model for a principal and a resource.
import { accountOrgPath, type OrgIndex } from '../org/model.js';
import { principalInfo } from './principal.js';
import type { ContextValue } from './types.js';

export interface PrincipalFacts {
  /** User ARN, role ARN (with path), role-session ARN, or account root. */
  arn: string;
  /** For role sessions: the role's ARN (with its path), which aws:PrincipalArn reports (derived without a path when absent). */
  roleArn?: string;
  /** Unique id (AIDA…/AROA…), for aws:userid. */
  uniqueId?: string;
  tags?: Record<string, string>;
}

const PRINCIPAL_TYPE: Record<string, string> = { root: 'Account', user: 'User', role: 'AssumedRole', 'role-session': 'AssumedRole', 'federated-user': 'FederatedUser' };

export function principalContext(org: OrgIndex | undefined, facts: PrincipalFacts): Record<string, ContextValue> {
  const info = principalInfo(facts.arn);
  // A role session's aws:PrincipalArn is its role's ARN, never the session ARN. Without roleArn the
  // role's path is unknown: the ARN is built without one (right for roles at the default path "/").
  const principalArn = info.kind === 'role-session' ? (facts.roleArn ?? sessionRoleArn(facts.arn)) : facts.arn;
  // "Present in the request context for all signed API requests that use AWS credentials."
  const context: Record<string, ContextValue> = { 'aws:PrincipalArn': principalArn, 'aws:PrincipalIsAWSService': false };
  if (info.account) {
    context['aws:PrincipalAccount'] = info.account;
    Object.assign(context, orgKeys(org, info.account, 'Principal'));
  }
  const type = PRINCIPAL_TYPE[info.kind];
  if (type) context['aws:PrincipalType'] = type;
  // The last ARN segment: user name, session name or federated user name.
  const name = facts.arn.slice(facts.arn.lastIndexOf('/') + 1);
  if (info.kind === 'user') context['aws:username'] = name;
  // aws:userid: the unique id (`AROA…:session` for role sessions), the account id for the root
  // user, `account:caller-specified-name` for federated users (GetFederationToken).
  if (info.kind === 'federated-user' && info.account) context['aws:userid'] = `${info.account}:${name}`;
  else if (facts.uniqueId) context['aws:userid'] = info.kind === 'role-session' ? `${facts.uniqueId}:${name}` : facts.uniqueId;
  else if (info.kind === 'root' && info.account) context['aws:userid'] = info.account;
  for (const [key, value] of Object.entries(facts.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}

/** `arn:aws:sts::123456789012:assumed-role/Name/session` → `arn:aws:iam::123456789012:role/Name`. */
function sessionRoleArn(sessionArn: string): string {
  const [, partition, , , account, resource] = sessionArn.split(':') as [string, string, string, string, string, string];
  return `arn:${partition}:iam::${account}:role/${resource.split('/')[1] ?? ''}`;
}

export function resourceContext(org: OrgIndex | undefined, resourceAccount: string): Record<string, ContextValue> {
  return { 'aws:ResourceAccount': resourceAccount, ...orgKeys(org, resourceAccount, 'Resource') };
}

function orgKeys(org: OrgIndex | undefined, accountId: string, side: 'Principal' | 'Resource'): Record<string, ContextValue> {
  const account = org?.accountsById.get(accountId);
  if (!org || !account) return {};
  return { [`aws:${side}OrgID`]: org.org.organizationId, [`aws:${side}OrgPaths`]: [accountOrgPath(org, account)] };
}
