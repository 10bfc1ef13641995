// What the tool configs need from the hub: Resoto's scrape_org lists the organization with the
// hub's credentials, which AWS allows only in the management account and delegated
// administrators, and only when the hub's identity policy allows organizations:ListAccounts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { buildDesired } from '../../src/desired/build.js';
import { hubPolicies } from '../../src/desired/hub-policy.js';
import type { DesiredState, HubPolicyRecipe } from '../../src/desired/types.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg, type OrgIndex } from '../../src/org/model.js';
import { policySize, type Statement } from '../../src/policy/document.js';
import { specSchema } from '../../src/spec/schema.js';
import { synthesize } from '../../src/synth/index.js';
import { fixture } from '../helpers/paths.js';

const plainOrg = parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8'));
const MANAGEMENT = plainOrg.managementAccountId; // 111111111111
const MEMBER = '222222222222';
const delegatedOrg = indexOrg({ ...plainOrg, delegatedAdministrators: [MEMBER] });
const memberOrg = indexOrg(plainOrg);

function build(index: OrgIndex, hubAccount: string, trustedHubs = ['resoto'], kind: 'role' | 'user' | 'group' = 'role'): DesiredState {
  const spec = specSchema.parse({
    version: 1,
    hubs: { resoto: { account: hubAccount, [kind]: { name: 'ResotoCollector' } }, other: { account: hubAccount, role: { name: 'Other' } } },
    roles: { ResotoAccess: { trust: { hubs: trustedHubs }, targets: { ous: ['r-ab12'] } } },
  });
  const { state, issues } = buildDesired(spec, index, 'resoto');
  assert.deepEqual(issues.filter((issue) => issue.severity !== 'warning'), []);
  return state;
}

const statements = (state: DesiredState, hub: string): Statement[] => {
  const { policies, managedPolicies, extraGroups } = state.hubs.find((h) => h.name === hub)!;
  return [policies, managedPolicies, ...extraGroups.map((g) => g.policies)].flatMap((set) => Object.values(set)).flatMap((doc) => [doc.Statement].flat());
};
const listAccounts = (state: DesiredState, hub: string) => statements(state, hub).filter((s) => s.Action === 'organizations:ListAccounts');
const resotoSettings = (state: DesiredState, index: OrgIndex) => parseYaml(synthesize(state, index.org).get('resoto/worker.yaml')!).aws;

describe('Resoto collects the organization only where the hub may list it, and the hub gets the permission', () => {
  for (const [where, index, account] of [
    ['in the management account', memberOrg, MANAGEMENT],
    ['in a delegated administrator', delegatedOrg, MEMBER],
  ] as const) {
    test(`a hub ${where} scrapes the organization and is allowed organizations:ListAccounts`, () => {
      for (const kind of ['role', 'user', 'group'] as const) {
        const state = build(index, account, ['resoto'], kind);
        assert.deepEqual(listAccounts(state, 'resoto'), [{ Sid: 'ResotoScrapeOrgListAccounts', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }], kind);
        assert.equal(resotoSettings(state, index).scrape_org, true, kind);
        // The same statement reaches the policy files and the hub template synth writes.
        const files = synthesize(state, index.org);
        assert.match(files.get('policies/hubs/resoto/crossrole-resoto.json')!, /"organizations:ListAccounts"/);
        assert.match(files.get('cloudformation/hub-resoto.template.json')!, /"organizations:ListAccounts"/);
      }
    });
  }

  test('a hub in a plain member account gets the targeted accounts listed, and no organizations permission', () => {
    const state = build(memberOrg, MEMBER);
    assert.deepEqual(listAccounts(state, 'resoto'), []);
    const settings = resotoSettings(state, memberOrg);
    assert.equal(settings.scrape_org, false);
    assert.deepEqual(settings.account, state.templates[0]!.accountIds);
    assert.equal(settings.scrape_exclude_account, undefined);
  });

  test('only the hub the Resoto config uses gets the permission (its first trusted hub)', () => {
    const state = build(delegatedOrg, MEMBER, ['other', 'resoto']);
    assert.equal(listAccounts(state, 'other').length, 1);
    assert.deepEqual(listAccounts(state, 'resoto'), []);
  });
});

describe('extra hub statements count toward the IAM limit', () => {
  const spokes = [{ roleName: 'Spoke', path: '/', actions: ['sts:AssumeRole'], accountIds: ['333333333333', '444444444444'] }];
  const extra: Statement[] = [{ Sid: 'Extra', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }];
  const recipe = (limit: number, strategy: HubPolicyRecipe['strategy'], withExtra = true): HubPolicyRecipe => ({
    policyName: 'crossrole-hub',
    strategy,
    kind: 'role',
    principalName: 'Hub',
    limit,
    managedPolicySlots: 10,
    tagConditions: false,
    specName: 'test',
    policyPerTarget: false,
    spokes,
    extra: withExtra ? extra : [],
  });

  test('the chosen document carries them and its size includes them', () => {
    const made = hubPolicies(memberOrg, recipe(10_240, 'list'));
    assert.deepEqual([made.policies['crossrole-hub']!.Statement].flat().at(-1), extra[0]);
  });

  test('a list that fills the inline budget alone spills them into a managed policy', () => {
    const listAlone = policySize(hubPolicies(memberOrg, recipe(10_240, 'list', false)).policies['crossrole-hub']);
    assert.deepEqual(hubPolicies(memberOrg, recipe(listAlone, 'auto', false)).managedPolicies, {});
    const made = hubPolicies(memberOrg, recipe(listAlone, 'auto'));
    assert.equal(made.strategy, 'list');
    assert.ok(policySize(made.policies['crossrole-hub']) <= listAlone);
    assert.deepEqual(made.managedPolicies, { 'crossrole-hub-2': { Version: '2012-10-17', Statement: extra } });
  });
});
