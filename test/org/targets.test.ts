import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { resolveTargets } from '../../src/org/targets.js';
import { targetsSchema } from '../../src/spec/schema.js';
import { fixture, repoRoot } from '../helpers/paths.js';

interface Case {
  name: string;
  targets: unknown;
  expect: string[];
  skipped: string[];
}

const index = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));
const cases = parse(readFileSync(`${repoRoot}/test/org/targets.cases.yaml`, 'utf8')) as Case[];

for (const c of cases) {
  test(c.name, () => {
    const resolved = resolveTargets(index, targetsSchema.parse(c.targets));
    assert.deepEqual(resolved.accounts.map((a) => a.id), c.expect);
    assert.deepEqual(resolved.skipped.map((s) => s.account.id).sort(), c.skipped);
  });
}

test('OU paths follow aws:ResourceOrgPaths', () => {
  assert.equal(index.orgPath.get('ou-ab12-paym0001'), 'o-abc123defg/r-ab12/ou-ab12-wkld0001/ou-ab12-prod0001/ou-ab12-paym0001/');
  assert.equal(index.orgPath.get('r-ab12'), 'o-abc123defg/r-ab12/');
});
