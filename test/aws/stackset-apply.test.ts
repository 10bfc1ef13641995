// applyStackSets against an in-memory CloudFormation: the operation handling moto cannot show.
// Operations run for a few polls, a busy StackSet is waited out, a resumed apply waits on the
// operation its journal recorded (or that CloudFormation says already exists) instead of starting
// a second one, and a failed operation stops its StackSet with each account's reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { fileJournal, type Journal } from '../../src/apply/journal.js';
import { applyStackSets, type StackSetApplyOptions } from '../../src/aws/stackset-apply.js';
import type { StackSetWork } from '../../src/plan/stackset-steps.js';

const NAME = 'crossrole-fleet-FleetAccess';
const ACCOUNTS = ['333333333333', '444444444444'];
const preferences = { failureTolerancePercentage: 0, maxConcurrentPercentage: 100, regionConcurrency: 'PARALLEL' as const };

const work: StackSetWork = {
  stackSetName: NAME,
  role: 'FleetAccess',
  callAs: 'SELF',
  region: 'us-east-1',
  accounts: ACCOUNTS,
  removed: [],
  steps: [
    { op: 'UpdateStackSet', stackSetName: NAME, callAs: 'SELF', operationId: 'crossrole-op-update', operationPreferences: preferences, definition: { description: 'd', templateBody: '{}', parameters: {}, tags: {} } },
    { op: 'CreateStackInstances', stackSetName: NAME, callAs: 'SELF', operationId: 'crossrole-op-add', operationPreferences: preferences, region: 'us-east-1', targets: { kind: 'accounts', accounts: ACCOUNTS } },
  ],
};

interface Fake {
  /** Command names in call order. */
  calls: string[];
  cfn: CloudFormationClient;
}

/**
 * Every operation RUNNING for `polls` describes, then `outcome`; `refuse` answers the start of an
 * operation with these errors first. Stack instances are CURRENT unless the operation failed.
 */
function fakeCfn(options: { polls?: number; outcome?: 'SUCCEEDED' | 'FAILED'; refuse?: Record<string, string[]> } = {}): Fake {
  const calls: string[] = [];
  const describes = new Map<string, number>();
  const refusals = new Map(Object.entries(options.refuse ?? {}).map(([op, errors]) => [op, [...errors]]));
  const outcome = options.outcome ?? 'SUCCEEDED';
  const send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const op = command.constructor.name.replace(/Command$/, '');
    calls.push(op);
    const error = refusals.get(op)?.shift();
    if (error) return Promise.reject(Object.assign(new Error(`${error} (fake)`), { name: error }));
    const id = command.input.OperationId as string;
    switch (op) {
      case 'DescribeStackSetOperation': {
        const seen = (describes.get(id) ?? 0) + 1;
        describes.set(id, seen);
        return Promise.resolve({ StackSetOperation: { OperationId: id, Status: seen > (options.polls ?? 0) ? outcome : 'RUNNING' } });
      }
      case 'ListStackSetOperationResults':
        return Promise.resolve({ Summaries: ACCOUNTS.map((Account, i) => ({ Account, Region: 'us-east-1', Status: outcome === 'FAILED' && i === 0 ? 'FAILED' : 'SUCCEEDED', ...(outcome === 'FAILED' && i === 0 && { StatusReason: 'Role FleetAccess already exists' }) })) });
      case 'DescribeStackSet':
        return Promise.resolve({ StackSet: { StackSetName: NAME, Status: 'ACTIVE', Tags: [] } });
      case 'ListStackInstances':
        return Promise.resolve({ Summaries: ACCOUNTS.map((Account) => ({ Account, Region: 'us-east-1', Status: outcome === 'FAILED' ? 'OUTDATED' : 'CURRENT' })) });
      default:
        return Promise.resolve({ OperationId: id });
    }
  };
  return { calls, cfn: { send } as unknown as CloudFormationClient };
}

function memoryJournal(lines: string[] = []): Journal & { lines: string[] } {
  return Object.assign(fileJournal({ append: (line) => lines.push(line), read: () => lines }), { lines });
}

function run(fake: Fake, journal: Journal, extra: Partial<StackSetApplyOptions> = {}) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const result = applyStackSets(fake.cfn, [work], {
    journal,
    planId: 'plan-1',
    report: (line) => lines.push(line),
    timing: { firstMs: 1000, maxMs: 4000, busyForMs: 60_000 },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return result.then(([r]) => ({ result: r!, sleeps, lines }));
}

const starts = (calls: string[]) => calls.filter((c) => c === 'UpdateStackSet' || c === 'CreateStackInstances');

describe('applyStackSets', () => {
  test('each operation is waited on with a doubling backoff, its accounts reported, and journaled started then done', async () => {
    const fake = fakeCfn({ polls: 3 });
    const journal = memoryJournal();
    const { result, sleeps, lines } = await run(fake, journal);
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(starts(fake.calls), ['UpdateStackSet', 'CreateStackInstances']);
    assert.deepEqual(sleeps, [1000, 2000, 4000, 1000, 2000, 4000]);
    assert.ok(lines.includes(`StackSet ${NAME}: CreateStackInstances 333333333333 SUCCEEDED`), lines.join('\n'));
    assert.deepEqual(journal.lines.map((l) => (JSON.parse(l) as { op: string }).op), ['UpdateStackSet started crossrole-op-update', 'UpdateStackSet', 'CreateStackInstances started crossrole-op-add', 'CreateStackInstances']);
    assert.deepEqual(result.accounts.map((a) => `${a.accountId} ${a.status}`), ['333333333333 CURRENT', '444444444444 CURRENT']);
  });

  test('OperationInProgressException and throttling are waited out', async () => {
    const fake = fakeCfn({ refuse: { UpdateStackSet: ['OperationInProgressException', 'Throttling', 'OperationInProgressException'] } });
    const { result, sleeps, lines } = await run(fake, memoryJournal());
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(sleeps, [1000, 2000, 4000]);
    assert.equal(lines.filter((l) => l.includes('another operation is in progress')).length, 2);
  });

  test('a StackSet busy for longer than busyForMs fails with the AWS error', async () => {
    const fake = fakeCfn({ refuse: { UpdateStackSet: Array.from({ length: 20 }, () => 'OperationInProgressException') } });
    const { result } = await run(fake, memoryJournal(), { timing: { firstMs: 1000, maxMs: 1000, busyForMs: 0 } });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /cloudformation:UpdateStackSet crossrole-fleet-FleetAccess failed \(OperationInProgressException\)/);
    assert.deepEqual(starts(fake.calls), ['UpdateStackSet']);
  });

  test('a resumed apply waits on the operation its journal recorded as started, and skips the one done', async () => {
    const journal = memoryJournal([
      JSON.stringify({ plan: 'plan-1', account: 'stackset', target: `stackset:${NAME}`, step: 0, op: 'UpdateStackSet started crossrole-op-update' }),
      JSON.stringify({ plan: 'plan-1', account: 'stackset', target: `stackset:${NAME}`, step: 0, op: 'UpdateStackSet' }),
      JSON.stringify({ plan: 'plan-1', account: 'stackset', target: `stackset:${NAME}`, step: 1, op: 'CreateStackInstances started crossrole-op-add' }),
    ]);
    const fake = fakeCfn({ polls: 1 });
    const { result } = await run(fake, journal);
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(starts(fake.calls), [], 'no operation started twice');
    assert.equal(result.stepsFromJournal, 1);
    assert.equal(result.stepsRun, 1);
    assert.ok(fake.calls.includes('DescribeStackSetOperation'));
  });

  test('an operation started by a run killed before its journal line is found by its OperationId and waited on', async () => {
    const fake = fakeCfn({ refuse: { UpdateStackSet: ['OperationIdAlreadyExistsException'] } });
    const { result } = await run(fake, memoryJournal());
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(starts(fake.calls), ['UpdateStackSet', 'CreateStackInstances']);
  });

  test('a failed operation stops its StackSet, names the accounts that failed and why, and is not journaled done', async () => {
    const fake = fakeCfn({ outcome: 'FAILED' });
    const journal = memoryJournal();
    const { result, lines } = await run(fake, journal);
    assert.equal(result.ok, false);
    assert.equal(result.error, 'UpdateStackSet crossrole-op-update FAILED (1 account failed)');
    assert.deepEqual(starts(fake.calls), ['UpdateStackSet'], 'the next step does not start');
    assert.deepEqual(result.accounts.map((a) => `${a.accountId} ${a.status}${a.reason ? `: ${a.reason}` : ''}`), ['333333333333 FAILED: Role FleetAccess already exists', '444444444444 OUTDATED']);
    assert.ok(lines.includes(`StackSet ${NAME}: UpdateStackSet 333333333333 FAILED: Role FleetAccess already exists`));
    assert.deepEqual(journal.lines.map((l) => (JSON.parse(l) as { op: string }).op), ['UpdateStackSet started crossrole-op-update']);
  });

  test('interrupted while an operation runs: it stops waiting, the operation stays journaled as started', async () => {
    const controller = new AbortController();
    const fake = fakeCfn({ polls: 5 });
    const journal = memoryJournal();
    const { result } = await run(fake, journal, { signal: controller.signal, sleep: () => Promise.resolve(controller.abort()) });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /interrupted while UpdateStackSet crossrole-op-update runs; run apply again to wait for it/);
    assert.deepEqual(journal.lines.map((l) => (JSON.parse(l) as { op: string }).op), ['UpdateStackSet started crossrole-op-update']);
  });
});
