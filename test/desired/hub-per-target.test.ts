// The Micetro shape on a few targets, exactly: one inline policy per target in name order, groups
// filled up to the inline budget (a policy that fits exactly stays), the further groups' names, and
// the problems' texts. test/desired/hub-policy.test.ts checks the shape at organization scale.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { perTargetPolicies, possibleExtraGroups } from '../../src/desired/hub-per-target.js';
import type { HubPolicyRecipe, HubSpoke } from '../../src/desired/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';

const LIST = { Sid: 'List', Effect: 'Allow' as const, Action: 'organizations:ListAccounts', Resource: '*' };
const recipe = (extra: Partial<HubPolicyRecipe> = {}): HubPolicyRecipe => ({
  policyName: 'crossrole-m',
  strategy: 'auto',
  kind: 'group',
  principalName: 'Micetro',
  limit: 5120,
  managedPolicySlots: 10,
  tagConditions: false,
  specName: 'fleet',
  policyPerTarget: true,
  spokes: [],
  extra: [LIST],
  ...extra,
});
// Neither in name order nor in its reverse.
const spokes: HubSpoke[] = [
  { roleName: 'B', path: '/', actions: ['sts:AssumeRole'], accountIds: ['111111111111', '333333333333'] },
  { roleName: 'A', path: '/x/', actions: ['sts:AssumeRole', 'sts:TagSession'], accountIds: ['111111111111'] },
];
const doc = (statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement: statement });
const EXTRA = doc([LIST]); // 123 characters
const A111 = doc([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: 'arn:aws:iam::111111111111:role/x/A' }]); // 150
const B111 = doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111111111111:role/B' }]); // 129
const B333 = doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::333333333333:role/B' }]); // 129

describe('perTargetPolicies', () => {
  test('one policy per target named <policy>-<account>-<role>, in name order, after the extra statements\' own policy', () => {
    const set = perTargetPolicies(recipe(), spokes);
    assert.deepEqual(set, { strategy: 'per-target', policies: { 'crossrole-m': EXTRA, 'crossrole-m-111111111111-A': A111, 'crossrole-m-111111111111-B': B111, 'crossrole-m-333333333333-B': B333 }, managedPolicies: {}, extraGroups: [] });
    assert.deepEqual(Object.keys(set.policies), ['crossrole-m', 'crossrole-m-111111111111-A', 'crossrole-m-111111111111-B', 'crossrole-m-333333333333-B']);
  });

  test('without extra statements there is no <policy> policy', () => {
    assert.deepEqual(Object.keys(perTargetPolicies(recipe({ extra: [] }), spokes).policies), ['crossrole-m-111111111111-A', 'crossrole-m-111111111111-B', 'crossrole-m-333333333333-B']);
  });

  test('a group holds policies up to exactly its budget; the next ones go to <group>-2, <group>-3', () => {
    const set = perTargetPolicies(recipe({ limit: 123 + 150 }), spokes);
    assert.deepEqual(set.policies, { 'crossrole-m': EXTRA, 'crossrole-m-111111111111-A': A111 });
    assert.deepEqual(set.extraGroups, [{ name: 'Micetro-2', policies: { 'crossrole-m-111111111111-B': B111, 'crossrole-m-333333333333-B': B333 } }]);
    const three = perTargetPolicies(recipe({ limit: 150 }), spokes);
    assert.deepEqual([Object.keys(three.policies), ...three.extraGroups.map((g) => [g.name, ...Object.keys(g.policies)])], [
      ['crossrole-m'],
      ['Micetro-2', 'crossrole-m-111111111111-A'],
      ['Micetro-3', 'crossrole-m-111111111111-B'],
      ['Micetro-4', 'crossrole-m-333333333333-B'],
    ]);
  });

  test('no targets, no policy (not even the extra statements)', () => {
    assert.deepEqual(perTargetPolicies(recipe(), []), { strategy: 'per-target', policies: {}, managedPolicies: {}, extraGroups: [] });
  });

  test('more groups than a member may join is refused, saying how much the targets take', () => {
    const many: HubSpoke[] = [{ roleName: 'B', path: '/', actions: ['sts:AssumeRole'], accountIds: Array.from({ length: 10 }, (_, i) => String(100000000000 + i)) }];
    assert.deepEqual(perTargetPolicies(recipe({ limit: 129 }), many), {
      strategy: 'per-target',
      policies: {},
      managedPolicies: {},
      extraGroups: [],
      problem:
        'group.policyPerTarget needs one inline policy per target: 10 targets take 1413 characters, more than the 10 groups a member may join hold (129 characters of inline policy each); ' +
        'target fewer accounts, or split the targets between two hubs with their own members (Micetro reads only inline group policies: a managed policy will not work)',
    });
    assert.equal(perTargetPolicies(recipe({ limit: 129, extra: [] }), many).problem, undefined, 'ten groups are allowed');
  });

  test('a further group whose name would be too long is refused; one group needs no further name', () => {
    const long = 'G'.repeat(127);
    assert.deepEqual(perTargetPolicies(recipe({ principalName: long, limit: 150 }), spokes), {
      strategy: 'per-target',
      policies: {},
      managedPolicies: {},
      extraGroups: [],
      problem: `group.policyPerTarget needs 4 groups, but ${long}-4 is longer than the 128 characters IAM allows in a group name: shorten the group name`,
    });
    assert.equal(perTargetPolicies(recipe({ principalName: 'G'.repeat(128) }), spokes).problem, undefined);
    assert.equal(perTargetPolicies(recipe({ principalName: 'G'.repeat(126), limit: 150 }), spokes).problem, undefined, 'G…-4 is 128 characters');
  });
});

test('possibleExtraGroups: <group>-2 to <group>-10, those IAM allows', () => {
  assert.deepEqual(possibleExtraGroups('G'), ['G-2', 'G-3', 'G-4', 'G-5', 'G-6', 'G-7', 'G-8', 'G-9', 'G-10']);
  assert.deepEqual(possibleExtraGroups('G'.repeat(126)), [2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${'G'.repeat(126)}-${n}`));
});
