import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { applyPlan } from '../../apply/apply.js';
import { fileJournal, journalPath, planId, type Journal } from '../../apply/journal.js';
import type { ProgressEvent, UnitResult } from '../../apply/types.js';
import type { StackSetResult } from '../../aws/stackset-apply.js';
import { UserError } from '../../errors.js';
import { desiredHash } from '../../plan/make.js';
import { renderPlan } from '../../plan/render.js';
import type { StackSetChange, StackSetPlan } from '../../plan/stackset.js';
import { deployedSpokeArns, stackSetSteps } from '../../plan/stackset-steps.js';
import type { Plan } from '../../plan/types.js';
import { withAwsFlags } from '../aws-flags.js';
import { readInputFile } from '../../file-errors.js';
import { loadLiveInputs, type LiveInputs } from '../live-inputs.js';
import { progressLine } from '../progress.js';
import { hasChanges, planFromLive, viaOption, type PlanFlags } from './plan.js';
import { wholeNumber } from '../numbers.js';

interface ApplyFlags extends PlanFlags {
  plan?: string;
  autoApprove?: boolean;
  maxFailures: number;
}

export function registerApply(program: Command): void {
  withAwsFlags(
    program
      .command('apply')
      .description('make every targeted account and hub match the spec: a rolling pool of accounts, safe step order, resumable after any interruption')
      .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
      .option('--org <file>', 'organization model (default: discover it live)')
      .option('--plan <file>', 'a plan saved by `crossrole plan --out` (default: plan now)')
      .option('--auto-approve', 'apply without asking (required when not on a terminal)')
      .option('--prune', 'also delete roles this spec owns in accounts it no longer targets')
      .option('--concurrency <n>', 'accounts worked on in parallel', wholeNumber(1), 16)
      .option('--max-failures <n>', 'stop starting accounts after this many failed', wholeNumber(1), 10)
      .addOption(viaOption()),
  )
    .addHelpText('after', '\nAn interrupted apply (Ctrl-C, kill -9) resumes from .crossrole/journal/ when run again.\n\nExample:\n  crossrole apply --spec crossrole.yaml --org org.json --auto-approve')
    .action(async (opts: ApplyFlags) => {
      // A saved plan is read before AWS is touched: a bad file is bad input, whatever the network.
      const saved = opts.plan === undefined ? undefined : readSavedPlan(opts.plan);
      const inputs = await loadLiveInputs(opts, { outputWarnings: 'access', ...(opts.via && { via: opts.via }) });
      if (saved && saved.desiredHash !== desiredHash(inputs.desired)) throw new UserError(`${opts.plan} was made for another version of the spec or organization; run crossrole plan again`, 2);
      if (saved && (saved.stackSets !== undefined) !== (inputs.deploy.via === 'stackset')) {
        throw new UserError(`${opts.plan} was made with --via ${saved.stackSets ? 'stackset' : 'api'}: apply it with --via ${saved.stackSets ? 'stackset' : 'api'}, or make a new plan`, 2);
      }
      const plan = saved ?? (await planFromLive(inputs, opts));
      process.stdout.write(renderPlan(plan, { color: !!process.stdout.isTTY }));
      const file = journalPath(plan.desiredHash);
      if (!hasChanges(plan)) {
        // Nothing to resume: a journal left by a run killed after its last call must not make a
        // later apply of the same plan skip steps.
        rmSync(file, { force: true });
        printUnresolved(plan);
        if (plan.unreadable.length || plan.summary.conflict || stackSetConflicts(plan).length) process.exitCode = 1;
        return;
      }
      if (!opts.autoApprove && !(await confirm())) {
        process.stdout.write('Apply cancelled.\n');
        return;
      }

      mkdirSync(dirname(file), { recursive: true });
      const journal = fileJournal({ append: (line) => appendFileSync(file, `${line}\n`), read: () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []) });
      // Ctrl-C: finish the call in flight, journal it, start nothing new.
      const controller = new AbortController();
      const onSignal = () => {
        process.stderr.write('\ninterrupted: finishing the calls in flight; run apply again to resume\n');
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const { awsApplyTarget } = await import('../../aws/apply-target.js');
      const stackSets = plan.stackSets && stackSetRunner(plan, plan.stackSets, inputs, journal, controller.signal);
      const result = await applyPlan(plan, awsApplyTarget(inputs.access), {
        concurrency: opts.concurrency,
        maxFailures: opts.maxFailures,
        journal,
        onProgress: progressReporter(),
        signal: controller.signal,
        ...(stackSets && { beforeHubPolicies: stackSets.run }),
      });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const stackSetResults = stackSets?.results() ?? [];
      printStackSetSummary(stackSetResults);
      printSummary(result.units, result.aborted);
      printUnresolved(plan);
      // Interrupted before the StackSets ran, they did nothing: not done.
      const ok = result.ok && !result.aborted && (stackSets?.ran() ?? true) && stackSetResults.every((r) => r.ok);
      // The journal exists to resume an interrupted apply; a finished one must not make a later
      // apply with the same plan skip steps (roles deleted by hand in between, say).
      if (ok) rmSync(file, { force: true });
      if (!ok || plan.unreadable.length || plan.summary.conflict || stackSetConflicts(plan).length) process.exitCode = 1;
    });
}

/**
 * `--via stackset`: the StackSet operations, run by applyPlan after the API's spokes and before
 * the hub policy puts; the spokes they deployed let the puts that name them go ahead.
 */
function stackSetRunner(plan: Plan, stackSetPlan: StackSetPlan, inputs: LiveInputs, journal: Journal, signal: AbortSignal) {
  const work = stackSetSteps(plan, planId(plan));
  let results: StackSetResult[] = [];
  let ran = !work.length;
  return {
    results: () => results,
    ran: () => ran,
    run: async (): Promise<string[]> => {
      if (ran || signal.aborted) return [];
      ran = true;
      const { applyStackSets } = await import('../../aws/stackset-apply.js');
      results = await applyStackSets(inputs.access.base.cloudformation(stackSetPlan.region), work, { journal, planId: planId(plan), report: (line) => process.stderr.write(`${line}\n`), signal });
      const reached = (name: string, accountId: string) => {
        const result = results.find((r) => r.stackSetName === name);
        return result !== undefined && result.error === undefined && result.accounts.some((a) => a.accountId === accountId && a.ok);
      };
      return deployedSpokeArns(work, reached, plan.hubs.flatMap((h) => h.dependsOn));
    },
  };
}

/** Per StackSet worked on, each account's outcome (a failed operation, else its stack instance as read afterwards); then why a StackSet stopped. */
function printStackSetSummary(results: StackSetResult[]): void {
  for (const r of results) {
    const failed = r.accounts.filter((a) => !a.ok).length;
    process.stdout.write(`\nStackSet ${r.stackSetName}: ${r.error === undefined ? 'done' : 'FAILED'}; ${r.accounts.length - failed} ${r.accounts.length - failed === 1 ? 'account' : 'accounts'} as planned, ${failed} not${r.stepsFromJournal ? ` (${r.stepsFromJournal} steps already done by an earlier run)` : ''}\n`);
    for (const a of r.accounts) process.stdout.write(`  ${a.ok ? ' ' : '!'} ${a.accountId} ${a.status}${a.op ? ` (${a.op})` : ''}${a.reason ? `: ${a.reason}` : ''}\n`);
    if (r.error !== undefined) process.stdout.write(`FAILED StackSet ${r.stackSetName}: ${r.error}\n`);
  }
}

function stackSetConflicts(plan: Plan): StackSetChange[] {
  return plan.stackSets?.stackSets.filter((s) => s.kind === 'conflict') ?? [];
}

function readSavedPlan(path: string): Plan {
  const text = readInputFile(path, 'plan file');
  let plan: Plan | null;
  try {
    plan = JSON.parse(text) as Plan | null;
  } catch (error) {
    throw new UserError(`${path} is not a crossrole plan: ${(error as Error).message}`, 2);
  }
  if (plan?.version !== 1 || !Array.isArray(plan.roles)) throw new UserError(`${path} is not a crossrole plan`, 2);
  return plan;
}

async function confirm(): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UserError('not on a terminal: pass --auto-approve to apply without confirmation');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('\nApply these changes? Only "yes" is accepted: ');
  rl.close();
  return answer.trim() === 'yes';
}

/** A bar on a terminal; one line per finished account or hub policy otherwise. */
function progressReporter(): (event: ProgressEvent) => void {
  const bar = process.stderr.isTTY ? progressLine('applying') : undefined;
  return (event) => {
    if (event.type === 'step' && bar) bar.update(event.counts.ok + event.counts.failed + event.counts.skipped, event.counts.units, `${event.counts.stepsDone}/${event.counts.steps} calls`);
    if (event.type === 'unit-finished') {
      if (bar) bar.update(event.counts.ok + event.counts.failed + event.counts.skipped, event.counts.units, `${event.counts.stepsDone}/${event.counts.steps} calls`);
      else process.stderr.write(`${unitName(event.result)}: ${event.result.status}${event.result.error ? ` (${event.result.error.name}: ${event.result.error.message})` : ''}\n`);
    }
    if (event.type === 'finished') bar?.done();
  };
}

function unitName(result: UnitResult): string {
  const unit = result.unit;
  if (unit.kind === 'account') return `account ${unit.accountId}`;
  return `hub ${unit.hub} ${unit.policyName !== undefined ? `${unit.subject === 'managed' ? 'managed policy' : 'policy'} ${unit.policyName}` : `${unit.subject} ${unit.principalName}`}`;
}

/** What the apply could not do, whatever it did: a spec is only applied when these are gone. */
function printUnresolved(plan: Plan): void {
  const roleConflicts = plan.roles.filter((c) => c.kind === 'conflict');
  if (roleConflicts.length) {
    process.stdout.write(`\nNot applied: ${roleConflicts.length} ${roleConflicts.length === 1 ? 'conflict' : 'conflicts'}, left untouched and out of every hub policy:\n`);
    for (const c of roleConflicts) process.stdout.write(`  ! ${c.accountName ? `${c.accountName} ` : ''}(${c.accountId}) ${c.arn}: ${c.reason ?? ''}\n`);
  }
  const hubConflicts = plan.hubs.filter((c) => c.kind === 'conflict');
  if (hubConflicts.length) {
    process.stdout.write(`\nNot applied: ${hubConflicts.length} hub ${hubConflicts.length === 1 ? 'conflict' : 'conflicts'}:\n`);
    for (const c of hubConflicts) process.stdout.write(`  ! hub ${c.hub} (${c.accountId}) ${c.principalKind} ${c.principalName}${c.policyName !== undefined ? ` policy ${c.policyName}` : ''}: ${c.reason ?? ''}\n`);
  }
  const stackSets = stackSetConflicts(plan);
  if (stackSets.length) {
    process.stdout.write(`\nNot applied: ${stackSets.length} StackSet ${stackSets.length === 1 ? 'conflict' : 'conflicts'}:\n`);
    for (const c of stackSets) process.stdout.write(`  ! StackSet ${c.stackSetName}: ${c.reason ?? ''}\n`);
  }
  if (plan.unreadable.length) {
    process.stdout.write(`\nNot applied: ${plan.unreadable.length} ${plan.unreadable.length === 1 ? 'account' : 'accounts'} could not be read:\n`);
    for (const u of plan.unreadable) process.stdout.write(`  ! ${u.accountId}: ${u.error}\n`);
  }
}

function printSummary(units: UnitResult[], aborted: boolean): void {
  const failed = units.filter((u) => u.status === 'failed');
  const ok = units.filter((u) => u.status === 'ok').length;
  const skipped = units.filter((u) => u.status === 'skipped').length;
  for (const u of failed) {
    const step = u.failedStep ? ` at ${u.failedStep.description}` : '';
    process.stdout.write(`FAILED ${unitName(u)}${step}: ${u.error?.name ?? 'Error'}: ${u.error?.message ?? ''}\n`);
  }
  const calls = units.reduce((n, u) => n + u.stepsRun, 0);
  const resumed = units.reduce((n, u) => n + u.stepsFromJournal, 0);
  process.stdout.write(`\nApply ${aborted ? 'interrupted' : 'complete'}: ${ok} ok, ${failed.length} failed, ${skipped} skipped; ${calls} IAM calls${resumed ? `, ${resumed} steps already done by an earlier run` : ''}.\n`);
}
