import type { OrgIndex } from '../../src/org/model.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPlan } from '../../src/apply/apply.js';
import { fileJournal, journalPath, type JournalIO } from '../../src/apply/journal.js';
import type { ApplyOptions, ApplyTarget, ProgressEvent, UnitRef } from '../../src/apply/types.js';
import { HASH_TAG, SPEC_TAG, type DesiredState } from '../../src/desired/types.js';
import type { ObservedState } from '../../src/observe/types.js';
import { makePlan } from '../../src/plan/make.js';
import type { HubChange, Plan, Step } from '../../src/plan/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { buildCase, loadCases, type Case } from '../plan/fixture.js';
import { IamError, InMemoryIam, seeded } from './in-memory-iam.js';
import { watchSafety } from './safety.js';

const file = loadCases('cases.yaml');

function memoryIO(lines: string[] = []): JournalIO & { lines: string[] } {
  return { lines, append: (line) => void lines.push(line), read: () => [...lines] };
}

function options(overrides: Partial<ApplyOptions> = {}): ApplyOptions {
  return { concurrency: 2, maxFailures: Infinity, journal: fileJournal(memoryIO()), ...overrides };
}

interface Scenario {
  desired: DesiredState;
  observed: ObservedState;
  iam: InMemoryIam;
  plan: Plan;
  prune: boolean;
  org: OrgIndex;
}

function scenario(c: Case): Scenario {
  const { desired, observed, org } = buildCase(file, c);
  const prune = c.prune ?? false;
  return { desired, observed, iam: seeded(desired, observed), plan: makePlan(desired, observed, { prune, org }), prune, org };
}

/** A new plan from what IAM now holds. */
function replan(s: Scenario): Plan {
  return makePlan(s.desired, s.iam.observe(s.observed.accounts.map((a) => a.accountId), s.desired.hubs), { prune: s.prune, org: s.org });
}

function assertConverged(s: Scenario): void {
  const again = replan(s);
  assert.deepEqual({ create: again.summary.create, update: again.summary.update, delete: again.summary.delete }, { create: 0, update: 0, delete: 0 }, 'a new plan has nothing left to do');
}

/** A fleet of new spokes: one create per account, and the hub policy naming them all. */
function fleet(count: number): Scenario {
  const accounts = Array.from({ length: count }, (_, i) => String(100000000000 + i));
  const hubPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::999999999999:role/none' }] };
  return scenario({
    name: 'fleet',
    desired: accounts.map((account) => ({ account })),
    observed: Object.fromEntries(accounts.map((a) => [a, []])),
    hub: { policies: { 'crossrole-sec': hubPolicy } },
    expect: {},
  } as Case);
}

describe('apply converges on every plan case, safely after every call', () => {
  for (const c of file.cases) {
    test(c.name, async () => {
      const s = scenario(c);
      const watch = watchSafety(s.iam, s.plan, s.desired, s.org);
      const result = await applyPlan(s.plan, s.iam.target(), options({ concurrency: 3 }));
      assert.deepEqual(result.units.filter((u) => u.status !== 'ok'), []);
      assert.deepEqual(watch.violations, []);
      assertConverged(s);
    });
  }
});

/** Kills the "process" at call `at`: before IAM sees it, or after IAM did it but before its journal line. */
async function crashAt(s: Scenario, io: JournalIO, at: number, when: 'before-call' | 'before-journal'): Promise<void> {
  let dead = false;
  let calls = 0;
  s.iam.fault = () => {
    if (dead) return new Error('process is dead');
    if (calls++ !== at) return undefined;
    if (when === 'before-call') {
      dead = true;
      return new Error('killed');
    }
    // Runs once IAM has made the change, before apply's continuation can write the journal line.
    queueMicrotask(() => (dead = true));
    return undefined;
  };
  const journal = fileJournal({
    read: io.read,
    append: (line) => {
      if (dead) throw new Error('process is dead');
      io.append(line);
    },
  });
  await applyPlan(s.plan, s.iam.target(), options({ journal }));
  delete s.iam.fault;
}

describe('an apply killed at any call converges, by resuming or by a new plan', () => {
  for (const c of file.cases) {
    const { plan } = scenario(c);
    const total = [...plan.roles, ...plan.hubs].reduce((n, change) => n + change.steps.length, 0);
    if (!total) continue;
    test(c.name, async () => {
      for (let at = 0; at < total; at++) {
        for (const when of ['before-call', 'before-journal'] as const) {
          const where = `killed at call ${at} ${when}`;
          const resumed = scenario(c);
          const watch = watchSafety(resumed.iam, resumed.plan, resumed.desired, resumed.org);
          const io = memoryIO();
          await crashAt(resumed, io, at, when);
          const journaled = io.lines.length;
          const result = await applyPlan(resumed.plan, resumed.iam.target(), options({ journal: fileJournal(io) }));
          assert.ok(result.ok, `${where}: resume failed: ${JSON.stringify(result.units.filter((u) => u.status !== 'ok'))}`);
          assert.equal(result.units.reduce((n, u) => n + u.stepsFromJournal, 0), journaled, `${where}: every journaled step is skipped`);
          assert.deepEqual(watch.violations, [], where);
          assertConverged(resumed);

          const replanned = scenario(c);
          const firstWatch = watchSafety(replanned.iam, replanned.plan, replanned.desired, replanned.org);
          const io2 = memoryIO();
          await crashAt(replanned, io2, at, when);
          const fresh = replan(replanned);
          const secondWatch = watchSafety(replanned.iam, fresh, replanned.desired, replanned.org);
          const second = await applyPlan(fresh, replanned.iam.target(), options({ journal: fileJournal(io2) }));
          assert.ok(second.ok, `${where}: applying a new plan failed`);
          assert.deepEqual([...firstWatch.violations, ...secondWatch.violations], [], where);
          assertConverged(replanned);
        }
      }
    });
  }
});

describe('failures', () => {
  test("one account's failure does not stop the others; the failed step is reported", async () => {
    const s = fleet(5);
    const bad = s.plan.roles[2]!.accountId;
    s.iam.fault = ({ accountId, step }) => (accountId === bad && step.op === 'AttachRolePolicy' ? new IamError('AccessDenied', 'not allowed') : undefined);
    const result = await applyPlan(s.plan, s.iam.target(), options());
    const failed = result.units.filter((u) => u.status === 'failed');
    assert.equal(failed.length, 1);
    assert.deepEqual(failed[0]!.unit, { kind: 'account', accountId: bad });
    assert.equal(failed[0]!.error?.name, 'AccessDenied');
    assert.equal(failed[0]!.failedStep?.step.op, 'AttachRolePolicy');
    assert.equal(failed[0]!.failedStep?.roleName, 'FleetReadOnly');
    assert.equal(result.units.filter((u) => u.unit.kind === 'account' && u.status === 'ok').length, 4);
    // The hub names the failed spoke, so its policy waits for a run where that spoke succeeds.
    const hub = result.units.find((u) => u.unit.kind === 'hub')!;
    assert.equal(hub.status, 'skipped');
    assert.match(hub.reason ?? '', new RegExp(`spoke arn:aws:iam::${bad}:role/crossrole/FleetReadOnly was not applied`));
    assert.ok(!result.ok);

    delete s.iam.fault;
    const again = await applyPlan(replan(s), s.iam.target(), options());
    assert.ok(again.ok);
    assertConverged(s);
  });

  test('an account that cannot be opened fails without a step', async () => {
    const s = fleet(3);
    const bad = s.plan.roles[0]!.accountId;
    s.iam.unreadable.set(bad, 'AccessDenied: sts:AssumeRole');
    const result = await applyPlan(s.plan, s.iam.target(), options());
    const failed = result.units.find((u) => u.status === 'failed')!;
    assert.deepEqual(failed.error, { name: 'AccessDenied', message: 'AccessDenied: sts:AssumeRole' });
    assert.equal(failed.failedStep, undefined);
    assert.equal(result.counts.ok, 2);
  });

  test('maxFailures stops scheduling new accounts', async () => {
    const s = fleet(6);
    s.iam.fault = () => new IamError('Throttling', 'slow down');
    const result = await applyPlan(s.plan, s.iam.target(), options({ concurrency: 1, maxFailures: 2 }));
    const accounts = result.units.filter((u) => u.unit.kind === 'account');
    assert.deepEqual(accounts.map((u) => u.status), ['failed', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
    assert.deepEqual(new Set(accounts.slice(2).map((u) => u.reason)), new Set(['not started: 2 units failed (maxFailures 2)']));
    assert.equal(s.iam.calls, 2);
  });

  test('CreateRole meeting a role someone else made fails; meeting its own interrupted creation goes on', async () => {
    const s = fleet(2);
    const [theirs, ours] = s.plan.roles;
    const create = (change: typeof theirs) => change!.steps[0]!;
    await s.iam.operations(theirs!.accountId).run({ ...create(theirs), op: 'CreateRole', tags: {} } as never);
    await s.iam.operations(ours!.accountId).run(create(ours));
    const result = await applyPlan(s.plan, s.iam.target(), options());
    const [first, second] = result.units;
    assert.equal(first!.status, 'failed');
    assert.equal(first!.error?.name, 'EntityAlreadyExists');
    assert.match(first!.error?.message ?? '', /make a new plan/);
    assert.equal(second!.status, 'ok');
  });

  // The role appears between plan and apply, tagged as if crossrole made it: only this spec's own
  // creation, still pending, is "already done"; any other owner or hash means the plan is stale.
  for (const [name, retag] of [
    ['owned by another spec', { [SPEC_TAG]: 'another-spec' }],
    ['owned by this spec with a finished hash', { [HASH_TAG]: '0123456789abcdef' }],
  ] as const) {
    test(`CreateRole meeting a role ${name} fails without touching it`, async () => {
      const s = fleet(2);
      const [raced, other] = s.plan.roles;
      const create = raced!.steps[0]!;
      assert.equal(create.op, 'CreateRole');
      await s.iam.operations(raced!.accountId).run({ ...create, tags: { ...create.tags, ...retag } } as Step);
      const before = structuredClone(s.iam.role(raced!.accountId, raced!.roleName));
      const result = await applyPlan(s.plan, s.iam.target(), options());
      const unit = (accountId: string) => result.units.find((u) => u.unit.kind === 'account' && u.unit.accountId === accountId)!;
      assert.equal(unit(raced!.accountId).status, 'failed');
      assert.equal(unit(raced!.accountId).error?.name, 'EntityAlreadyExists');
      assert.match(unit(raced!.accountId).error?.message ?? '', /created outside this apply after the plan was made; make a new plan/);
      assert.equal(unit(raced!.accountId).stepsRun, 0);
      assert.deepEqual(s.iam.role(raced!.accountId, raced!.roleName), before, 'the role is left as it was found');
      assert.equal(unit(other!.accountId).status, 'ok');
      assert.equal(result.units.find((u) => u.unit.kind === 'hub')!.status, 'skipped', 'the hub gains no reach to the raced role');
    });
  }

  /** A plan creating the hub role (then its policy) while the only spoke is already as desired. */
  const newHubRole = (): Scenario => scenario({ name: 'new hub role', desired: [{ account: '111111111111' }], observed: { '111111111111': [{ like: 'desired' }] }, hub: { exists: false, policies: {} }, expect: {} });
  const hubCreate = (s: Scenario) => {
    const change = s.plan.hubs.find((h) => h.subject === 'principal')!;
    const create = change.steps[0]!;
    assert.equal(create.op, 'CreateRole');
    return { accountId: change.accountId, create };
  };

  // A hub role of this spec carries no hash; one that appears with any other owner, spec or a hash
  // is not this apply's own interrupted creation, and the hub must not take it (nor its trust) over.
  for (const [name, tags] of [
    ['someone else made', () => ({ team: 'theirs' })],
    ['naming this spec without being managed by crossrole', (own: Record<string, string>) => ({ [SPEC_TAG]: own[SPEC_TAG]! })],
    ['owned by another spec', (own: Record<string, string>) => ({ ...own, [SPEC_TAG]: 'another-spec' })],
    ['owned by this spec with a hash (a spoke, not a hub)', (own: Record<string, string>) => ({ ...own, [HASH_TAG]: '0123456789abcdef' })],
  ] as const) {
    test(`CreateRole of a hub role meeting a role ${name} fails without touching it`, async () => {
      const s = newHubRole();
      const { accountId, create } = hubCreate(s);
      await s.iam.operations(accountId).run({ ...create, tags: tags(create.tags) } as Step);
      const before = structuredClone(s.iam.role(accountId, create.roleName));
      const result = await applyPlan(s.plan, s.iam.target(), options());
      assert.deepEqual(
        result.units.map((u) => `${u.unit.kind === 'hub' ? u.unit.subject : u.unit.kind} ${u.status}`),
        ['principal failed', 'inline skipped'],
        'the hub policy waits for its principal',
      );
      const [principal, inline] = result.units;
      assert.equal(inline!.reason, 'hub change hub:sec/principal/FleetHub was not applied');
      assert.equal(principal!.error?.name, 'EntityAlreadyExists');
      assert.match(principal!.error?.message ?? '', /role FleetHub was created outside this apply after the plan was made; make a new plan/);
      assert.equal(principal!.stepsRun, 0);
      assert.deepEqual(s.iam.role(accountId, create.roleName), before, 'the role is left as it was found');
      assert.equal(s.iam.hubs.size, 0, 'no hub policy was put on it');
    });
  }

  test('CreateRole of a hub role meeting its own interrupted creation goes on', async () => {
    const s = newHubRole();
    const { accountId, create } = hubCreate(s);
    await s.iam.operations(accountId).run(create);
    const result = await applyPlan(s.plan, s.iam.target(), options());
    assert.ok(result.ok, JSON.stringify(result.units));
    assertConverged(s);
  });

  test('bad options and plans of another version are refused before any call', async () => {
    const s = fleet(1);
    const concurrency = { name: 'RangeError', message: 'concurrency must be a whole number of at least 1' };
    await assert.rejects(applyPlan(s.plan, s.iam.target(), options({ concurrency: 0 })), concurrency);
    await assert.rejects(applyPlan(s.plan, s.iam.target(), options({ concurrency: 1.5 })), concurrency);
    const maxFailures = { name: 'RangeError', message: 'maxFailures must be at least 1' };
    await assert.rejects(applyPlan(s.plan, s.iam.target(), options({ maxFailures: 0.5 })), maxFailures);
    await assert.rejects(applyPlan(s.plan, s.iam.target(), options({ maxFailures: NaN })), maxFailures);
    await assert.rejects(applyPlan({ ...s.plan, version: 2 } as unknown as Plan, s.iam.target(), options()), { message: 'unsupported plan version 2' });
    assert.equal(s.iam.calls, 0);
    assert.ok((await applyPlan(s.plan, s.iam.target(), options({ concurrency: 1, maxFailures: 1 }))).ok, 'one worker and one failure allowed are valid');
  });
});

describe('scheduling', () => {
  /** A target whose calls take `delay(account)` ms, counting units and calls in flight. */
  function timed(iam: InMemoryIam, delay: (accountId: string) => number): { target: ApplyTarget; maxInFlight: () => number } {
    const inFlight = new Map<string, number>();
    let max = 0;
    return {
      target: {
        open: async (accountId) => {
          const session = await iam.target().open(accountId);
          return {
            accountId,
            iam: {
              roleTags: session.iam.roleTags,
              instanceProfile: session.iam.instanceProfile,
              run: async (step) => {
                inFlight.set(accountId, (inFlight.get(accountId) ?? 0) + 1);
                max = Math.max(max, inFlight.size);
                await new Promise((resolve) => setTimeout(resolve, delay(accountId)));
                await session.iam.run(step);
                const left = inFlight.get(accountId)! - 1;
                if (left) inFlight.set(accountId, left);
                else inFlight.delete(accountId);
              },
            },
          };
        },
      },
      maxInFlight: () => max,
    };
  }

  test('at most `concurrency` accounts are in flight, and the pool keeps them all busy', async () => {
    const s = fleet(12);
    const { target, maxInFlight } = timed(s.iam, () => 1);
    const events: ProgressEvent[] = [];
    const result = await applyPlan(s.plan, target, options({ concurrency: 4, onProgress: (e) => events.push(e) }));
    assert.ok(result.ok);
    assert.equal(maxInFlight(), 4);
    assert.ok(Math.max(...events.map((e) => e.counts.running)) <= 4);
  });

  test('a rolling pool: a free worker takes the next account without waiting for the slow one', async () => {
    const s = fleet(4);
    const slow = s.plan.roles[0]!.accountId;
    const last = s.plan.roles[3]!.accountId;
    // The slow account holds its worker until the last one has started (or 2 s pass, when the pool
    // waits for whole batches): an order, not a timing, so a busy machine cannot fail it.
    let lastStarted = (): void => undefined;
    const released = Promise.race([new Promise<void>((resolve) => (lastStarted = resolve)), new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    const target: ApplyTarget = {
      open: async (accountId) => {
        const session = await s.iam.target().open(accountId);
        return { ...session, iam: { ...session.iam, run: async (step) => (accountId === slow && (await released), session.iam.run(step)) } };
      },
    };
    const order: string[] = [];
    await applyPlan(
      s.plan,
      target,
      options({
        concurrency: 2,
        onProgress: (e) => {
          if (e.type === 'unit-started') order.push(`start ${e.unit.accountId}`);
          if (e.type === 'unit-finished') order.push(`end ${e.result.unit.accountId}`);
          if (e.type === 'unit-started' && e.unit.accountId === last) lastStarted();
        },
      }),
    );
    assert.ok(order.indexOf(`start ${last}`) < order.indexOf(`end ${slow}`), order.join('\n'));
  });

  test('hub policy deletions come before every spoke call, hub puts after their spokes', async () => {
    const s = scenario({
      name: 'hub order',
      prune: true,
      desired: [{ account: '111111111111' }, { account: '333333333333' }],
      observed: { '111111111111': [], '333333333333': [] },
      hub: { policies: { 'crossrole-sec-old': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } },
      expect: {},
    } as Case);
    const calls: string[] = [];
    s.iam.listeners.push(({ step }) => calls.push(step.op));
    const result = await applyPlan(s.plan, s.iam.target(), options({ concurrency: 4 }));
    assert.ok(result.ok);
    assert.equal(calls[0], 'DeleteHubPolicy');
    assert.equal(calls.at(-1), 'PutHubPolicy');
    assert.equal(calls.filter((op) => op.endsWith('HubPolicy')).length, 2);
  });

  test('spokes of another backend (beforeHubPolicies) come after the API spokes and before the hub puts, which wait for the ARNs it deployed', async () => {
    for (const all of [false, true]) {
      const s = fleet(3);
      // The first account's spoke through the API; the others as a StackSet would deploy them, all or one.
      const [api, ...stackSet] = s.plan.roles;
      const plan = { ...s.plan, roles: [api!] };
      assert.deepEqual([...plan.hubs.find((h) => h.subject === 'inline')!.dependsOn].sort(), s.plan.roles.map((r) => r.arn).sort());
      const deployed = all ? stackSet.map((r) => r.arn) : [stackSet[0]!.arn];
      const calls: string[] = [];
      s.iam.listeners.push(({ step }) => calls.push(step.op));
      const beforeHubPolicies = () => {
        calls.push('StackSets');
        return Promise.resolve(deployed);
      };
      const result = await applyPlan(plan, s.iam.target(), options({ beforeHubPolicies }));
      const hub = result.units.find((u) => u.unit.kind === 'hub')!;
      if (!all) {
        assert.equal(hub.status, 'skipped');
        assert.match(hub.reason ?? '', new RegExp(`spoke ${stackSet[1]!.arn} was not applied`));
        assert.ok(!calls.includes('PutHubPolicy'));
      } else {
        assert.equal(hub.status, 'ok');
        assert.equal(calls.at(-1), 'PutHubPolicy');
      }
      assert.ok(calls.indexOf('StackSets') > calls.lastIndexOf('CreateRole'), calls.join(' '));
    }
  });

  test('progress counts every step once and ends with everything done', async () => {
    const s = fleet(3);
    const events: ProgressEvent[] = [];
    const result = await applyPlan(s.plan, s.iam.target(), options({ onProgress: (e) => events.push(e) }));
    assert.equal(events[0]!.type, 'started');
    assert.equal(events.at(-1)!.type, 'finished');
    const steps = events.filter((e) => e.type === 'step');
    assert.equal(steps.length, result.counts.steps);
    assert.equal(result.counts.stepsDone, result.counts.steps);
    assert.deepEqual(
      steps.map((e) => e.counts.stepsDone),
      steps.map((_, i) => i + 1),
    );
    assert.equal(events.filter((e) => e.type === 'unit-finished').length, result.counts.units);
  });

  test('a group hub: the group is made, then its members added, then its policy put', async () => {
    const iam = new InMemoryIam();
    const base = { hub: 'ops', accountId: '222222222222', principalKind: 'group' as const, principalName: 'operators', dependsOn: [] };
    const document: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    const hubs: HubChange[] = [
      { ...base, subject: 'inline', kind: 'create', policyName: 'crossrole-ops', steps: [{ op: 'PutHubPolicy', kind: 'group', principalName: 'operators', policyName: 'crossrole-ops', document }] },
      { ...base, subject: 'members', kind: 'create', members: ['alice'], steps: [{ op: 'AddUserToGroup', groupName: 'operators', userName: 'alice' }] },
      { ...base, subject: 'principal', kind: 'create', steps: [{ op: 'CreateGroup', groupName: 'operators', path: '/' }] },
    ];
    const plan: Plan = { version: 1, specName: 'fleet', desiredHash: 'h', roles: [], hubs, unreadable: [], retained: [], matching: { roles: 0, accounts: 0, hubPolicies: 0 }, summary: { create: 3, update: 0, delete: 0, conflict: 0, unchanged: 0 } };
    const calls: string[] = [];
    iam.listeners.push(({ step }) => calls.push(step.op));
    const result = await applyPlan(plan, iam.target(), options({ concurrency: 3 }));
    assert.deepEqual(calls, ['CreateGroup', 'AddUserToGroup', 'PutHubPolicy']);
    // Whole refs: only a unit that puts a policy names one.
    const ref = { kind: 'hub', accountId: '222222222222', hub: 'ops', principalName: 'operators' };
    assert.deepEqual(
      result.units.map((u) => [u.unit, u.status]),
      [
        [{ ...ref, subject: 'principal' }, 'ok'],
        [{ ...ref, subject: 'members' }, 'ok'],
        [{ ...ref, subject: 'inline', policyName: 'crossrole-ops' }, 'ok'],
      ],
    );
    assert.deepEqual([...iam.members], ['222222222222/operators/alice']);
  });

  /** An event as one line: what happened, to which unit, and the counts (running/ok/failed/skipped, steps done of all). */
  function eventLine(e: ProgressEvent): string {
    const c = e.counts;
    const counts = `[${c.running}/${c.ok}/${c.failed}/${c.skipped} ${c.stepsDone}/${c.steps} of ${c.units}]`;
    const unitName = (u: UnitRef) => (u.kind === 'account' ? u.accountId : `hub ${u.hub} ${u.subject} ${u.principalName}${u.policyName ? ` ${u.policyName}` : ''}`);
    switch (e.type) {
      case 'unit-started':
        return `start ${unitName(e.unit)} ${counts}`;
      case 'step':
        return `step ${unitName(e.unit)} #${e.index} ${e.roleName ?? '-'}: ${e.description} ${e.outcome} ${counts}`;
      case 'unit-finished':
        return `end ${unitName(e.result.unit)} ${e.result.status} run ${e.result.stepsRun} journal ${e.result.stepsFromJournal} ${counts}`;
      default:
        return `${e.type} ${counts}`;
    }
  }

  test('progress events, exactly: a conflict is no unit, a rerun takes every step from the journal', async () => {
    // 333333333333 holds a role crossrole does not own: a conflict with no steps, left out of the hub policy.
    const s = scenario({ name: 'progress', desired: [{ account: '111111111111' }, { account: '333333333333' }], observed: { '111111111111': [], '333333333333': [{ like: 'base' }] }, expect: {} });
    // A hub part crossrole cannot make (a missing group member, say) has no steps either.
    const hubConflict: HubChange = { ...s.plan.hubs[0]!, subject: 'members', kind: 'conflict', members: ['ghost'], steps: [], dependsOn: [] };
    const plan: Plan = { ...s.plan, hubs: [...s.plan.hubs, hubConflict] };
    const io = memoryIO();
    const events: string[] = [];
    const result = await applyPlan(plan, s.iam.target(), options({ concurrency: 1, journal: fileJournal(io), onProgress: (e) => events.push(eventLine(e)) }));
    const role = (i: number, step: string, outcome: string, done: number) => `step 111111111111 #${i} FleetReadOnly: ${step} ${outcome} [1/0/0/0 ${done}/8 of 2]`;
    const hub = 'hub sec inline FleetHub crossrole-sec';
    const steps = ['CreateRole FleetReadOnly', 'PutRolePolicy FleetReadOnly ReadOnly', 'PutRolePolicy FleetReadOnly Tagging', 'AttachRolePolicy FleetReadOnly arn:aws:iam::aws:policy/SecurityAudit', 'AttachRolePolicy FleetReadOnly arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'UpdateAssumeRolePolicy FleetReadOnly', 'TagRole FleetReadOnly crossrole:hash'];
    assert.deepEqual(events, [
      'started [0/0/0/0 0/8 of 2]',
      'start 111111111111 [1/0/0/0 0/8 of 2]',
      ...steps.map((step, i) => role(i, step, 'done', i + 1)),
      'end 111111111111 ok run 7 journal 0 [0/1/0/0 7/8 of 2]',
      `start ${hub} [1/1/0/0 7/8 of 2]`,
      `step ${hub} #0 -: PutHubPolicy role/FleetHub crossrole-sec done [1/1/0/0 8/8 of 2]`,
      `end ${hub} ok run 1 journal 0 [0/2/0/0 8/8 of 2]`,
      'finished [0/2/0/0 8/8 of 2]',
    ]);
    assert.deepEqual(result, { ok: true, aborted: false, units: [{ unit: { kind: 'account', accountId: '111111111111' }, status: 'ok', stepsRun: 7, stepsFromJournal: 0 }, { unit: { kind: 'hub', accountId: '222222222222', hub: 'sec', subject: 'inline', principalName: 'FleetHub', policyName: 'crossrole-sec' }, status: 'ok', stepsRun: 1, stepsFromJournal: 0 }], counts: { units: 2, running: 0, ok: 2, failed: 0, skipped: 0, steps: 8, stepsDone: 8 } });

    events.length = 0;
    const calls = s.iam.calls;
    await applyPlan(plan, s.iam.target(), options({ concurrency: 1, journal: fileJournal(io), onProgress: (e) => events.push(eventLine(e)) }));
    assert.equal(s.iam.calls, calls);
    assert.deepEqual(events.filter((e) => e.startsWith('step ')), [...steps.map((step, i) => role(i, step, 'journal', i + 1)), `step ${hub} #0 -: PutHubPolicy role/FleetHub crossrole-sec journal [1/1/0/0 8/8 of 2]`]);
  });
});

describe('journal and interruption', () => {
  test('an aborted apply stops between steps; resuming from the journal finishes it', async () => {
    const s = fleet(4);
    const io = memoryIO();
    const controller = new AbortController();
    const watch = watchSafety(s.iam, s.plan, s.desired, s.org);
    let steps = 0;
    const first = await applyPlan(s.plan, s.iam.target(), {
      ...options({ journal: fileJournal(io), concurrency: 1 }),
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'step' && ++steps === 10) controller.abort();
      },
    });
    assert.ok(first.aborted);
    assert.equal(io.lines.length, 10);
    assert.deepEqual(first.units.map((u) => u.status), ['ok', 'failed', 'skipped', 'skipped', 'skipped']);
    assert.deepEqual(first.units[1]!.error, { name: 'AbortError', message: 'apply was interrupted' });
    assert.deepEqual(new Set(first.units.slice(2).map((u) => u.reason)), new Set(['aborted']));

    const calls = s.iam.calls;
    const second = await applyPlan(s.plan, s.iam.target(), options({ journal: fileJournal(io) }));
    assert.ok(second.ok);
    assert.equal(second.units.reduce((n, u) => n + u.stepsFromJournal, 0), 10);
    assert.equal(s.iam.calls - calls, s.plan.roles.reduce((n, r) => n + r.steps.length, 0) + 1 - 10, 'no call is made twice');
    assert.deepEqual(watch.violations, []);
    assertConverged(s);
  });

  test('a unit the journal finished opens no session', async () => {
    const s = fleet(2);
    const io = memoryIO();
    await applyPlan(s.plan, s.iam.target(), options({ journal: fileJournal(io) }));
    const opened: string[] = [];
    const target: ApplyTarget = { open: (a) => (opened.push(a), s.iam.target().open(a)) };
    const again = await applyPlan(s.plan, target, options({ journal: fileJournal(io) }));
    assert.ok(again.ok);
    assert.deepEqual(opened, []);
  });

  test('the CLI keeps the journal of a desired state under .crossrole/journal/', () => {
    assert.equal(journalPath('0123abcd'), '.crossrole/journal/0123abcd.jsonl');
  });

  test('a step is known as done as soon as it is recorded, and its line is written', () => {
    const io = memoryIO();
    const journal = fileJournal(io);
    const record = { plan: 'p1', account: '111111111111', target: 'FleetReadOnly', step: 0, op: 'CreateRole' };
    assert.ok(!journal.has(record));
    journal.record(record);
    assert.ok(journal.has(record));
    assert.deepEqual(io.lines, [JSON.stringify(record)]);
  });

  test('torn lines and lines of other plans are ignored', () => {
    const record = { plan: 'p1', account: '111111111111', target: 'FleetReadOnly', step: 0, op: 'CreateRole' };
    const journal = fileJournal(memoryIO([JSON.stringify({ ...record, plan: 'p0' }), JSON.stringify({ ...record, step: 1 }), '{"plan":"p1","acc', '']));
    assert.ok(!journal.has(record));
    assert.ok(journal.has({ ...record, step: 1 }));
  });

  test('records are JSON lines naming the plan, account, role and step', async () => {
    const s = fleet(1);
    const io = memoryIO();
    await applyPlan(s.plan, s.iam.target(), options({ journal: fileJournal(io) }));
    const records = io.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      records.map((r) => `${String(r.account)} ${String(r.target)} ${String(r.step)} ${String(r.op)}`),
      [...s.plan.roles[0]!.steps.map((step, i) => `${s.plan.roles[0]!.accountId} FleetReadOnly ${i} ${step.op}`), '222222222222 hub:sec/inline/FleetHub/crossrole-sec 0 PutHubPolicy'],
    );
    assert.ok(records.every((r) => r.plan === records[0]!.plan && typeof r.plan === 'string'));
  });
});
