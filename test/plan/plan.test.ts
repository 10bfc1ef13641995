import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG } from '../../src/desired/types.js';
import { compilePolicySet, evaluate, principalContext } from '../../src/policy/index.js';
import { desiredHash, makePlan } from '../../src/plan/make.js';
import { isLockedTrust, lockedTrust } from '../../src/plan/locked.js';
import { samePolicy } from '../../src/plan/normalize.js';
import { createSteps } from '../../src/plan/steps.js';
import type { Plan } from '../../src/plan/types.js';
import { seeded } from '../apply/in-memory-iam.js';
import { watchSafety } from '../apply/safety.js';
import { buildCase, changeText, loadCases, stepText } from './fixture.js';

const file = loadCases('cases.yaml');

/** Runs every step of a plan in order against an in-memory IAM seeded with the observed state. */
async function simulate(c: (typeof file.cases)[number]): Promise<{ plan: Plan; violations: string[]; replan: Plan }> {
  const { desired, observed, org } = buildCase(file, c);
  const plan = makePlan(desired, observed, { prune: c.prune ?? false, org });
  const iam = seeded(desired, observed);
  const watch = watchSafety(iam, plan, desired, org);
  for (const change of [...plan.roles, ...plan.hubs]) {
    const ops = iam.operations(change.accountId);
    for (const step of change.steps) await ops.run(step);
  }
  return { plan, violations: watch.violations, replan: makePlan(desired, iam.observe(observed.accounts.map((a) => a.accountId), desired.hubs), { prune: c.prune ?? false, org }) };
}

describe('makePlan cases', () => {
  for (const c of file.cases) {
    test(c.name, async () => {
      const { desired, observed, org } = buildCase(file, c);
      const plan = makePlan(desired, observed, { prune: c.prune ?? false, org });
      const e = c.expect;
      if (e.roles) {
        assert.deepEqual(
          plan.roles.map((r) => ({ account: r.accountId, role: r.roleName, kind: r.kind })),
          e.roles.map((r) => ({ account: r.account, role: r.role, kind: r.kind })),
        );
        e.roles.forEach((expected, i) => {
          const change = plan.roles[i]!;
          if (expected.steps) assert.deepEqual(change.steps.map(stepText), expected.steps, `steps of ${change.roleName}`);
          if (expected.changes) assert.deepEqual(change.changes.map((c) => changeText(c, change.desired?.tags[HASH_TAG])), expected.changes, `changes of ${change.roleName}`);
          if (expected.reason) assert.equal(change.reason, expected.reason, `reason of ${change.roleName}`);
        });
      }
      if (e.hubs) {
        assert.deepEqual(
          plan.hubs.map((h) => ({ subject: h.subject, policy: h.policyName, kind: h.kind })),
          e.hubs.map((h) => ({ subject: h.subject ?? 'inline', policy: h.policy, kind: h.kind })),
        );
        e.hubs.forEach((expected, i) => {
          const change = plan.hubs[i]!;
          if (expected.steps) assert.deepEqual(change.steps.map(stepText), expected.steps);
          if (expected.dependsOn) assert.deepEqual(change.dependsOn, expected.dependsOn);
          if (expected.reason) assert.equal(change.reason, expected.reason, `reason of hub change ${change.policyName ?? change.subject}`);
        });
      }
      assert.deepEqual(plan.unreadable, e.unreadable ?? []);
      assert.deepEqual(
        plan.retained.map((r) => ({ kind: r.kind, accountId: r.accountId, name: r.name })),
        e.retained ?? [],
      );
      if (e.summary) assert.deepEqual(plan.summary, e.summary);
      assert.deepEqual(makePlan(structuredClone(desired), structuredClone(observed), { prune: c.prune ?? false, org }), plan, 'planning is deterministic');

      for (const change of plan.roles) {
        if (change.kind === 'conflict') assert.deepEqual(change.steps, []);
        if (change.kind !== 'create') continue;
        const [create, ...rest] = change.steps;
        const role = change.desired!;
        assert.ok(create?.op === 'CreateRole' && isLockedTrust(create.trustPolicy, role.accountId), 'a new role is born locked');
        assert.equal(create.permissionsBoundary, role.permissionsBoundary, 'the boundary is set at creation');
        // The marker stays in IAM from one crossrole version to the next: its value is a format.
        assert.equal(create.tags[HASH_TAG], 'pending');
        const trust = rest.at(-2);
        assert.ok(trust?.op === 'UpdateAssumeRolePolicy' && samePolicy(trust.trustPolicy, role.trustPolicy) && !trust.lock, 'the real trust comes after the permissions');
        assert.deepEqual(rest.at(-1), { op: 'TagRole', roleName: role.name, tags: { [HASH_TAG]: role.tags[HASH_TAG] } });
      }
    });
  }
});

describe('every case, its steps run in order', () => {
  for (const c of file.cases) {
    test(c.name, async () => {
      const { plan, violations, replan } = await simulate(c);
      assert.deepEqual(violations, [], 'a role was assumable with more than the desired or the old permissions');
      assert.deepEqual({ ...replan.summary, unchanged: 0 }, { create: 0, update: 0, delete: 0, conflict: plan.summary.conflict, unchanged: 0 }, 'a new plan after the steps has nothing left to do');
    });
  }
});

test('the desired hash ignores key order and changes with the desired state', () => {
  const { desired } = buildCase(file, file.cases[0]!);
  const reverse = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(reverse) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)])) : value;
  const reordered = reverse(desired) as typeof desired;
  assert.notDeepEqual(Object.keys(reordered.roles[0]!), Object.keys(desired.roles[0]!));
  assert.equal(desiredHash(reordered), desiredHash(desired));
  assert.notEqual(desiredHash({ ...desired, roles: [{ ...desired.roles[0]!, maxSessionDuration: 7200 }] }), desiredHash(desired));
});

test('a role without description, boundary or hash tag (a StackSet\'s view of it) is created with exactly what it has', () => {
  const { desired } = buildCase(file, file.cases[0]!);
  const { description: _description, permissionsBoundary: _boundary, ...role } = desired.roles[0]!;
  const { [HASH_TAG]: _hash, ...tags } = role.tags;
  const base = { roleName: role.name };
  assert.deepEqual(createSteps({ ...role, tags }), [
    { op: 'CreateRole', ...base, path: role.path, maxSessionDuration: role.maxSessionDuration, trustPolicy: lockedTrust(role.accountId), tags },
    { op: 'PutRolePolicy', ...base, policyName: 'ReadOnly', document: role.inlinePolicies.ReadOnly },
    { op: 'PutRolePolicy', ...base, policyName: 'Tagging', document: role.inlinePolicies.Tagging },
    { op: 'AttachRolePolicy', ...base, policyArn: 'arn:aws:iam::aws:policy/SecurityAudit' },
    { op: 'AttachRolePolicy', ...base, policyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' },
    { op: 'UpdateAssumeRolePolicy', ...base, trustPolicy: role.trustPolicy },
  ]);
  // Its instance profile is born with the role's ownership tags (how a later run knows it for its own).
  assert.deepEqual(createSteps({ ...role, tags, instanceProfile: true }).slice(-3, -1), [
    { op: 'CreateInstanceProfile', ...base, profileName: role.name, path: role.path, tags: { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: 'fleet' } },
    { op: 'AddRoleToInstanceProfile', ...base, profileName: role.name },
  ]);
});

describe('lockedTrust', () => {
  const account = '111111111111';
  const locked = lockedTrust(account);
  const resource = `arn:aws:iam::${account}:role/crossrole/FleetReadOnly`;
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

  test('names no wildcard principal and only its own account', () => {
    const text = JSON.stringify(locked);
    assert.ok(!text.includes('"*"'));
    assert.deepEqual(text.match(/\d{12}/g)?.filter((id) => id !== '000000000000'), [account]);
  });

  for (const principal of [`arn:aws:iam::${account}:role/Admin`, `arn:aws:iam::${account}:user/alice`, `arn:aws:iam::${account}:root`, 'arn:aws:iam::222222222222:role/crossrole/FleetHub']) {
    test(`lets nobody in: ${principal}`, () => {
      const set = compilePolicySet({ identityPolicies: [admin], resourcePolicy: locked });
      for (const action of ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) {
        const result = evaluate({ principal, action, resource, context: principalContext(undefined, { arn: principal }) }, set);
        assert.notEqual(result.decision, 'Allowed', `${principal} ${action}`);
      }
    });
  }

  test('is recognized whatever the order it is read back in, and only for its account', () => {
    const readBack = JSON.parse(JSON.stringify({ ...locked, Statement: (locked.Statement as object[])[0] })) as unknown;
    assert.ok(isLockedTrust(readBack, account));
    assert.ok(!isLockedTrust(locked, '333333333333'));
  });
});

describe('samePolicy', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] };
  test('equal across IAM read-back forms', () => {
    assert.ok(samePolicy(doc, { Statement: { Condition: { Bool: { 'aws:SecureTransport': [true] } }, Resource: ['*'], Action: ['s3:ListBucket', 's3:GetObject'], Effect: 'Allow' }, Version: '2012-10-17' }));
  });
  test('different in substance', () => {
    assert.ok(!samePolicy(doc, { ...doc, Statement: [{ ...doc.Statement[0]!, Effect: 'Deny' }] }));
    assert.ok(!samePolicy(doc, { ...doc, Statement: [{ ...doc.Statement[0]!, Action: 's3:GetObject' }] }));
    assert.ok(!samePolicy(doc, { ...doc, Version: '2008-10-17' }));
    assert.ok(!samePolicy(doc, { ...doc, Statement: [{ ...doc.Statement[0]!, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }));
  });
});
