// The synthetic snapshot: deterministic, schema-valid, realistic ids, planted problems exactly
// where the planted list says (checked against the content by independent predicates), and a
// round trip through writeSnapshot → readSnapshot.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readSnapshot } from '../../src/snapshot/read.js';
import { accountAuthorizationDetailsSchema, type RoleDetail } from '../../src/snapshot/schema.js';
import { generateSnapshot, type PlantedCode } from '../../src/snapshot/synthetic.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';

const options = { accounts: 60, rolesPerAccount: 30, usersPerAccount: 8, seed: 11 };
const planted = generateSnapshot(options);
const clean = generateSnapshot({ ...options, plantProblems: false });

type Statement = { Effect: string; Principal?: unknown; NotPrincipal?: unknown; Action?: unknown; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
const statements = (doc: Record<string, unknown>): Statement[] => [doc.Statement].flat() as Statement[];
const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
const awsPrincipals = (s: Statement): string[] => (s.Principal === '*' ? ['*'] : list((s.Principal as { AWS?: unknown } | undefined)?.AWS));
const conditionKeys = (s: Statement): string[] => Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));
const accountOf = (arn: string) => /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1];

/** What an auditor would see in a role's trust, found without the generator's help. */
function problemsOf(role: RoleDetail, snapshot: Snapshot, rolesByArn: Map<string, RoleDetail>): PlantedCode[] {
  const inOrg = new Set(snapshot.org.accounts.map((a) => a.id));
  const codes: PlantedCode[] = [];
  for (const s of statements(role.AssumeRolePolicyDocument)) {
    if (s.Effect !== 'Allow') continue;
    if (s.NotPrincipal) codes.push('NOT_PRINCIPAL_ALLOW');
    const principals = awsPrincipals(s);
    const external = principals.filter((p) => accountOf(p) !== undefined && !inOrg.has(accountOf(p)!));
    if (principals.includes('*') && !conditionKeys(s).some((k) => /^aws:(PrincipalOrgID|PrincipalAccount|PrincipalArn|SourceAccount)$/.test(k))) codes.push('ROLE_ASSUMABLE_BY_ANYONE');
    if (external.length > 0 && !conditionKeys(s).includes('sts:ExternalId')) codes.push('EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID');
    if (external.some((p) => p.endsWith(':root'))) codes.push('EXTERNAL_ACCOUNT_ROOT_TRUST');
    if (principals.some((p) => /^AROA[A-Z0-9]{17}$/.test(p))) codes.push('TRUST_TO_DELETED_PRINCIPAL');
    const federated = list((s.Principal as { Federated?: unknown } | undefined)?.Federated);
    if (federated.some((f) => f.endsWith('token.actions.githubusercontent.com')) && !conditionKeys(s).includes('token.actions.githubusercontent.com:sub')) codes.push('FEDERATED_TRUST_UNCONSTRAINED');
    if (federated.some((f) => f.includes(':saml-provider/')) && !conditionKeys(s).includes('SAML:aud')) codes.push('FEDERATED_TRUST_UNCONSTRAINED');
    // Outside account (with an ExternalId) → this role → a role with AdministratorAccess that trusts it.
    if (external.length > 0 && conditionKeys(s).includes('sts:ExternalId')) {
      const targets = role.RolePolicyList.flatMap((p) => statements(p.PolicyDocument)).filter((t) => t.Effect === 'Allow' && list(t.Action).includes('sts:AssumeRole')).flatMap((t) => list(t.Resource));
      const admin = targets.some((arn) => {
        const target = rolesByArn.get(arn);
        return target?.AttachedManagedPolicies.some((p) => p.PolicyArn === 'arn:aws:iam::aws:policy/AdministratorAccess') && statements(target.AssumeRolePolicyDocument).some((t) => awsPrincipals(t).includes(role.Arn));
      });
      if (admin) codes.push('EXTERNAL_PATH_TO_ADMIN');
    }
  }
  return codes;
}

function findProblems(snapshot: Snapshot): string[] {
  const found: string[] = [];
  for (const account of snapshot.accounts) {
    const rolesByArn = new Map(account.details.RoleDetailList.map((r) => [r.Arn, r]));
    for (const role of account.details.RoleDetailList) for (const code of problemsOf(role, snapshot, rolesByArn)) found.push(`${code} ${account.accountId} ${role.Arn}`);
  }
  return found.sort();
}

describe('generateSnapshot', () => {
  it('is deterministic and varies with the seed', () => {
    assert.deepEqual(generateSnapshot(options), planted);
    const other = generateSnapshot({ ...options, seed: 12 });
    assert.notDeepEqual(other.snapshot.accounts[0]!.details.RoleDetailList[0]!.RoleId, planted.snapshot.accounts[0]!.details.RoleDetailList[0]!.RoleId);
  });

  it('gives every active account schema-valid details with the requested counts; suspended accounts are missing', () => {
    const { snapshot } = planted;
    const suspended = snapshot.org.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id).sort();
    assert.ok(suspended.length > 0);
    assert.deepEqual(snapshot.missing, suspended);
    assert.equal(snapshot.accounts.length, snapshot.org.accounts.length - suspended.length);
    const plantedRoles = new Map<string, number>();
    for (const p of planted.planted) plantedRoles.set(p.accountId, (plantedRoles.get(p.accountId) ?? 0) + (p.code === 'EXTERNAL_PATH_TO_ADMIN' ? 2 : 1));
    for (const { accountId, details } of snapshot.accounts) {
      assert.deepEqual(accountAuthorizationDetailsSchema.parse(structuredClone(details)), details, `${accountId}: the schema accepts it and adds nothing`);
      assert.equal(details.RoleDetailList.length, options.rolesPerAccount + (plantedRoles.get(accountId) ?? 0));
      assert.equal(details.UserDetailList.length, options.usersPerAccount);
      assert.equal(new Set(details.RoleDetailList.map((r) => r.RoleName)).size, details.RoleDetailList.length, 'role names are unique');
    }
    assert.deepEqual(snapshot.accounts.map((a) => a.accountId), [...snapshot.accounts.map((a) => a.accountId)].sort());
  });

  it('uses realistic ids and ARNs that agree with the account, path and name', () => {
    for (const { accountId, details } of planted.snapshot.accounts) {
      for (const r of details.RoleDetailList) {
        assert.match(r.RoleId, /^AROA[A-Z0-9]{17}$/);
        assert.equal(r.Arn, `arn:aws:iam::${accountId}:role${r.Path}${r.RoleName}`);
        assert.match(String(r.CreateDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      }
      for (const u of details.UserDetailList) {
        assert.match(u.UserId, /^AIDA[A-Z0-9]{17}$/);
        assert.equal(u.Arn, `arn:aws:iam::${accountId}:user${u.Path}${u.UserName}`);
      }
      const groups = new Set(details.GroupDetailList.map((g) => g.GroupName));
      for (const g of details.GroupDetailList) assert.match(g.GroupId, /^AGPA[A-Z0-9]{17}$/);
      for (const u of details.UserDetailList) for (const g of u.GroupList) assert.ok(groups.has(g), `${u.UserName}'s group ${g} exists`);
      const policies = new Set(details.Policies.map((p) => p.Arn));
      for (const p of details.Policies) assert.match(p.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
      for (const principal of [...details.RoleDetailList, ...details.UserDetailList, ...details.GroupDetailList]) {
        for (const a of principal.AttachedManagedPolicies) assert.ok(policies.has(a.PolicyArn), `${a.PolicyArn} is listed in Policies`);
      }
    }
  });

  it('has the trust mixes of a real organization', () => {
    const trusts = planted.snapshot.accounts.flatMap((a) => a.details.RoleDetailList.map((r) => JSON.stringify(r.AssumeRolePolicyDocument)));
    const count = (pattern: RegExp) => trusts.filter((t) => pattern.test(t)).length;
    assert.ok(count(/role\/hub\/crossrole-hub/) >= planted.snapshot.accounts.length, 'every account trusts the hub role');
    assert.ok(count(/role\/hub\/crossrole-hub.*aws:PrincipalOrgID/) > 0, 'some spokes pin the organization');
    for (const service of ['lambda', 'ecs-tasks', 'ec2']) assert.ok(count(new RegExp(`"${service}\\.amazonaws\\.com"`)) > 0, service);
    assert.ok(count(/oidc-provider\/token\.actions\.githubusercontent\.com.*:aud.*:sub/) > 0, 'GitHub OIDC with aud and sub');
    assert.ok(count(/saml-provider.*SAML:aud/) > 0, 'SAML with an audience');
    assert.ok(count(/sts:ExternalId/) > 0, 'vendors with an ExternalId');
    assert.ok(count(/"Bool":\{"aws:MultiFactorAuthPresent":"true"\}/) > 0, 'same-account root with MFA');
    const users = planted.snapshot.accounts.flatMap((a) => a.details.UserDetailList);
    assert.ok(users.some((u) => u.PermissionsBoundary) && users.some((u) => u.UserPolicyList.length > 0));
  });

  it('plants exactly the listed problems, and the clean organization has none', () => {
    const listed = planted.planted.map((p) => `${p.code} ${p.accountId} ${p.roleArn}`).sort();
    assert.deepEqual(new Set(planted.planted.map((p) => p.code)), new Set(['ROLE_ASSUMABLE_BY_ANYONE', 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID', 'TRUST_TO_DELETED_PRINCIPAL', 'EXTERNAL_ACCOUNT_ROOT_TRUST', 'NOT_PRINCIPAL_ALLOW', 'EXTERNAL_PATH_TO_ADMIN', 'FEDERATED_TRUST_UNCONSTRAINED']));
    assert.deepEqual(findProblems(planted.snapshot), listed);
    assert.deepEqual(clean.planted, []);
    assert.deepEqual(findProblems(clean.snapshot), []);
  });

  it('changes nothing but the planted roles when planting', () => {
    const plantedArns = new Set(planted.planted.map((p) => p.roleArn));
    for (const [i, account] of planted.snapshot.accounts.entries()) {
      const other = clean.snapshot.accounts[i]!;
      assert.deepEqual(account.details.UserDetailList, other.details.UserDetailList);
      const roles = account.details.RoleDetailList.slice(0, options.rolesPerAccount);
      assert.deepEqual(roles, other.details.RoleDetailList);
      for (const extra of account.details.RoleDetailList.slice(options.rolesPerAccount)) assert.ok(plantedArns.has(extra.Arn) || extra.RoleName === 'ops-admin', extra.Arn);
    }
  });

  it('rejects impossible sizes', () => {
    assert.throws(() => generateSnapshot({ ...options, rolesPerAccount: -1 }), /rolesPerAccount must be an integer >= 0/);
    assert.throws(() => generateSnapshot({ ...options, accounts: 0 }), /accounts must be an integer >= 1/);
  });
});

describe('writeSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossrole-synthetic-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through readSnapshot', () => {
    writeSnapshot(dir, planted.snapshot);
    // structuredClone: org.json's records have no prototype; the content is what counts.
    assert.deepEqual(structuredClone(readSnapshot(dir)), planted.snapshot);
  });
});
