import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import { HASH_TAG, OWNER_TAG, SPEC_TAG } from '../../src/desired/types.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { parseSpec } from '../../src/spec/load.js';
import { specSchema } from '../../src/spec/schema.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const examples = join(repoRoot, 'examples');
const exampleOrg = indexOrg(parseOrg('org.json', readFileSync(join(examples, 'org.json'), 'utf8')));
const fixtureOrg = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));

function principals(statement: { Principal?: unknown }): string[] {
  const p = statement.Principal;
  if (p === '*') return ['*'];
  return Object.values((p ?? {}) as Record<string, string | string[]>).flat();
}

type Spec = ReturnType<typeof specSchema.parse>;

/**
 * A root principal is only a third party (with ExternalId) or a hub that asked for it: one that
 * trusts as its account, or a group without members (IAM cannot name a group). Returns how many
 * roots each kind accounted for.
 */
function assertRootsAsked(spec: Spec, role: { name: string; arn: string; trustPolicy: { Statement: unknown } }): { external: number; hub: number } {
  const seen = { external: 0, hub: 0 };
  const trust = spec.roles[role.name]!.trust;
  for (const s of [role.trustPolicy.Statement].flat() as { Principal?: unknown; Condition?: Record<string, unknown> }[]) {
    for (const root of principals(s).filter((p) => p.endsWith(':root'))) {
      const account = root.split(':')[4]!;
      if (trust.externalAccounts.some((e) => e.account === account)) {
        assert.ok((s.Condition?.StringEquals as Record<string, string>)?.['sts:ExternalId'], `${role.arn}: third party ${account} without ExternalId`);
        seen.external++;
      } else {
        const asked = trust.hubs.map((name) => spec.hubs[name]!).some((h) => h.account === account && (h.trustAs === 'account' || (h.group !== undefined && !h.group.members?.length)));
        assert.ok(asked, `${role.arn} trusts ${root}: neither a third party nor a hub that asked for its account`);
        seen.hub++;
      }
    }
  }
  return seen;
}

describe('every example builds a safe desired state', () => {
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.yaml'))) {
    test(file, () => {
      const loaded = parseSpec(file, readFileSync(join(examples, file), 'utf8'), exampleOrg);
      const { state, issues } = buildDesired(loaded.spec, exampleOrg, loaded.specName);
      assert.deepEqual(issues.filter((i) => i.severity !== 'warning'), []);
      assert.ok(state.roles.length > 0);
      for (const role of state.roles) {
        assert.equal(role.tags[OWNER_TAG], 'crossrole');
        assert.equal(role.tags[SPEC_TAG], loaded.specName);
        assert.match(role.tags[HASH_TAG]!, /^[0-9a-f]{16}$/);
        const statements = Array.isArray(role.trustPolicy.Statement) ? role.trustPolicy.Statement : [role.trustPolicy.Statement];
        for (const s of statements) assert.ok(!principals(s).includes('*'), `${role.arn} trusts "*"`);
        assertRootsAsked(loaded.spec, role);
        for (const hubName of loaded.spec.roles[role.name]!.trust.hubs) {
          const hub = state.hubs.find((h) => h.name === hubName)!;
          for (const p of hub.trustPrincipals) assert.ok(statements.some((s) => principals(s).includes(p)), `${role.arn} does not name ${p}`);
          assert.ok(hub.spokeArns.includes(role.arn));
        }
      }
      for (const hub of state.hubs) {
        for (const doc of Object.values(hub.policies)) assert.ok(!JSON.stringify(doc).includes('"Principal"'));
      }
      assert.ok(!state.roles.some((r) => r.accountId === exampleOrg.org.managementAccountId && r.name !== 'FleetOrgReadOnly'), 'management account only gets the org read-only role');
    });
  }

  test('hub-spoke: the management account gets only the org read-only role', () => {
    const loaded = parseSpec('hub-spoke.yaml', readFileSync(join(examples, 'hub-spoke.yaml'), 'utf8'), exampleOrg);
    const { state } = buildDesired(loaded.spec, exampleOrg, loaded.specName);
    const inManagement = state.roles.filter((r) => r.accountId === exampleOrg.org.managementAccountId).map((r) => r.name);
    assert.deepEqual(inManagement, ['FleetOrgReadOnly']);
    assert.ok(state.skipped.some((s) => s.reason.includes('SUSPENDED')));
  });
});

describe('desired roles', () => {
  const base = {
    version: 1,
    hubs: { sec: { account: '222222222222', role: { name: 'FleetHub' } } },
    roles: {
      Spoke: {
        trust: { hubs: ['sec'] },
        permissions: { managed: ['arn:aws:iam::${AccountId}:policy/Local'], boundary: 'arn:aws:iam::${AccountId}:policy/Boundary' },
        targets: { accounts: ['333333333333', '444444444444'] },
      },
    },
  };

  test('${AccountId} is replaced per account', () => {
    const { state } = buildDesired(specSchema.parse(base), fixtureOrg, 's');
    const role = state.roles.find((r) => r.accountId === '444444444444')!;
    assert.deepEqual(role.managedPolicyArns, ['arn:aws:iam::444444444444:policy/Local']);
    assert.equal(role.permissionsBoundary, 'arn:aws:iam::444444444444:policy/Boundary');
    assert.equal(role.arn, 'arn:aws:iam::444444444444:role/Spoke');
  });

  test('a root principal is a third party with ExternalId or a hub that asked for its account, nothing else', () => {
    const spec = specSchema.parse({
      version: 1,
      hubs: {
        sec: { account: '222222222222', role: { name: 'FleetHub' }, trustAs: 'account' },
        people: { account: '333333333333', group: { name: 'operators' } },
        named: { account: '444444444444', role: { name: 'Named' } },
      },
      roles: {
        Spoke: {
          trust: { hubs: ['sec', 'people', 'named'], externalAccounts: [{ account: '999999999999', externalId: 'vendor-1' }] },
          targets: { accounts: ['333333333333'] },
        },
      },
    });
    const { state } = buildDesired(spec, fixtureOrg, 's');
    assert.deepEqual(assertRootsAsked(spec, state.roles[0]!), { external: 1, hub: 2 });
  });

  test('the hash tag is stable and changes with what crossrole manages', () => {
    const hash = (spec: unknown) => buildDesired(specSchema.parse(spec), fixtureOrg, 's').state.roles[0]!.tags[HASH_TAG];
    assert.equal(hash(base), hash(structuredClone(base)));
    const changed = structuredClone(base);
    changed.roles.Spoke.permissions.managed.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.notEqual(hash(base), hash(changed));
  });

  test('inline policies over 10,240 characters are refused with their sizes', () => {
    const big = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: Array.from({ length: 700 }, (_, i) => `ec2:Describe${i}`), Resource: '*' }] };
    const spec = structuredClone(base) as typeof base & { roles: { Spoke: { permissions: { inline?: unknown } } } };
    spec.roles.Spoke.permissions.inline = { Big: big };
    const { issues } = buildDesired(specSchema.parse(spec), fixtureOrg, 's');
    const problem = issues.find((i) => i.severity !== 'warning')!;
    assert.deepEqual(problem.path, ['roles', 'Spoke', 'permissions', 'inline']);
    assert.match(problem.message, /inline policies total \d+ characters \(Big: \d+\), over IAM's 10240 per role/);
  });
});
