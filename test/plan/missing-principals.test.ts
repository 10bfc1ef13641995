// IAM refuses a trust policy that names a principal that does not exist ("Invalid principal in
// policy"). A spoke whose trust would name a missing hub user or group member is therefore not
// created or re-trusted (a conflict naming the principal), and no hub policy names it, instead of
// an apply that fails halfway through with the role born locked. moto does not check principals,
// so this lives in the pure core.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import type { ObservedHub } from '../../src/observe/types.js';
import { indexOrg } from '../../src/org/model.js';
import { generateOrg } from '../../src/org/synthetic.js';
import { makePlan } from '../../src/plan/make.js';
import { specSchema } from '../../src/spec/schema.js';

const index = indexOrg(generateOrg({ accounts: 4, seed: 3 }));
const members = index.org.accounts.filter((a) => a.id !== index.org.managementAccountId && a.status === 'ACTIVE');
const hubAccount = members[0]!.id;
const targets = members.slice(1).map((a) => a.id);

function planWith(hub: Record<string, unknown>, seen: Omit<ObservedHub, 'name'>) {
  const spec = specSchema.parse({ version: 1, hubs: { ops: { account: hubAccount, ...hub } }, roles: { Spoke: { trust: { hubs: ['ops'] }, targets: { accounts: targets } } } });
  const { state } = buildDesired(spec, index, 'fleet');
  const observed = { accounts: targets.map((accountId) => ({ accountId, roles: [] })), hubs: [{ name: 'ops', ...seen }] };
  return makePlan(state, observed, { prune: false, org: index });
}

describe('spokes whose trust would name a principal that does not exist', () => {
  test('a missing group member: the spokes are conflicts naming it, and the group policy names none of them', () => {
    const plan = planWith({ group: { name: 'ops', members: ['micetro-api', 'ghost'] } }, { exists: true, members: ['micetro-api'], missingMembers: ['ghost'], policies: {} });
    assert.deepEqual(
      plan.roles.map((r) => r.kind),
      targets.map(() => 'conflict'),
    );
    for (const r of plan.roles) assert.match(r.reason!, new RegExp(`its trust would name arn:aws:iam::${hubAccount}:user/ghost, which does not exist: IAM refuses such a trust`));
    assert.ok(plan.hubs.every((h) => h.kind === 'conflict' || !JSON.stringify(h.after ?? {}).includes(':role/Spoke')));
  });

  test('a missing user hub: the spokes are conflicts naming it', () => {
    const plan = planWith({ user: { name: 'nobody' } }, { exists: false, policies: {} });
    assert.deepEqual(
      plan.roles.map((r) => r.kind),
      targets.map(() => 'conflict'),
    );
    assert.match(plan.roles[0]!.reason!, /user\/nobody, which does not exist/);
  });

  test('every principal present: the spokes are created', () => {
    const plan = planWith({ group: { name: 'ops', members: ['micetro-api'] } }, { exists: true, members: ['micetro-api'], policies: {} });
    assert.deepEqual(
      plan.roles.map((r) => r.kind),
      targets.map(() => 'create'),
    );
  });
});
