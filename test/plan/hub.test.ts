// The hub side of a plan for each principal kind: what is created, added, versioned and removed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DesiredHub } from '../../src/desired/types.js';
import type { ObservedHub } from '../../src/observe/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { describeStep } from '../../src/plan/describe.js';
import { planHubSide } from '../../src/plan/hub.js';

const doc = (resource: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] });
const ARN = (n: number) => `arn:aws:iam::22222222222${n}:role/Spoke`;

function hub(kind: DesiredHub['kind'], extra: Partial<DesiredHub> = {}): DesiredHub {
  return {
    name: 'ops',
    accountId: '222222222222',
    kind,
    principalName: 'operators',
    path: '/',
    arn: `arn:aws:iam::222222222222:${kind}/operators`,
    members: kind === 'group' ? ['alice', 'micetro-api'] : [],
    memberArns: [],
    trustPrincipals: [],
    spokeArns: [ARN(1)],
    strategy: 'list',
    policies: { 'crossrole-ops': doc(ARN(1)) },
    managedPolicies: {},
    extraGroups: [],
    recipe: { policyName: 'crossrole-ops', strategy: 'auto', kind, principalName: 'operators', limit: 5120, managedPolicySlots: 10, tagConditions: false, specName: 'fleet', policyPerTarget: false, spokes: [], extra: [] },
    ...extra,
  };
}

function plan(desired: DesiredHub, seen: Omit<ObservedHub, 'name'>) {
  const result = planHubSide({ hub: desired, wanted: desired, seen: { name: desired.name, ...seen }, specName: 'fleet', prune: false, dependsOn: [], leftOut: [] });
  return result.changes.map((c) => `${c.kind} ${c.subject} ${c.principalName}${c.policyName ? ` ${c.policyName}` : ''}: ${c.steps.map(describeStep).join(', ') || c.reason}`);
}

describe('hub side of a plan', () => {
  test('a missing group is created, its members added, then its policy put', () => {
    assert.deepEqual(plan(hub('group'), { exists: false, policies: {} }), [
      'create principal operators: CreateGroup operators',
      'create members operators: AddUserToGroup operators alice, AddUserToGroup operators micetro-api',
      'create inline operators crossrole-ops: PutHubPolicy group/operators crossrole-ops',
    ]);
  });

  test('only members not yet in the group are added; a member that does not exist is a conflict naming it', () => {
    assert.deepEqual(plan(hub('group'), { exists: true, members: ['alice'], policies: { 'crossrole-ops': doc(ARN(1)) } }), ['create members operators: AddUserToGroup operators micetro-api']);
    const [conflict] = plan(hub('group'), { exists: true, members: ['alice'], missingMembers: ['micetro-api'], policies: { 'crossrole-ops': doc(ARN(1)) } });
    assert.match(conflict!, /^conflict members operators: user micetro-api does not exist in 222222222222: crossrole never creates users/);
  });

  test('a missing user hub is a conflict and nothing else is planned for it', () => {
    const changes = plan(hub('user'), { exists: false, policies: {} });
    assert.equal(changes.length, 1);
    assert.match(changes[0]!, /^conflict principal operators: the hub user operators does not exist in 222222222222: crossrole never creates users or access keys/);
  });

  test('a Micetro hub\'s further groups are created with the members and their own policies', () => {
    const desired = hub('group', { extraGroups: [{ name: 'operators-2', policies: { 'crossrole-ops-2': doc(ARN(2)) } }] });
    assert.deepEqual(plan(desired, { exists: true, members: ['alice', 'micetro-api'], policies: { 'crossrole-ops': doc(ARN(1)) }, extraGroups: {} }), [
      'create principal operators-2: CreateGroup operators-2',
      'create members operators-2: AddUserToGroup operators-2 alice, AddUserToGroup operators-2 micetro-api',
      'create inline operators-2 crossrole-ops-2: PutHubPolicy group/operators-2 crossrole-ops-2',
    ]);
  });

  test('a Micetro hub\'s further group no longer needed loses crossrole\'s policies at once (they would keep stale reach)', () => {
    const seen = { exists: true, members: ['alice', 'micetro-api'], policies: { 'crossrole-ops': doc(ARN(1)) }, extraGroups: { 'operators-2': { exists: true, members: ['alice'], policies: { 'crossrole-ops-222222222222-Spoke': doc(ARN(2)) } }, 'operators-3': { exists: false, policies: {} } } };
    assert.deepEqual(plan(hub('group'), seen), ['delete inline operators-2 crossrole-ops-222222222222-Spoke: DeleteHubPolicy group/operators-2 crossrole-ops-222222222222-Spoke']);
  });

  describe('customer managed policies', () => {
    const arn = 'arn:aws:iam::222222222222:policy/crossrole/crossrole-ops-1';
    const managed = hub('role', { policies: {}, managedPolicies: { 'crossrole-ops-1': doc(ARN(1)) } });

    test('made, tagged under /crossrole/ and attached', () => {
      assert.deepEqual(plan(managed, { exists: true, policies: {}, attachedPolicyArns: [], managedPolicies: {} }), [
        `create managed operators crossrole-ops-1: CreatePolicy /crossrole/crossrole-ops-1, AttachHubPolicy role/operators ${arn}`,
      ]);
    });

    test('a changed one gets a new default version; with 5 versions the oldest non-default goes first', () => {
      const versions = ['v1', 'v2', 'v3', 'v4', 'v5'].map((id) => ({ id, isDefault: id === 'v5' }));
      assert.deepEqual(plan(managed, { exists: true, policies: {}, attachedPolicyArns: [arn], managedPolicies: { 'crossrole-ops-1': { arn, document: doc(ARN(9)), versions } } }), [
        `update managed operators crossrole-ops-1: DeletePolicyVersion ${arn} v1, CreatePolicyVersion ${arn}`,
      ]);
      assert.deepEqual(plan(managed, { exists: true, policies: {}, attachedPolicyArns: [arn], managedPolicies: { 'crossrole-ops-1': { arn, document: doc(ARN(9)), versions: versions.slice(3) } } }), [
        `update managed operators crossrole-ops-1: CreatePolicyVersion ${arn}`,
      ]);
    });

    test('one no longer needed is detached, stripped of its other versions and deleted', () => {
      const versions = [
        { id: 'v1', isDefault: false },
        { id: 'v2', isDefault: true },
      ];
      const seen = { exists: true, policies: {}, attachedPolicyArns: [arn], managedPolicies: { 'crossrole-ops-1': { arn, document: doc(ARN(1)), versions } } };
      assert.deepEqual(plan(hub('role'), { ...seen, policies: { 'crossrole-ops': doc(ARN(1)) } }), [
        `delete managed operators crossrole-ops-1: DetachHubPolicy role/operators ${arn}, DeletePolicyVersion ${arn} v1, DeletePolicy ${arn}`,
      ]);
    });

    test('over the principal\'s managed-policy quota with the policies already attached is a conflict that says so', () => {
      const others = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/Other${i}`);
      const [change] = plan(managed, { exists: true, policies: {}, attachedPolicyArns: others, managedPolicies: {} });
      assert.match(change!, /^conflict managed operators: the hub role operators has 10 other managed policies attached; with crossrole's 1 that is over IAM's 10 per role/);
    });
  });
});
