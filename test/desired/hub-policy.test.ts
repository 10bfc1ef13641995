// The hub identity policy must fit IAM's limits at any organization size and still allow exactly
// the targeted spokes: every account of the org (and one outside it) is checked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import { roleArn } from '../../src/desired/arn.js';
import { hubPolicies } from '../../src/desired/hub-policy.js';
import { inlineLimitFor } from '../../src/desired/limits.js';
import { accountOrgPath, accountsUnder, indexOrg, type OrgIndex } from '../../src/org/model.js';
import { generateOrg } from '../../src/org/synthetic.js';
import { policySize } from '../../src/policy/document.js';
import { specSchema, type SpecInput } from '../../src/spec/schema.js';
import { identityAllows } from '../helpers/identity-eval.js';

type Targets = NonNullable<SpecInput['roles'][string]>['targets'];

function specFor(index: OrgIndex, targets: Targets, hubKind: 'role' | 'user' | 'group' = 'role') {
  const hubAccount = (index.org.accounts.find((a) => a.id !== index.org.managementAccountId) ?? index.org.accounts[0]!).id;
  return specSchema.parse({
    version: 1,
    hubs: { hub: { account: hubAccount, [hubKind]: { name: 'Hub', path: '/crossrole/' } } },
    roles: { Spoke: { path: '/crossrole/', trust: { hubs: ['hub'] }, targets } },
  });
}

/** Asserts the hub policy allows the spoke ARN in exactly the targeted accounts. */
function assertExact(index: OrgIndex, targets: Targets, hubKind: 'role' | 'user' | 'group' = 'role') {
  const { state, issues } = buildDesired(specFor(index, targets, hubKind), index, 'test');
  assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), []);
  const hub = state.hubs[0]!;
  const docs = Object.values(hub.policies);
  const size = docs.reduce((n, d) => n + policySize(d), 0);
  assert.ok(size <= inlineLimitFor(hubKind), `policy is ${size} characters`);
  const targeted = new Set(state.targets[0]!.accountIds);
  for (const account of index.org.accounts) {
    const arn = roleArn(account.id, '/crossrole/', 'Spoke');
    const context = { 'aws:ResourceOrgID': index.org.organizationId, 'aws:ResourceOrgPaths': [accountOrgPath(index, account)] };
    const allowed = docs.some((d) => identityAllows(d, 'sts:AssumeRole', arn, context)) && !docs.some((d) => isDenied(d, arn, context));
    // Suspended accounts refuse every call; the policy may cover them either way.
    if (account.status !== 'ACTIVE') continue;
    assert.equal(allowed, targeted.has(account.id), `${account.id} (${account.status}) allowed=${allowed}, targeted=${targeted.has(account.id)}`);
  }
  // An account outside the organization is never reachable, whatever the strategy.
  const outside = roleArn('999999999999', '/crossrole/', 'Spoke');
  assert.ok(!docs.some((d) => identityAllows(d, 'sts:AssumeRole', outside, { 'aws:ResourceOrgID': 'o-otherorg00', 'aws:ResourceOrgPaths': ['o-otherorg00/r-zz99/'] })));
  return { strategy: hub.strategy, size, targeted: targeted.size };
}

function isDenied(doc: Parameters<typeof identityAllows>[0], arn: string, context: Parameters<typeof identityAllows>[3]): boolean {
  const denies = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter((s) => s.Effect === 'Deny');
  return denies.length > 0 && !identityAllows({ ...doc, Statement: [...denies, { Effect: 'Allow', Action: '*', Resource: '*' }] }, 'sts:AssumeRole', arn, context);
}

describe('hub policy stays within limits and grants exactly the targeted spokes', () => {
  for (const size of [1, 40, 500, 5000]) {
    const index = indexOrg(generateOrg({ accounts: size, seed: 7 }));
    const rootId = index.org.roots[0]!.id;
    const topOus = index.childOus.get(rootId)!;
    const deepOu = [...index.orgPath.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
    const someAccounts = index.org.accounts.filter((a) => a.id !== index.org.managementAccountId).slice(0, 3).map((a) => a.id);

    test(`${size} accounts: whole organization`, () => {
      const r = assertExact(index, { ous: [rootId], managementAccount: true });
      assert.equal(r.targeted, index.org.accounts.filter((a) => a.status === 'ACTIVE').length);
      if (size >= 500) assert.equal(r.strategy, 'pattern');
    });
    test(`${size} accounts: whole organization minus an OU subtree and accounts`, () => {
      assertExact(index, { ous: [rootId], exclude: { ous: topOus.slice(0, 1), accounts: someAccounts.slice(0, 2) }, managementAccount: true });
    });
    test(`${size} accounts: two top-level OUs plus a deep OU and one account`, () => {
      assertExact(index, { ous: [...topOus.slice(1, 3), deepOu], accounts: someAccounts.slice(2) });
    });
    test(`${size} accounts: user hub (2,048-character limit)`, () => {
      assertExact(index, { ous: topOus.slice(0, 2) }, 'user');
    });
  }

  test('list is used while it fits and names every spoke', () => {
    const index = indexOrg(generateOrg({ accounts: 40, seed: 3 }));
    const r = assertExact(index, { ous: [index.org.roots[0]!.id] });
    assert.equal(r.strategy, 'list');
  });

  test('a scattered selection too large for either strategy is refused with the reason', () => {
    const index = indexOrg(generateOrg({ accounts: 5000, seed: 7 }));
    const everyOther = index.org.accounts.filter((a, i) => i % 2 === 1 && a.status === 'ACTIVE').map((a) => a.id);
    const { issues } = buildDesired(specFor(index, { accounts: everyOther }), index, 'test');
    const problem = issues.find((i) => i.severity !== 'warning');
    assert.ok(problem, 'expected a limit error');
    assert.match(problem.message, /over the IAM limit of 10240: the targeted accounts are scattered/);
    assert.deepEqual(problem.path, ['hubs', 'hub']);
  });

  test('strategy list is refused when it cannot fit', () => {
    const index = indexOrg(generateOrg({ accounts: 500, seed: 7 }));
    const spec = specFor(index, { ous: [index.org.roots[0]!.id] });
    spec.hubs.hub!.policy.strategy = 'list';
    const { issues } = buildDesired(spec, index, 'test');
    assert.match(issues.find((i) => i.severity !== 'warning')!.message, /strategy list, over the IAM limit.*use policy.strategy: pattern/);
  });

  test('spokes left out (conflicts) are not granted: the pattern form denies them by ARN', () => {
    for (const size of [40, 500, 5000]) {
      const index = indexOrg(generateOrg({ accounts: size, seed: 11 }));
      const { state } = buildDesired(specFor(index, { ous: [index.org.roots[0]!.id] }), index, 'test');
      const hub = state.hubs[0]!;
      const step = Math.max(2, Math.floor(hub.spokeArns.length / 6));
      const leftOut = new Set(hub.spokeArns.filter((_, i) => i % step === 1));
      const made = hubPolicies(index, hub.recipe, leftOut);
      assert.equal(made.problem, undefined);
      if (size >= 500) assert.equal(made.strategy, 'pattern');
      const docs = Object.values(made.policies);
      for (const arn of hub.spokeArns) {
        const account = index.accountsById.get(arn.split(':')[4]!)!;
        const context = { 'aws:ResourceOrgID': index.org.organizationId, 'aws:ResourceOrgPaths': [accountOrgPath(index, account)] };
        const allowed = docs.some((d) => identityAllows(d, 'sts:AssumeRole', arn, context)) && !docs.some((d) => isDenied(d, arn, context));
        assert.equal(allowed, !leftOut.has(arn), `${size} accounts: ${arn} allowed=${allowed}`);
      }
    }
  });

  test('a hub with every spoke left out gets no policy', () => {
    const index = indexOrg(generateOrg({ accounts: 40, seed: 3 }));
    const { state } = buildDesired(specFor(index, { accounts: [index.org.accounts[2]!.id] }), index, 'test');
    const hub = state.hubs[0]!;
    assert.deepEqual(hubPolicies(index, hub.recipe, new Set(hub.spokeArns)).policies, {});
  });

  test('accountsUnder covers nested OUs', () => {
    const index = indexOrg(generateOrg({ accounts: 500, seed: 7 }));
    assert.equal(accountsUnder(index, index.org.roots[0]!.id).length, 500);
  });
});
