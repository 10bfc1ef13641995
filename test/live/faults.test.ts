// apply under faults, against moto behind the fault-injection proxy: throttling and 5xx must not
// keep it from converging, and an apply killed at any point must converge on the next run without
// ever leaving an owned spoke assumable with more than the desired permissions.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { isLockedTrust } from '../../src/plan/locked.js';
import { decodePolicy } from '../../src/observe/role-detail.js';
import { crossroleAsync } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';

let moto: Moto;
let proxy: FaultProxy;
let dir: string;

const DESIRED_MANAGED = ['arn:aws:iam::aws:policy/ReadOnlyAccess'];
const DESIRED_INLINE = ['DenyIam'];

async function freshOrg(accounts: number): Promise<SeededOrg> {
  await moto.reset();
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Prod', accounts }] });
  const hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  await createHubRole(moto.endpoint, hub);
  writeFileSync(
    join(dir, 'crossrole.yaml'),
    `version: 1
name: fleet
hubs:
  security: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } }
roles:
  FleetAccess:
    path: /crossrole/
    trust: { hubs: [security] }
    permissions:
      managed: [${DESIRED_MANAGED.join(', ')}]
      inline:
        DenyIam: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "iam:*", Resource: "*" }] }
    targets: { ous: [${seeded.ous.Prod}] }
`,
  );
  const discovered = await cli(moto.endpoint, 'discover', '--out', 'org.json');
  assert.equal(discovered.status, 0, discovered.stderr);
  return seeded;
}

function cli(endpoint: string, ...args: string[]) {
  return crossroleAsync([...args, '--endpoint-url', endpoint], dir, cliEnv());
}

/** Runs the CLI and kills it (SIGKILL) once apply has journaled `steps` steps. */
function killedCli(endpoint: string, steps: number, ...args: string[]) {
  const journaled = () => {
    const journalDir = join(dir, '.crossrole', 'journal');
    if (!existsSync(journalDir)) return 0;
    return readdirSync(journalDir).reduce((n, f) => n + readFileSync(join(journalDir, f), 'utf8').split('\n').filter(Boolean).length, 0);
  };
  const before = journaled();
  return crossroleAsync([...args, '--endpoint-url', endpoint], dir, cliEnv(), () => journaled() - before >= steps);
}

/** Every FleetAccess role: either nobody can assume it (locked trust) or it has no more than the desired permissions. */
async function assertNeverBroader(seeded: SeededOrg): Promise<void> {
  for (const account of seeded.accounts.filter((a) => a.ouName === 'Prod')) {
    const details = await (await assumeInto(moto.endpoint, account.id)).iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const role = details.RoleDetailList?.find((r) => r.RoleName === 'FleetAccess');
    if (!role) continue;
    if (isLockedTrust(decodePolicy(role.AssumeRolePolicyDocument), account.id)) continue;
    for (const p of role.RolePolicyList ?? []) assert.ok(DESIRED_INLINE.includes(p.PolicyName!), `${account.id}: unexpected inline ${p.PolicyName}`);
    for (const p of role.AttachedManagedPolicies ?? []) assert.ok(DESIRED_MANAGED.includes(p.PolicyArn!), `${account.id}: unexpected managed ${p.PolicyArn}`);
  }
}

before(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint, {}, 7);
  dir = mkdtempSync(join(tmpdir(), 'crossrole-faults-'));
});
after(async () => {
  await proxy.stop();
  await moto.stop();
});

describe('apply under faults', { concurrency: false }, () => {
  test('with 20 % throttling and 5 % server errors apply converges to exactly the desired state', async () => {
    await freshOrg(8);
    proxy.setRules({ throttle: 0.2, serverError: 0.05 });
    proxy.resetCounts();
    const apply = await cli(proxy.endpoint, 'apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    proxy.setRules({});
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    const injected = [...proxy.counts().values()].reduce((n, c) => n + c, 0);
    assert.ok(injected > 0);
    const plan = await cli(moto.endpoint, 'plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 0, plan.stdout);
    assert.match(plan.stdout, /No changes/);
  });

  test('an apply killed at random points converges on the next run, never broader than desired', async () => {
    const seeded = await freshOrg(6);
    // Kill points spread over the apply's 31 steps (6 accounts × 5 + the hub policy): SIGKILL as
    // soon as that many steps are journaled, so the next call may already be in flight.
    const killPoints = [1, 3, 5, 8, 11, 14, 17, 21, 25, 29];
    let interruptedMidway = 0;
    for (const [trial, killAfter] of killPoints.entries()) {
      if (trial > 0) {
        // Start each trial from scratch: no roles, same organization.
        const pruneAll = await cli(moto.endpoint, 'apply', '--spec', 'empty.yaml', '--org', 'org.json', '--auto-approve', '--prune');
        assert.equal(pruneAll.status, 0, pruneAll.stdout + pruneAll.stderr);
      }
      // Each trial starts without a journal: only its own interruption is resumed.
      rmSync(join(dir, '.crossrole'), { recursive: true, force: true });
      const killed = await killedCli(moto.endpoint, killAfter, 'apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
      await assertNeverBroader(seeded);
      const rerun = await cli(moto.endpoint, 'apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
      assert.equal(rerun.status, 0, `trial ${trial} (killed=${killed.killed}): ${rerun.stdout}${rerun.stderr}`);
      // Killed with work left: the rerun had something to do.
      if (killed.killed && !/No changes/.test(rerun.stdout)) interruptedMidway++;
      const plan = await cli(moto.endpoint, 'plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
      assert.equal(plan.status, 0, `trial ${trial}: ${plan.stdout}`);
      await assertNeverBroader(seeded);
      if (trial === 0) writeEmptySpec();
    }
    assert.ok(interruptedMidway >= 3, `only ${interruptedMidway} trials were interrupted with work left`);
  });
});

/** The same spec name with no targets: apply --prune with it removes every owned role. */
function writeEmptySpec(): void {
  const spec = `version: 1\nname: fleet\nhubs: {}\nroles:\n  Placeholder:\n    trust: { services: [ec2.amazonaws.com] }\n    targets: { accounts: [] , tags: { crossrole-none: none } }\n`;
  writeFileSync(join(dir, 'empty.yaml'), spec);
}
