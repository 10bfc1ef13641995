import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildTrustPolicy, hubPrincipal } from '../../src/desired/trust.js';
import { hubSchema, spokeRoleSchema } from '../../src/spec/schema.js';
import { repoRoot } from '../helpers/paths.js';

interface Case {
  name: string;
  hubs: Record<string, unknown>;
  role: unknown;
  expect: unknown;
}

const cases = parse(readFileSync(`${repoRoot}/test/desired/trust.cases.yaml`, 'utf8')) as Case[];
for (const c of cases) {
  test(c.name, () => {
    const hubs = new Map(Object.entries(c.hubs).map(([name, hub]) => [name, hubPrincipal(hubSchema.parse(hub))]));
    assert.deepEqual(buildTrustPolicy(spokeRoleSchema.parse(c.role), hubs), c.expect);
  });
}
