// What the tool configs need from the hub: Resoto's scrape_org lists the organization with the
// hub's credentials, which AWS allows only in the management account and delegated
// administrators, and only when the hub's identity policy allows organizations:ListAccounts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { buildDesired } from '../../src/desired/build.js';
import { chooseHubPolicy } from '../../src/desired/hub-policy.js';
import type { DesiredState } from '../../src/desired/types.js';
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

const statements = (state: DesiredState, hub: string): Statement[] => Object.values(state.hubs.find((h) => h.name === hub)!.policies).flatMap((doc) => [doc.Statement].flat());
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

  test('the chosen document carries them and its size includes them', () => {
    const choice = chooseHubPolicy(memberOrg, spokes, 'list', 10_240, extra);
    assert.deepEqual([choice.document.Statement].flat().at(-1), extra[0]);
    assert.equal(choice.size, policySize(choice.document));
  });

  test('auto turns to pattern when the list fits alone but not with them', () => {
    const listAlone = chooseHubPolicy(memberOrg, spokes, 'list', 10_240).size;
    assert.equal(chooseHubPolicy(memberOrg, spokes, 'auto', listAlone).strategy, 'list');
    assert.notEqual(chooseHubPolicy(memberOrg, spokes, 'auto', listAlone, extra).strategy, 'list');
  });
});
