// `plan|apply --via stackset` against moto, one fleet taken through its life: apply from nothing
// (the StackSet, its instances in a nested OU's accounts, the hub) while CloudFormation says another
// operation is in progress; a re-plan with nothing to do and verify; a permission change rolled out
// through the StackSet; an out-of-band edit planned as drift; an operation that fails (the fault
// proxy turns its results into FAILED); an account dropped from the targets offboarded with
// --prune. moto ignores AutoDeployment, so the spec turns it off; test/helpers/moto-site makes
// moto's UpdateStackSet and SERVICE_MANAGED DeleteStackInstances reach the instances as AWS does.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { isNoSuchEntity } from '../../src/aws/errors.js';
import { decodePolicy } from '../../src/observe/role-detail.js';
import type { Plan } from '../../src/plan/types.js';
import { crossroleAsync } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';

let moto: Moto;
let proxy: FaultProxy;
let seeded: SeededOrg;
let dir: string;
let prod: string[];
const STACKSET = 'crossrole-fleet-FleetAccess';

/** The CLI through the fault proxy (no faults unless a test sets them). */
const crossrole = (...args: string[]) => crossroleAsync([...args, '--endpoint-url', proxy.endpoint], dir, cliEnv());

function writeSpec(options: { tagSession?: boolean; exclude?: string } = {}): void {
  const hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  writeFileSync(
    join(dir, 'fleet.yaml'),
    [
      'version: 1',
      'name: fleet',
      // The hub role exists unowned (createHubRole): apply --prune would delete a hub role crossrole made (see the report).
      `hubs: { sec: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } } }`,
      'roles:',
      '  FleetAccess:',
      `    trust: { hubs: [sec], allowTagSession: ${options.tagSession ?? false} }`,
      // No permissions: moto's CloudFormation ignores ManagedPolicyArns, and IAM's read of its inline policies fails.
      `    targets: { ous: [${seeded.ous.Workloads}]${options.exclude ? `, exclude: { accounts: ["${options.exclude}"] }` : ''} }`,
      'deploy: { via: stackset, autoDeployment: { enabled: false } }',
      '',
    ].join('\n'),
  );
}

async function planJson(...flags: string[]): Promise<{ status: number | null; plan: Plan }> {
  const result = await crossrole('plan', '--spec', 'fleet.yaml', '--org', 'org.json', '--json', ...flags);
  assert.notEqual(result.status, 1, result.stderr + result.stdout);
  return { status: result.status, plan: JSON.parse(result.stdout) as Plan };
}

const apply = (...flags: string[]) => crossrole('apply', '--spec', 'fleet.yaml', '--org', 'org.json', '--auto-approve', ...flags);

/** Each Prod account's FleetAccess trust actions, or undefined where the role does not exist. */
async function spokeTrust(): Promise<Record<string, string[] | undefined>> {
  const out: Record<string, string[] | undefined> = {};
  for (const account of prod) {
    const iam = (await assumeInto(moto.endpoint, account)).iam();
    try {
      const role = (await iam.send(new GetRoleCommand({ RoleName: 'FleetAccess' }))).Role!;
      const statements = decodePolicy(role.AssumeRolePolicyDocument).Statement as { Action: string | string[] }[];
      out[account] = statements.flatMap((s) => s.Action).sort();
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
      out[account] = undefined;
    }
  }
  return out;
}

const journals = () => (existsSync(join(dir, '.crossrole', 'journal')) ? readdirSync(join(dir, '.crossrole', 'journal')) : []);

before(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint, {}, 3);
  // Prod is nested in Workloads: the StackSet deploys to Workloads, reaching Prod's accounts.
  seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Workloads', children: [{ name: 'Prod', accounts: 2 }] }] });
  prod = seeded.accounts.filter((a) => a.ouName === 'Prod').map((a) => a.id).sort();
  await createHubRole(moto.endpoint, seeded.accounts.find((a) => a.ouName === 'Security')!.id);
  dir = mkdtempSync(join(tmpdir(), 'crossrole-stackset-'));
  writeSpec();
  const discovered = await crossrole('discover', '--out', 'org.json');
  assert.equal(discovered.status, 0, discovered.stderr);
});
after(async () => {
  await proxy.stop();
  await moto.stop();
});

describe('apply --via stackset', { concurrency: false }, () => {
  test('from nothing, through OperationInProgressException: the StackSet, an instance in each account of the nested OU, the hub; then nothing to do and verify passes', async () => {
    const first = await planJson();
    assert.equal(first.status, 2);
    const [change] = first.plan.stackSets!.stackSets;
    assert.equal(change?.kind, 'create');
    assert.deepEqual(change.addInstances, prod);
    assert.deepEqual(first.plan.roles, [], 'the spokes go through the StackSet, not the API');

    proxy.setRules({ errors: [{ call: 'cloudformation:CreateStackInstances', code: 'OperationInProgressException', message: 'Another Operation on StackSet is in progress', times: 1 }] });
    const applied = await apply();
    proxy.setRules({});
    assert.equal(applied.status, 0, applied.stdout + applied.stderr);
    assert.equal(proxy.injected().get('error'), 1);
    assert.match(applied.stderr, /StackSet crossrole-fleet-FleetAccess: CreateStackInstances: another operation is in progress; trying again in 1 s/);
    for (const account of prod) assert.match(applied.stdout, new RegExp(`   ${account} CURRENT\n`));
    assert.deepEqual(await spokeTrust(), Object.fromEntries(prod.map((a) => [a, ['sts:AssumeRole']])));
    assert.deepEqual(journals(), [], 'a finished apply removes its journal');

    const again = await planJson();
    assert.equal(again.status, 0, JSON.stringify(again.plan.stackSets));
    assert.deepEqual(again.plan.stackSets!.stackSets.map((s) => s.kind), ['unchanged']);
    const verify = await crossrole('verify', '--spec', 'fleet.yaml', '--org', 'org.json');
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  test('a permission change rolls out to every instance through UpdateStackSet', async () => {
    writeSpec({ tagSession: true });
    const applied = await apply();
    assert.equal(applied.status, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /~ update StackSet crossrole-fleet-FleetAccess {2}role FleetAccess\n {6}~ template\n/);
    assert.match(applied.stderr, /StackSet crossrole-fleet-FleetAccess: UpdateStackSet crossrole-[0-9a-f]{16} SUCCEEDED/);
    assert.deepEqual(await spokeTrust(), Object.fromEntries(prod.map((a) => [a, ['sts:AssumeRole', 'sts:TagSession']])));
    assert.equal((await planJson()).status, 0);
  });

  test('a role edited out of band is drift: its instance is planned for redeploying', async () => {
    const iam = (await assumeInto(moto.endpoint, prod[0]!)).iam();
    await iam.send(new UpdateRoleCommand({ RoleName: 'FleetAccess', MaxSessionDuration: 7200 }));
    const drifted = await planJson();
    assert.equal(drifted.status, 2);
    assert.deepEqual(drifted.plan.stackSets!.drift.map((d) => ({ account: d.accountId, changes: d.changes })), [{ account: prod[0], changes: [{ field: 'maxSessionDuration', before: 7200, after: 3600 }] }]);
    assert.deepEqual(drifted.plan.stackSets!.stackSets[0]!.redeployInstances, [{ accountId: prod[0], reason: 'its role drifted' }]);
    // moto's UpdateStackInstances changes nothing: undo the edit by hand.
    await iam.send(new UpdateRoleCommand({ RoleName: 'FleetAccess', MaxSessionDuration: 3600 }));
  });

  test('a failed operation stops its StackSet and exits 1 with each account\'s reason; the next apply converges', async () => {
    writeSpec();
    // As AWS shows a failed update: the operation FAILED, the instances OUTDATED with the stack's reason.
    proxy.setRules({
      rewrite: [
        { call: 'cloudformation:DescribeStackSetOperation', from: '<Status>SUCCEEDED</Status>', to: '<Status>FAILED</Status>' },
        { call: 'cloudformation:ListStackInstances', from: '<Status>CURRENT</Status>', to: '<Status>OUTDATED</Status><StatusReason>ResourceLogicalId:Role, ResourceStatusReason:injected by the fault proxy.</StatusReason>' },
      ],
    });
    const applied = await apply();
    proxy.setRules({});
    assert.equal(applied.status, 1, applied.stdout + applied.stderr);
    assert.match(applied.stdout, new RegExp(`FAILED StackSet ${STACKSET}: UpdateStackSet crossrole-[0-9a-f]{16} FAILED\n`));
    for (const account of prod) assert.match(applied.stdout, new RegExp(`! ${account} OUTDATED: ResourceLogicalId:Role, ResourceStatusReason:injected by the fault proxy.`));
    assert.match(applied.stdout, /Apply complete: 0 ok, 0 failed, 1 skipped/, 'the hub policy waits for spokes that are not deployed');
    assert.equal(journals().length, 1, 'the journal is kept');
    // moto did update the instances: the next apply finds nothing to do and drops the journal.
    const next = await apply();
    assert.equal(next.status, 0, next.stdout + next.stderr);
    assert.deepEqual(journals(), []);
  });

  test('an account dropped from the targets keeps its instance without --prune, and is offboarded with it', async () => {
    writeSpec({ exclude: prod[1]! });
    const kept = await planJson();
    assert.deepEqual(kept.plan.stackSets!.stackSets[0]!.retainedInstances, [prod[1]]);
    const pruned = await planJson('--prune');
    assert.deepEqual(pruned.plan.stackSets!.stackSets[0]!.removeInstances, [prod[1]]);
    const applied = await apply('--prune');
    assert.equal(applied.status, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, new RegExp(`   ${prod[1]} DELETED\n`));
    assert.deepEqual(await spokeTrust(), { [prod[0]!]: ['sts:AssumeRole'], [prod[1]!]: undefined });
    assert.equal((await planJson('--prune')).status, 0);
    const verify = await crossrole('verify', '--spec', 'fleet.yaml', '--org', 'org.json');
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});
