// Deterministic synthetic snapshots for tests and benchmarks: an organization (generateOrg) and,
// per active account, get-account-authorization-details content with the trust mixes of real
// organizations (hub and spokes, AWS services, GitHub OIDC and SAML federation, vendors with an
// ExternalId, same-account and in-org trust, a CI → deployer → Admin chain), plus optional
// planted problems, each listed with the finding code an audit should report for it.
// Accounts are drawn independently (one PRNG stream per account), so they can be generated one
// at a time (`syntheticSnapshot().accounts()`) without holding the whole snapshot in memory.
import { ORGANIZATION_ACCESS_ROLE } from '../org/access-role.js';
import { generateOrg } from '../org/synthetic.js';
import type { Org, OrgAccount } from '../org/schema.js';
import { seededRandom } from '../seeded-random.js';
import type { GroupDetail, ManagedPolicyDetail, RoleDetail, UserDetail } from './schema.js';
import {
  accountRoot,
  allowAssume,
  awsManagedArn,
  awsManagedPolicy,
  customerPolicy,
  document,
  groupDetail,
  MFA,
  roleArn,
  roleDetail,
  trustAws,
  trustGithub,
  trustSaml,
  trustService,
  uniqueId,
  userDetail,
  type AwsManagedName,
  type Draw,
  type RoleSpec,
  type UserSpec,
} from './synthetic-iam.js';
import type { Snapshot, SnapshotAccount } from './types.js';

export interface SyntheticSnapshotOptions {
  /** Accounts in the organization, management account included (suspended ones are not collected). */
  accounts: number;
  /** Roles per collected account (planted problems add their roles on top). */
  rolesPerAccount: number;
  /** Users per collected account. */
  usersPerAccount: number;
  /** PRNG seed; the same options always give the same snapshot (default 1). */
  seed?: number;
  /** Plant the problems listed in `planted` (default true); false gives a clean organization. */
  plantProblems?: boolean;
}

export type PlantedCode =
  | 'ROLE_ASSUMABLE_BY_ANYONE'
  | 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID'
  | 'TRUST_TO_DELETED_PRINCIPAL'
  | 'EXTERNAL_ACCOUNT_ROOT_TRUST'
  | 'NOT_PRINCIPAL_ALLOW'
  | 'EXTERNAL_PATH_TO_ADMIN'
  | 'FEDERATED_TRUST_UNCONSTRAINED';

export interface PlantedProblem {
  code: PlantedCode;
  accountId: string;
  /** The role whose trust policy is the problem (for a path: the role the outsider enters by). */
  roleArn: string;
  note: string;
}

export interface SyntheticSnapshot {
  org: Org;
  /** Org accounts without authorization details (the suspended ones), sorted. */
  missing: string[];
  planted: PlantedProblem[];
  /** The collected accounts in id order, drawn lazily. */
  accounts(): Generator<SnapshotAccount>;
}

/** The hub: a role in the security account that every spoke trusts, and the people who use it. */
export const HUB_ROLE = { name: 'crossrole-hub', path: '/hub/' } as const;
export const SPOKE_ROLE = { name: 'SecurityAudit', path: '/spoke/' } as const;
const HUB_GROUP = 'security-engineers';

interface Plan {
  org: Org;
  hubAccountId: string;
  /** Active accounts, in id order. */
  active: OrgAccount[];
  /** Accounts outside the organization: vendors (trusted with an ExternalId) and the planted outsiders. */
  vendors: { accountId: string; role: string; product: string }[];
  outsider: string;
  plants: Map<string, Plant[]>;
  seed: number;
}

interface Plant {
  code: PlantedCode;
  roles: RoleSpec[];
  note: string;
}

export function generateSnapshot(options: SyntheticSnapshotOptions): { snapshot: Snapshot; planted: PlantedProblem[] } {
  const synthetic = syntheticSnapshot(options);
  return { snapshot: { org: synthetic.org, accounts: [...synthetic.accounts()], missing: synthetic.missing }, planted: synthetic.planted };
}

export function syntheticSnapshot(options: SyntheticSnapshotOptions): SyntheticSnapshot {
  const { rolesPerAccount, usersPerAccount } = options;
  for (const [name, value] of Object.entries({ rolesPerAccount, usersPerAccount })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
  const seed = options.seed ?? 1;
  const org = generateOrg({ accounts: options.accounts, seed });
  const plan = makePlan(org, seed, options.plantProblems ?? true);
  const missing = org.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id).sort();
  const planted = [...plan.plants].flatMap(([accountId, plants]) =>
    plants.map((p) => ({ code: p.code, accountId, roleArn: roleArn(accountId, p.roles[0]!.path ?? '/', p.roles[0]!.name), note: p.note })),
  );
  return {
    org,
    missing,
    planted,
    *accounts() {
      for (const account of plan.active) yield generateAccount(plan, account, rolesPerAccount, usersPerAccount);
    },
  };
}

function drawFrom(random: () => number): Draw {
  const int = (n: number) => Math.floor(random() * n);
  return { int, pick: (items) => items[int(items.length)]! };
}

function makePlan(org: Org, seed: number, plantProblems: boolean): Plan {
  const draw = drawFrom(seededRandom(seed ^ 0x5eed));
  const active = org.accounts.filter((a) => a.status === 'ACTIVE').sort((a, b) => a.id.localeCompare(b.id));
  const hub = active.find((a) => a.tags.team === 'security' && a.id !== org.managementAccountId) ?? active.find((a) => a.id !== org.managementAccountId) ?? active[0]!;
  const inOrg = new Set(org.accounts.map((a) => a.id));
  const outside = () => {
    let id: string;
    do id = String(100_000_000_000 + draw.int(899_999_999_999));
    while (inOrg.has(id));
    inOrg.add(id);
    return id;
  };
  const vendors = [
    { product: 'monitoring', role: 'DatadogIntegrationRole' },
    { product: 'cost', role: 'CloudabilityCollector' },
    { product: 'security', role: 'WizAccess-Role' },
    { product: 'backup', role: 'ClumioInventory' },
  ].map((v) => ({ ...v, accountId: outside() }));
  const plan: Plan = { org, hubAccountId: hub.id, active, vendors, outsider: outside(), plants: new Map(), seed };
  if (plantProblems) plantAll(plan, draw);
  return plan;
}

/** Spreads the planted problems over member accounts other than the hub, one or more per account. */
function plantAll(plan: Plan, draw: Draw): void {
  const { outsider } = plan;
  const candidates = plan.active.filter((a) => a.id !== plan.hubAccountId && a.id !== plan.org.managementAccountId);
  const hosts = candidates.length > 0 ? candidates : plan.active;
  const start = draw.int(hosts.length);
  const plants: ((accountId: string) => Plant)[] = [
    () => ({ code: 'ROLE_ASSUMABLE_BY_ANYONE', note: 'Principal "*" with no condition: any AWS principal anywhere can assume it', roles: [{ name: 'legacy-public-reader', trust: document({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), managed: [awsManagedArn('AmazonS3ReadOnlyAccess')] }] }),
    () => ({
      code: 'ROLE_ASSUMABLE_BY_ANYONE',
      note: 'Principal {"AWS": "*"} whose only condition (aws:SecureTransport) any caller satisfies',
      roles: [{ name: 'partner-upload', trust: trustAws('*', { Bool: { 'aws:SecureTransport': 'true' } }), inline: { upload: document({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::partner-uploads/*' }) } }],
    }),
    () => ({ code: 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID', note: `an outside account's role (${outsider}) trusted without an sts:ExternalId condition`, roles: [{ name: 'contractor-access', trust: trustAws(roleArn(outsider, '/', 'ContractorRole')), managed: [awsManagedArn('ReadOnlyAccess')] }] }),
    () => ({ code: 'TRUST_TO_DELETED_PRINCIPAL', note: 'Principal.AWS is a bare unique id: the principal it named was deleted', roles: [{ name: 'old-migration-role', trust: trustAws(uniqueId(draw, 'AROA')), managed: [awsManagedArn('ReadOnlyAccess')] }] }),
    () => ({ code: 'EXTERNAL_ACCOUNT_ROOT_TRUST', note: `the whole outside account ${outsider} (its root) is trusted, with an ExternalId`, roles: [{ name: 'auditor-access', trust: trustAws(accountRoot(outsider), { StringEquals: { 'sts:ExternalId': externalId(draw) } }), managed: [awsManagedArn('SecurityAudit')] }] }),
    () => ({ code: 'NOT_PRINCIPAL_ALLOW', note: 'Allow with NotPrincipal: everyone except one role may assume it', roles: [{ name: 'shared-reader', trust: document({ Effect: 'Allow', NotPrincipal: { AWS: roleArn(outsider, '/', 'Blocked') }, Action: 'sts:AssumeRole' }), managed: [awsManagedArn('ReadOnlyAccess')] }] }),
    (accountId) => ({
      code: 'EXTERNAL_PATH_TO_ADMIN',
      note: `outside account ${outsider} (with an ExternalId) → vendor-automation → ops-admin (AdministratorAccess): two hops to admin`,
      roles: [
        {
          name: 'vendor-automation',
          trust: trustAws(roleArn(outsider, '/', 'AutomationRole'), { StringEquals: { 'sts:ExternalId': externalId(draw) } }),
          inline: { 'escalate-for-maintenance': document(allowAssume(roleArn(accountId, '/', 'ops-admin'))) },
        },
        { name: 'ops-admin', trust: trustAws(roleArn(accountId, '/', 'vendor-automation')), managed: [awsManagedArn('AdministratorAccess')] },
      ],
    }),
    (accountId) => ({ code: 'FEDERATED_TRUST_UNCONSTRAINED', note: 'GitHub OIDC trust without a sub condition: any repository on GitHub can assume it', roles: [{ name: 'github-actions-any', trust: trustGithub(accountId, undefined), managed: [awsManagedArn('ReadOnlyAccess')] }] }),
    (accountId) => ({ code: 'FEDERATED_TRUST_UNCONSTRAINED', note: 'SAML trust without a SAML:aud condition', roles: [{ name: 'saml-no-audience', path: '/saml/', trust: trustSaml(accountId, 'LegacyIdP', false), managed: [awsManagedArn('ReadOnlyAccess')] }] }),
  ];
  const step = Math.max(1, Math.floor(hosts.length / plants.length));
  plants.forEach((make, i) => {
    const accountId = hosts[(start + i * step) % hosts.length]!.id;
    const list = plan.plants.get(accountId) ?? [];
    list.push(make(accountId));
    plan.plants.set(accountId, list);
  });
}

function externalId(draw: Draw): string {
  return Array.from({ length: 4 }, () => draw.int(0x10000).toString(16).padStart(4, '0')).join('-');
}

const COMPONENTS = ['api', 'web', 'worker', 'etl', 'billing', 'search', 'ingest', 'reports', 'notify', 'auth', 'orders', 'catalog'];
const SERVICES = [
  { principal: 'lambda.amazonaws.com', suffix: 'lambda', managed: 'AWSLambdaBasicExecutionRole', instanceProfile: false },
  { principal: 'ecs-tasks.amazonaws.com', suffix: 'task', managed: 'AmazonECSTaskExecutionRolePolicy', instanceProfile: false },
  { principal: 'ec2.amazonaws.com', suffix: 'instance', managed: 'AmazonSSMManagedInstanceCore', instanceProfile: true },
] as const;
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yasmin'];

interface AccountBuild {
  plan: Plan;
  account: OrgAccount;
  draw: Draw;
  roles: RoleDetail[];
  users: UserDetail[];
  usedRoleNames: Set<string>;
}

function generateAccount(plan: Plan, account: OrgAccount, rolesPerAccount: number, usersPerAccount: number): SnapshotAccount {
  const index = plan.active.indexOf(account);
  const stream = (plan.seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0;
  const draw = drawFrom(seededRandom(stream));
  const build: AccountBuild = { plan, account, draw, roles: [], users: [], usedRoleNames: new Set() };
  const id = account.id;
  const team = account.tags.team ?? 'platform';
  const env = account.tags.env ?? 'prod';
  const tags = { team, env };
  const boundaryArn = `arn:aws:iam::${id}:policy/developer-boundary`;

  const core = coreRoles(plan, account, draw, tags);
  for (let i = 0; i < rolesPerAccount; i++) addRole(build, draw, i < core.length ? core[i]! : fillRole(build, i, tags, boundaryArn));
  // Planted roles draw from a stream of their own: with or without them, everything else is the same.
  const plantDraw = drawFrom(seededRandom(stream ^ 0x0badc0de));
  for (const plant of plan.plants.get(id) ?? []) for (const spec of plant.roles) addRole(build, plantDraw, spec);

  const isHub = id === plan.hubAccountId;
  for (let i = 0; i < usersPerAccount; i++) build.users.push(userDetail(draw, id, userSpec(build, i, isHub, boundaryArn)));

  const groups = groupDetails(build, isHub);
  const details = { UserDetailList: build.users, GroupDetailList: groups, RoleDetailList: build.roles, Policies: managedPolicies(build, groups, boundaryArn) };
  return { accountId: id, details };
}

function addRole(build: AccountBuild, draw: Draw, spec: RoleSpec): void {
  let name = spec.name;
  for (let n = 2; build.usedRoleNames.has(name); n++) name = `${spec.name}-${n}`;
  build.usedRoleNames.add(name);
  build.roles.push(roleDetail(draw, build.account.id, { ...spec, name }));
}

/** Roles every account has, in order of importance (a small rolesPerAccount keeps the first ones). */
function coreRoles(plan: Plan, account: OrgAccount, draw: Draw, tags: Record<string, string>): RoleSpec[] {
  const id = account.id;
  const hubRole = roleArn(plan.hubAccountId, HUB_ROLE.path, HUB_ROLE.name);
  const orgCondition = { StringEquals: { 'aws:PrincipalOrgID': plan.org.organizationId } };
  const vendor = plan.vendors[draw.int(plan.vendors.length)]!;
  const roles: RoleSpec[] = [];
  if (id === plan.hubAccountId) {
    roles.push({
      ...HUB_ROLE,
      trust: trustAws(accountRoot(id), MFA),
      inline: { 'assume-spokes': document(allowAssume(`arn:aws:iam::*:role${SPOKE_ROLE.path}*`, { StringEquals: { 'aws:ResourceOrgID': plan.org.organizationId } })) },
      tags: { ...tags, 'managed-by': 'crossrole' },
    });
  }
  roles.push(
    { name: ORGANIZATION_ACCESS_ROLE, trust: trustAws(accountRoot(plan.org.managementAccountId)), managed: [awsManagedArn('AdministratorAccess')] },
    // Half the accounts pin the hub to the organization as well as to its ARN.
    { ...SPOKE_ROLE, trust: trustAws(hubRole, draw.int(2) === 0 ? orgCondition : undefined), managed: [awsManagedArn('SecurityAudit'), awsManagedArn('ReadOnlyAccess')], tags: { ...tags, 'managed-by': 'crossrole' } },
    { name: 'Admin', trust: document({ Effect: 'Allow', Principal: { AWS: accountRoot(id) }, Action: 'sts:AssumeRole', Condition: MFA }, { Effect: 'Allow', Principal: { AWS: roleArn(id, '/', 'deployer') }, Action: 'sts:AssumeRole' }), managed: [awsManagedArn('AdministratorAccess')], tags },
    {
      name: 'github-actions-ci',
      trust: trustGithub(id, `repo:acme-${tags.team}/${tags.team}-service:ref:refs/heads/main`),
      inline: { 'assume-deployer': document(allowAssume(roleArn(id, '/', 'deployer'))) },
      tags,
    },
    {
      name: 'deployer',
      trust: trustAws(roleArn(id, '/', 'github-actions-ci')),
      inline: { 'deploy-then-escalate': document({ Effect: 'Allow', Action: ['cloudformation:*', 's3:PutObject'], Resource: '*' }, allowAssume(roleArn(id, '/', 'Admin'))) },
      managed: [`arn:aws:iam::${id}:policy/deploy-permissions`],
      tags,
    },
    { name: 'Engineers', path: '/saml/', trust: trustSaml(id, 'Okta', true), managed: [awsManagedArn('ReadOnlyAccess')], tags },
    {
      name: `${vendor.product}-vendor`,
      trust: trustAws(roleArn(vendor.accountId, '/', vendor.role), { StringEquals: { 'sts:ExternalId': externalId(draw) } }),
      managed: [awsManagedArn(vendor.product === 'security' ? 'SecurityAudit' : 'ReadOnlyAccess')],
      tags: { ...tags, vendor: vendor.role },
    },
  );
  return roles;
}

/** The rest of an account's roles: mostly workloads run by AWS services, some operator and in-org roles. */
function fillRole(build: AccountBuild, index: number, tags: Record<string, string>, boundaryArn: string): RoleSpec {
  const { draw, account, plan } = build;
  const id = account.id;
  const component = draw.pick(COMPONENTS);
  const roll = draw.int(20);
  if (roll < 13) {
    const service = draw.pick(SERVICES);
    return {
      name: `${tags.team}-${component}-${service.suffix}`,
      path: '/service-role/',
      trust: trustService(service.principal),
      inline: { data: document({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:*:${id}:table/${component}-*` }, { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:*:${id}:${component}-*` }) },
      managed: [awsManagedArn(service.managed), ...(draw.int(3) === 0 ? [`arn:aws:iam::${id}:policy/app-data-access`] : [])],
      ...(draw.int(4) === 0 && { boundary: boundaryArn }),
      tags: { ...tags, component },
      instanceProfile: service.instanceProfile,
    };
  }
  if (roll < 16) {
    return { name: `app-${component}-operator`, trust: trustAws(accountRoot(id)), managed: [awsManagedArn(draw.int(2) ? 'PowerUserAccess' : 'ReadOnlyAccess')], boundary: boundaryArn, tags };
  }
  if (roll < 18) {
    // In-org access: another account's CI role reads this one's artifacts.
    const other = plan.active[draw.int(plan.active.length)]!.id;
    return {
      name: `${component}-artifact-reader`,
      trust: trustAws(roleArn(other, '/', 'github-actions-ci'), { StringEquals: { 'aws:PrincipalOrgID': plan.org.organizationId } }),
      inline: { artifacts: document({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${component}-artifacts-${id}`, `arn:aws:s3:::${component}-artifacts-${id}/*`] }) },
      tags,
    };
  }
  if (roll < 19) {
    const vendor = draw.pick(plan.vendors);
    return { name: `${vendor.product}-vendor-${component}`, trust: trustAws(roleArn(vendor.accountId, '/', vendor.role), { StringEquals: { 'sts:ExternalId': externalId(draw) } }), managed: [awsManagedArn('ReadOnlyAccess')], tags: { ...tags, vendor: vendor.role } };
  }
  return index % 2 === 0
    ? { name: `${component}-deploy`, trust: trustGithub(id, `repo:acme-${tags.team}/${component}:environment:${tags.env}`), inline: { deploy: document({ Effect: 'Allow', Action: ['ecs:UpdateService', 'ecr:PutImage', 'ecr:InitiateLayerUpload'], Resource: '*' }) }, tags }
    : { name: `${component}-analysts`, path: '/saml/', trust: trustSaml(id, 'Okta', true), managed: [awsManagedArn('AmazonS3ReadOnlyAccess')], tags };
}

function userSpec(build: AccountBuild, index: number, isHub: boolean, boundaryArn: string): UserSpec {
  const { draw, account } = build;
  const id = account.id;
  const round = Math.floor(index / PEOPLE.length);
  const name = `${PEOPLE[index % PEOPLE.length]}${round ? round + 1 : ''}`;
  const tags = { team: account.tags.team ?? 'platform' };
  if (isHub && index % 2 === 0) return { name, path: '/security/', groups: [HUB_GROUP], tags };
  switch (index % 5) {
    case 0:
      return { name, groups: ['operators'], tags };
    case 1:
      return { name, groups: ['developers'], boundary: boundaryArn, tags };
    case 2:
      return { name, groups: ['developers', 'readonly'], boundary: boundaryArn, inline: { 'assume-own-operator': document(allowAssume(roleArn(id, '/', `app-${draw.pick(COMPONENTS)}-operator`))) }, tags };
    case 3:
      return { name, groups: ['readonly'], tags };
    default:
      // A service user kept for a tool that cannot assume roles.
      return { name: `svc-${draw.pick(COMPONENTS)}-${index}`, path: '/service/', inline: { 'put-reports': document({ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::reports-${id}/*` }) }, tags };
  }
}

function groupDetails(build: AccountBuild, isHub: boolean): GroupDetail[] {
  const { draw, account } = build;
  const id = account.id;
  const members = new Set(build.users.flatMap((u) => u.GroupList));
  const groups: GroupDetail[] = [];
  const add = (name: string, inline: Record<string, Record<string, unknown>>, managed: string[]) => {
    if (members.has(name)) groups.push(groupDetail(draw, id, name, inline, managed));
  };
  if (isHub) add(HUB_GROUP, { 'assume-hub': document(allowAssume(roleArn(id, HUB_ROLE.path, HUB_ROLE.name), MFA)) }, [awsManagedArn('SecurityAudit')]);
  add('operators', { 'assume-admin': document(allowAssume(roleArn(id, '/', 'Admin'), MFA)) }, [awsManagedArn('ReadOnlyAccess')]);
  add('developers', { 'assume-app-roles': document(allowAssume(`arn:aws:iam::${id}:role/app-*`)) }, []);
  add('readonly', {}, [awsManagedArn('ReadOnlyAccess')]);
  return groups;
}

/** Customer managed policies of the account, and the AWS managed policies attached in it. */
function managedPolicies(build: AccountBuild, groups: GroupDetail[], boundaryArn: string): ManagedPolicyDetail[] {
  const { draw, account } = build;
  const id = account.id;
  const attachments = new Map<string, number>();
  const boundaries = new Map<string, number>();
  const count = (map: Map<string, number>, arn: string) => map.set(arn, (map.get(arn) ?? 0) + 1);
  for (const p of [...build.roles, ...build.users, ...groups]) for (const a of p.AttachedManagedPolicies) count(attachments, a.PolicyArn);
  for (const p of [...build.roles, ...build.users]) if (p.PermissionsBoundary) count(boundaries, p.PermissionsBoundary.PermissionsBoundaryArn);
  const usage = (arn: string) => ({ attachments: attachments.get(arn) ?? 0, boundaries: boundaries.get(arn) ?? 0 });
  const local = (name: string) => `arn:aws:iam::${id}:policy/${name}`;
  const policies = [
    customerPolicy(draw, id, 'developer-boundary', [document({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }), document({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' })], usage(boundaryArn)),
    customerPolicy(draw, id, 'app-data-access', [document({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::app-data-${id}/*` })], usage(local('app-data-access'))),
    customerPolicy(
      draw,
      id,
      'deploy-permissions',
      [
        document({ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }),
        document({ Effect: 'Allow', Action: ['cloudformation:*', 'iam:PassRole'], Resource: '*' }),
        document({ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${id}:role/service-role/*` }),
      ],
      usage(local('deploy-permissions')),
    ),
  ];
  const awsNames = [...attachments.keys(), ...boundaries.keys()].filter((arn) => arn.startsWith('arn:aws:iam::aws:policy/')).map((arn) => arn.slice(arn.lastIndexOf('/') + 1) as AwsManagedName);
  for (const name of [...new Set(awsNames)].sort()) policies.push(awsManagedPolicy(name, usage(awsManagedArn(name))));
  return policies;
}
