// The hub policy of a spec deployed through StackSets with automatic deployment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { specSchema, type SpecInput } from '../../src/spec/schema.js';
import { fixture } from '../helpers/paths.js';

const org = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));

const spec = (targets: Record<string, unknown>, deploy: Record<string, unknown> = {}): SpecInput => ({
  version: 1,
  hubs: { sec: { account: '222222222222', role: { name: 'FleetHub' } } },
  roles: { FleetAccess: { trust: { hubs: ['sec'] }, targets } },
  deploy,
} as SpecInput);

const hubOf = (input: SpecInput) => {
  const { state, issues } = buildDesired(specSchema.parse(input), org, 's');
  assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), []);
  return state.hubs[0]!;
};

describe('hub policy form with StackSet automatic deployment', () => {
  const byOu = { ous: ['ou-ab12-prod0001'] };

  test('the API backend lists a few spokes', () => {
    assert.equal(hubOf(spec(byOu)).strategy, 'list');
  });

  test('via stackset with auto-deployment names the followed OU by organization path, never a list', () => {
    const hub = hubOf(spec(byOu, { via: 'stackset' }));
    assert.equal(hub.strategy, 'pattern');
    assert.equal(hub.recipe.spokes[0]!.followOus?.join(), 'ou-ab12-prod0001');
    assert.deepEqual(hub.policies['crossrole-sec']!.Statement, [
      {
        Sid: 'AssumeFleetAccessInOrg',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/FleetAccess',
        Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abc123defg' }, 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': 'o-abc123defg/r-ab12/ou-ab12-wkld0001/ou-ab12-prod0001/*' } },
      },
    ]);
  });

  test('an OU holding an excluded OU: the followed subtrees are allowed, not the accounts', () => {
    const hub = hubOf(spec({ ous: ['ou-ab12-wkld0001'], exclude: { ous: ['ou-ab12-dev00001'] } }, { via: 'stackset' }));
    assert.equal(hub.strategy, 'pattern');
    assert.deepEqual(hub.recipe.spokes[0]!.followOus, ['ou-ab12-prod0001']);
  });

  test('an excluded account inside a followed OU is denied by ARN', () => {
    const hub = hubOf(spec({ ous: ['ou-ab12-wkld0001'], exclude: { accounts: ['555555555555'] } }, { via: 'stackset' }));
    assert.equal(hub.strategy, 'pattern');
    const deny = hub.policies['crossrole-sec']!.Statement as { Sid: string; Resource: unknown }[];
    assert.deepEqual(deny.find((s) => s.Sid === 'DenyFleetAccessUntargeted')?.Resource, 'arn:aws:iam::555555555555:role/FleetAccess');
  });

  test('auto-deployment off, or accounts picked by tag: the usual smallest form', () => {
    assert.equal(hubOf(spec(byOu, { via: 'stackset', autoDeployment: { enabled: false } })).strategy, 'list');
    const byTag = hubOf(spec({ tags: { env: 'prod' } }, { via: 'stackset' }));
    assert.equal(byTag.strategy, 'list');
    assert.equal(byTag.recipe.spokes[0]!.followOus, undefined);
  });
});
