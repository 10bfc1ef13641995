// Apply executes a plan's steps exactly as planned; it never re-decides. Safety lives in the step
// order (src/plan/steps.ts); apply adds the order between hubs and spokes, a rolling worker pool,
// idempotent retries and the journal.
//
// Five phases, each a rolling pool of `concurrency` workers (phases are tiny for hubs, so the
// barriers between them cost nothing):
// 1. hub policy deletions: a hub loses reach before any spoke changes;
// 2. hub principals: a missing hub role or group is created before any spoke trust names it (IAM
//    refuses a trust policy naming a principal that does not exist);
// 3. group members, once their group exists;
// 4. spoke accounts: each account's role changes in plan order, one step at a time;
// 5. hub policy puts, each only once every spoke it depends on (HubChange.dependsOn) has been
//    applied (by the API, or by the StackSets of options.beforeHubPolicies, which runs first), so
//    a hub never gains reach to a spoke still half-changed (an adopted role with its old
//    permissions, say) or not deployed yet. A put that also drops spokes loses nothing by waiting: until then the
//    hub keeps only the reach it already had, and the dropped spokes are either untouched or were
//    locked and deleted in phase 2.
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG } from '../desired/types.js';
import { describeStep } from '../plan/describe.js';
import { PENDING_HASH } from '../plan/steps.js';
import type { HubChange, Plan, Step } from '../plan/types.js';
import { planId, type StepRecord } from './journal.js';
import type { ApplyCounts, ApplyOptions, ApplyResult, ApplyTarget, RoleOperations, UnitRef, UnitResult } from './types.js';

/** Steps whose NoSuchEntity means "already removed". */
const REMOVALS = new Set<Step['op']>([
  'DeleteRolePolicy',
  'DetachRolePolicy',
  'DeleteRolePermissionsBoundary',
  'DeleteRole',
  'DeleteHubPolicy',
  'RemoveRoleFromInstanceProfile',
  'DeleteInstanceProfile',
  'DetachHubPolicy',
  'DeletePolicyVersion',
  'DeletePolicy',
]);

interface Change {
  /** Journal target: the role name, or hub:<hub>/<subject>/<principal>[/<policy>]. */
  target: string;
  roleName?: string;
  arn?: string;
  /** For a delete every step may find the role already gone. */
  deleting: boolean;
  steps: Step[];
}

interface Unit {
  ref: UnitRef;
  changes: Change[];
  /** Role ARNs that must have been applied first. */
  dependsOn: string[];
}

export async function applyPlan(plan: Plan, target: ApplyTarget, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.version !== 1) throw new Error(`unsupported plan version ${String(plan.version)}`);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError('concurrency must be a whole number of at least 1');
  if (!(options.maxFailures >= 1)) throw new RangeError('maxFailures must be at least 1');
  const id = planId(plan);
  const { journal, signal } = options;

  const accounts = new Map<string, Unit>();
  for (const change of plan.roles) {
    if (!change.steps.length) continue;
    const unit = accounts.get(change.accountId) ?? { ref: { kind: 'account', accountId: change.accountId }, changes: [], dependsOn: [] };
    unit.changes.push({ target: change.roleName, roleName: change.roleName, arn: change.arn, deleting: change.kind === 'delete', steps: change.steps });
    accounts.set(change.accountId, unit);
  }
  const hubTarget = (h: HubChange) => `hub:${h.hub}/${h.subject}/${h.principalName}${h.policyName !== undefined ? `/${h.policyName}` : ''}`;
  const principalTargets = new Map<string, string>();
  for (const h of plan.hubs) if (h.subject === 'principal' && h.steps.length) principalTargets.set(`${h.hub}/${h.principalName}`, hubTarget(h));
  const hubUnits = (phase: (h: HubChange) => boolean): Unit[] =>
    plan.hubs
      .filter((h) => h.steps.length && phase(h))
      .map((h) => {
        // Members and policies wait for the principal they go on.
        const principal = h.subject === 'principal' ? undefined : principalTargets.get(`${h.hub}/${h.principalName}`);
        return {
          ref: { kind: 'hub', accountId: h.accountId, hub: h.hub, subject: h.subject, principalName: h.principalName, ...(h.policyName !== undefined && { policyName: h.policyName }) },
          changes: [{ target: hubTarget(h), deleting: h.kind === 'delete', steps: h.steps }],
          dependsOn: [...(principal ? [principal] : []), ...h.dependsOn],
        };
      });
  const puts = (subjects: HubChange['subject'][]) => hubUnits((h) => h.kind !== 'delete' && subjects.includes(h.subject));
  const phases = [hubUnits((h) => h.kind === 'delete'), puts(['principal']), puts(['members']), [...accounts.values()], puts(['inline', 'managed'])];

  const all = phases.flat();
  const counts: ApplyCounts = { units: all.length, running: 0, ok: 0, failed: 0, skipped: 0, steps: all.reduce((n, u) => n + u.changes.reduce((m, c) => m + c.steps.length, 0), 0), stepsDone: 0 };
  const emit = options.onProgress ?? (() => undefined);
  const snapshot = () => ({ ...counts });
  const results = new Map<Unit, UnitResult>();
  const applied = new Set<string>();
  const recordOf = (unit: Unit, change: Change, index: number): StepRecord => ({ plan: id, account: unit.ref.accountId, target: change.target, step: index, op: change.steps[index]!.op });

  const finish = (unit: Unit, result: Omit<UnitResult, 'unit'>): void => {
    const full = { unit: unit.ref, ...result };
    results.set(unit, full);
    counts[result.status]++;
    emit({ type: 'unit-finished', result: full, counts: snapshot() });
  };

  const run = async (unit: Unit): Promise<void> => {
    const stop = signal?.aborted ? 'aborted' : counts.failed >= options.maxFailures ? `not started: ${counts.failed} units failed (maxFailures ${options.maxFailures})` : undefined;
    const missing = unit.dependsOn.find((arn) => !applied.has(arn));
    if (stop || missing) {
      finish(unit, { status: 'skipped', reason: stop ?? `${missing!.startsWith('hub:') ? 'hub change' : 'spoke'} ${missing} was not applied`, stepsRun: 0, stepsFromJournal: 0 });
      return;
    }
    counts.running++;
    emit({ type: 'unit-started', unit: unit.ref, counts: snapshot() });
    const result = await runUnit(unit);
    counts.running--;
    finish(unit, result);
  };

  const runUnit = async (unit: Unit): Promise<Omit<UnitResult, 'unit'>> => {
    let stepsRun = 0;
    let stepsFromJournal = 0;
    // A unit the journal already finished needs no session: resuming 5000 accounts assumes no role twice.
    const pending = unit.changes.some((c) => c.steps.some((_, i) => !journal.has(recordOf(unit, c, i))));
    let iam: RoleOperations | undefined;
    if (pending) {
      try {
        iam = (await target.open(unit.ref.accountId)).iam;
      } catch (error) {
        return { status: 'failed', error: describeError(error), stepsRun, stepsFromJournal };
      }
    }
    for (const change of unit.changes) {
      for (let index = 0; index < change.steps.length; index++) {
        const step = change.steps[index]!;
        const record = recordOf(unit, change, index);
        const where = { index, ...(change.roleName !== undefined && { roleName: change.roleName }), description: describeStep(step) };
        let outcome: 'done' | 'already-done' | 'journal' = 'journal';
        try {
          if (journal.has(record)) stepsFromJournal++;
          else {
            if (signal?.aborted) throw Object.assign(new Error('apply was interrupted'), { name: 'AbortError' });
            outcome = await runStep(iam!, step, change, plan.specName);
            await journal.record(record);
            stepsRun++;
          }
        } catch (error) {
          return { status: 'failed', error: describeError(error), failedStep: { ...where, step }, stepsRun, stepsFromJournal };
        }
        counts.stepsDone++;
        emit({ type: 'step', unit: unit.ref, ...where, outcome, counts: snapshot() });
      }
      applied.add(change.arn ?? change.target);
    }
    return { status: 'ok', stepsRun, stepsFromJournal };
  };

  emit({ type: 'started', counts: snapshot() });
  for (const [index, phase] of phases.entries()) {
    if (index === phases.length - 1 && options.beforeHubPolicies) for (const arn of await options.beforeHubPolicies()) applied.add(arn);
    await pool(phase, options.concurrency, run);
  }
  emit({ type: 'finished', counts: snapshot() });
  const units = all.map((u) => results.get(u)!);
  return { ok: units.every((r) => r.status === 'ok'), aborted: signal?.aborted ?? false, units, counts: snapshot() };
}

/** Runs one step, treating "already so" answers as success so a re-run after a crash converges. */
async function runStep(iam: RoleOperations, step: Step, change: Change, specName: string): Promise<'done' | 'already-done'> {
  try {
    await iam.run(step);
    return 'done';
  } catch (error) {
    const name = errorName(error);
    if (name === 'NoSuchEntity' && (change.deleting || REMOVALS.has(step.op))) return 'already-done';
    if (name === 'EntityAlreadyExists' && step.op === 'CreateRole') {
      // Only our own creation interrupted before its journal line is "done": a spoke was born locked,
      // owned by this spec and tagged pending; a hub role owned by this spec, without permissions
      // until its policies come. Anything else appeared since the plan was made.
      const tags = await iam.roleTags(step.roleName);
      const unfinished = change.target.startsWith('hub:') ? tags?.[HASH_TAG] === undefined : tags?.[HASH_TAG] === PENDING_HASH;
      if (tags?.[OWNER_TAG] === OWNER_VALUE && tags[SPEC_TAG] === specName && unfinished) return 'already-done';
      throw Object.assign(new Error(`role ${step.roleName} was created outside this apply after the plan was made; make a new plan`), { name: 'EntityAlreadyExists' });
    }
    // A group carries no permissions of its own and no tags: one of the hub's name is the hub group.
    if (name === 'EntityAlreadyExists' && step.op === 'CreateGroup') return 'already-done';
    if (name === 'EntityAlreadyExists' && step.op === 'CreatePolicy') {
      throw Object.assign(new Error(`managed policy ${step.path}${step.policyName} was created outside this apply after the plan was made; make a new plan`), { name });
    }
    if (name === 'EntityAlreadyExists' && step.op === 'CreateInstanceProfile') {
      // Ours when it carries this spec's ownership tags (an interrupted run made it); never taken over otherwise.
      const profile = await iam.instanceProfile(step.profileName);
      if (profile?.tags[OWNER_TAG] === OWNER_VALUE && profile.tags[SPEC_TAG] === specName) return 'already-done';
      throw Object.assign(new Error(`instance profile ${step.profileName} exists and is not crossrole's: delete or rename it, or set instanceProfile: false on the role`), { name: 'EntityAlreadyExists' });
    }
    if ((name === 'LimitExceeded' || name === 'EntityAlreadyExists') && step.op === 'AddRoleToInstanceProfile') {
      // A profile holds one role: either ours already (an interrupted run), or another one.
      const profile = await iam.instanceProfile(step.profileName);
      if (profile?.roles.some((r) => r.toLowerCase() === step.roleName.toLowerCase())) return 'already-done';
      throw Object.assign(new Error(`instance profile ${step.profileName} already holds role ${profile?.roles.join(', ') ?? '(unknown)'}`), { name });
    }
    throw error;
  }
}

/** A rolling pool: each worker takes the next item as soon as it is free (no batches). */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The AWS error code: the SDK names some exceptions after it (NoSuchEntity), others with a suffix (EntityAlreadyExistsException). */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name.replace(/Exception$/, '') : 'Error';
}

function describeError(error: unknown): { name: string; message: string } {
  return { name: errorName(error), message: error instanceof Error ? error.message : String(error) };
}
