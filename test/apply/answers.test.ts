// How apply reads IAM's answers to one step: an "already so" answer (NoSuchEntity on a removal,
// EntityAlreadyExists on a creation that is its own) lets a re-run after a crash converge; every
// other answer fails the unit, naming the step. One table row per answer, against a stub IAM.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPlan } from '../../src/apply/apply.js';
import { fileJournal } from '../../src/apply/journal.js';
import type { ApplyTarget, ProgressEvent, UnitResult } from '../../src/apply/types.js';
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG } from '../../src/desired/types.js';
import { describeStep } from '../../src/plan/describe.js';
import { PENDING_HASH } from '../../src/plan/steps.js';
import type { ChangeKind, Plan, Step } from '../../src/plan/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { IamError } from './in-memory-iam.js';

const ACCOUNT = '111111111111';
const ROLE = 'FleetReadOnly';
const POLICY_ARN = 'arn:aws:iam::111111111111:policy/crossrole/crossrole-sec-1';
const DOC: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
const OURS = { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: 'fleet' };

interface Answer {
  name: string;
  step: Step;
  /** The change holding the step: a spoke role's (default) or a hub's. */
  on?: 'role' | 'hub';
  kind?: ChangeKind;
  /** What IAM throws: an error of that name, or (a string) something that is not an Error. */
  thrown: { name: string; message?: string } | string;
  roleTags?: Record<string, string>;
  profile?: { tags: Record<string, string>; roles: string[] };
  /** `already-done`, or the error the unit fails with. */
  expect: 'already-done' | { name: string; message: string };
}

const role = (op: Extract<Step, { roleName: string }>['op'], extra: object = {}): Step => ({ op, roleName: ROLE, ...extra }) as Step;
const hubStep = (op: 'DeleteHubPolicy' | 'PutHubPolicy' | 'DetachHubPolicy', extra: object = {}): Step => ({ op, kind: 'role', principalName: 'FleetHub', ...(op === 'DetachHubPolicy' ? { policyArn: POLICY_ARN } : { policyName: 'crossrole-sec' }), ...extra }) as Step;
const gone = { name: 'NoSuchEntity', message: 'it cannot be found' };
const exists = { name: 'EntityAlreadyExists', message: 'it already exists' };
const createRole: Step = { op: 'CreateRole', roleName: ROLE, path: '/crossrole/', maxSessionDuration: 3600, trustPolicy: DOC, tags: { ...OURS, [HASH_TAG]: PENDING_HASH } };
const raced = { name: 'EntityAlreadyExists', message: `role ${ROLE} was created outside this apply after the plan was made; make a new plan` };
const profileStep = (op: 'CreateInstanceProfile' | 'AddRoleToInstanceProfile'): Step => ({ op, roleName: ROLE, profileName: ROLE, ...(op === 'CreateInstanceProfile' && { path: '/crossrole/', tags: OURS }) }) as Step;
const notOurProfile = { name: 'EntityAlreadyExists', message: `instance profile ${ROLE} exists and is not crossrole's: delete or rename it, or set instanceProfile: false on the role` };

const answers: Answer[] = [
  // A removal that finds nothing to remove is done, even within an update.
  { name: 'DeleteRolePolicy finding no policy', step: role('DeleteRolePolicy', { policyName: 'Old' }), thrown: gone, expect: 'already-done' },
  { name: 'DetachRolePolicy finding it detached', step: role('DetachRolePolicy', { policyArn: POLICY_ARN }), thrown: gone, expect: 'already-done' },
  { name: 'DeleteRolePermissionsBoundary finding none', step: role('DeleteRolePermissionsBoundary'), thrown: gone, expect: 'already-done' },
  { name: 'DeleteRole finding no role', step: role('DeleteRole'), thrown: gone, expect: 'already-done' },
  { name: 'RemoveRoleFromInstanceProfile finding it removed', step: role('RemoveRoleFromInstanceProfile', { profileName: ROLE }), thrown: gone, expect: 'already-done' },
  { name: 'DeleteInstanceProfile finding none', step: role('DeleteInstanceProfile', { profileName: ROLE }), thrown: gone, expect: 'already-done' },
  { name: 'DeleteHubPolicy finding none', on: 'hub', step: hubStep('DeleteHubPolicy'), thrown: gone, expect: 'already-done' },
  { name: 'DetachHubPolicy finding it detached', on: 'hub', step: hubStep('DetachHubPolicy'), thrown: gone, expect: 'already-done' },
  { name: 'DeletePolicyVersion finding none', on: 'hub', step: { op: 'DeletePolicyVersion', policyArn: POLICY_ARN, versionId: 'v1' }, thrown: gone, expect: 'already-done' },
  { name: 'DeletePolicy finding none', on: 'hub', step: { op: 'DeletePolicy', policyArn: POLICY_ARN }, thrown: gone, expect: 'already-done' },
  { name: 'a removal named the SDK way (…Exception)', step: role('DeleteRolePolicy', { policyName: 'Old' }), thrown: { name: 'NoSuchEntityException' }, expect: 'already-done' },
  // Anything but a removal needs what it acts on: in an update, NoSuchEntity is a failure.
  { name: 'PutRolePolicy on a role that vanished', step: role('PutRolePolicy', { policyName: 'ReadOnly', document: DOC }), thrown: gone, expect: gone },
  { name: 'PutHubPolicy on a hub that vanished', on: 'hub', step: hubStep('PutHubPolicy', { document: DOC }), thrown: gone, expect: gone },
  // While deleting a role, every step may find it gone (the lock included).
  { name: 'the lock of a role being deleted, already gone', kind: 'delete', step: role('UpdateAssumeRolePolicy', { trustPolicy: DOC, lock: true }), thrown: gone, expect: 'already-done' },
  // Other answers fail the unit as IAM gave them, the SDK's suffix dropped.
  { name: 'AccessDenied, named the SDK way', step: role('PutRolePolicy', { policyName: 'ReadOnly', document: DOC }), thrown: { name: 'AccessDeniedException', message: 'not allowed' }, expect: { name: 'AccessDenied', message: 'not allowed' } },
  { name: 'something thrown that is not an Error', step: role('PutRolePolicy', { policyName: 'ReadOnly', document: DOC }), thrown: 'socket hang up', expect: { name: 'Error', message: 'socket hang up' } },
  { name: 'EntityAlreadyExists on a step that creates nothing', step: role('TagRole', { tags: { team: 'a' } }), thrown: exists, expect: exists },
  // CreateRole meeting a role: only this spec's own interrupted creation is done.
  { name: 'CreateRole meeting its own pending creation', step: createRole, thrown: exists, roleTags: { ...OURS, [HASH_TAG]: PENDING_HASH }, expect: 'already-done' },
  { name: 'CreateRole meeting a role that vanished again', step: createRole, thrown: exists, expect: raced },
  { name: 'CreateRole meeting a role of this spec without the owner tag', step: createRole, thrown: exists, roleTags: { [SPEC_TAG]: 'fleet', [HASH_TAG]: PENDING_HASH }, expect: raced },
  // A hub group has no tags: one of its name is the hub's.
  { name: 'CreateGroup meeting the group', on: 'hub', kind: 'create', step: { op: 'CreateGroup', groupName: 'operators', path: '/' }, thrown: exists, expect: 'already-done' },
  {
    name: 'CreatePolicy meeting a policy',
    on: 'hub',
    kind: 'create',
    step: { op: 'CreatePolicy', policyName: 'crossrole-sec-1', path: '/crossrole/', document: DOC, tags: OURS },
    thrown: exists,
    expect: { name: 'EntityAlreadyExists', message: 'managed policy /crossrole/crossrole-sec-1 was created outside this apply after the plan was made; make a new plan' },
  },
  // An instance profile is ours only with this spec's ownership tags.
  { name: 'CreateInstanceProfile meeting its own', step: profileStep('CreateInstanceProfile'), thrown: exists, profile: { tags: OURS, roles: [] }, expect: 'already-done' },
  { name: 'CreateInstanceProfile meeting one of another spec', step: profileStep('CreateInstanceProfile'), thrown: exists, profile: { tags: { ...OURS, [SPEC_TAG]: 'other' }, roles: [] }, expect: notOurProfile },
  { name: 'CreateInstanceProfile meeting one naming this spec, not managed by crossrole', step: profileStep('CreateInstanceProfile'), thrown: exists, profile: { tags: { [SPEC_TAG]: 'fleet' }, roles: [] }, expect: notOurProfile },
  { name: 'CreateInstanceProfile meeting one that vanished again', step: profileStep('CreateInstanceProfile'), thrown: exists, expect: notOurProfile },
  // A profile holds one role: ours (whatever its case) means done.
  { name: 'AddRoleToInstanceProfile at the limit, holding this role', step: profileStep('AddRoleToInstanceProfile'), thrown: { name: 'LimitExceeded', message: 'quota' }, profile: { tags: OURS, roles: [ROLE.toUpperCase()] }, expect: 'already-done' },
  { name: 'AddRoleToInstanceProfile meeting this role in it', step: profileStep('AddRoleToInstanceProfile'), thrown: exists, profile: { tags: OURS, roles: [ROLE] }, expect: 'already-done' },
  { name: 'AddRoleToInstanceProfile at the limit, holding another role', step: profileStep('AddRoleToInstanceProfile'), thrown: { name: 'LimitExceeded', message: 'quota' }, profile: { tags: {}, roles: ['Other'] }, expect: { name: 'LimitExceeded', message: `instance profile ${ROLE} already holds role Other` } },
  { name: 'AddRoleToInstanceProfile meeting a profile holding other roles', step: profileStep('AddRoleToInstanceProfile'), thrown: exists, profile: { tags: {}, roles: ['Other', 'Another'] }, expect: { name: 'EntityAlreadyExists', message: `instance profile ${ROLE} already holds role Other, Another` } },
  { name: 'AddRoleToInstanceProfile meeting a profile that vanished', step: profileStep('AddRoleToInstanceProfile'), thrown: exists, expect: { name: 'EntityAlreadyExists', message: `instance profile ${ROLE} already holds role (unknown)` } },
  { name: 'AddRoleToInstanceProfile refused otherwise', step: profileStep('AddRoleToInstanceProfile'), thrown: { name: 'AccessDenied', message: 'no' }, profile: { tags: OURS, roles: [ROLE] }, expect: { name: 'AccessDenied', message: 'no' } },
];

function planOf(a: Answer): Plan {
  const kind = a.kind ?? 'update';
  const roles =
    a.on === 'hub'
      ? []
      : [{ kind, accountId: ACCOUNT, accountName: 'prod-a', roleName: ROLE, arn: `arn:aws:iam::${ACCOUNT}:role/crossrole/${ROLE}`, changes: [], steps: [a.step] }];
  const hubs =
    a.on === 'hub'
      ? [{ kind, hub: 'sec', accountId: ACCOUNT, subject: 'managed' as const, principalKind: 'role' as const, principalName: 'FleetHub', policyName: 'crossrole-sec-1', steps: [a.step], dependsOn: [] }]
      : [];
  return { version: 1, specName: 'fleet', desiredHash: 'h', roles, hubs, unreadable: [], retained: [], matching: { roles: 0, accounts: 0, hubPolicies: 0 }, summary: { create: 0, update: 1, delete: 0, conflict: 0, unchanged: 0 } };
}

function stubTarget(a: Answer): ApplyTarget {
  const thrown = typeof a.thrown === 'string' ? a.thrown : new IamError(a.thrown.name, a.thrown.message ?? a.thrown.name);
  return {
    open: async (accountId) => ({
      accountId,
      iam: {
        run: async () => {
          throw thrown;
        },
        roleTags: async (name) => (name === ROLE ? a.roleTags : undefined),
        instanceProfile: async (name) => (name === ROLE ? a.profile : undefined),
      },
    }),
  };
}

describe("apply reads IAM's answer to a step", () => {
  for (const a of answers) {
    test(a.name, async () => {
      const plan = planOf(a);
      const events: ProgressEvent[] = [];
      const result = await applyPlan(plan, stubTarget(a), { concurrency: 1, maxFailures: Infinity, journal: fileJournal({ append: () => undefined, read: () => [] }), onProgress: (e) => events.push(e) });
      const unit = a.on === 'hub' ? { kind: 'hub', accountId: ACCOUNT, hub: 'sec', subject: 'managed', principalName: 'FleetHub', policyName: 'crossrole-sec-1' } : { kind: 'account', accountId: ACCOUNT };
      const roleName = a.on === 'hub' ? {} : { roleName: ROLE };
      if (a.expect === 'already-done') {
        assert.deepEqual(result.units, [{ unit, status: 'ok', stepsRun: 1, stepsFromJournal: 0 }]);
        assert.deepEqual(
          events.filter((e) => e.type === 'step').map((e) => e.outcome),
          ['already-done'],
        );
      } else {
        const failed: UnitResult = { unit: unit as UnitResult['unit'], status: 'failed', error: a.expect, failedStep: { index: 0, ...roleName, description: describeStep(a.step), step: a.step }, stepsRun: 0, stepsFromJournal: 0 };
        assert.deepEqual(result.units, [failed]);
      }
    });
  }
});
