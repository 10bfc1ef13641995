// The StackSet half of `apply --via stackset` as data: per StackSet, the CloudFormation calls that
// make it what the plan says, in order. Pure; src/aws/stackset-apply.ts makes the calls.
//
// Per StackSet: CreateStackSet or UpdateStackSet (an update re-deploys every existing instance) →
// CreateStackInstances for the accounts added → UpdateStackInstances for the instances to deploy
// again (only without an UpdateStackSet, which already does) → DeleteStackInstances for the
// accounts dropped (planned only with --prune; their stacks are deleted, RetainStacks false).
import { shortHash } from '../desired/canonical.js';
import type { AccountFilter } from '../desired/deployment-targets.js';
import type { StackSetChange, StackSetPlan } from './stackset.js';
import type { Plan } from './types.js';

/** Where an operation works: OU (or root) ids with an account filter (SERVICE_MANAGED), or accounts by id (SELF_MANAGED). */
export type StackSetTargets = { kind: 'accounts'; accounts: string[] } | { kind: 'ous'; ous: string[]; filter: AccountFilter; accounts: string[] };

/** What CreateStackSet and UpdateStackSet both send. */
export interface StackSetDefinition {
  description: string;
  templateBody: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  administrationRoleArn?: string;
  executionRoleName?: string;
  /** SERVICE_MANAGED only. */
  autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
}

interface Operation {
  stackSetName: string;
  callAs: StackSetPlan['callAs'];
  /** The operation's idempotency token: the same for the same plan, StackSet and step, so a resumed apply finds its operation instead of starting a second one. */
  operationId: string;
  operationPreferences: StackSetChange['desired']['operationPreferences'];
}

export type StackSetStep =
  | { op: 'CreateStackSet'; stackSetName: string; callAs: StackSetPlan['callAs']; permissionModel: StackSetPlan['permissionModel']; definition: StackSetDefinition }
  | ({ op: 'UpdateStackSet'; definition: StackSetDefinition } & Operation)
  | ({ op: 'CreateStackInstances' | 'UpdateStackInstances'; region: string; targets: StackSetTargets } & Operation)
  | ({ op: 'DeleteStackInstances'; region: string; targets: StackSetTargets; retainStacks: false } & Operation);

export interface StackSetWork {
  stackSetName: string;
  role: string;
  callAs: StackSetPlan['callAs'];
  region: string;
  /** The accounts that must hold the role once the steps succeed (the management account never does). */
  accounts: string[];
  /** The accounts whose instance the steps delete. */
  removed: string[];
  steps: StackSetStep[];
}

/** `planId` is the plan's (src/apply/journal.ts): operation ids belong to one plan. */
export function stackSetSteps(plan: Plan, planId: string): StackSetWork[] {
  const stackSets = plan.stackSets;
  if (!stackSets) return [];
  // Accounts a StackSet must not deploy to now: its role there is a conflict, or the account could not be read.
  const unreadable = new Set(plan.unreadable.map((u) => u.accountId));
  const blocked = (change: StackSetChange) => change.desired.accounts.some((id) => unreadable.has(id) || plan.roles.some((r) => r.kind === 'conflict' && r.accountId === id && r.roleName.toLowerCase() === change.role.toLowerCase()));
  return stackSets.stackSets
    .filter((change) => change.kind === 'create' || change.kind === 'update')
    .map((change) => ({
      stackSetName: change.stackSetName,
      role: change.role,
      callAs: change.desired.callAs,
      region: change.desired.region,
      accounts: change.desired.accounts,
      removed: change.removeInstances,
      steps: stepsOf(change, stackSets, planId, blocked(change)),
    }));
}

function stepsOf(change: StackSetChange, plan: StackSetPlan, planId: string, blocked: boolean): StackSetStep[] {
  const d = change.desired;
  const serviceManaged = d.permissionModel === 'SERVICE_MANAGED';
  const steps: StackSetStep[] = [];
  const operation = (op: StackSetStep['op']): Operation => ({
    stackSetName: d.name,
    callAs: d.callAs,
    operationId: operationId(planId, d.name, steps.length, op),
    operationPreferences: d.operationPreferences,
  });
  // Update and delete name accounts anywhere in the organization: its roots with INTERSECTION reach exactly those.
  const accountsAnywhere = (accounts: string[]): StackSetTargets => (serviceManaged ? { kind: 'ous', ous: plan.organizationRoots, filter: 'INTERSECTION', accounts } : { kind: 'accounts', accounts });
  const definition: StackSetDefinition = {
    description: d.description,
    templateBody: d.templateBody,
    parameters: d.parameters,
    tags: d.tags,
    ...(d.administrationRoleArn !== undefined && { administrationRoleArn: d.administrationRoleArn }),
    ...(d.executionRoleName !== undefined && { executionRoleName: d.executionRoleName }),
    ...(serviceManaged && { autoDeployment: d.autoDeployment }),
  };

  if (change.kind === 'create') steps.push({ op: 'CreateStackSet', stackSetName: d.name, callAs: d.callAs, permissionModel: d.permissionModel, definition });
  else if (change.fields.length) steps.push({ op: 'UpdateStackSet', ...operation('UpdateStackSet'), definition });

  for (const targets of addTargets(change, blocked)) steps.push({ op: 'CreateStackInstances', ...operation('CreateStackInstances'), region: d.region, targets });
  const redeploy = change.redeployInstances.map((r) => r.accountId);
  if (redeploy.length && !steps.some((s) => s.op === 'UpdateStackSet')) steps.push({ op: 'UpdateStackInstances', ...operation('UpdateStackInstances'), region: d.region, targets: accountsAnywhere(redeploy) });
  if (change.removeInstances.length) steps.push({ op: 'DeleteStackInstances', ...operation('DeleteStackInstances'), region: d.region, targets: accountsAnywhere(change.removeInstances), retainStacks: false });
  return steps;
}

/**
 * The CreateStackInstances calls for the accounts added. A new StackSet, or one deploying
 * automatically, gets the desired OU groups as they are (automatic deployment follows the OUs an
 * operation named, with their filter; instances already there are deployed again, unchanged),
 * unless a targeted account is `blocked`: then, as for any other StackSet, only the accounts
 * added, within the desired OUs (INTERSECTION).
 */
function addTargets(change: StackSetChange, blocked: boolean): StackSetTargets[] {
  const d = change.desired;
  if (d.permissionModel === 'SELF_MANAGED') return change.addInstances.length ? [{ kind: 'accounts', accounts: change.addInstances }] : [];
  if (!change.addInstances.length) return [];
  if (!blocked && (change.kind === 'create' || d.autoDeployment.enabled)) return d.targets.map((g) => ({ kind: 'ous', ous: g.ous, filter: g.filter, accounts: g.accounts }));
  return [{ kind: 'ous', ous: d.targets.flatMap((g) => g.ous).sort(), filter: 'INTERSECTION', accounts: change.addInstances }];
}

/** A StackSet operation id: a letter, then letters, digits and hyphens (at most 128). */
export function operationId(planId: string, stackSetName: string, step: number, op: string): string {
  return `crossrole-${shortHash([planId, stackSetName, step, op])}`;
}

/**
 * The spoke role ARNs among `arns` (a hub policy's dependsOn) that a StackSet deployed: in one of
 * its accounts that it reached without failure. Hub policies that name them may then be put.
 */
export function deployedSpokeArns(work: StackSetWork[], reached: (stackSetName: string, accountId: string) => boolean, arns: string[]): string[] {
  return arns.filter((arn) => {
    const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!match) return false;
    const [, accountId, name] = match;
    return work.some((w) => w.role === name && w.accounts.includes(accountId!) && reached(w.stackSetName, accountId!));
  });
}
