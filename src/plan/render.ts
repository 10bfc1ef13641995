// A plan as terminal text, Terraform-style: per account what is created, updated (with a diff of
// the policy lines that change), deleted or left alone because of a conflict, then the hubs.
import { isSpokePolicyArn, SPOKE_POLICY_PATH } from '../desired/action-policies.js';
import type { PolicyDocument } from '../policy/document.js';
import { diffLines, hunks, type DiffLine } from './diff.js';
import { trustedPrincipals } from './field-change.js';
import { displayPolicy } from './normalize.js';
import { stackSetLines, stackSetsChange } from './render-stackset.js';
import type { FieldChange, HubChange, Plan, RoleChange } from './types.js';

export interface RenderOptions {
  /** ANSI colors, for terminals. */
  color?: boolean;
  /** Unchanged lines shown around each changed line of a policy diff. */
  context?: number;
}

type Paint = (text: string) => string;
interface Palette {
  add: Paint;
  remove: Paint;
  change: Paint;
  conflict: Paint;
  bold: Paint;
  dim: Paint;
}

const ansi = (code: string): Paint => (text) => `\x1b[${code}m${text}\x1b[0m`;
const plain: Paint = (text) => text;

/** Who may assume first, then what they get, then the rest. */
const FIELD_ORDER: FieldChange['field'][] = ['trust', 'inline', 'managed', 'actionPolicy', 'boundary', 'maxSessionDuration', 'description', 'tags'];

const SYMBOL = { create: '+', update: '~', delete: '-', conflict: '!' } as const;

export function renderPlan(plan: Plan, options: RenderOptions = {}): string {
  const p: Palette = options.color
    ? { add: ansi('32'), remove: ansi('31'), change: ansi('33'), conflict: ansi('35'), bold: ansi('1'), dim: ansi('2') }
    : { add: plain, remove: plain, change: plain, conflict: plain, bold: plain, dim: plain };
  const context = options.context ?? 2;
  const out: string[] = [];

  const byAccount = new Map<string, RoleChange[]>();
  for (const change of plan.roles) byAccount.set(change.accountId, [...(byAccount.get(change.accountId) ?? []), change]);
  for (const [accountId, changes] of byAccount) {
    const name = changes[0]!.accountName;
    out.push(p.bold(`Account ${accountId}${name ? ` (${name})` : ''}`));
    for (const change of changes) {
      const paint = paintKind(p, change.kind);
      out.push(`  ${paint(`${SYMBOL[change.kind]} ${change.kind} ${change.roleName}`)}  ${p.dim(change.arn)}`);
      if (change.kind === 'conflict') out.push(`      ${change.reason ?? ''}`, `      ${p.dim('no hub policy names it')}`);
      if (change.kind === 'create' && change.desired) out.push(...createDetails(change, p));
      if (change.kind === 'update') for (const field of [...change.changes].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field))) out.push(...fieldLines(field, p, context));
    }
    out.push('');
  }

  const byHub = new Map<string, HubChange[]>();
  for (const change of plan.hubs) byHub.set(change.hub, [...(byHub.get(change.hub) ?? []), change]);
  for (const [hub, changes] of byHub) {
    out.push(p.bold(`Hub ${hub} (account ${changes[0]!.accountId})`));
    for (const change of changes) out.push(...hubChangeLines(change, p, context));
    out.push('');
  }

  if (plan.stackSets) out.push(...stackSetLines(plan.stackSets, p, (field) => fieldLines(field, p, context)));

  if (plan.unreadable.length) {
    out.push(p.bold('Unreadable accounts (nothing planned for them):'));
    for (const u of plan.unreadable) out.push(`  ${p.conflict('!')} ${u.accountId}: ${u.error}`);
    out.push('');
  }
  if (plan.retained.length) {
    out.push(p.bold('Owned by this spec but no longer in it (kept; prune deletes them):'));
    for (const r of plan.retained) out.push(r.kind === 'role' ? `  ${r.accountId} role ${r.name}` : `  ${r.accountId} hub ${r.hub ?? ''} policy ${r.name}`);
    out.push('');
  }

  const s = plan.summary;
  if (s.create + s.update + s.delete + s.conflict === 0 && !stackSetsChange(plan.stackSets)) {
    const { roles, accounts } = plan.matching;
    const unread = plan.unreadable.length ? ` ${count(plan.unreadable.length, 'account')} could not be read.` : '';
    out.push(`No changes. ${count(roles, 'role')} in ${count(accounts, 'account')} ${roles === 1 ? 'matches' : 'match'} the spec.${unread}`);
  } else {
    out.push(`Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${count(s.conflict, 'conflict')} (${s.unchanged} unchanged).`);
  }
  if (plan.stackSets) out.push(stackSetSummary(plan.stackSets));
  return `${out.join('\n')}\n`;
}

function paintKind(p: Palette, kind: keyof typeof SYMBOL): Paint {
  return kind === 'create' ? p.add : kind === 'delete' ? p.remove : kind === 'update' ? p.change : p.conflict;
}

function hubChangeLines(change: HubChange, p: Palette, context: number): string[] {
  const paint = paintKind(p, change.kind);
  const head = (text: string) => `  ${paint(`${SYMBOL[change.kind]} ${text}`)}`;
  const principal = `${change.principalKind} ${change.principalName}`;
  const lines: string[] = [];
  if (change.subject === 'principal') {
    lines.push(head(`${change.kind === 'conflict' ? 'missing' : change.kind} hub ${principal}`));
    if (change.kind === 'create') lines.push(...hubPrincipalDetails(change, p));
    for (const field of change.changes ?? []) lines.push(...fieldLines(field, p, context));
  } else if (change.subject === 'members') {
    lines.push(head(`${change.kind === 'conflict' ? 'missing members' : 'add'} ${(change.members ?? []).join(', ')} ${change.kind === 'conflict' ? 'of' : 'to'} group ${change.principalName}`));
  } else {
    lines.push(head(`${change.kind} ${change.subject === 'managed' ? 'managed policy' : 'policy'} ${change.policyName ?? ''} on ${principal}`));
    if (change.kind !== 'delete' && change.kind !== 'conflict') lines.push(...policyDiff(change.before, change.after, p, context, 6));
  }
  if (change.kind === 'conflict') lines.push(`      ${change.reason ?? ''}`);
  else if (change.reason !== undefined) lines.push(`      ${p.dim(change.reason)}`);
  if (change.leftOut?.length) lines.push(`      ${p.dim(`leaves out ${count(change.leftOut.length, 'spoke')} crossrole does not own or could not read`)}`);
  return lines;
}

/** What a hub role is born with: who may assume it, its session and instance profile. */
function hubPrincipalDetails(change: HubChange, p: Palette): string[] {
  const lines: string[] = [];
  for (const step of change.steps) {
    if (step.op === 'CreateRole') lines.push(`trust      ${trustedPrincipals(step.trustPolicy).join(', ')}`, `session    ${step.maxSessionDuration}s`);
    if (step.op === 'CreateInstanceProfile') lines.push(`instance profile ${step.path}${step.profileName}`);
    if (step.op === 'CreateGroup') lines.push(`path       ${step.path}`);
  }
  return lines.map((l) => `      ${p.add(l)}`);
}

function createDetails(change: RoleChange, p: Palette): string[] {
  const role = change.desired!;
  const lines = [`trust      ${trustedPrincipals(role.trustPolicy).join(', ') || '(no principals)'}`];
  const inline = Object.keys(role.inlinePolicies).sort();
  if (inline.length) lines.push(`inline     ${inline.join(', ')}`);
  for (const arn of [...role.managedPolicyArns].sort()) lines.push(`managed    ${arn}${isSpokePolicyArn(arn) ? ' (created from the action list)' : ''}`);
  if (role.permissionsBoundary) lines.push(`boundary   ${role.permissionsBoundary}`);
  lines.push(`session    ${role.maxSessionDuration}s`);
  return lines.map((l) => `      ${p.add(l)}`);
}

function fieldLines(field: FieldChange, p: Palette, context: number): string[] {
  const kind = field.before === undefined ? 'add' : field.after === undefined ? 'remove' : 'change';
  const mark = kind === 'add' ? p.add('+') : kind === 'remove' ? p.remove('-') : p.change('~');
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  switch (field.field) {
    case 'trust':
      return [`      ${mark} trust`, ...policyDiff(field.before as PolicyDocument, field.after as PolicyDocument, p, context, 10)];
    case 'inline':
      return [`      ${mark} inline ${field.key ?? ''}`, ...(kind === 'remove' ? [] : policyDiff(field.before as PolicyDocument | undefined, field.after as PolicyDocument, p, context, 10))];
    case 'managed':
      return [`      ${mark} managed ${field.key ?? ''}`];
    case 'actionPolicy':
      return [`      ${mark} policy ${SPOKE_POLICY_PATH}${field.key ?? ''}`, ...policyDiff(field.before as PolicyDocument | undefined, field.after as PolicyDocument, p, context, 10)];
    case 'tags':
      return [`      ${mark} tag ${field.key ?? ''}${kind === 'remove' ? '' : `: ${kind === 'change' ? `${show(field.before)} → ` : ''}${show(field.after)}`}`];
    default:
      return [`      ${p.change('~')} ${field.field}: ${show(field.before)} → ${show(field.after)}`];
  }
}

/** The changed lines of a pretty-printed policy (all of it when new), `-`/`+` marked, hunks apart by `…`. */
function policyDiff(before: PolicyDocument | undefined, after: PolicyDocument | undefined, p: Palette, context: number, indent: number): string[] {
  const lines = (doc: PolicyDocument | undefined) => (doc === undefined ? [] : JSON.stringify(displayPolicy(doc), null, 2).split('\n'));
  const diff = diffLines(lines(before), lines(after));
  const pad = ' '.repeat(indent);
  const paint = (line: DiffLine) => (line.kind === '+' ? p.add(`+ ${line.text}`) : line.kind === '-' ? p.remove(`- ${line.text}`) : p.dim(`  ${line.text}`));
  return hunks(diff, context)
    .map((hunk) => hunk.map((line) => `${pad}${paint(line)}`))
    .reduce<string[]>((all, hunk) => (all.length ? [...all, `${pad}${p.dim('  …')}`, ...hunk] : hunk), []);
}

function stackSetSummary(plan: NonNullable<Plan['stackSets']>): string {
  const kinds = (kind: string) => plan.stackSets.filter((s) => s.kind === kind).length;
  const instances = (pick: (s: (typeof plan.stackSets)[number]) => unknown[]) => plan.stackSets.reduce((n, s) => n + pick(s).length, 0);
  return (
    `StackSets: ${kinds('create')} to create, ${kinds('update')} to update, ${count(kinds('conflict'), 'conflict')}; ` +
    `instances: ${instances((s) => s.addInstances)} to add, ${instances((s) => s.removeInstances)} to delete, ${instances((s) => s.redeployInstances)} to redeploy.`
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
