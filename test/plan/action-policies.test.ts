// Plans for a spoke role's action-list policies: created before they are attached, changed by a new
// default version (the oldest non-default one deleted first at IAM's 5), never beside an old version
// of another changed policy, detached and deleted when no longer wanted, and never touched when a
// policy of that name is not this spec's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { spokePolicyArn } from '../../src/desired/action-policies.js';
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG, type DesiredRole, type DesiredState } from '../../src/desired/types.js';
import type { ObservedManagedPolicy, ObservedRole } from '../../src/observe/types.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { describeStep } from '../../src/plan/describe.js';
import { describeFieldChange } from '../../src/plan/field-change.js';
import { makePlan } from '../../src/plan/make.js';
import { renderPlan } from '../../src/plan/render.js';
import { fixture } from '../helpers/paths.js';

const ACCOUNT = '333333333333';
const SPEC = 'least';
const org = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));
const allow = (...actions: string[]): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole' }] };
const arn = (n: number) => spokePolicyArn(`Collector-actions-${n}`, ACCOUNT);
const owned = { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: SPEC };

function desiredRole(inline: PolicyDocument | undefined, policies: Record<string, PolicyDocument>, hash = 'h2'): DesiredRole {
  return {
    name: 'Collector',
    path: '/',
    maxSessionDuration: 3600,
    trustPolicy: trust,
    inlinePolicies: inline ? { 'crossrole-actions': inline } : {},
    managedPolicyArns: Object.keys(policies).map((name) => spokePolicyArn(name, ACCOUNT)),
    actionPolicies: policies,
    tags: { ...owned, [HASH_TAG]: hash },
    accountId: ACCOUNT,
    accountName: 'payments-prod',
    arn: `arn:aws:iam::${ACCOUNT}:role/Collector`,
    adopt: false,
  };
}

/** The role as IAM reads it back once `role` was applied. */
function observedRole(role: DesiredRole, tags = role.tags): ObservedRole {
  return { name: role.name, path: role.path, maxSessionDuration: role.maxSessionDuration, trustPolicy: role.trustPolicy, inlinePolicies: role.inlinePolicies, managedPolicyArns: role.managedPolicyArns, tags, accountId: ACCOUNT, arn: role.arn, instanceProfiles: [] };
}

function policy(n: number, document: PolicyDocument, versions = 1, tags: Record<string, string> = owned): ObservedManagedPolicy {
  return { arn: arn(n), document, tags, versions: Array.from({ length: versions }, (_, i) => ({ id: `v${i + 1}`, isDefault: i === versions - 1 })) };
}

function plan(role: DesiredRole, seen: { role?: ObservedRole; policies?: ObservedManagedPolicy[] }, prune = false) {
  const desired: DesiredState = { specName: SPEC, organizationId: org.org.organizationId, managementAccountId: org.org.managementAccountId, regions: ['us-east-1'], roles: prune ? [] : [role], templates: [], hubs: [], targets: [], skipped: [] };
  const observed = { accounts: [{ accountId: ACCOUNT, roles: seen.role ? [seen.role] : [], policies: Object.fromEntries((seen.policies ?? []).map((p) => [p.arn, p])) }], hubs: [] };
  return makePlan(desired, observed, { prune, org });
}

const steps = (p: ReturnType<typeof plan>) => p.roles.flatMap((r) => r.steps.map(describeStep));

describe('action-list policies in a plan', () => {
  const inline = allow('ec2:Describe*');
  const one = allow('s3:Get*');
  const two = allow('logs:Describe*');

  test('create: the policy is created, with ownership tags, before it is attached', () => {
    const role = desiredRole(inline, { 'Collector-actions-1': one });
    const p = plan(role, {});
    assert.deepEqual(steps(p), [
      'CreateRole Collector',
      'PutRolePolicy Collector crossrole-actions',
      'CreatePolicy /crossrole/roles/Collector-actions-1',
      `AttachRolePolicy Collector ${arn(1)}`,
      'UpdateAssumeRolePolicy Collector',
      `TagRole Collector ${HASH_TAG}`,
    ]);
    const create = p.roles[0]!.steps.find((s) => s.op === 'CreatePolicy');
    assert.deepEqual(create, { op: 'CreatePolicy', policyName: 'Collector-actions-1', path: '/crossrole/roles/', document: one, tags: owned });
    assert.match(renderPlan(p), /managed {4}arn:aws:iam::333333333333:policy\/crossrole\/roles\/Collector-actions-1 \(created from the action list\)/);
  });

  test('create after an interrupted apply: the policy it left is reused, its document set by a new version', () => {
    const p = plan(desiredRole(inline, { 'Collector-actions-1': one }), { policies: [policy(1, two)] });
    assert.deepEqual(steps(p).slice(1, 4), ['PutRolePolicy Collector crossrole-actions', `CreatePolicyVersion ${arn(1)}`, `AttachRolePolicy Collector ${arn(1)}`]);
  });

  test('a policy of that name this spec does not own is a conflict: nothing is planned for the role', () => {
    for (const tags of [{}, { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: 'other' }] as Record<string, string>[]) {
      const role = desiredRole(inline, { 'Collector-actions-1': one });
      for (const seenRole of [undefined, observedRole(role)]) {
        const p = plan(role, { ...(seenRole && { role: seenRole }), policies: [policy(1, one, 1, tags)] });
        assert.equal(p.roles[0]!.kind, 'conflict');
        assert.deepEqual(p.roles[0]!.steps, []);
        assert.match(p.roles[0]!.reason!, new RegExp(`the managed policy ${arn(1)} for its action list exists and is (not managed by crossrole|owned by crossrole spec "other")`));
      }
    }
  });

  test('applied as desired: no change', () => {
    const role = desiredRole(inline, { 'Collector-actions-1': one });
    const p = plan(role, { role: observedRole(role), policies: [policy(1, one)] });
    assert.deepEqual(p.roles, []);
    assert.equal(p.matching.roles, 1);
  });

  test('a changed policy gets a new default version; at 5 versions the oldest non-default one goes first', () => {
    const before = desiredRole(inline, { 'Collector-actions-1': one }, 'h1');
    const after = desiredRole(inline, { 'Collector-actions-1': two });
    const p = plan(after, { role: observedRole(before), policies: [policy(1, one, 5)] });
    assert.deepEqual(steps(p), [`DeletePolicyVersion ${arn(1)} v1`, `CreatePolicyVersion ${arn(1)}`, `TagRole Collector ${HASH_TAG}`]);
    const change = p.roles[0]!.changes.find((c) => c.field === 'actionPolicy')!;
    assert.equal(describeFieldChange(change), 'managed policy Collector-actions-1 of its action list differs (grants s3:Get*, not declared; lacks logs:Describe*)');
    assert.match(renderPlan(p), /~ policy \/crossrole\/roles\/Collector-actions-1\n(.*\n)*.*- +"Action": "s3:Get\*",\n.*\+ +"Action": "logs:Describe\*",/);
  });

  test('with the inline part changed too, the managed policy is detached while narrowing and attached again after its new version', () => {
    const before = desiredRole(inline, { 'Collector-actions-1': one }, 'h1');
    const after = desiredRole(allow('ec2:Get*'), { 'Collector-actions-1': two });
    const p = plan(after, { role: observedRole(before), policies: [policy(1, one)] });
    assert.deepEqual(steps(p), [
      `DetachRolePolicy Collector ${arn(1)}`,
      'PutRolePolicy Collector crossrole-actions',
      `CreatePolicyVersion ${arn(1)}`,
      `AttachRolePolicy Collector ${arn(1)}`,
      `TagRole Collector ${HASH_TAG}`,
    ]);
  });

  test('a policy the list no longer needs is detached, then stripped of its versions and deleted', () => {
    const before = desiredRole(inline, { 'Collector-actions-1': one, 'Collector-actions-2': two }, 'h1');
    const after = desiredRole(inline, { 'Collector-actions-1': one });
    const p = plan(after, { role: observedRole(before), policies: [policy(1, one), policy(2, two, 3)] });
    assert.deepEqual(steps(p), [`DetachRolePolicy Collector ${arn(2)}`, `TagRole Collector ${HASH_TAG}`, `DeletePolicyVersion ${arn(2)} v1`, `DeletePolicyVersion ${arn(2)} v2`, `DeletePolicy ${arn(2)}`]);
  });

  test('a role pruned takes its own policies with it, never one that is not this spec\'s', () => {
    const role = desiredRole(inline, { 'Collector-actions-1': one, 'Collector-actions-2': two });
    const p = plan(role, { role: observedRole(role), policies: [policy(1, one), policy(2, two, 1, {})] }, true);
    assert.equal(p.roles[0]!.kind, 'delete');
    const deleted = steps(p).filter((s) => s.startsWith('DeletePolicy'));
    assert.deepEqual(deleted, [`DeletePolicy ${arn(1)}`]);
  });
});
