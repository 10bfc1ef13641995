import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { orgSchema, type Org } from '../src/org/schema.js';
import { specSchema, type Spec } from '../src/spec/schema.js';

const dir = new URL('../examples/', import.meta.url);
const specFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const org: Org = orgSchema.parse(JSON.parse(readFileSync(new URL('org.json', dir), 'utf8')));

function loadSpec(file: string): Spec {
  const result = specSchema.safeParse(parse(readFileSync(new URL(file, dir), 'utf8')));
  assert.ok(result.success, `${file}: ${result.error?.message}`);
  return result.data;
}

describe('examples', () => {
  it('has the five scenario specs', () => {
    assert.deepEqual(specFiles, ['hub-spoke.yaml', 'micetro.yaml', 'resoto-inventory.yaml', 'spinnaker.yaml', 'third-party.yaml']);
  });

  for (const file of specFiles) {
    it(`${file} is a valid spec that only names accounts, OUs and hubs that exist`, () => {
      const spec = loadSpec(file);
      const accountIds = new Set(org.accounts.map((a) => a.id));
      const containerIds = new Set([...org.roots.map((r) => r.id), ...org.organizationalUnits.map((ou) => ou.id)]);
      for (const [name, hub] of Object.entries(spec.hubs)) assert.ok(accountIds.has(hub.account), `${file}: hub ${name} account ${hub.account}`);
      for (const [name, role] of Object.entries(spec.roles)) {
        const { targets } = role;
        for (const id of [...targets.accounts, ...targets.exclude.accounts]) assert.ok(accountIds.has(id), `${file}: ${name} account ${id}`);
        for (const id of [...targets.ous, ...targets.exclude.ous]) assert.ok(containerIds.has(id), `${file}: ${name} OU ${id}`);
        for (const hub of role.trust.hubs) assert.ok(hub in spec.hubs, `${file}: ${name} trusts unknown hub ${hub}`);
        for (const [key, value] of Object.entries(targets.tags)) {
          assert.ok(org.accounts.some((a) => a.tags[key] === value), `${file}: ${name} tag ${key}=${value} matches some account`);
        }
      }
    });
  }

  it('org.json is a valid 40-account organization', () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('org.json', dir), 'utf8'));
    const result = orgSchema.safeParse(raw);
    assert.ok(result.success, result.error?.message);
    assert.equal(org.accounts.length, 40);
    assert.equal(new Set(org.accounts.map((a) => a.id)).size, 40, 'account ids are unique');
    assert.ok(org.accounts.some((a) => a.status === 'SUSPENDED'));

    const root = org.roots[0]?.id;
    const management = org.accounts.find((a) => a.id === org.managementAccountId);
    assert.equal(management?.parentId, root);
    const hub = org.accounts.find((a) => a.id === '222222222222');
    assert.equal(org.organizationalUnits.find((ou) => ou.id === hub?.parentId)?.name, 'Security');
    const payments = org.accounts.find((a) => a.id === '333333333333');
    assert.deepEqual([payments?.name, payments?.parentId, payments?.tags.env], ['payments-prod', 'ou-ab12-prod0001', 'prod']);

    const parentOf = new Map(org.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
    for (const [id, parent] of parentOf) assert.ok(parent === root || parentOf.has(parent), `parent of ${id} exists`);
    for (const a of org.accounts) assert.ok(a.parentId === root || parentOf.has(a.parentId), `parent of ${a.id} exists`);
    const depth = (id: string): number => (id === root ? 0 : 1 + depth(parentOf.get(id) ?? (root as string)));
    assert.ok(Math.max(...org.organizationalUnits.map((ou) => depth(ou.id))) >= 3, 'OUs nest at least three deep');

    const scp = org.policies.find((p) => p.name === 'DenyLeaveOrganization');
    assert.deepEqual([scp?.type, scp?.targets], ['SERVICE_CONTROL_POLICY', [root]]);
    assert.ok(org.policies.some((p) => p.type === 'SERVICE_CONTROL_POLICY' && p.targets.some((t) => parentOf.has(t))), 'an SCP on an OU');
    assert.ok(org.policies.some((p) => p.type === 'RESOURCE_CONTROL_POLICY'));
  });
});
