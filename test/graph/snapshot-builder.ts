// Small snapshots by hand: accounts written in the GAAD shape with the boilerplate (ARNs, ids,
// managed policy versions) filled in from names and paths.
import { orgSchema, type Org } from '../../src/org/schema.js';
import { accountAuthorizationDetailsSchema } from '../../src/snapshot/schema.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export interface CaseUser {
  UserName: string;
  Path?: string;
  Groups?: string[];
  Inline?: unknown[];
  Managed?: string[];
  Boundary?: string;
  Tags?: Record<string, string>;
}

export interface CaseRole {
  RoleName: string;
  Path?: string;
  Trust: unknown;
  Inline?: unknown[];
  Managed?: string[];
  Boundary?: string;
  Tags?: Record<string, string>;
}

export interface CaseAccount {
  users?: CaseUser[];
  groups?: { GroupName: string; Inline?: unknown[]; Managed?: string[] }[];
  roles?: CaseRole[];
  /** Managed policies by ARN (`arn:aws:iam::aws:policy/…` or the account's own). */
  policies?: Record<string, unknown>;
}

/** Organization o-abcdefghij: management 111111111111 at the root, 222… and 333… in OU Workloads, 444… in OU Sandbox. */
export function testOrg(policies: Org['policies'] = []): Org {
  return orgSchema.parse({
    organizationId: 'o-abcdefghij',
    managementAccountId: '111111111111',
    roots: [{ id: 'r-ab12', name: 'Root' }],
    organizationalUnits: [
      { id: 'ou-ab12-wkld0001', name: 'Workloads', parentId: 'r-ab12' },
      { id: 'ou-ab12-sbox0001', name: 'Sandbox', parentId: 'r-ab12' },
    ],
    accounts: [
      { id: '111111111111', name: 'management', parentId: 'r-ab12' },
      { id: '222222222222', name: 'security', parentId: 'ou-ab12-wkld0001' },
      { id: '333333333333', name: 'workload', parentId: 'ou-ab12-wkld0001' },
      { id: '444444444444', name: 'sandbox', parentId: 'ou-ab12-sbox0001' },
    ],
    policies,
  });
}

export function buildSnapshot(org: Org, accounts: Record<string, CaseAccount>): Snapshot {
  return {
    org,
    missing: org.accounts.filter((a) => !(a.id in accounts)).map((a) => a.id),
    accounts: Object.entries(accounts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([accountId, account]) => ({ accountId, details: accountDetails(accountId, account) })),
  };
}

function accountDetails(accountId: string, account: CaseAccount): Snapshot['accounts'][number]['details'] {
  let id = 0;
  const uid = (prefix: string): string => `${prefix}${accountId}${String(++id).padStart(6, '0')}`;
  const inline = (docs: unknown[] | undefined, key: string) => (docs ?? []).map((PolicyDocument, i) => ({ PolicyName: `${key}${i}`, PolicyDocument }));
  const attached = (arns: string[] | undefined) => (arns ?? []).map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1) }));
  const tags = (t: Record<string, string> | undefined) => Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const boundary = (arn: string | undefined) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {});
  return accountAuthorizationDetailsSchema.parse({
    UserDetailList: (account.users ?? []).map((u) => ({
      Path: u.Path ?? '/',
      UserName: u.UserName,
      UserId: uid('AIDA'),
      Arn: `arn:aws:iam::${accountId}:user${u.Path ?? '/'}${u.UserName}`,
      UserPolicyList: inline(u.Inline, 'inline'),
      GroupList: u.Groups ?? [],
      AttachedManagedPolicies: attached(u.Managed),
      Tags: tags(u.Tags),
      ...boundary(u.Boundary),
    })),
    GroupDetailList: (account.groups ?? []).map((g) => ({
      Path: '/',
      GroupName: g.GroupName,
      GroupId: uid('AGPA'),
      Arn: `arn:aws:iam::${accountId}:group/${g.GroupName}`,
      GroupPolicyList: inline(g.Inline, 'inline'),
      AttachedManagedPolicies: attached(g.Managed),
    })),
    RoleDetailList: (account.roles ?? []).map((r) => ({
      Path: r.Path ?? '/',
      RoleName: r.RoleName,
      RoleId: uid('AROA'),
      Arn: `arn:aws:iam::${accountId}:role${r.Path ?? '/'}${r.RoleName}`,
      AssumeRolePolicyDocument: r.Trust,
      RolePolicyList: inline(r.Inline, 'inline'),
      AttachedManagedPolicies: attached(r.Managed),
      Tags: tags(r.Tags),
      ...boundary(r.Boundary),
    })),
    Policies: Object.entries(account.policies ?? {}).map(([Arn, Document]) => ({
      PolicyName: Arn.slice(Arn.lastIndexOf('/') + 1),
      Arn,
      Path: '/',
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ Document, VersionId: 'v1', IsDefaultVersion: true }],
    })),
  });
}
