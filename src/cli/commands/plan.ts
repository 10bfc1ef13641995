import { Option, type Command } from 'commander';
import type { Via } from '../../desired/deploy.js';
import { checkOutputPath, writeOutputFile } from '../../file-errors.js';
import { makePlan } from '../../plan/make.js';
import { renderPlan } from '../../plan/render.js';
import { stackSetsChange } from '../../plan/render-stackset.js';
import { planViaStackSets } from '../../plan/stackset.js';
import { stackSetName } from '../../synth/cloudformation/stackset.js';
import type { Plan } from '../../plan/types.js';
import { withAwsFlags } from '../aws-flags.js';
import { loadLiveInputs, type LiveFlags, type LiveInputs } from '../live-inputs.js';
import { printJson } from '../output.js';
import { accountsProgress } from '../progress.js';
import { wholeNumber } from '../numbers.js';

export interface PlanFlags extends LiveFlags {
  prune?: boolean;
  concurrency: number;
  via?: Via;
}

/** `--via`, for plan and apply: the spec's deploy.via when not given. */
export const viaOption = () => new Option('--via <backend>', 'deploy the spokes by IAM calls (api) or through one CloudFormation StackSet per spoke role (stackset); default: the spec\'s deploy.via, else api').choices(['api', 'stackset']);

/** Reads the observed state of every account the plan concerns and diffs it against the spec. */
export async function planFromLive(inputs: LiveInputs, flags: PlanFlags): Promise<Plan> {
  const [{ observeState }, { observeStackSets }] = await Promise.all([import('../../aws/observe-org.js'), import('../../aws/observe-stacksets.js')]);
  const progress = accountsProgress('reading accounts', 'unreadable');
  const observed = await observeState(inputs.access, inputs.desired, inputs.org, {
    prune: flags.prune ?? false,
    concurrency: flags.concurrency,
    onAccount: (_done, total, account) => progress.account(account.error === undefined, total),
  });
  progress.done();
  const options = { prune: flags.prune ?? false, org: inputs.org };
  if (inputs.deploy.via === 'api') return makePlan(inputs.desired, observed, options);
  // StackSets live in the calling account (management or delegated administrator), in the deploy region.
  const names = inputs.desired.templates.map((template) => stackSetName(inputs.desired, template));
  const stackSets = await observeStackSets(inputs.access.base.cloudformation(inputs.deploy.region), names, inputs.deploy.callAs);
  return planViaStackSets(inputs.desired, observed, stackSets, { ...options, deploy: inputs.deploy });
}

export function registerPlan(program: Command): void {
  withAwsFlags(
    program
      .command('plan')
      .description('show what apply would change in every targeted account and hub: + create, ~ update (with a policy diff), - delete (--prune), ! conflict')
      .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
      .option('--org <file>', 'organization model (default: discover it live)')
      .option('--prune', 'also delete roles this spec owns in accounts it no longer targets')
      .option('--concurrency <n>', 'accounts read in parallel', wholeNumber(1), 16)
      .addOption(viaOption())
      .option('--out <file>', 'save the plan (JSON) for `crossrole apply --plan`')
      .option('--json', 'print the plan as JSON'),
  )
    .addHelpText('after', '\nExit codes: 0 nothing to change, 2 changes planned or conflicts to resolve, 1 error (including accounts that could not be read).\n\nExample:\n  crossrole plan --spec crossrole.yaml --org org.json --out plan.json')
    .action(async (opts: PlanFlags & { out?: string; json?: boolean }) => {
      if (opts.out) checkOutputPath(opts.out, 'plan file', 'file');
      const inputs = await loadLiveInputs(opts, { outputWarnings: 'access', ...(opts.via && { via: opts.via }) });
      const plan = await planFromLive(inputs, opts);
      if (opts.out) writeOutputFile(opts.out, `${JSON.stringify(plan, null, 2)}\n`, 'plan file');
      if (opts.json) printJson(plan);
      else process.stdout.write(renderPlan(plan, { color: !!process.stdout.isTTY }));
      process.exitCode = plan.unreadable.length ? 1 : hasChanges(plan) || plan.summary.conflict > 0 ? 2 : 0;
    });
}

export function hasChanges(plan: Plan): boolean {
  return plan.roles.some((r) => r.steps.length > 0) || plan.hubs.some((h) => h.steps.length > 0) || stackSetsChange(plan.stackSets);
}
