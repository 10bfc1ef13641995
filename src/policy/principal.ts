// Who is asking, and whether a Principal/NotPrincipal element names them (and how specifically:
// the kind of match decides whether a same-account resource policy stands on its own).
import type { PrincipalBlock } from './types.js';

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalInfo {
  arn: string;
  type: PrincipalType;
  /** Account of an AWS principal (undefined for services and external identity providers). */
  account?: string;
  kind: 'root' | 'user' | 'role' | 'role-session' | 'federated-user' | 'service' | 'provider' | 'other';
  /** For role sessions and roles: `<account>/<role name>` (role paths are not part of session ARNs). */
  roleKey?: string;
  /** Service-linked roles are exempt from SCPs and RCPs. */
  serviceLinked: boolean;
}

/**
 * How an element names the principal: `session`/`user` = its exact ARN, `role` = the role of a
 * session, `account` = its account root (delegation), `wildcard` = "*", `service`/`federated`.
 */
export type PrincipalMatch = 'session' | 'user' | 'role' | 'account' | 'wildcard' | 'service' | 'federated';

const ARN = /^arn:([^:]*):([^:]*):([^:]*):(\d{12}):(.*)$/;

export function principalInfo(principal: string, type?: PrincipalType): PrincipalInfo {
  const inferred = type ?? inferType(principal);
  if (inferred === 'Service') return { arn: principal, type: 'Service', kind: 'service', serviceLinked: false };
  if (inferred !== 'AWS') return { arn: principal, type: inferred, kind: 'provider', serviceLinked: false };
  const m = ARN.exec(principal);
  if (!m) return { arn: principal, type: 'AWS', kind: 'other', serviceLinked: false };
  const [, , service, , account, resource] = m as unknown as [string, string, string, string, string, string];
  if (service === 'iam' && resource === 'root') return { arn: principal, type: 'AWS', account, kind: 'root', serviceLinked: false };
  if (service === 'iam' && resource.startsWith('user/')) return { arn: principal, type: 'AWS', account, kind: 'user', serviceLinked: false };
  if (service === 'iam' && resource.startsWith('role/')) {
    const name = resource.slice(resource.lastIndexOf('/') + 1);
    return { arn: principal, type: 'AWS', account, kind: 'role', roleKey: `${account}/${name}`, serviceLinked: resource.startsWith('role/aws-service-role/') };
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const name = resource.split('/')[1] ?? '';
    return { arn: principal, type: 'AWS', account, kind: 'role-session', roleKey: `${account}/${name}`, serviceLinked: name.startsWith('AWSServiceRoleFor') };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { arn: principal, type: 'AWS', account, kind: 'federated-user', serviceLinked: false };
  return { arn: principal, type: 'AWS', account, kind: 'other', serviceLinked: false };
}

function inferType(principal: string): PrincipalType {
  if (/^arn:[^:]*:iam::\d{12}:(?:oidc|saml)-provider\//.test(principal)) return 'Federated';
  if (principal.startsWith('arn:')) return 'AWS';
  if (/\.amazonaws\.com(?:\.cn)?$/.test(principal) && !principal.startsWith('cognito-identity.')) return 'Service';
  return 'Federated';
}

export interface PrincipalMatcher {
  match(principal: PrincipalInfo): PrincipalMatch | undefined;
}

export function compilePrincipalBlock(block: PrincipalBlock): PrincipalMatcher {
  const exact = new Set<string>();
  const roots = new Set<string>();
  const roles = new Set<string>();
  for (const entry of block.aws) {
    if (entry === '*') continue;
    const m = ARN.exec(entry);
    if (!m) continue; // unique ids (AROA…) of deleted principals and malformed entries name nobody
    const [, , service, , account, resource] = m as unknown as [string, string, string, string, string, string];
    if (service === 'iam' && resource === 'root') roots.add(account);
    else {
      exact.add(entry);
      if (service === 'iam' && resource.startsWith('role/')) roles.add(`${account}/${resource.slice(resource.lastIndexOf('/') + 1)}`);
    }
  }
  const services = new Set(block.service.map((s) => s.toLowerCase()));
  const federated = new Set(block.federated);
  // Principal infos are cached by the evaluator, so a repeated caller is the same object:
  // remember the last answer (audits ask about one principal against many resources).
  let lastPrincipal: PrincipalInfo | undefined;
  let lastMatch: PrincipalMatch | undefined;
  const matchUncached = (p: PrincipalInfo): PrincipalMatch | undefined => {
    if (p.type === 'Service') return services.has(p.arn.toLowerCase()) ? 'service' : block.wildcard ? 'wildcard' : undefined;
    if (p.type === 'Federated' || p.type === 'CanonicalUser') return federated.has(p.arn) ? 'federated' : block.wildcard ? 'wildcard' : undefined;
    if (exact.has(p.arn)) return p.kind === 'role-session' || p.kind === 'federated-user' ? 'session' : p.kind === 'role' ? 'role' : 'user';
    if (p.roleKey !== undefined && roles.has(p.roleKey)) return 'role';
    if (p.account !== undefined && roots.has(p.account)) return 'account';
    return block.wildcard ? 'wildcard' : undefined;
  };
  return {
    match(p) {
      if (p !== lastPrincipal) {
        lastMatch = matchUncached(p);
        lastPrincipal = p;
      }
      return lastMatch;
    },
  };
}

/**
 * NotPrincipal exempts a principal only when it lists both the principal (its ARN, or for a role
 * session its role or session ARN) and its account: AWS evaluates the request for the account as
 * well, which is why its documentation lists the account ARN beside the user or role. The account
 * root alone exempts only the root user. A Deny with NotPrincipal always applies to a principal
 * that has a permissions boundary (documented on the NotPrincipal page).
 */
export function notPrincipalExcludes(matcher: PrincipalMatcher, block: PrincipalBlock, principal: PrincipalInfo, hasBoundary: boolean): boolean {
  if (hasBoundary) return false;
  const m = matcher.match(principal);
  if (m === undefined) return false;
  if (m === 'wildcard') return block.wildcard;
  if (principal.kind === 'root' || principal.account === undefined) return true;
  if (m === 'account') return false;
  const partition = principal.arn.split(':')[1];
  return block.aws.includes(`arn:${partition}:iam::${principal.account}:root`);
}
