// Small random organizations that exercise every feature the graph builder indexes: path roles,
// groups, boundaries, SCP/RCP denies, NotPrincipal, NotAction, NotResource, wildcards in trusts and
// identity resources, policy variables, account roots same- and cross-account, outside and
// uncollected accounts (and, on request, a collected one outside the organization), services,
// SAML/OIDC providers, `*` with and without conditions.
import type { Org } from '../../src/org/schema.js';
import { seededRandom } from '../../src/seeded-random.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { buildSnapshot, testOrg, type CaseAccount, type CaseRole, type CaseUser } from './snapshot-builder.js';

const ORG_ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const OUTSIDE = ['888888888888', '999999999999'];
const PATHS = ['/', '/', '/ops/', '/team/a/'];
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

/** `outsideCollected`: sometimes collect an account outside the organization too, whose principals must never pass as members. */
export function randomSnapshot(seed: number, { outsideCollected = false } = {}): Snapshot {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number): boolean => random() < p;
  const count = (max: number): number => Math.floor(random() * (max + 1));

  const collected = [...ORG_ACCOUNTS.filter((a) => a !== '444444444444' || chance(0.5)), ...(outsideCollected && chance(0.5) ? [OUTSIDE[1]!] : [])];
  // Names first, so policies can point at principals that exist (and some that do not).
  const plan = new Map(
    collected.map((account) => [
      account,
      {
        groups: Array.from({ length: count(2) }, (_, i) => `g${i}`),
        users: Array.from({ length: count(3) }, (_, i) => ({ name: `u${i}`, path: pick(PATHS) })),
        roles: Array.from({ length: 1 + count(4) }, (_, i) => ({ name: `r${i}`, path: pick(PATHS) })),
      },
    ]),
  );
  const roleArns = [...plan].flatMap(([account, p]) => p.roles.map((r) => `arn:aws:iam::${account}:role${r.path}${r.name}`));
  const userArns = [...plan].flatMap(([account, p]) => p.users.map((u) => `arn:aws:iam::${account}:user${u.path}${u.name}`));
  const anyAccount = (): string => pick([...ORG_ACCOUNTS, ...OUTSIDE]);
  const condition = (): Record<string, unknown> | undefined =>
    pick([
      undefined,
      undefined,
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
      { StringEquals: { 'aws:ResourceTag/tier': 'gold' } },
      { StringEquals: { 'aws:PrincipalAccount': pick(ORG_ACCOUNTS) } },
    ]);
  const withCondition = (statement: Record<string, unknown>): Record<string, unknown> => {
    const c = condition();
    return c ? { ...statement, Condition: c } : statement;
  };

  const identityStatement = (account: string): Record<string, unknown> =>
    pick([
      () => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
      () => ({ Effect: 'Allow', Action: 'sts:*', Resource: 'arn:aws:iam::*:role/ops/*' }),
      () => ({ Effect: 'Allow', Action: '*', Resource: '*' }),
      () => ({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
      () => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: pick(roleArns) }),
      () => ({ Effect: 'Allow', Action: ['sts:AssumeRole', 's3:GetObject'], Resource: [pick(roleArns), pick(roleArns)] }),
      () => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${pick(ORG_ACCOUNTS)}:role/*` }),
      () => ({ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: pick(roleArns) }),
      () => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::${aws:PrincipalAccount}:role/*' }),
      () => ({ Effect: 'Allow', Action: 'sts:Assume*', Resource: `arn:aws:iam::${account}:role/r?` }),
      () => ({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: pick(roleArns) }),
      () => ({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    ])();
  const identity = (account: string): unknown[] => Array.from({ length: count(2) }, () => doc(withCondition(identityStatement(account))));

  const trustPrincipal = (account: string): unknown =>
    pick([
      () => ({ AWS: pick(roleArns) }),
      () => ({ AWS: pick(roleArns).replace(/role\/.*\//, 'role/') }),
      () => ({ AWS: pick(userArns.length ? userArns : roleArns) }),
      () => ({ AWS: `arn:aws:iam::${account}:root` }),
      () => ({ AWS: `arn:aws:iam::${anyAccount()}:root` }),
      () => ({ AWS: anyAccount() }),
      () => ({ AWS: [`arn:aws:iam::${pick(OUTSIDE)}:role/partner/Sync`, `arn:aws:iam::${pick(ORG_ACCOUNTS)}:role/Ghost`] }),
      () => '*',
      () => ({ AWS: '*' }),
      () => ({ Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com']) }),
    ])();
  const trustStatement = (account: string): Record<string, unknown> =>
    pick([
      () => withCondition({ Effect: 'Allow', Principal: trustPrincipal(account), Action: 'sts:AssumeRole' }),
      () => withCondition({ Effect: 'Allow', Principal: trustPrincipal(account), Action: 'sts:AssumeRole' }),
      () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pick(OUTSIDE)}:root` }, Action: 'sts:AssumeRole', ...(chance(0.5) && { Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } }) }),
      () => withCondition({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${pick(OUTSIDE)}:root` }, Action: 'sts:AssumeRole' }),
      () => ({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${account}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML', ...(chance(0.5) && { Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }) }),
      () => ({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity', ...(chance(0.5) && { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:x/*' } } }) }),
      () => ({ Effect: 'Deny', Principal: { AWS: pick(roleArns) }, Action: 'sts:AssumeRole' }),
      () => ({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    ])();

  const policies: Record<string, unknown> = {
    'arn:aws:iam::aws:policy/AdministratorAccess': doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    'arn:aws:iam::aws:policy/AssumeOps': doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/ops/*' }),
    'arn:aws:iam::aws:policy/S3Only': doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    'arn:aws:iam::aws:policy/StsOnly': doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' }),
  };
  const managed = (): string[] => Array.from({ length: count(1) }, () => pick(Object.keys(policies)));
  const boundary = (): string | undefined => (chance(0.2) ? pick(['arn:aws:iam::aws:policy/S3Only', 'arn:aws:iam::aws:policy/StsOnly']) : undefined);
  const tags = (): Record<string, string> | undefined => (chance(0.3) ? { team: pick(['ops', 'dev']), tier: pick(['gold', 'silver']) } : undefined);

  const accounts: Record<string, CaseAccount> = {};
  for (const [account, p] of plan) {
    accounts[account] = {
      policies,
      groups: p.groups.map((GroupName) => ({ GroupName, Inline: identity(account), Managed: managed() })),
      users: p.users.map((u): CaseUser => ({ UserName: u.name, Path: u.path, Groups: p.groups.filter(() => chance(0.5)), Inline: identity(account), Managed: managed(), Boundary: boundary(), Tags: tags() })),
      roles: p.roles.map((r): CaseRole => ({ RoleName: r.name, Path: r.path, Trust: doc(...Array.from({ length: 1 + count(2) }, () => trustStatement(account))), Inline: identity(account), Managed: managed(), Boundary: boundary(), Tags: tags() })),
    };
  }
  return buildSnapshot(testOrg(orgPolicies(pick, chance)), accounts);
}

function orgPolicies(pick: <T>(list: readonly T[]) => T, chance: (p: number) => boolean): Org['policies'] {
  const out: Org['policies'] = [];
  if (chance(0.5))
    out.push({ id: 'p-scp00001', type: 'SERVICE_CONTROL_POLICY', name: 'NoAssumeInto333', document: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::333333333333:role/*' }), targets: [pick(['ou-ab12-sbox0001', 'ou-ab12-wkld0001', '222222222222'])] });
  if (chance(0.5))
    out.push({ id: 'p-scp00002', type: 'SERVICE_CONTROL_POLICY', name: 'CorporateNetwork', document: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), targets: ['r-ab12'] });
  if (chance(0.5))
    out.push({
      id: 'p-rcp00001',
      type: 'RESOURCE_CONTROL_POLICY',
      name: 'Perimeter',
      document: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdefghij' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }),
      targets: [pick(['r-ab12', 'ou-ab12-wkld0001'])],
    });
  return out;
}
