// (desired, observed roles, observed StackSets) → a plan for `--via stackset`. Pure. The roles are
// compared exactly as for `--via api` (makePlan); what the StackSets will do replaces the IAM steps
// of the accounts they reach, and a role a StackSet should hold but does not match is drift whose
// fix is re-deploying its stack instance. The management account's spokes and the hubs keep their
// API steps: SERVICE_MANAGED StackSets never deploy to the management account.
import { unifiedDiff } from '../creds/unified-diff.js';
import type { DeployConfig } from '../desired/deploy.js';
import { HASH_TAG, owningSpec, type DesiredState } from '../desired/types.js';
import type { ObservedState } from '../observe/types.js';
import type { OrgIndex } from '../org/model.js';
import { toJson, type Json } from '../synth/format.js';
import { makePlan } from './make.js';
import { desiredStackSets, type DesiredStackSet } from './stackset-desired.js';
import type { FieldChange, Plan, RetainedResource, RoleChange } from './types.js';
import { compareStrings } from '../compare-strings.js';

export interface ObservedStackInstance {
  accountId: string;
  region: string;
  /** CURRENT, OUTDATED or INOPERABLE (ListStackInstances' Status). */
  status: string;
  statusReason?: string;
}

/** A StackSet as read (DescribeStackSet, ListStackInstances); `exists: false` when there is none of the name. */
export interface ObservedStackSet {
  name: string;
  exists: boolean;
  templateBody?: string;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  description?: string;
  permissionModel?: string;
  autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  instances: ObservedStackInstance[];
}

export type StackSetField = 'template' | 'parameters' | 'tags' | 'description' | 'autoDeployment';

export interface StackSetChange {
  /** `unchanged`: the StackSet matches, though its instances may change. */
  kind: 'create' | 'update' | 'conflict' | 'unchanged';
  role: string;
  stackSetName: string;
  fields: { field: StackSetField; key?: string; before?: unknown; after?: unknown }[];
  /** A template change as a unified diff of the deployed and the wanted template. */
  templateDiff?: string;
  /** Conflicts: why crossrole leaves the StackSet alone. */
  reason?: string;
  /** Accounts that get a stack instance. */
  addInstances: string[];
  /** Accounts no longer targeted whose stack instance is deleted (--prune). */
  removeInstances: string[];
  /** The same without --prune: left alone. */
  retainedInstances: string[];
  /** Stack instances to deploy again: outdated or failed, or holding a drifted role. */
  redeployInstances: { accountId: string; reason: string }[];
  desired: DesiredStackSet;
}

/** A role a stack instance should hold that differs from the template (edited or deleted out of band). */
export interface RoleDrift {
  accountId: string;
  roleName: string;
  stackSetName: string;
  /** Deleted: the stack instance exists but the role does not. */
  missing: boolean;
  /** From the same comparison as `--via api`. */
  changes: FieldChange[];
}

export interface StackSetPlan {
  region: string;
  permissionModel: DeployConfig['permissionModel'];
  callAs: DeployConfig['callAs'];
  stackSets: StackSetChange[];
  drift: RoleDrift[];
  /** Accounts whose changes go through IAM calls instead, and why. */
  viaApi: { accountId: string; reason: string }[];
  /** The organization's root ids: SERVICE_MANAGED operations on accounts by id name them with INTERSECTION. */
  organizationRoots: string[];
}

export interface StackSetPlanOptions {
  prune: boolean;
  org: OrgIndex;
  deploy: DeployConfig;
}

export function planViaStackSets(desired: DesiredState, observed: ObservedState, observedStackSets: ObservedStackSet[], options: StackSetPlanOptions): Plan & { stackSets: StackSetPlan } {
  const apiPlan = makePlan(stackSetView(desired), observed, { prune: options.prune, org: options.org });
  const unreadable = new Set(apiPlan.unreadable.map((u) => u.accountId));
  const roleIn = (accountId: string, name: string) => observed.accounts.find((a) => a.accountId === accountId)?.roles.find((r) => r.name.toLowerCase() === name.toLowerCase());

  // Role changes a StackSet takes over, by account and role name.
  const replaced = new Set<RoleChange>();
  const conflicts: RoleChange[] = [];
  const drift: RoleDrift[] = [];
  const handledRetained = new Set<string>();
  const stackSets: StackSetChange[] = [];
  const key = (accountId: string, role: string) => `${accountId}/${role.toLowerCase()}`;
  const changes = new Map(apiPlan.roles.map((r) => [key(r.accountId, r.roleName), r]));

  for (const wanted of desiredStackSets(desired, options.org, options.deploy)) {
    const seen = observedStackSets.find((s) => s.name === wanted.name) ?? { name: wanted.name, exists: false, instances: [] };
    const change = compareStackSet(wanted, seen, desired.specName);
    stackSets.push(change);
    const here = new Map(seen.instances.filter((i) => i.region === wanted.region).map((i) => [i.accountId, i]));
    for (const accountId of wanted.accounts) {
      const roleChange = changes.get(key(accountId, wanted.role));
      if (roleChange) replaced.add(roleChange);
      if (change.kind === 'conflict' || unreadable.has(accountId)) continue;
      const instance = here.get(accountId);
      if (instance) {
        if (roleChange?.kind === 'conflict') conflicts.push(roleChange);
        else if (roleChange) {
          drift.push({ accountId, roleName: wanted.role, stackSetName: wanted.name, missing: roleChange.kind === 'create', changes: roleChange.changes });
          change.redeployInstances.push({ accountId, reason: roleChange.kind === 'create' ? 'its role was deleted' : 'its role drifted' });
        } else if (instance.status !== 'CURRENT') change.redeployInstances.push({ accountId, reason: `${instance.status}${instance.statusReason ? `: ${instance.statusReason}` : ''}` });
        continue;
      }
      const existing = roleIn(accountId, wanted.role);
      if (!existing) {
        change.addInstances.push(accountId);
        continue;
      }
      const why = roleChange?.kind === 'conflict' && roleChange.reason ? `${roleChange.reason}; and ` : '';
      const made = owningSpec(existing.tags) === desired.specName ? 'was made through the API' : 'exists';
      conflicts.push({
        kind: 'conflict',
        accountId,
        accountName: roleChange?.accountName ?? desired.roles.find((r) => r.accountId === accountId)?.accountName ?? '',
        roleName: existing.name,
        arn: existing.arn,
        changes: [],
        reason: `${why}it ${made} and StackSet ${wanted.name} has no stack instance here: CloudFormation cannot create a role that exists; delete it first, or keep deploying it with --via api`,
        steps: [],
      });
    }
    for (const instance of seen.instances) {
      if (change.kind === 'conflict' || (wanted.accounts.includes(instance.accountId) && instance.region === wanted.region)) continue;
      (options.prune ? change.removeInstances : change.retainedInstances).push(instance.accountId);
      handledRetained.add(key(instance.accountId, wanted.role));
      const gone = changes.get(key(instance.accountId, wanted.role));
      if (gone?.kind === 'delete') replaced.add(gone);
    }
    for (const list of [change.addInstances, change.removeInstances, change.retainedInstances]) list.sort();
    change.redeployInstances.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
    if (change.kind === 'unchanged' && (change.addInstances.length || change.removeInstances.length || change.redeployInstances.length)) change.kind = 'update';
  }

  const roles = [...apiPlan.roles.filter((r) => !replaced.has(r)), ...conflicts].sort((a, b) => compareStrings(a.accountId, b.accountId) || compareStrings(a.roleName, b.roleName));
  const retained: RetainedResource[] = apiPlan.retained.filter((r) => r.kind !== 'role' || !handledRetained.has(key(r.accountId, r.name)));
  const count = (kind: string) => [...roles, ...apiPlan.hubs].filter((c) => c.kind === kind).length;
  return {
    ...apiPlan,
    roles,
    retained,
    summary: { ...apiPlan.summary, create: count('create'), update: count('update'), delete: count('delete'), conflict: count('conflict') },
    stackSets: { region: options.deploy.region, permissionModel: options.deploy.permissionModel, callAs: options.deploy.callAs, stackSets, drift, viaApi: viaApi(desired), organizationRoots: options.org.org.roots.map((root) => root.id) },
  };
}

/** The desired state as `--via stackset` deploys it: a StackSet's roles carry the template's tags, without the API's per-account hash tag. */
export function stackSetView(desired: DesiredState): DesiredState {
  const viaStackSet = (accountId: string) => accountId !== desired.managementAccountId;
  return { ...desired, roles: desired.roles.map((r) => (viaStackSet(r.accountId) ? { ...r, tags: Object.fromEntries(Object.entries(r.tags).filter(([k]) => k !== HASH_TAG)) } : r)) };
}

function viaApi(desired: DesiredState): StackSetPlan['viaApi'] {
  const out: StackSetPlan['viaApi'] = [];
  const management = desired.managementAccountId;
  if (desired.roles.some((r) => r.accountId === management)) out.push({ accountId: management, reason: 'the management account: StackSets never deploy to it' });
  for (const hub of desired.hubs) out.push({ accountId: hub.accountId, reason: `hub ${hub.name}: its ${hub.kind} and policies` });
  return out;
}

function compareStackSet(wanted: DesiredStackSet, seen: ObservedStackSet, specName: string): StackSetChange {
  const change: StackSetChange = { kind: 'unchanged', role: wanted.role, stackSetName: wanted.name, fields: [], addInstances: [], removeInstances: [], retainedInstances: [], redeployInstances: [], desired: wanted };
  if (!seen.exists) return { ...change, kind: 'create' };
  const owner = owningSpec(seen.tags ?? {});
  if (owner !== specName) {
    const reason = owner === undefined ? 'a StackSet of this name exists that crossrole does not own (no ownership tags)' : `a StackSet of this name belongs to crossrole spec "${owner}"`;
    return { ...change, kind: 'conflict', reason };
  }
  if (seen.permissionModel !== wanted.permissionModel) {
    return { ...change, kind: 'conflict', reason: `it is ${seen.permissionModel ?? 'of an unknown permission model'}, the spec wants ${wanted.permissionModel}, and a StackSet cannot change it: delete the StackSet or change deploy.permissionModel` };
  }
  const before = templateText(seen.templateBody ?? '');
  const after = templateText(wanted.templateBody);
  if (before !== after) {
    change.fields.push({ field: 'template' });
    change.templateDiff = unifiedDiff(before, after, { from: `${wanted.name} (deployed)`, to: `${wanted.name} (spec)` });
  }
  change.fields.push(...recordChanges('parameters', seen.parameters ?? {}, wanted.parameters), ...recordChanges('tags', seen.tags ?? {}, wanted.tags));
  if ((seen.description ?? '') !== wanted.description) change.fields.push({ field: 'description', before: seen.description, after: wanted.description });
  const auto = seen.autoDeployment ?? { enabled: false, retainStacksOnAccountRemoval: false };
  // RetainStacksOnAccountRemoval means nothing while automatic deployment is off.
  if (auto.enabled !== wanted.autoDeployment.enabled || (auto.enabled && auto.retainStacksOnAccountRemoval !== wanted.autoDeployment.retainStacksOnAccountRemoval)) {
    change.fields.push({ field: 'autoDeployment', before: auto, after: wanted.autoDeployment });
  }
  return change.fields.length ? { ...change, kind: 'update' } : change;
}

/** JSON templates compare by content, whatever their layout; anything else as written. */
function templateText(body: string): string {
  try {
    return toJson(JSON.parse(body) as Json);
  } catch {
    return body;
  }
}

function recordChanges(field: 'parameters' | 'tags', before: Record<string, string>, after: Record<string, string>): StackSetChange['fields'] {
  // Keys are users' and AWS's strings: only own properties count.
  const at = (record: Record<string, string>, k: string) => (Object.hasOwn(record, k) ? record[k] : undefined);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => at(before, k) !== at(after, k)).map((k) => ({ field, key: k, before: at(before, k), after: at(after, k) }));
}
