// Runs the StackSet steps of `apply --via stackset` (src/plan/stackset-steps.ts) against
// CloudFormation. Each operation is started with its deterministic OperationId, journaled as
// started, then waited on (DescribeStackSetOperation with backoff), its per-account results
// (ListStackSetOperationResults) reported as they come, and journaled as done once it succeeded.
// An interrupted apply resumes: a step journaled done is skipped, one journaled started is only
// waited on, and one whose start was never journaled is started again with the same OperationId,
// which CloudFormation refuses (OperationIdAlreadyExistsException) if the first start got through:
// then it is waited on too. StackSets are worked on side by side, each one's steps in order; a
// step that fails stops its StackSet.
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackSetOperationResultsCommand,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
  type CloudFormationClient,
  type DeploymentTargets,
  type StackSetOperationPreferences,
} from '@aws-sdk/client-cloudformation';
import type { Journal, StepRecord } from '../apply/journal.js';
import { owningSpec } from '../desired/types.js';
import { tagRecord } from '../observe/role-detail.js';
import type { ObservedStackSet } from '../plan/stackset.js';
import type { StackSetDefinition, StackSetStep, StackSetTargets, StackSetWork } from '../plan/stackset-steps.js';
import { awsError } from './errors.js';
import { observeStackSets } from './observe-stacksets.js';
import { tokenPages } from './pages.js';
import { setTimeout as wait } from 'node:timers/promises';

export interface StackSetTiming {
  /** The first wait between polls and between retries of a busy StackSet; it doubles up to maxMs. */
  firstMs: number;
  maxMs: number;
  /** How long a StackSet busy with another operation (OperationInProgressException) or throttling is retried. */
  busyForMs: number;
}

export const DEFAULT_TIMING: StackSetTiming = { firstMs: 1000, maxMs: 20_000, busyForMs: 30 * 60_000 };

export interface StackSetApplyOptions {
  journal: Journal;
  /** planId() of the plan: journal entries belong to it. */
  planId: string;
  /** One progress line at a time (an operation started, its status, an account finished). */
  report: (line: string) => void;
  signal?: AbortSignal;
  timing?: StackSetTiming;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Where an account stands once the steps ran: its failure in an operation of this apply, else its
 * stack instance as read afterwards (CURRENT, OUTDATED, INOPERABLE), DELETED, or NO INSTANCE.
 */
export interface AccountOutcome {
  accountId: string;
  status: string;
  reason?: string;
  /** The operation that failed here. */
  op?: StackSetStep['op'];
  /** It holds the current template, or no longer an instance it should not have. */
  ok: boolean;
}

export interface StackSetResult {
  stackSetName: string;
  /** Every step succeeded and no account failed. */
  ok: boolean;
  /** Why the StackSet stopped: a refused call, or an operation that did not succeed. */
  error?: string;
  accounts: AccountOutcome[];
  stepsRun: number;
  stepsFromJournal: number;
}

const BUSY = new Set(['OperationInProgressException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);
const ACCOUNT_DONE = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export async function applyStackSets(cfn: CloudFormationClient, work: StackSetWork[], options: StackSetApplyOptions): Promise<StackSetResult[]> {
  return Promise.all(work.map((w) => applyStackSet(cfn, w, options)));
}

async function applyStackSet(cfn: CloudFormationClient, work: StackSetWork, options: StackSetApplyOptions): Promise<StackSetResult> {
  const { journal, report } = options;
  const timing = options.timing ?? DEFAULT_TIMING;
  const sleep = options.sleep ?? wait;
  const failures = new Map<string, AccountOutcome>();
  const result: StackSetResult = { stackSetName: work.stackSetName, ok: true, accounts: [], stepsRun: 0, stepsFromJournal: 0 };
  const name = work.stackSetName;
  const record = (index: number, op: string): StepRecord => ({ plan: options.planId, account: 'stackset', target: `stackset:${name}`, step: index, op });

  /** The call, retried with backoff while the StackSet is busy or the API throttles. */
  const patiently = async <T>(call: string, send: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + timing.busyForMs;
    for (let delay = timing.firstMs; ; delay = Math.min(delay * 2, timing.maxMs)) {
      try {
        return await send();
      } catch (error) {
        const code = (error as { name?: string }).name ?? '';
        if (!BUSY.has(code) || Date.now() + delay > deadline || options.signal?.aborted) throw error;
        report(`StackSet ${name}: ${call}: ${code === 'OperationInProgressException' ? 'another operation is in progress' : 'throttled'}; trying again in ${Math.round(delay / 1000)} s`);
        await sleep(delay);
      }
    }
  };

  /** Polls the operation until it ends, reporting its status and each account as it finishes. */
  const waitFor = async (step: Exclude<StackSetStep, { op: 'CreateStackSet' }>): Promise<{ status: string; reason?: string }> => {
    const seen = new Map<string, string>();
    let lastStatus = '';
    for (let delay = timing.firstMs; ; delay = Math.min(delay * 2, timing.maxMs)) {
      const described = await patiently('DescribeStackSetOperation', () => cfn.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: step.operationId, CallAs: step.callAs })));
      const status = described.StackSetOperation?.Status ?? 'UNKNOWN';
      const results = await tokenPages(
        { call: `cloudformation:ListStackSetOperationResults ${name} ${step.operationId}` },
        (token) => patiently('ListStackSetOperationResults', () => cfn.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: step.operationId, CallAs: step.callAs, ...(token !== undefined && { NextToken: token }) }))),
        (r) => r.Summaries ?? [],
      );
      for (const r of results) {
        const accountId = r.Account ?? '';
        const accountStatus = r.Status ?? 'UNKNOWN';
        if (!ACCOUNT_DONE.has(accountStatus) || seen.get(accountId) === accountStatus) continue;
        seen.set(accountId, accountStatus);
        // The account gate's reason only explains a failure it caused.
        const reason = r.StatusReason ?? (r.AccountGateResult?.Status === 'FAILED' ? r.AccountGateResult.StatusReason : undefined);
        if (accountStatus !== 'SUCCEEDED') failures.set(accountId, { accountId, status: accountStatus, ...(reason && { reason }), op: step.op, ok: false });
        report(`StackSet ${name}: ${step.op} ${accountId} ${accountStatus}${reason ? `: ${reason}` : ''}`);
      }
      if (status !== lastStatus) {
        lastStatus = status;
        report(`StackSet ${name}: ${step.op} ${step.operationId} ${status} (${seen.size} of ${results.length} accounts done)`);
      }
      if (FINISHED.has(status)) return { status, ...(described.StackSetOperation?.StatusReason && { reason: described.StackSetOperation.StatusReason }) };
      if (options.signal?.aborted) throw Object.assign(new Error(`apply was interrupted while ${step.op} ${step.operationId} runs; run apply again to wait for it`), { name: 'AbortError' });
      await sleep(delay);
    }
  };

  for (const [index, step] of work.steps.entries()) {
    const done = record(index, step.op);
    if (journal.has(done)) {
      result.stepsFromJournal++;
      continue;
    }
    const call = `cloudformation:${step.op} ${name}`;
    try {
      if (options.signal?.aborted) throw Object.assign(new Error('apply was interrupted'), { name: 'AbortError' });
      if (step.op === 'CreateStackSet') {
        await createStackSet(cfn, step, patiently);
        report(`StackSet ${name}: created`);
      } else {
        const started = record(index, `${step.op} started ${step.operationId}`);
        // AWS answers with the OperationId it was given; an emulator may not.
        let operationId = step.operationId;
        if (!journal.has(started)) {
          try {
            operationId = (await patiently(step.op, () => start(cfn, step))) ?? operationId;
          } catch (error) {
            // Ours, started by a run stopped before it could journal the start.
            if ((error as { name?: string }).name !== 'OperationIdAlreadyExistsException') throw error;
          }
          await journal.record(started);
        }
        const { status, reason } = await waitFor({ ...step, operationId });
        if (status !== 'SUCCEEDED') {
          const failed = [...failures.values()].filter((a) => a.op === step.op);
          result.error = `${step.op} ${step.operationId} ${status}${reason ? `: ${reason}` : ''}${failed.length ? ` (${failed.length} ${failed.length === 1 ? 'account' : 'accounts'} failed)` : ''}`;
          break;
        }
      }
      await journal.record(done);
      result.stepsRun++;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      result.error = e.name === 'AbortError' ? (e.message ?? 'interrupted') : awsError(error, { call }).message;
      break;
    }
  }
  try {
    result.accounts = outcomes(work, failures, (await observeStackSets(cfn, [name], work.callAs))[0]!);
  } catch (error) {
    result.error ??= awsError(error, { call: `cloudformation:ListStackInstances ${name}` }).message;
  }
  result.ok = result.error === undefined && result.accounts.every((a) => a.ok);
  return result;
}

/** Every account the StackSet should reach, holds an instance in, or had one deleted in: failures of this apply first, then the instances as they are. */
function outcomes(work: StackSetWork, failures: Map<string, AccountOutcome>, seen: ObservedStackSet): AccountOutcome[] {
  const instances = new Map(seen.instances.filter((i) => i.region === work.region).map((i) => [i.accountId, i]));
  const ids = [...new Set([...work.accounts, ...work.removed, ...instances.keys(), ...failures.keys()])].sort();
  return ids.map((accountId): AccountOutcome => {
    const failure = failures.get(accountId);
    if (failure) return failure;
    const instance = instances.get(accountId);
    const wanted = !work.removed.includes(accountId);
    if (!instance) return { accountId, status: wanted ? 'NO INSTANCE' : 'DELETED', ok: !wanted };
    return { accountId, status: instance.status, ...(instance.statusReason && { reason: instance.statusReason }), ok: wanted && instance.status === 'CURRENT' };
  });
}

/** CreateStackSet has no operation: a name taken by this spec's StackSet is an earlier, interrupted run's. */
async function createStackSet(cfn: CloudFormationClient, step: Extract<StackSetStep, { op: 'CreateStackSet' }>, patiently: <T>(call: string, send: () => Promise<T>) => Promise<T>): Promise<void> {
  try {
    await patiently(step.op, () =>
      cfn.send(new CreateStackSetCommand({ StackSetName: step.stackSetName, PermissionModel: step.permissionModel, CallAs: step.callAs, ...definitionInput(step.definition) })),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'NameAlreadyExistsException') throw error;
    const existing = (await cfn.send(new DescribeStackSetCommand({ StackSetName: step.stackSetName, CallAs: step.callAs }))).StackSet;
    if (owningSpec(tagRecord(existing?.Tags)) === owningSpec(step.definition.tags)) return;
    throw Object.assign(new Error(`StackSet ${step.stackSetName} was created outside this apply after the plan was made; make a new plan`), { name: 'NameAlreadyExistsException' });
  }
}

function definitionInput(d: StackSetDefinition) {
  return {
    Description: d.description,
    TemplateBody: d.templateBody,
    Parameters: Object.entries(d.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Tags: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })),
    Capabilities: ['CAPABILITY_NAMED_IAM' as const],
    ...(d.administrationRoleArn !== undefined && { AdministrationRoleARN: d.administrationRoleArn }),
    ...(d.executionRoleName !== undefined && { ExecutionRoleName: d.executionRoleName }),
    ...(d.autoDeployment && { AutoDeployment: { Enabled: d.autoDeployment.enabled, RetainStacksOnAccountRemoval: d.autoDeployment.retainStacksOnAccountRemoval } }),
  };
}

/** Starts the operation the step names; returns its OperationId. */
async function start(cfn: CloudFormationClient, step: Exclude<StackSetStep, { op: 'CreateStackSet' }>): Promise<string | undefined> {
  const preferences: StackSetOperationPreferences = {
    FailureTolerancePercentage: step.operationPreferences.failureTolerancePercentage,
    MaxConcurrentPercentage: step.operationPreferences.maxConcurrentPercentage,
    RegionConcurrencyType: step.operationPreferences.regionConcurrency,
  };
  const common = { StackSetName: step.stackSetName, CallAs: step.callAs, OperationId: step.operationId, OperationPreferences: preferences };
  if (step.op === 'UpdateStackSet') return (await cfn.send(new UpdateStackSetCommand({ ...common, ...definitionInput(step.definition) }))).OperationId;
  const where = { ...common, Regions: [step.region], ...targetsInput(step.targets) };
  if (step.op === 'DeleteStackInstances') return (await cfn.send(new DeleteStackInstancesCommand({ ...where, RetainStacks: step.retainStacks }))).OperationId;
  if (step.op === 'CreateStackInstances') return (await cfn.send(new CreateStackInstancesCommand(where))).OperationId;
  return (await cfn.send(new UpdateStackInstancesCommand(where))).OperationId;
}

function targetsInput(targets: StackSetTargets): { Accounts: string[] } | { DeploymentTargets: DeploymentTargets } {
  if (targets.kind === 'accounts') return { Accounts: targets.accounts };
  return { DeploymentTargets: { OrganizationalUnitIds: targets.ous, AccountFilterType: targets.filter, ...(targets.filter !== 'NONE' && { Accounts: targets.accounts }) } };
}
