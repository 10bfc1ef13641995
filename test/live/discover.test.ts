// discover against a real moto server: nested OUs, tags, a suspended account, SCPs with targets.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AwsClients } from '../../src/aws/clients.js';
import { discoverOrganization } from '../../src/aws/discover.js';
import { parseOrg } from '../../src/org/load.js';
import { repoRoot } from '../helpers/paths.js';
import { cliEnv, MANAGEMENT_CREDENTIALS, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';
import { spawnSync } from 'node:child_process';

let moto: Moto;
let seeded: SeededOrg;

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, {
    ous: [{ name: 'Workloads', children: [{ name: 'Prod', accounts: 2, tags: { env: 'prod' } }, { name: 'Dev', accounts: 1, tags: { env: 'dev' } }] }, { name: 'Sandbox', accounts: 1 }],
    rootAccounts: 1,
    suspended: 1,
  });
});
after(() => moto.stop());

const options = () => ({ region: 'us-east-1', endpoint: moto.endpoint, bootstrapRole: 'OrganizationAccountAccessRole', sessionName: 'crossrole-test', maxAttempts: 3 });

describe('discover', () => {
  test('reads the whole organization into the org model', async () => {
    const org = await discoverOrganization(new AwsClients(options(), async () => MANAGEMENT_CREDENTIALS).organizations());
    assert.equal(org.organizationId, seeded.organizationId);
    assert.equal(org.managementAccountId, seeded.managementAccountId);
    assert.deepEqual(org.roots.map((r) => r.id), [seeded.rootId]);
    const prod = org.organizationalUnits.find((o) => o.name === 'Prod')!;
    assert.equal(prod.parentId, seeded.ous.Workloads);
    assert.equal(org.accounts.length, seeded.accounts.length);
    for (const a of seeded.accounts) {
      const found = org.accounts.find((x) => x.id === a.id)!;
      assert.equal(found.status, a.status, a.name);
      assert.deepEqual(found.tags, a.tags, a.name);
    }
    assert.equal(org.accounts.filter((a) => a.status === 'SUSPENDED').length, 1);
    const scp = org.policies.find((p) => p.id === seeded.scpId)!;
    assert.deepEqual(scp.targets, [seeded.rootId]);
    assert.equal(scp.type, 'SERVICE_CONTROL_POLICY');
  });

  test('crossrole discover writes an org.json that validates', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'crossrole-discover-')), 'org.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'discover', '--out', out, '--endpoint-url', moto.endpoint], {
      encoding: 'utf8',
      env: cliEnv(),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${seeded.accounts.length} accounts \\(1 not active\\)`));
    assert.equal(parseOrg(out, readFileSync(out, 'utf8')).accounts.length, seeded.accounts.length);
  });

  test('no credentials: one clear message, exit 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'discover', '--out', '/dev/null', '--endpoint-url', moto.endpoint], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'crossrole-home-')), AWS_EC2_METADATA_DISABLED: 'true' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no AWS credentials found for sts:GetCallerIdentity: use --profile/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});
