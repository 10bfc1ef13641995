import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orgSchema, type Org } from '../../src/org/schema.js';
import { generateOrg } from '../../src/org/synthetic.js';

/** Depth below the root of every OU (root children are 1). */
function ouDepths(org: Org): Map<string, number> {
  const parentOf = new Map(org.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const depths = new Map<string, number>();
  for (const ou of org.organizationalUnits) {
    let depth = 0;
    for (let id: string | undefined = ou.id; id !== undefined && parentOf.has(id); id = parentOf.get(id)) depth++;
    depths.set(ou.id, depth);
  }
  return depths;
}

describe('generateOrg', () => {
  for (const size of [1, 40, 500, 5000]) {
    it(`produces a valid, consistent org with ${size} accounts`, () => {
      const org = generateOrg({ accounts: size, seed: 42 });
      // structuredClone: the schema's records have no prototype; the content is what counts.
      assert.deepEqual(structuredClone(orgSchema.parse(org)), org, 'the schema accepts it and adds no defaults');
      assert.equal(org.accounts.length, size);

      const accountIds = org.accounts.map((a) => a.id);
      assert.equal(new Set(accountIds).size, size, 'account ids are unique');
      assert.equal(new Set(org.accounts.map((a) => a.email)).size, size, 'emails are unique');
      assert.equal(new Set(org.accounts.map((a) => a.name)).size, size, 'names are unique');
      const containerIds = [...org.roots.map((r) => r.id), ...org.organizationalUnits.map((ou) => ou.id)];
      assert.equal(new Set(containerIds).size, containerIds.length, 'root and OU ids are unique');

      const containers = new Set(containerIds);
      for (const ou of org.organizationalUnits) assert.ok(containers.has(ou.parentId), `parent of ${ou.id} exists`);
      for (const account of org.accounts) assert.ok(containers.has(account.parentId), `parent of ${account.id} exists`);
      for (const policy of org.policies) for (const target of policy.targets) assert.ok(containers.has(target), `target ${target} of ${policy.name} exists`);

      const rootSuffix = org.roots[0]?.id.slice(2);
      for (const ou of org.organizationalUnits) assert.ok(ou.id.startsWith(`ou-${rootSuffix}-`), `${ou.id} carries the root suffix`);

      const management = org.accounts[0];
      assert.equal(management?.id, org.managementAccountId);
      assert.equal(management?.name, 'management');
      assert.equal(management?.parentId, org.roots[0]?.id);
      assert.equal(management?.status, 'ACTIVE');
    });
  }

  it('is deterministic for the same options and varies with the seed', () => {
    assert.deepEqual(generateOrg({ accounts: 300, seed: 7 }), generateOrg({ accounts: 300, seed: 7 }));
    assert.notEqual(generateOrg({ accounts: 300, seed: 7 }).organizationId, generateOrg({ accounts: 300, seed: 8 }).organizationId);
  });

  it('keeps the tree and the first accounts when the account count grows', () => {
    const small = generateOrg({ accounts: 50, seed: 3 });
    const large = generateOrg({ accounts: 500, seed: 3 });
    assert.deepEqual(large.organizationalUnits, small.organizationalUnits);
    assert.deepEqual(large.accounts.slice(0, 50), small.accounts);
  });

  it('nests OUs to ouDepth with ousPerLevel children and spreads accounts over every depth', () => {
    const org = generateOrg({ accounts: 500, seed: 1, ouDepth: 3, ousPerLevel: 3 });
    assert.equal(org.organizationalUnits.length, 3 + 9 + 27);
    const depths = ouDepths(org);
    assert.equal(Math.max(...depths.values()), 3);
    const accountDepths = new Set(org.accounts.map((a) => depths.get(a.parentId) ?? 0));
    assert.deepEqual([...accountDepths].sort(), [0, 1, 2, 3]);
    assert.deepEqual(
      org.organizationalUnits.filter((ou) => ou.parentId === org.roots[0]?.id).map((ou) => ou.name),
      ['Workloads', 'Security', 'Sandbox'],
    );
  });

  it('gives sibling OUs distinct names', () => {
    const org = generateOrg({ accounts: 1, ouDepth: 2, ousPerLevel: 12 });
    const seen = new Set<string>();
    for (const ou of org.organizationalUnits) {
      const key = `${ou.parentId}/${ou.name}`;
      assert.ok(!seen.has(key), `duplicate sibling name ${key}`);
      seen.add(key);
    }
  });

  it('tags accounts with env and team, and suspends every n-th account', () => {
    const org = generateOrg({ accounts: 200, seed: 5, suspendedEvery: 37 });
    for (const account of org.accounts) {
      assert.match(account.tags.env ?? '', /^(prod|staging|dev|sandbox)$/);
      assert.ok(account.tags.team);
    }
    const suspended = org.accounts.flatMap((a, i) => (a.status === 'SUSPENDED' ? [i + 1] : []));
    assert.deepEqual(suspended, [37, 74, 111, 148, 185]);
    assert.ok(generateOrg({ accounts: 200, suspendedEvery: 0 }).accounts.every((a) => a.status === 'ACTIVE'));
  });

  it('derives env from the OU path', () => {
    const org = generateOrg({ accounts: 500, seed: 9 });
    const ouById = new Map(org.organizationalUnits.map((ou) => [ou.id, ou]));
    for (const account of org.accounts) {
      const names: string[] = [];
      for (let ou = ouById.get(account.parentId); ou; ou = ouById.get(ou.parentId)) names.push(ou.name);
      if (names.includes('Prod')) assert.equal(account.tags.env, 'prod', account.name);
      if (names.includes('Sandbox')) assert.equal(account.tags.env, 'sandbox', account.name);
    }
  });

  it('attaches DenyLeaveOrganization to the root and includes an RCP', () => {
    const org = generateOrg({ accounts: 10 });
    const scp = org.policies.find((p) => p.name === 'DenyLeaveOrganization');
    assert.equal(scp?.type, 'SERVICE_CONTROL_POLICY');
    assert.deepEqual(scp?.targets, [org.roots[0]?.id]);
    assert.ok(org.policies.some((p) => p.type === 'RESOURCE_CONTROL_POLICY'));
  });

  it('supports an org without OUs', () => {
    const org = generateOrg({ accounts: 20, ouDepth: 0 });
    assert.equal(org.organizationalUnits.length, 0);
    assert.ok(org.accounts.every((a) => a.parentId === org.roots[0]?.id));
    orgSchema.parse(org);
  });

  it('rejects impossible options', () => {
    assert.throws(() => generateOrg({ accounts: 0 }), RangeError);
    assert.throws(() => generateOrg({ accounts: 1.5 }), RangeError);
    assert.throws(() => generateOrg({ accounts: 10, ouDepth: 6 }), RangeError);
    assert.throws(() => generateOrg({ accounts: 10, ouDepth: 5, ousPerLevel: 5 }), /at most 2000/);
    assert.throws(() => generateOrg({ accounts: 10, suspendedEvery: -1 }), RangeError);
  });
});
