// The StackSet part of a `--via stackset` plan as terminal text: per StackSet what is created or
// updated (with a unified diff of the template), its instances, drifted roles, and what goes through the API.
import type { FieldChange } from './types.js';
import type { StackSetChange, StackSetPlan } from './stackset.js';

export interface StackSetPalette {
  add: (text: string) => string;
  remove: (text: string) => string;
  change: (text: string) => string;
  conflict: (text: string) => string;
  bold: (text: string) => string;
  dim: (text: string) => string;
}

/** `fieldLines` renders a drifted role's changes as the role plan does. */
export function stackSetLines(plan: StackSetPlan, p: StackSetPalette, fieldLines: (field: FieldChange) => string[]): string[] {
  const out = [p.bold(`StackSets (${plan.permissionModel}, CallAs ${plan.callAs}, region ${plan.region})`)];
  if (plan.permissionModel === 'SELF_MANAGED') out.push(`  ${p.dim(selfManagedRoles(plan))}`);
  for (const change of plan.stackSets) out.push(...changeLines(change, plan, p, fieldLines));
  if (plan.viaApi.length) out.push(`  ${p.dim(`via the API: ${plan.viaApi.map((v) => `${v.accountId} (${v.reason})`).join('; ')}`)}`);
  out.push('');
  return out;
}

function changeLines(change: StackSetChange, plan: StackSetPlan, p: StackSetPalette, fieldLines: (field: FieldChange) => string[]): string[] {
  const name = change.stackSetName;
  if (change.kind === 'conflict') return [`  ${p.conflict(`! StackSet ${name}: ${change.reason ?? ''}`)}`];
  const lines: string[] = [];
  if (change.kind === 'unchanged') lines.push(`  = StackSet ${name} matches (${count(change.desired.accounts.length, 'instance')})`);
  else lines.push(`  ${change.kind === 'create' ? p.add(`+ create StackSet ${name}`) : p.change(`~ update StackSet ${name}`)}  ${p.dim(`role ${change.role}`)}`);
  if (change.kind === 'create') {
    const d = change.desired;
    lines.push(`      targets    ${d.permissionModel === 'SELF_MANAGED' ? 'the accounts listed' : d.targets.map((g) => `${g.ous.join(', ')}${g.filter === 'NONE' ? '' : ` (${g.filter} ${g.accounts.join(', ')})`}`).join('; ') || '(none)'}`);
    lines.push(`      automatic deployment ${d.autoDeployment.enabled ? 'on' : 'off'}`);
  }
  for (const field of change.fields) {
    if (field.field === 'template') lines.push(`      ${p.change('~ template')}`, ...(change.templateDiff ?? '').split('\n').filter((l) => l !== '').map((l) => `        ${paintDiff(l, p)}`));
    else if (field.key !== undefined) lines.push(`      ${p.change(`~ ${field.field === 'tags' ? 'tag' : 'parameter'} ${field.key}: ${show(field.before)} → ${show(field.after)}`)}`);
    else lines.push(`      ${p.change(`~ ${field.field}: ${show(field.before)} → ${show(field.after)}`)}`);
  }
  if (change.addInstances.length) lines.push(`      ${p.add(`+ instances ${change.addInstances.join(', ')}`)}`);
  if (change.removeInstances.length) lines.push(`      ${p.remove(`- instances ${change.removeInstances.join(', ')}`)}`);
  if (change.retainedInstances.length) lines.push(`      ${p.dim(`instances no longer targeted, left alone without --prune: ${change.retainedInstances.join(', ')}`)}`);
  for (const r of change.redeployInstances) {
    lines.push(`      ${p.change(`~ redeploy ${r.accountId} (${r.reason})`)}`);
    const drift = plan.drift.find((d) => d.accountId === r.accountId && d.stackSetName === name);
    for (const field of drift?.changes ?? []) lines.push(...fieldLines(field).map((l) => `    ${l}`));
  }
  return lines;
}

/** SELF_MANAGED StackSets work through two roles crossrole's StackSets do not make. */
function selfManagedRoles(plan: StackSetPlan): string {
  const d = plan.stackSets[0]?.desired;
  const execution = d?.executionRoleName ?? 'AWSCloudFormationStackSetExecutionRole';
  const administration = d?.administrationRoleArn ?? 'AWSCloudFormationStackSetAdministrationRole';
  return `SELF_MANAGED: CloudFormation assumes ${execution} in every target account from ${administration} in the calling account; both must exist before apply (a spec deployed with --via api can create them: README, "SELF_MANAGED StackSets")`;
}

function paintDiff(line: string, p: StackSetPalette): string {
  return line.startsWith('+') ? p.add(line) : line.startsWith('-') ? p.remove(line) : p.dim(line);
}

const show = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Whether the StackSets need anything: a create, an update, or a conflict to resolve. */
export function stackSetsChange(plan: StackSetPlan | undefined): boolean {
  return plan?.stackSets.some((s) => s.kind !== 'unchanged') ?? false;
}
