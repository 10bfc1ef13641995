// Which policies crossrole takes for its own on a hub principal it may share with other tools (plan
// replaces and deletes only those), and the principal that stands for a hub in verify and plan.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hubCaller, VERIFY_SESSION } from '../../src/desired/hub-caller.js';
import { HUB_MANAGED_POLICY_PATH, inHubPolicySet, isHubPolicy } from '../../src/desired/hub-names.js';
import type { DesiredHub } from '../../src/desired/types.js';

const hub = { name: 'sec', recipe: { policyName: 'fleet-hub' } };

describe('hub policy names', () => {
  test('the current set is the spec\'s policy name, alone or with a suffix', () => {
    for (const name of ['fleet-hub', 'fleet-hub-2', 'fleet-hub-111111111111-Spoke']) assert.equal(inHubPolicySet(hub, name), true, name);
    for (const name of ['fleet-hub2', 'fleet', 'crossrole-sec', 'other-fleet-hub', 'Fleet-hub']) assert.equal(inHubPolicySet(hub, name), false, name);
  });

  test('crossrole\'s own are the current set and those named by default (crossrole-<hub>) before the spec named its policy', () => {
    for (const name of ['fleet-hub', 'fleet-hub-3', 'crossrole-sec', 'crossrole-sec-2']) assert.equal(isHubPolicy(hub, name), true, name);
    for (const name of ['crossrole-secure', 'crossrole-se', 'crossrole-other', 'AdminAccess', 'xcrossrole-sec']) assert.equal(isHubPolicy(hub, name), false, name);
  });

  test('customer managed hub policies live under the path /crossrole/ (the README\'s, and where observe looks for them)', () => {
    assert.equal(HUB_MANAGED_POLICY_PATH, '/crossrole/');
  });
});

describe('hubCaller', () => {
  const base = { accountId: '222222222222', principalName: 'Hub', memberArns: [] as string[] };
  const caller = (h: Partial<DesiredHub>) => hubCaller({ ...base, ...h } as DesiredHub);

  test('a role hub calls as a session of its role, named for crossrole\'s checks', () => {
    assert.equal(VERIFY_SESSION, 'crossrole-verify');
    assert.deepEqual(caller({ kind: 'role', arn: 'arn:aws:iam::222222222222:role/crossrole/Hub' }), {
      arn: 'arn:aws:sts::222222222222:assumed-role/Hub/crossrole-verify',
      roleArn: 'arn:aws:iam::222222222222:role/crossrole/Hub',
    });
  });

  test('a user hub calls as itself', () => {
    assert.deepEqual(caller({ kind: 'user', arn: 'arn:aws:iam::222222222222:user/Hub' }), { arn: 'arn:aws:iam::222222222222:user/Hub' });
  });

  test('a group hub calls as its first listed member, else as a user of the hub account', () => {
    const arn = 'arn:aws:iam::222222222222:group/Hub';
    assert.deepEqual(caller({ kind: 'group', arn, memberArns: ['arn:aws:iam::222222222222:user/alice', 'arn:aws:iam::222222222222:user/bob'] }), { arn: 'arn:aws:iam::222222222222:user/alice' });
    assert.deepEqual(caller({ kind: 'group', arn }), { arn: 'arn:aws:iam::222222222222:user/crossrole-verify' });
  });
});
