// The hub's policy set must fit IAM's quotas at any organization size and still allow exactly the
// targeted spokes: every account of the org (and one outside it) is checked against the whole set,
// inline and managed policies and extra groups together (an Allow in any, a Deny in none).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import { roleArn } from '../../src/desired/arn.js';
import { hubPolicies } from '../../src/desired/hub-policy.js';
import { IAM_LIMITS } from '../../src/desired/limits.js';
import { type DesiredHub, type HubPolicyRecipe, type HubPolicySet } from '../../src/desired/types.js';
import { accountsUnder, indexOrg, type OrgIndex } from '../../src/org/model.js';
import { generateOrg } from '../../src/org/synthetic.js';
import { policySize, statementsOf, type PolicyDocument } from '../../src/policy/document.js';
import { specSchema, type SpecInput } from '../../src/spec/schema.js';
import { admitsOutside, policySetAllows, spokeContext } from '../helpers/hub-admits.js';

type Targets = NonNullable<SpecInput['roles'][string]>['targets'];
type Kind = 'role' | 'user' | 'group';
interface HubOptions {
  kind?: Kind;
  strategy?: HubPolicyRecipe['strategy'];
  tagConditions?: boolean;
  policyPerTarget?: boolean;
  principalName?: string;
  policyName?: string;
  roleName?: string;
}

const SPEC_NAME = 'test';
type OrgSize = 1 | 40 | 1500 | 5000;
// CROSSROLE_TEST_SCALE=small (set by `npm run mutation`, which runs this file once per mutant)
// checks exactness at every size but 5,000; the tests that need an organization too large for
// every form keep it.
const SMALL = process.env.CROSSROLE_TEST_SCALE === 'small';
const ORG_SIZES: readonly OrgSize[] = SMALL ? [1, 40, 1500] : [1, 40, 1500, 5000];
// Built once, on first use: the 5,000-account org is used by many tests.
const orgs = new Map<OrgSize, OrgIndex>();
function org(size: OrgSize): OrgIndex {
  let index = orgs.get(size);
  if (!index) orgs.set(size, (index = indexOrg(generateOrg({ accounts: size, seed: 7 }))));
  return index;
}

/** The hub sits in the management account, so Resoto's organizations:ListAccounts is an extra statement to place exactly once. */
function specFor(index: OrgIndex, targets: Targets, options: HubOptions = {}) {
  const kind = options.kind ?? 'role';
  const principal = { name: options.principalName ?? 'Hub', path: '/crossrole/', ...(kind === 'group' && options.policyPerTarget && { policyPerTarget: true }) };
  return specSchema.parse({
    version: 1,
    hubs: {
      hub: {
        account: index.org.managementAccountId,
        [kind]: principal,
        policy: { strategy: options.strategy ?? 'auto', tagConditions: options.tagConditions ?? false, ...(options.policyName && { name: options.policyName }) },
      },
    },
    roles: { [options.roleName ?? 'Spoke']: { path: '/crossrole/', trust: { hubs: ['hub'] }, targets } },
  });
}

function build(index: OrgIndex, targets: Targets, options: HubOptions = {}) {
  const { state, issues } = buildDesired(specFor(index, targets, options), index, SPEC_NAME);
  return { hub: state.hubs[0]!, targeted: new Set(state.targets[0]!.accountIds), errors: issues.filter((i) => i.severity !== 'warning') };
}

const documentsOf = (set: HubPolicySet): PolicyDocument[] => [set.policies, set.managedPolicies, ...set.extraGroups.map((g) => g.policies)].flatMap((p) => Object.values(p));
const aggregate = (policies: Record<string, PolicyDocument>) => Object.values(policies).reduce((n, d) => n + policySize(d), 0);

/** IAM's quotas for the hub's kind and the recipe's slots. */
function assertFits(set: HubPolicySet, recipe: HubPolicyRecipe) {
  assert.ok(aggregate(set.policies) <= recipe.limit, `inline policies take ${aggregate(set.policies)} characters, over ${recipe.limit}`);
  const managed = Object.values(set.managedPolicies);
  assert.ok(managed.length <= recipe.managedPolicySlots, `${managed.length} managed policies`);
  for (const doc of managed) assert.ok(policySize(doc) <= IAM_LIMITS.managedPolicy, `a managed policy of ${policySize(doc)} characters`);
  assert.ok(set.extraGroups.length < IAM_LIMITS.groupsPerUser, `${set.extraGroups.length} extra groups`);
  for (const group of set.extraGroups) {
    assert.ok(aggregate(group.policies) <= recipe.limit, `${group.name}: ${aggregate(group.policies)} characters`);
    assert.ok(group.name.length <= IAM_LIMITS.groupName);
  }
  for (const doc of documentsOf(set)) {
    const sids = statementsOf(doc).flatMap((st) => (st.Sid === undefined ? [] : [st.Sid]));
    assert.equal(new Set(sids).size, sids.length, `Sids repeat in a document: ${sids.join(', ')}`);
  }
  for (const name of [...Object.keys(set.policies), ...Object.keys(set.managedPolicies), ...set.extraGroups.flatMap((g) => Object.keys(g.policies))]) {
    assert.ok(name.length <= IAM_LIMITS.policyName, `policy name ${name} is ${name.length} characters`);
  }
  // Extra statements (Resoto's ListAccounts) appear exactly once in the whole set, unless the hub has no spoke.
  const statements = documentsOf(set).flatMap(statementsOf);
  if (statements.length) for (const extra of recipe.extra) assert.equal(statements.filter((s) => JSON.stringify(s) === JSON.stringify(extra)).length, 1, `${extra.Sid} appears once`);
}

/**
 * Every ACTIVE account's spoke is allowed exactly when `granted` holds it. Roles carry this spec's
 * tags where crossrole made them (targeted accounts, left-out ones included: the worst case) and
 * nowhere else; a role outside the organization carries them too and is never reachable.
 */
function assertGrantsExactly(index: OrgIndex, set: HubPolicySet, targeted: ReadonlySet<string>, granted: (accountId: string) => boolean, roleName = 'Spoke') {
  const docs = documentsOf(set);
  for (const account of index.org.accounts) {
    // Suspended accounts refuse every call; the policy may cover them either way.
    if (account.status !== 'ACTIVE') continue;
    const allowed = policySetAllows(docs, roleArn(account.id, '/crossrole/', roleName), spokeContext(index, account.id, targeted.has(account.id) ? SPEC_NAME : undefined));
    assert.equal(allowed, granted(account.id), `${account.id} allowed=${allowed}, targeted=${targeted.has(account.id)} (${set.strategy})`);
  }
  assert.ok(!admitsOutside(docs, { path: '/crossrole/', name: roleName, spec: SPEC_NAME }), 'an account outside the organization is reachable');
}

/** Builds the hub, checks quotas and exactness, and returns what it got. */
function assertExact(index: OrgIndex, targets: Targets, options: HubOptions = {}) {
  const { hub, targeted, errors } = build(index, targets, options);
  assert.deepEqual(errors, []);
  assertFits(hub, hub.recipe);
  assertGrantsExactly(index, hub, targeted, (id) => targeted.has(id), options.roleName);
  return { hub, targeted: targeted.size, managed: Object.keys(hub.managedPolicies).length };
}

/** A tag value that selects some 8% of the accounts, scattered over the OU tree (team tags are drawn at random above the team-level OUs). */
const SCATTERED: Targets = { tags: { team: 'catalog' } };

/**
 * The issue's organization: 1,500 accounts, of which ~130 (every 11th) carry dns=managed, spread
 * evenly over the OU tree, so that the pattern form would deny ten untargeted accounts per targeted
 * one and the list alone overflows a group's 5,120 characters.
 */
const dnsOrg = (() => {
  const base = generateOrg({ accounts: 1500, seed: 7 });
  return indexOrg({ ...base, accounts: base.accounts.map((a, i) => (i % 11 === 5 ? { ...a, tags: { ...a.tags, dns: 'managed' } } : a)) });
})();
const DNS_MANAGED: Targets = { tags: { dns: 'managed' } };

describe('the hub policy set stays within IAM quotas and grants exactly the targeted spokes', () => {
  for (const size of ORG_SIZES) {
    const index = org(size);
    const rootId = index.org.roots[0]!.id;
    const topOus = index.childOus.get(rootId)!;
    const deepOu = [...index.orgPath.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
    const someAccounts = index.org.accounts.filter((a) => a.id !== index.org.managementAccountId).slice(0, 3).map((a) => a.id);
    const targetSets: [string, Targets][] = [
      ['whole organization', { ous: [rootId], managementAccount: true }],
      ['whole organization minus an OU subtree and accounts', { ous: [rootId], exclude: { ous: topOus.slice(0, 1), accounts: someAccounts.slice(0, 2) }, managementAccount: true }],
      ['two top-level OUs plus a deep OU and one account', { ous: [...topOus.slice(1, 3), deepOu], accounts: someAccounts.slice(2) }],
      ['accounts by a scattered tag', SCATTERED],
      ['accounts by a tag, minus an OU subtree', { tags: { env: 'prod' }, exclude: { ous: topOus.slice(0, 1) } }],
    ];
    for (const kind of ['role', 'user', 'group'] as const) {
      test(`${size} accounts, ${kind} hub`, () => {
        for (const [what, targets] of targetSets) {
          const r = assertExact(index, targets, { kind });
          if (what === 'whole organization') assert.equal(r.targeted, index.org.accounts.filter((a) => a.status === 'ACTIVE').length);
          if (what === 'whole organization' && size >= 1500) assert.deepEqual([r.hub.strategy, r.managed], ['pattern', 0]);
        }
      });
    }
  }

  test('list is used while it fits inline and names every spoke', () => {
    const r = assertExact(org(40), { ous: [org(40).org.roots[0]!.id] });
    assert.deepEqual([r.hub.strategy, r.managed], ['list', 0]);
  });

  test('a group hub for ~130 accounts chosen by a scattered tag among 1,500 is not refused: the list in the inline policy plus one managed policy', () => {
    const r = assertExact(dnsOrg, DNS_MANAGED, { kind: 'group' });
    assert.equal(r.targeted, 132);
    assert.equal(r.hub.strategy, 'list');
    assert.deepEqual(Object.keys(r.hub.policies), ['crossrole-hub']);
    assert.deepEqual(Object.keys(r.hub.managedPolicies), ['crossrole-hub-2']);
  });

  test('managed policies are used up to the slots the recipe gives, then refused', () => {
    const index = org(5000);
    const { hub } = build(index, SCATTERED, { kind: 'user' });
    const needed = Object.keys(hub.managedPolicies).length;
    assert.ok(needed >= 2, `${needed} managed policies`);
    const fewer = hubPolicies(index, { ...hub.recipe, managedPolicySlots: needed - 1 });
    assert.match(fewer.problem ?? '', /^no exact hub policy fits the IAM quotas of a user hub \(2048 characters of inline policy plus 1 customer managed policies of 6144\): list needs \d+ characters \(426 spoke ARNs\), pattern needs \d+ characters/);
    assert.deepEqual(documentsOf(fewer), [], 'a set that does not fit is empty');
  });

  test('statements split at any budget, by ARN or by OU path, keep the set exact', () => {
    const index = org(1500);
    const cases: [Targets, HubOptions][] = [
      [SCATTERED, { strategy: 'list' }],
      [{ ous: [index.org.roots[0]!.id], exclude: { ous: index.childOus.get(index.org.roots[0]!.id)!.slice(0, 1) } }, { strategy: 'pattern' }],
      [{ tags: { env: 'prod' } }, { strategy: 'tags', tagConditions: true }],
    ];
    for (const [targets, options] of cases) {
      const { hub, targeted } = build(index, targets, options);
      let splits = 0;
      for (const limit of [250, 500, 1000]) {
        const recipe = { ...hub.recipe, limit };
        const made = hubPolicies(index, recipe);
        assert.equal(made.problem, undefined, `${options.strategy} at ${limit}`);
        assertFits(made, recipe);
        assertGrantsExactly(index, made, targeted, (id) => targeted.has(id));
        if (documentsOf(made).flatMap(statementsOf).some((st) => st.Sid?.includes('Part'))) splits++;
        // A statement that no part of fits the inline budget starts in the first managed policy.
        if (options.strategy === 'pattern' && limit === 250) assert.deepEqual([Object.keys(made.policies), Object.keys(made.managedPolicies)], [[], ['crossrole-hub-2']]);
      }
      assert.ok(splits > 0, `${options.strategy} splits a statement`);
    }
  });

  test('a scattered selection too large for every form is refused with the sizes and what to change', () => {
    const index = org(5000);
    const everyOther = index.org.accounts.filter((a, i) => i % 2 === 1 && a.status === 'ACTIVE').map((a) => a.id);
    const { errors } = build(index, { accounts: everyOther });
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0]!.path, ['hubs', 'hub']);
    assert.match(errors[0]!.message, /list needs \d+ characters \(2433 spoke ARNs\), pattern needs \d+ characters \(\d+ untargeted accounts in the allowed OU subtrees denied one by one\); target whole OUs/);
    assert.match(errors[0]!.message, /raise limits.managedPoliciesPerRole .*; or set policy.tagConditions: true/);
  });

  test('strategy list is refused when it cannot fit, and says auto would allow the other forms', () => {
    const { errors } = build(org(5000), { ous: [org(5000).org.roots[0]!.id] }, { strategy: 'list' });
    assert.match(errors[0]?.message ?? '', /: list needs \d+ characters \(\d+ spoke ARNs\); use policy.strategy: auto/);
  });

  test('spokes left out (conflicts) are not granted, in every form', () => {
    for (const size of ORG_SIZES.filter((n) => n >= 40)) {
      const index = org(size);
      const cases: [Targets, HubOptions][] = [
        [{ ous: [index.org.roots[0]!.id] }, {}],
        [SCATTERED, { kind: 'group' }],
        [SCATTERED, { strategy: 'tags', tagConditions: true }],
      ];
      for (const [targets, options] of cases) {
        const { hub, targeted } = build(index, targets, options);
        const step = Math.max(2, Math.floor(hub.spokeArns.length / 6));
        const leftOut = new Set(hub.spokeArns.filter((_, i) => i % step === 1));
        const made = hubPolicies(index, hub.recipe, leftOut);
        assert.equal(made.problem, undefined);
        assertFits(made, hub.recipe);
        assertGrantsExactly(index, made, targeted, (id) => targeted.has(id) && !leftOut.has(roleArn(id, '/crossrole/', 'Spoke')));
      }
    }
  });

  test('a hub with every spoke left out gets no policy', () => {
    const index = org(40);
    const { hub } = build(index, { accounts: [index.org.accounts[2]!.id] });
    const made = hubPolicies(index, hub.recipe, new Set(hub.spokeArns));
    assert.deepEqual(documentsOf(made), []);
  });

  test('accountsUnder covers nested OUs', () => {
    assert.equal(accountsUnder(org(1500), org(1500).org.roots[0]!.id).length, 1500);
  });
});

describe('the tags form, where the spec allows it', () => {
  const index = org(5000);
  const everyOther = index.org.accounts.filter((a, i) => i % 2 === 1 && a.status === 'ACTIVE').map((a) => a.id);

  test('auto turns to it when neither list nor pattern fits, and it grants exactly the tagged spokes', () => {
    for (const kind of ['role', 'user', 'group'] as const) {
      const r = assertExact(index, { accounts: everyOther }, { kind, tagConditions: true });
      assert.deepEqual([r.hub.strategy, r.managed], ['tags', 0]);
    }
  });

  test('it stays within the OU subtrees holding targets', () => {
    const prodOus = [...index.orgPath.keys()].filter((id) => index.org.organizationalUnits.find((ou) => ou.id === id)?.name === 'Prod');
    const r = assertExact(index, { ous: prodOus }, { strategy: 'tags', tagConditions: true });
    const paths = statementsOf(r.hub.policies['crossrole-hub']).flatMap((s) => [s.Condition?.['ForAnyValue:StringLike']?.['aws:ResourceOrgPaths'] ?? []].flat());
    assert.deepEqual(paths.sort(), prodOus.map((id) => `${index.orgPath.get(id)}*`).sort());
  });

  test('a role left behind in an account no longer targeted is denied when named in without', () => {
    const { hub, targeted } = build(index, SCATTERED, { strategy: 'tags', tagConditions: true });
    const behind = index.org.accounts.find((a) => a.status === 'ACTIVE' && !targeted.has(a.id))!.id;
    const made = hubPolicies(index, hub.recipe, new Set([roleArn(behind, '/crossrole/', 'Spoke')]));
    const docs = documentsOf(made);
    assert.ok(policySetAllows(documentsOf(hub), roleArn(behind, '/crossrole/', 'Spoke'), spokeContext(index, behind, SPEC_NAME)), 'the tagged role would be reachable');
    assert.ok(!policySetAllows(docs, roleArn(behind, '/crossrole/', 'Spoke'), spokeContext(index, behind, SPEC_NAME)));
  });
});

describe('the Micetro shape: one inline policy per target, over as many groups as needed', () => {
  const micetro: HubOptions = { kind: 'group', policyPerTarget: true };

  /** Each target role ARN has exactly one inline policy with one statement naming it alone, and nothing else allows a spoke. */
  function assertPerTarget(hub: DesiredHub, granted: string[]) {
    const perTarget = [hub.policies, ...hub.extraGroups.map((g) => g.policies)].flatMap((p) => Object.entries(p)).filter(([, d]) => statementsOf(d).some((s) => s.Action === 'sts:AssumeRole'));
    assert.deepEqual(perTarget.map(([, d]) => statementsOf(d)[0]!.Resource).sort(), [...granted].sort());
    for (const [name, doc] of perTarget) {
      assert.equal(statementsOf(doc).length, 1);
      const resource = statementsOf(doc)[0]!.Resource as string;
      assert.ok(name.includes(resource.split(':')[4]!) && name.endsWith(resource.slice(resource.lastIndexOf('/') + 1)), `${name} names its account and role`);
    }
    assert.deepEqual(hub.managedPolicies, {});
    assert.equal(hub.strategy, 'per-target');
  }

  test('one group while its inline budget holds the targets, exact, with the extra statements as a policy of their own', () => {
    const index = org(40);
    const r = assertExact(index, { ous: index.childOus.get(index.org.roots[0]!.id)!.slice(0, 2) }, micetro);
    assert.deepEqual(r.hub.extraGroups, []);
    assert.deepEqual(statementsOf(r.hub.policies['crossrole-hub']), r.hub.recipe.extra);
    assertPerTarget(r.hub, r.hub.spokeArns);
    assert.ok(`crossrole-hub-${r.hub.spokeArns[0]!.split(':')[4]}-Spoke` in r.hub.policies);
  });

  test('further groups <group>-2, … when one group does not hold them', () => {
    const r = assertExact(dnsOrg, DNS_MANAGED, micetro);
    assert.deepEqual(r.hub.extraGroups.map((g) => g.name), ['Hub-2', 'Hub-3', 'Hub-4']);
    assertPerTarget(r.hub, r.hub.spokeArns);
  });

  test('left-out targets lose their policy', () => {
    const { hub } = build(org(1500), SCATTERED, micetro);
    const leftOut = new Set(hub.spokeArns.filter((_, i) => i % 3 === 0));
    const made = hubPolicies(org(1500), hub.recipe, leftOut);
    assertFits(made, hub.recipe);
    assertPerTarget({ ...hub, ...made }, hub.spokeArns.filter((a) => !leftOut.has(a)));
  });

  test('names stay within IAM limits for the longest policy and role names', () => {
    const index = org(40);
    const r = assertExact(index, { ous: [index.org.roots[0]!.id] }, { ...micetro, policyName: 'p'.repeat(120), roleName: 'R'.repeat(64) });
    assertPerTarget(r.hub, r.hub.spokeArns);
  });

  test('more targets than ten groups hold is refused with the reason', () => {
    const { errors } = build(org(1500), { ous: [org(1500).org.roots[0]!.id] }, micetro);
    assert.match(errors[0]?.message ?? '', /group.policyPerTarget needs one inline policy per target: \d+ targets take \d+ characters, more than the 10 groups a member may join hold \(5120 characters of inline policy each\); .*a managed policy will not work/);
  });

  test('a group name too long for its further groups is refused', () => {
    const { errors } = build(org(1500), SCATTERED, { ...micetro, principalName: 'G'.repeat(127) });
    assert.match(errors[0]?.message ?? '', /needs 4 groups, but G+-4 is longer than the 128 characters IAM allows in a group name/);
  });
});
