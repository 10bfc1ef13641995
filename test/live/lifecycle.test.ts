// The live commands against a real moto server, as a user runs them (the CLI, environment
// credentials, --endpoint-url): first apply, no-op plan, drift, conflicts, pruning, suspended
// accounts, a growing organization, verify.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, ListRoleTagsCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, DescribeCreateAccountStatusCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { HubCheck, VerifyCell } from '../../src/verify/static.js';
import { crossrole as run, crossroleAsync } from '../helpers/cli.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { assertAdmitsExactly, hubDocuments, readOrgIndex } from '../helpers/hub-admits.js';
import { assumeInto, awsConfig, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';

let moto: Moto;
let seeded: SeededOrg;
let dir: string;
let hubAccount: string;

function crossrole(...args: string[]) {
  return run([...args, '--endpoint-url', moto.endpoint], dir, cliEnv());
}

const iamIn = async (accountId: string) => (await assumeInto(moto.endpoint, accountId)).iam();
const roleIn = async (accountId: string, name = 'FleetAccess') => (await iamIn(accountId)).send(new GetRoleCommand({ RoleName: name })).then((r) => r.Role);
const prodAccounts = () => seeded.accounts.filter((a) => a.ouName === 'Prod' && a.status === 'ACTIVE');
/** What the spec targets: every ACTIVE member account outside the Sandbox OU (never the management account). */
const targeted = () => seeded.accounts.filter((a) => a.status === 'ACTIVE' && a.ouName !== 'Sandbox' && a.id !== seeded.managementAccountId).map((a) => a.id);
/** The hub's policies admit FleetAccess in exactly these accounts, account by account. */
const hubAdmitsExactly = async (accounts: string[]) =>
  assertAdmitsExactly(readOrgIndex(join(dir, 'org.json')), await hubDocuments(await iamIn(hubAccount), { role: 'FleetHub' }), { path: '/crossrole/', name: 'FleetAccess', spec: 'fleet' }, accounts);
const discover = () => {
  const r = crossrole('discover', '--out', 'org.json');
  assert.equal(r.status, 0, r.stderr);
};

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, {
    ous: [{ name: 'Security', accounts: 1 }, { name: 'Workloads', children: [{ name: 'Prod', accounts: 4 }] }, { name: 'Sandbox', accounts: 2 }],
    suspended: 1,
  });
  dir = mkdtempSync(join(tmpdir(), 'crossrole-live-'));
  hubAccount = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  await createHubRole(moto.endpoint, hubAccount);
  writeFileSync(
    join(dir, 'crossrole.yaml'),
    `version: 1
name: fleet
hubs:
  security:
    account: "${hubAccount}"
    role: { name: FleetHub, path: /crossrole/ }
roles:
  FleetAccess:
    path: /crossrole/
    trust: { hubs: [security], allowTagSession: true }
    permissions:
      managed: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      inline:
        DenyIam: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "iam:*", Resource: "*" }] }
    targets: { ous: [${seeded.rootId}], exclude: { ous: [${seeded.ous.Sandbox}] } }
`,
  );
  discover();
});
after(() => moto.stop());

const journals = () => {
  const journalDir = join(dir, '.crossrole', 'journal');
  return existsSync(journalDir) ? readdirSync(journalDir) : [];
};

/**
 * Applies a saved plan creating `newAccount`'s spoke (and fixing drift elsewhere): refused once the
 * organization it was made for changed; failing on a role someone made between plan and apply,
 * keeping the journal of what it did; resumed from that journal once the role is gone, and the
 * journal removed when everything succeeded.
 */
async function applySavedPlanThroughARace(newAccount: string): Promise<void> {
  const drifted = prodAccounts()[0]!.id;
  const sneaky = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  await (await iamIn(drifted)).send(new PutRolePolicyCommand({ RoleName: 'FleetAccess', PolicyName: 'Sneaky', PolicyDocument: sneaky }));
  assert.equal(crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--out', 'saved.json').status, 2);
  const applySaved = (org = 'org.json') => crossrole('apply', '--spec', 'crossrole.yaml', '--org', org, '--plan', 'saved.json', '--auto-approve');

  // The organization changed since the plan was made: the new account moved out of the targets.
  const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as { accounts: { id: string; parentId: string }[] };
  writeFileSync(join(dir, 'org-moved.json'), JSON.stringify({ ...org, accounts: org.accounts.map((a) => (a.id === newAccount ? { ...a, parentId: seeded.ous.Sandbox! } : a)) }));
  const stale = applySaved('org-moved.json');
  assert.equal(stale.status, 2, stale.stdout + stale.stderr);
  assert.equal(stale.stderr.trim(), 'saved.json was made for another version of the spec or organization; run crossrole plan again');
  assert.ok(decodeURIComponent((await (await iamIn(drifted)).send(new GetRolePolicyCommand({ RoleName: 'FleetAccess', PolicyName: 'Sneaky' }))).PolicyDocument!), 'nothing was applied');

  const foreignTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${newAccount}:root` }, Action: 'sts:AssumeRole' }] });
  await (await iamIn(newAccount)).send(new CreateRoleCommand({ RoleName: 'FleetAccess', Path: '/crossrole/', AssumeRolePolicyDocument: foreignTrust }));
  const raced = applySaved();
  assert.equal(raced.status, 1, raced.stdout + raced.stderr);
  assert.match(raced.stdout, new RegExp(`FAILED account ${newAccount} at .*EntityAlreadyExists: role FleetAccess was created outside this apply`));
  assert.equal(decodeURIComponent((await roleIn(newAccount))!.AssumeRolePolicyDocument!), foreignTrust, 'the raced role is left alone');
  assert.equal(journals().length, 1, 'a failed apply keeps its journal');

  await (await iamIn(newAccount)).send(new DeleteRoleCommand({ RoleName: 'FleetAccess' }));
  const resumed = applySaved();
  assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, /[1-9]\d* steps already done by an earlier run/);
  assert.deepEqual(journals(), [], 'a finished apply removes its journal');
}

describe('live lifecycle against moto', { concurrency: false }, () => {
  test('an unowned role with a managed name is a conflict and is never changed', async () => {
    const victim = prodAccounts()[0]!.id;
    const foreignTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${victim}:root` }, Action: 'sts:AssumeRole' }] });
    await (await iamIn(victim)).send(new CreateRoleCommand({ RoleName: 'FleetAccess', Path: '/crossrole/', AssumeRolePolicyDocument: foreignTrust }));
    const plan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 2, plan.stderr);
    assert.match(plan.stdout, new RegExp(`! .*${victim}`));
    // The rest is applied; the conflict is named and the exit code says the spec is not applied.
    const apply = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 1, apply.stdout + apply.stderr);
    assert.match(apply.stdout, new RegExp(`Not applied: 1 conflict[^]*${victim}`));
    // The hub is never granted a role crossrole does not own, and is granted every other target.
    await hubAdmitsExactly(targeted().filter((id) => id !== victim));
    const role = await roleIn(victim);
    assert.equal(decodeURIComponent(role!.AssumeRolePolicyDocument!), foreignTrust);
    const tags = await (await iamIn(victim)).send(new ListRoleTagsCommand({ RoleName: 'FleetAccess' }));
    assert.deepEqual(tags.Tags ?? [], []);
    // Remove the foreign role so the rest of the lifecycle starts from a clean fleet.
    await (await iamIn(victim)).send(new DeleteRoleCommand({ RoleName: 'FleetAccess' }));
  });

  test('apply creates every spoke with ownership tags and the hub policy; suspended and excluded accounts get nothing', async () => {
    const apply = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    for (const account of prodAccounts()) {
      const role = await roleIn(account.id);
      assert.equal(role!.Path, '/crossrole/');
      const tags = Object.fromEntries((role!.Tags ?? []).map((t) => [t.Key, t.Value]));
      assert.equal(tags['crossrole:managed-by'], 'crossrole');
      assert.equal(tags['crossrole:spec'], 'fleet');
      assert.match(tags['crossrole:hash']!, /^[0-9a-f]{16}$/);
    }
    await hubAdmitsExactly(targeted());
    for (const account of seeded.accounts.filter((a) => a.ouName === 'Sandbox' || a.status !== 'ACTIVE')) {
      await assert.rejects(roleIn(account.id), /NoSuchEntity|cannot be found/);
    }
  });

  test('a second plan has no changes (exit 0)', () => {
    const plan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes\./);
  });

  test('an apply with nothing left to do removes the journal of a run killed after its last call', () => {
    assert.equal(crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--out', 'done.json').status, 0);
    const { desiredHash } = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8')) as { desiredHash: string };
    mkdirSync(join(dir, '.crossrole', 'journal'), { recursive: true });
    writeFileSync(join(dir, '.crossrole', 'journal', `${desiredHash}.jsonl`), `${JSON.stringify({ plan: 'killed', account: hubAccount, target: 'FleetAccess', step: 0, op: 'CreateRole' })}\n`);
    const apply = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, /No changes\./);
    assert.deepEqual(journals(), []);
  });

  test('verify: every spoke assumable, live and static', () => {
    const verify = crossrole('verify', '--spec', 'crossrole.yaml', '--org', 'org.json', '--json');
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    const out = JSON.parse(verify.stdout) as { summary: Record<string, number> };
    assert.equal(out.summary.ok, prodAccounts().length + 1);
  });

  test('verify: an AssumeRole the hub is refused (by the fault proxy, as AWS would) is denied-live, exit 1; the other spokes stay ok', async () => {
    // moto never enforces trust: the proxy refuses the hub's AssumeRole into one spoke.
    const proxy = await startFaultProxy(moto.endpoint);
    try {
      const refused = prodAccounts()[0]!.id;
      proxy.setRules({ refuse: [{ call: 'sts:AssumeRole', params: { RoleArn: `arn:aws:iam::${refused}:role/crossrole/FleetAccess` } }] });
      // Asynchronously: the proxy answers from this process.
      const verify = await crossroleAsync(['verify', '--spec', 'crossrole.yaml', '--org', 'org.json', '--json', '--endpoint-url', proxy.endpoint], dir, cliEnv());
      assert.equal(verify.status, 1, verify.stdout + verify.stderr);
      assert.equal(proxy.injected().get('refuse'), 1, 'the hub tried the refused spoke once');
      const { cells, hubs } = JSON.parse(verify.stdout) as { cells: VerifyCell[]; hubs: HubCheck[] };
      const denied = cells.filter((c) => c.status !== 'ok');
      assert.deepEqual(denied.map((c) => [c.accountId, c.status]), [[refused, 'denied-live']]);
      assert.match(denied[0]!.reason!, /AccessDenied.*sts:AssumeRole/);
      assert.equal(cells.length, prodAccounts().length + 1);
      assert.deepEqual(hubs.map((h) => h.status), ['ok']);
    } finally {
      await proxy.stop();
    }
  });

  test('a role edited by hand shows as drift and apply restores it', async () => {
    const account = prodAccounts()[1]!.id;
    const iam = await iamIn(account);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'FleetAccess', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'FleetAccess', PolicyName: 'Sneaky', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'FleetAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const plan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 2);
    assert.match(plan.stdout, new RegExp(`~ .*${account}`));
    assert.match(plan.stdout, /999999999999/);
    assert.match(plan.stdout, /Sneaky/);
    assert.equal(crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve').status, 0);
    assert.equal(crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json').status, 0);
    const trust = decodeURIComponent((await roleIn(account))!.AssumeRolePolicyDocument!);
    assert.ok(!trust.includes('999999999999'));
  });

  test('the hub policy follows when accounts are added', async () => {
    const org = new OrganizationsClient(awsConfig(moto.endpoint));
    const created = await org.send(new CreateAccountCommand({ AccountName: 'prod-new', Email: 'prod-new@example.com' }));
    const status = await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    const id = status.CreateAccountStatus!.AccountId!;
    await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: seeded.rootId, DestinationParentId: seeded.ous.Prod! }));
    discover();
    const plan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 2);
    assert.match(plan.stdout, new RegExp(`\\+ .*${id}`));
    await applySavedPlanThroughARace(id);
    await hubAdmitsExactly([...targeted(), id]);
    assert.ok(await roleIn(id));
  });

  test('an account moved out of the targets is left alone without --prune and offboarded with it', async () => {
    const moved = prodAccounts()[2]!.id;
    const org = new OrganizationsClient(awsConfig(moto.endpoint));
    await org.send(new MoveAccountCommand({ AccountId: moved, SourceParentId: seeded.ous.Prod!, DestinationParentId: seeded.ous.Sandbox! }));
    discover();
    const keep = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(keep.status, 0, keep.stdout + keep.stderr);
    assert.ok(await roleIn(moved), 'without --prune the role stays');
    const prunePlan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--prune');
    assert.equal(prunePlan.status, 2);
    assert.match(prunePlan.stdout, new RegExp(`- .*${moved}`));
    assert.equal(crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve', '--prune').status, 0);
    await assert.rejects(roleIn(moved), /NoSuchEntity|cannot be found/);
    assert.equal(crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--prune').status, 0);
  });

  test('verify reports a spoke deleted by hand as missing (exit 1)', async () => {
    const account = prodAccounts()[3]!.id;
    const iam = await iamIn(account);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'FleetAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new (await import('@aws-sdk/client-iam')).DeleteRolePolicyCommand({ RoleName: 'FleetAccess', PolicyName: 'DenyIam' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'FleetAccess' }));
    const verify = crossrole('verify', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(verify.status, 1);
    assert.match(verify.stdout, new RegExp(`MISSING .*\\(${account}\\) FleetAccess`));
  });
});
