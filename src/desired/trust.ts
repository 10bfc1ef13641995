// Spoke trust policy: the inbound half. Names hub principals exactly; never "*".
import type { PolicyDocument, Statement } from '../policy/document.js';
import type { HubSpec, SpokeRoleSpec } from '../spec/schema.js';
import { accountRootArn, groupArn, roleArn, userArn } from './arn.js';
import type { HubKind } from './types.js';

export interface HubPrincipal {
  kind: HubKind;
  name: string;
  path: string;
  arn: string;
  /** What spoke trusts name: the principal itself, group members, or the hub account root. */
  trustPrincipals: string[];
  /** Extra trust condition when trusting the hub account root for a group (its IAM users only). */
  trustCondition?: Statement['Condition'];
  memberArns: string[];
}

export function hubPrincipal(hub: HubSpec): HubPrincipal {
  const kind: HubKind = hub.role ? 'role' : hub.user ? 'user' : 'group';
  const ref = (hub.role ?? hub.user ?? hub.group)!;
  const arn = kind === 'role' ? roleArn(hub.account, ref.path, ref.name) : kind === 'user' ? userArn(hub.account, ref.path, ref.name) : groupArn(hub.account, ref.path, ref.name);
  const memberArns = (hub.group?.members ?? []).map((m) => userArn(hub.account, '/', m)).sort();
  if (hub.trustAs === 'account') return { kind, name: ref.name, path: ref.path, arn, trustPrincipals: [accountRootArn(hub.account)], memberArns };
  if (kind !== 'group') return { kind, name: ref.name, path: ref.path, arn, trustPrincipals: [arn], memberArns };
  if (memberArns.length) return { kind, name: ref.name, path: ref.path, arn, trustPrincipals: memberArns, memberArns };
  // A group cannot be a principal: trust the hub account's IAM users; the group's policy decides which may.
  return {
    kind,
    name: ref.name,
    path: ref.path,
    arn,
    trustPrincipals: [accountRootArn(hub.account)],
    trustCondition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${hub.account}:user/*` } },
    memberArns,
  };
}

/** Actions a hub needs on the spoke (also what the hub identity policy allows). */
export function hubActions(role: SpokeRoleSpec): string[] {
  const actions = ['sts:AssumeRole'];
  if (role.trust.requireSourceIdentity) actions.push('sts:SetSourceIdentity');
  if (role.trust.allowTagSession) actions.push('sts:TagSession');
  return actions;
}

export function buildTrustPolicy(role: SpokeRoleSpec, hubs: Map<string, HubPrincipal>): PolicyDocument {
  const statements: Statement[] = [];
  const hubConditions: NonNullable<Statement['Condition']> = {};
  if (role.trust.requireMfa) hubConditions.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  if (role.trust.requireSourceIdentity) hubConditions.Null = { 'sts:SourceIdentity': 'false' };
  const actions = single(hubActions(role));

  const plain = new Set<string>();
  const conditional: { sid: string; principals: string[]; condition: NonNullable<Statement['Condition']> }[] = [];
  for (const name of role.trust.hubs) {
    const hub = hubs.get(name)!;
    if (hub.trustCondition) conditional.push({ sid: `Hub${sidPart(name)}`, principals: hub.trustPrincipals, condition: { ...hubConditions, ...hub.trustCondition } });
    else hub.trustPrincipals.forEach((p) => plain.add(p));
  }
  if (plain.size) statements.push(withCondition({ Sid: 'Hubs', Effect: 'Allow', Principal: { AWS: single([...plain].sort()) }, Action: actions }, hubConditions));
  for (const c of conditional) statements.push(withCondition({ Sid: c.sid, Effect: 'Allow', Principal: { AWS: single(c.principals) }, Action: actions }, c.condition));
  for (const ext of role.trust.externalAccounts) {
    statements.push({
      Sid: `ThirdParty${ext.account}`,
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(ext.account) },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': ext.externalId } },
    });
  }
  if (role.trust.services.length) {
    statements.push({ Sid: 'Services', Effect: 'Allow', Principal: { Service: single([...new Set(role.trust.services)].sort()) }, Action: 'sts:AssumeRole' });
  }
  return { Version: '2012-10-17', Statement: statements };
}

function withCondition(statement: Statement, condition: NonNullable<Statement['Condition']>): Statement {
  return Object.keys(condition).length ? { ...statement, Condition: condition } : statement;
}

/** IAM accepts a string for one value; it reads better in diffs and files. */
export function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}

export function sidPart(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}
