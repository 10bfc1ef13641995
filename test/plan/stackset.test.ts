// planViaStackSets cases: a spec (the base below, with the case's targets and deploy) against the
// fixture organization, observed roles per account and the observed StackSet → the StackSet plan.
// Observed roles: `stackset` is the role as its stack instance made it, `api` as `--via api` made it
// (with the hash tag), `unowned` without crossrole's tags, `drifted` a stack instance's role whose
// session was changed out of band. Every other targeted account holds no role.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { buildDesired } from '../../src/desired/build.js';
import { resolveDeploy, type DeployConfig } from '../../src/desired/deploy.js';
import { HASH_TAG, OWNER_TAG, SPEC_TAG, type DesiredRole, type DesiredState } from '../../src/desired/types.js';
import type { ObservedRole, ObservedState } from '../../src/observe/types.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { renderPlan } from '../../src/plan/render.js';
import { desiredStackSets } from '../../src/plan/stackset-desired.js';
import { planViaStackSets, type ObservedStackSet } from '../../src/plan/stackset.js';
import { deployedSpokeArns, stackSetSteps, type StackSetStep } from '../../src/plan/stackset-steps.js';
import { specSchema } from '../../src/spec/schema.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const org = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));

interface Case {
  name: string;
  targets: Record<string, unknown>;
  deploy?: Record<string, unknown>;
  prune?: boolean;
  roles?: Record<string, 'stackset' | 'api' | 'unowned' | 'drifted'>;
  /** Absent: no StackSet of the name. */
  stackSet?: { template?: 'current' | 'old'; tags?: Record<string, string>; autoDeployment?: boolean; instances?: Record<string, string> };
  expect: {
    stackSet: string;
    fields?: string[];
    templateDiff?: string[];
    targets?: unknown;
    autoDeployment?: boolean;
    add?: string[];
    remove?: string[];
    retained?: string[];
    redeploy?: string[];
    drift?: string[];
    /** `account role kind` of the role changes left in the plan (API steps and conflicts). */
    roles?: string[];
    reason?: string;
    hubStrategy?: string;
    viaApi?: string[];
    render?: string[];
    /** What apply does, one line per step (stepLine). */
    steps?: string[];
  };
}

/** `op`, then an operation's targets: `OUs FILTER [accounts]` or `accounts …`; CreateStackSet and UpdateStackSet say whether they turn automatic deployment on. */
function stepLine(step: StackSetStep): string {
  if (step.op === 'CreateStackSet' || step.op === 'UpdateStackSet') return `${step.op}${step.definition.autoDeployment ? ` auto ${step.definition.autoDeployment.enabled ? 'on' : 'off'}` : ''}`;
  const t = step.targets;
  return `${step.op} ${t.kind === 'accounts' ? `accounts ${t.accounts.join(',')}` : `${t.ous.join(',')} ${t.filter}${t.accounts.length ? ` ${t.accounts.join(',')}` : ''}`}`;
}

const file = parse(readFileSync(join(repoRoot, 'test', 'plan', 'stackset.cases.yaml'), 'utf8')) as { base: Record<string, unknown>; cases: Case[] };

function observedRole(role: DesiredRole, kind: NonNullable<Case['roles']>[string]): ObservedRole {
  const { accountName: _name, adopt: _adopt, ...definition } = role;
  const templateTags = Object.fromEntries(Object.entries(role.tags).filter(([k]) => k !== HASH_TAG));
  const base: ObservedRole = { ...definition, instanceProfiles: [] };
  if (kind === 'api') return base;
  if (kind === 'unowned') return { ...base, tags: Object.fromEntries(Object.entries(templateTags).filter(([k]) => k !== OWNER_TAG && k !== SPEC_TAG)) };
  if (kind === 'drifted') return { ...base, tags: templateTags, maxSessionDuration: 7200 };
  return { ...base, tags: templateTags };
}

function observe(desired: DesiredState, c: Case): ObservedState {
  const accounts = new Set([...desired.roles.map((r) => r.accountId), ...Object.keys(c.roles ?? {}), ...desired.hubs.map((h) => h.accountId)]);
  return {
    accounts: [...accounts].map((accountId) => {
      const kind = c.roles?.[accountId];
      const desiredRole = desired.roles.find((r) => r.accountId === accountId) ?? { ...desired.roles[0]!, accountId, arn: desired.roles[0]!.arn.replace(/::\d{12}:/, `::${accountId}:`) };
      return { accountId, roles: kind ? [observedRole(desiredRole, kind)] : [] };
    }),
    hubs: desired.hubs.map((hub) => ({
      name: hub.name,
      exists: true,
      policies: { ...hub.policies },
      ...(hub.role && { role: { arn: hub.arn, path: hub.path, trustPolicy: hub.role.trustPolicy, tags: hub.role.tags, maxSessionDuration: hub.role.maxSessionDuration, instanceProfiles: [] } }),
    })),
  };
}

function observedStackSet(desired: DesiredState, c: Case, deploy: DeployConfig): ObservedStackSet[] {
  const wanted = desiredStackSets(desired, org, deploy)[0]!;
  if (!c.stackSet) return [];
  const s = c.stackSet;
  return [
    {
      name: wanted.name,
      exists: true,
      templateBody: s.template === 'old' ? wanted.templateBody.replace('"MaxSessionDuration": 3600', '"MaxSessionDuration": 7200') : JSON.stringify(JSON.parse(wanted.templateBody)),
      parameters: wanted.parameters,
      tags: s.tags ?? wanted.tags,
      description: wanted.description,
      permissionModel: wanted.permissionModel,
      autoDeployment: { enabled: s.autoDeployment ?? wanted.autoDeployment.enabled, retainStacksOnAccountRemoval: false },
      instances: Object.entries(s.instances ?? {}).map(([accountId, status]) => ({ accountId, region: wanted.region, status })),
    },
  ];
}

describe('planViaStackSets cases', () => {
  for (const c of file.cases) {
    test(c.name, () => {
      const spec = specSchema.parse({ ...file.base, roles: { FleetAccess: { ...(file.base.roles as Record<string, object>).FleetAccess, targets: c.targets } }, deploy: { via: 'stackset', ...c.deploy } });
      const { state: desired, issues } = buildDesired(spec, org, 'fleet');
      assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), []);
      const deploy = resolveDeploy(spec);
      const plan = planViaStackSets(desired, observe(desired, c), observedStackSet(desired, c, deploy), { prune: c.prune ?? false, org, deploy });
      const change = plan.stackSets.stackSets[0]!;
      const e = c.expect;
      assert.equal(change.kind, e.stackSet, change.reason);
      assert.deepEqual(change.fields.map((f) => (f.key ? `${f.field} ${f.key}` : f.field)), e.fields ?? []);
      if (e.templateDiff) assert.deepEqual(change.templateDiff?.split('\n').filter((l) => /^[-+][^-+]/.test(l)), e.templateDiff);
      if (e.targets) assert.deepEqual(change.desired.targets, e.targets);
      if (e.autoDeployment !== undefined) assert.equal(change.desired.autoDeployment.enabled, e.autoDeployment);
      assert.deepEqual(change.addInstances, e.add ?? []);
      assert.deepEqual(change.removeInstances, e.remove ?? []);
      assert.deepEqual(change.retainedInstances, e.retained ?? []);
      assert.deepEqual(change.redeployInstances.map((r) => r.accountId), e.redeploy ?? []);
      assert.deepEqual(plan.stackSets.drift.map((d) => `${d.accountId} ${d.missing ? 'missing' : d.changes.map((f) => f.field).join(',')}`), e.drift ?? []);
      assert.deepEqual(plan.roles.map((r) => `${r.accountId} ${r.roleName} ${r.kind}`), e.roles ?? []);
      // The StackSet's conflict, or else the roles' conflicts.
      const reasons = change.kind === 'conflict' ? [change.reason] : plan.roles.filter((r) => r.kind === 'conflict').map((r) => r.reason);
      if (e.reason) assert.ok(reasons.length && reasons.every((r) => r?.includes(e.reason!)), `reasons ${JSON.stringify(reasons)} should mention "${e.reason}"`);
      if (e.hubStrategy) assert.equal(desired.hubs[0]!.strategy, e.hubStrategy);
      if (e.viaApi) assert.deepEqual(plan.stackSets.viaApi.map((v) => v.accountId), e.viaApi);
      const text = renderPlan(plan);
      for (const line of e.render ?? []) assert.ok(text.includes(line), `rendered plan should contain "${line}":\n${text}`);
      const work = stackSetSteps(plan, 'plan-1');
      const steps = work.flatMap((w) => w.steps);
      assert.deepEqual(steps.map(stepLine), e.steps ?? [], 'apply steps');
      for (const step of steps) {
        assert.equal(step.callAs, deploy.callAs);
        if (step.op !== 'CreateStackSet') assert.deepEqual(step.operationPreferences, deploy.operationPreferences);
        if (step.op === 'DeleteStackInstances') assert.equal(step.retainStacks, false);
        if (step.op === 'CreateStackSet' || step.op === 'UpdateStackSet') {
          assert.equal(step.definition.templateBody, change.desired.templateBody);
          assert.deepEqual(step.definition.tags, { 'crossrole:managed-by': 'crossrole', 'crossrole:spec': 'fleet' });
        }
      }
      // Operation ids: one per operation, the same for the same plan (a resumed apply), others for another plan.
      const ids = steps.flatMap((s) => (s.op === 'CreateStackSet' ? [] : [s.operationId]));
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(stackSetSteps(plan, 'plan-1').flatMap((w) => w.steps), steps);
      for (const id of ids) assert.match(id, /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/);
      assert.ok(stackSetSteps(plan, 'plan-2').flatMap((w) => w.steps).every((s) => s.op === 'CreateStackSet' || !ids.includes(s.operationId)));
    });
  }
});

test('deployedSpokeArns: a hub policy may name a spoke only once its StackSet reached the account', () => {
  const work = [{ stackSetName: 'crossrole-fleet-FleetAccess', role: 'FleetAccess', callAs: 'SELF' as const, region: 'us-east-1', accounts: ['333333333333', '444444444444'], removed: [], steps: [] }];
  const arns = ['arn:aws:iam::333333333333:role/crossrole/FleetAccess', 'arn:aws:iam::444444444444:role/FleetAccess', 'arn:aws:iam::555555555555:role/FleetAccess', 'arn:aws:iam::333333333333:role/Other'];
  assert.deepEqual(deployedSpokeArns(work, (_name, accountId) => accountId !== '444444444444', arns), ['arn:aws:iam::333333333333:role/crossrole/FleetAccess']);
});
