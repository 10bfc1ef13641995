// apply under faults, against moto behind the fault-injection proxy: throttling and 5xx must not
// keep it from converging, and an apply killed at a random point of a create, a widening or
// narrowing update, or a delete must converge on the next run without ever leaving an owned spoke
// assumable with more than it had before or than is desired (the exhaustive kill at every call, on
// every plan case, is test/apply/apply.test.ts: this is the check against a real peer).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { decodePolicy } from '../../src/observe/role-detail.js';
import { samePolicy } from '../../src/plan/normalize.js';
import type { Plan } from '../../src/plan/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { seededRandom } from '../../src/seeded-random.js';
import { NOTHING, permsOf, unsafeHub, unsafeState, within, type Perms } from '../apply/safety.js';
import { crossroleAsync } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';

/** The kill points' seed: random each run unless CROSSROLE_KILL_SEED repeats one (it is in the test's name). */
const KILL_SEED = killSeed(process.env.CROSSROLE_KILL_SEED);

function killSeed(given: string | undefined): number {
  if (given === undefined) return Math.floor(Math.random() * 2 ** 31);
  assert.match(given, /^\d+$/, 'CROSSROLE_KILL_SEED must be a whole number');
  return Number(given);
}

let moto: Moto;
let proxy: FaultProxy;
let dir: string;

/** The spoke each spec shape asks for: `narrow` and `wide` differ in trust, inline contents and managed policies; `none` targets nothing. */
type Shape = 'none' | 'narrow' | 'wide';

function spec(shape: Shape, hub: string, prod: string): string {
  const wide = shape === 'wide';
  return `version: 1
name: fleet
hubs:
  security: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } }
roles:
  FleetAccess:
    path: /crossrole/
    trust: { hubs: [security], allowTagSession: ${wide} }
    permissions:
      managed: [arn:aws:iam::aws:policy/ReadOnlyAccess${wide ? ', arn:aws:iam::aws:policy/SecurityAudit' : ''}]
      inline:
        Logs: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "${wide ? 'logs:*' : 'logs:GetLogEvents'}", Resource: "*" }] }
    targets: ${shape === 'none' ? '{ tags: { crossrole-none: none } }' : `{ ous: [${prod}] }`}
`;
}

async function freshOrg(accounts: number, shape: Shape = 'narrow'): Promise<SeededOrg> {
  await moto.reset();
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Prod', accounts }] });
  await createHubRole(moto.endpoint, hubOf(seeded));
  writeSpec(seeded, shape);
  const discovered = await cli(moto.endpoint, 'discover', '--out', 'org.json');
  assert.equal(discovered.status, 0, discovered.stderr);
  return seeded;
}

const hubOf = (seeded: SeededOrg) => seeded.accounts.find((a) => a.ouName === 'Security')!.id;
const writeSpec = (seeded: SeededOrg, shape: Shape) => writeFileSync(join(dir, 'crossrole.yaml'), spec(shape, hubOf(seeded), seeded.ous.Prod!));

function cli(endpoint: string, ...args: string[]) {
  return crossroleAsync([...args, '--endpoint-url', endpoint], dir, cliEnv());
}

/** Runs the CLI and kills it (SIGKILL) once apply has journaled `steps` steps. */
function killedCli(endpoint: string, steps: number, ...args: string[]) {
  const journaled = () => journals().reduce((n, f) => n + readFileSync(join(dir, '.crossrole', 'journal', f), 'utf8').split('\n').filter(Boolean).length, 0);
  const before = journaled();
  return crossroleAsync([...args, '--endpoint-url', endpoint], dir, cliEnv(), () => journaled() - before >= steps);
}

function journals(): string[] {
  const journalDir = join(dir, '.crossrole', 'journal');
  return existsSync(journalDir) ? readdirSync(journalDir) : [];
}

/** What IAM holds: each Prod account's FleetAccess role (or none), and the hub role's inline policies. */
interface Fleet {
  spokes: Map<string, (Perms & { trustPolicy: PolicyDocument }) | undefined>;
  hub: Record<string, PolicyDocument>;
}

async function readRole(accountId: string, roleName: string) {
  const details = await (await assumeInto(moto.endpoint, accountId)).iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  return details.RoleDetailList?.find((r) => r.RoleName === roleName);
}

async function readFleet(seeded: SeededOrg): Promise<Fleet> {
  const spokes: Fleet['spokes'] = new Map();
  for (const account of seeded.accounts.filter((a) => a.ouName === 'Prod')) {
    const role = await readRole(account.id, 'FleetAccess');
    spokes.set(
      account.id,
      role && {
        trustPolicy: decodePolicy(role.AssumeRolePolicyDocument),
        inline: new Map((role.RolePolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument)])),
        managed: new Set((role.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!)),
      },
    );
  }
  const hub = await readRole(hubOf(seeded), 'FleetHub');
  return { spokes, hub: Object.fromEntries((hub?.RolePolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument)])) };
}

/** What the plan asks for: each spoke's trust and permissions (none for a delete), and the hub's inline policies. */
function desiredFleet(plan: Plan, before: Fleet): Fleet {
  const spokes: Fleet['spokes'] = new Map(before.spokes);
  for (const change of plan.roles) spokes.set(change.accountId, change.desired && (permsOf(change.desired) as Perms & { trustPolicy: PolicyDocument }));
  const hub = { ...before.hub };
  for (const change of plan.hubs.filter((h) => h.subject === 'inline')) {
    if (change.after) hub[change.policyName!] = change.after;
    else delete hub[change.policyName!];
  }
  return { spokes, hub };
}

/**
 * At this observed state every spoke is locked, or has its old trust with its old permissions or
 * narrower, or the desired trust with the desired permissions or narrower (trust documents, inline
 * documents and managed ARNs compared by content); the hub's policies are the old or desired ones.
 */
async function assertNeverBroader(seeded: SeededOrg, before: Fleet, desired: Fleet, where: string): Promise<Fleet> {
  const now = await readFleet(seeded);
  for (const [accountId, role] of now.spokes) {
    const unsafe = role && unsafeState(role, accountId, before.spokes.get(accountId), desired.spokes.get(accountId) ?? NOTHING);
    assert.equal(unsafe, undefined, `${where}: ${accountId}/FleetAccess: ${unsafe}`);
  }
  const unsafeHubPolicy = unsafeHub(now.hub, before.hub, desired.hub);
  assert.equal(unsafeHubPolicy, undefined, `${where}: ${unsafeHubPolicy}`);
  return now;
}

/** Exactly what is desired: each spoke's trust, inline documents and managed ARNs, and the hub's policies. */
function assertExactly(now: Fleet, desired: Fleet, where: string): void {
  for (const [accountId, want] of desired.spokes) {
    const role = now.spokes.get(accountId);
    assert.equal(role === undefined, want === undefined, `${where}: ${accountId}/FleetAccess ${role ? 'exists' : 'is missing'}`);
    if (!role || !want) continue;
    assert.ok(samePolicy(role.trustPolicy, want.trustPolicy), `${where}: ${accountId} trust ${JSON.stringify(role.trustPolicy)}`);
    assert.ok(within(role, want) && within(want, role), `${where}: ${accountId} permissions ${JSON.stringify(Object.fromEntries(role.inline))} [${[...role.managed]}]`);
  }
  assert.deepEqual(Object.keys(now.hub).sort(), Object.keys(desired.hub).sort(), `${where}: hub policies`);
  for (const [name, doc] of Object.entries(desired.hub)) assert.ok(samePolicy(now.hub[name], doc), `${where}: hub policy ${name}`);
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

  // Each trial moves the fleet to the next shape: creates (none → narrow/wide), widening and
  // narrowing updates of trust, inline contents and managed policies, deletes (→ none, with --prune).
  const shapes: Shape[] = ['narrow', 'wide', 'narrow', 'none', 'wide', 'narrow', 'wide', 'none', 'narrow', 'wide'];
  test(`an apply killed at random points (seed ${KILL_SEED}; CROSSROLE_KILL_SEED=${KILL_SEED} repeats it) converges on the next run, never broader than before or desired`, async () => {
    const random = seededRandom(KILL_SEED);
    const seeded = await freshOrg(6, 'none');
    let interruptedMidway = 0;
    let from: Shape = 'none';
    for (const [trial, to] of shapes.entries()) {
      const prune = to === 'none' ? ['--prune'] : [];
      writeSpec(seeded, to);
      const planned = await cli(moto.endpoint, 'plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--out', 'plan.json', ...prune);
      assert.equal(planned.status, 2, planned.stdout + planned.stderr);
      const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
      const steps = [...plan.roles, ...plan.hubs].reduce((n, c) => n + c.steps.length, 0);
      // SIGKILL as soon as this many steps are journaled: the next call may already be in flight.
      const killAfter = 1 + Math.floor(random() * (steps - 1));
      const where: string = `trial ${trial} (${from} → ${to}, killed after ${killAfter} of ${steps} steps)`;
      const before = await readFleet(seeded);
      const desired = desiredFleet(plan, before);
      const killed = await killedCli(moto.endpoint, killAfter, 'apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--plan', 'plan.json', '--auto-approve', ...prune);
      await assertNeverBroader(seeded, before, desired, `${where}, after the kill`);
      // Half the trials resume the saved plan from its journal, half make a new plan.
      const rerun = await cli(moto.endpoint, 'apply', '--spec', 'crossrole.yaml', '--org', 'org.json', ...(trial % 2 ? [] : ['--plan', 'plan.json']), '--auto-approve', ...prune);
      assert.equal(rerun.status, 0, `${where} (killed=${killed.killed}): ${rerun.stdout}${rerun.stderr}`);
      if (killed.killed && !/No changes|; 0 IAM calls/.test(rerun.stdout)) interruptedMidway++;
      assertExactly(await assertNeverBroader(seeded, before, desired, `${where}, after the rerun`), desired, `${where}, after the rerun`);
      assert.deepEqual(journals(), [], `${where}: the finished apply removed its journal`);
      from = to;
    }
    const plan = await cli(moto.endpoint, 'plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 0, plan.stdout);
    assert.ok(interruptedMidway >= 5, `only ${interruptedMidway} trials were interrupted with work left`);
  });
});
