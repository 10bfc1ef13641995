// discover against a real moto server: nested OUs, tags, a suspended account, a delegated
// administrator, SCPs with targets.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListDelegatedAdministratorsCommand, OrganizationsClient, RegisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';
import { AwsClients } from '../../src/aws/clients.js';
import { discoverOrganization } from '../../src/aws/discover.js';
import { parseOrg } from '../../src/org/load.js';
import { CLI_COMMAND, crossrole } from '../helpers/cli.js';
import { assumeInto, awsConfig, cliEnv, createHubRole, MANAGEMENT_CREDENTIALS, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';
import { spawnSync } from 'node:child_process';

let moto: Moto;
let seeded: SeededOrg;
let delegatedAdmin: string;

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, {
    ous: [{ name: 'Workloads', children: [{ name: 'Prod', accounts: 2, tags: { env: 'prod' } }, { name: 'Dev', accounts: 1, tags: { env: 'dev' } }] }, { name: 'Sandbox', accounts: 1 }],
    rootAccounts: 1,
    suspended: 1,
  });
  const admin = seeded.accounts.find((a) => a.status === 'ACTIVE' && a.id !== seeded.managementAccountId)!;
  await new OrganizationsClient(awsConfig(moto.endpoint)).send(new RegisterDelegatedAdministratorCommand({ AccountId: admin.id, ServicePrincipal: 'guardduty.amazonaws.com' }));
  delegatedAdmin = admin.id;
});
after(() => moto.stop());

const options = () => ({ region: 'us-east-1', endpoint: moto.endpoint, bootstrapRole: 'OrganizationAccountAccessRole', sessionName: 'crossrole-test', maxAttempts: 3 });

describe('discover', () => {
  test('reads the whole organization into the org model', async () => {
    const org = await discoverOrganization(new AwsClients(options(), async () => MANAGEMENT_CREDENTIALS).organizations());
    assert.equal(org.organizationId, seeded.organizationId);
    assert.equal(org.managementAccountId, seeded.managementAccountId);
    assert.deepEqual(org.roots.map((r) => r.id), [seeded.rootId]);
    // ListRoots' PolicyTypes: seedOrg enables SCPs; moto lists RCPs attached but not enabled.
    assert.deepEqual(org.roots[0]!.policyTypes, [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }]);
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
    assert.deepEqual(org.delegatedAdministrators, [delegatedAdmin]);
  });

  test('delegated administrators that cannot be read are left out, and discover goes on', async () => {
    const client = new AwsClients(options(), async () => MANAGEMENT_CREDENTIALS).organizations();
    const refusing = {
      send: (command: Parameters<OrganizationsClient['send']>[0]) =>
        command instanceof ListDelegatedAdministratorsCommand
          ? Promise.reject(Object.assign(new Error('You don\'t have permissions to access this resource.'), { name: 'AccessDeniedException' }))
          : client.send(command),
    } as OrganizationsClient;
    const messages: string[] = [];
    const org = await discoverOrganization(refusing, (message) => messages.push(message));
    assert.equal(org.delegatedAdministrators, undefined);
    assert.equal(org.accounts.length, seeded.accounts.length);
    assert.ok(messages.some((m) => /delegated administrators not read \(organizations:ListDelegatedAdministrators was denied \(AccessDeniedException\)/.test(m)), messages.join('\n'));
  });

  test('crossrole discover writes an org.json that validates', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'crossrole-discover-')), 'org.json');
    const r = spawnSync(process.execPath, [...CLI_COMMAND, 'discover', '--out', out, '--endpoint-url', moto.endpoint], {
      encoding: 'utf8',
      env: cliEnv(),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${seeded.accounts.length} accounts \\(1 not active\\)`));
    assert.equal(parseOrg(out, readFileSync(out, 'utf8')).accounts.length, seeded.accounts.length);
  });

  test('a hub in a delegated administrator is granted organizations:ListAccounts live; a hub in a plain member is told why Resoto lists accounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossrole-delegated-'));
    const member = seeded.accounts.find((a) => a.status === 'ACTIVE' && a.id !== seeded.managementAccountId && a.id !== delegatedAdmin)!.id;
    for (const account of [delegatedAdmin, member]) await createHubRole(moto.endpoint, account);
    const hubs = (account: string) => `{ account: "${account}", role: { name: FleetHub, path: /crossrole/ } }`;
    writeFileSync(
      join(dir, 'crossrole.yaml'),
      `version: 1
hubs: { inventory: ${hubs(delegatedAdmin)}, deploy: ${hubs(member)} }
roles:
  ResotoAccess: { trust: { hubs: [inventory] }, targets: { ous: [${seeded.ous.Prod}] } }
  Deployer: { trust: { hubs: [deploy] }, targets: { ous: [${seeded.ous.Dev}] } }
`,
    );
    const cli = (...args: string[]) => crossrole([...args, '--endpoint-url', moto.endpoint], dir, cliEnv());
    assert.equal(cli('discover', '--out', 'org.json').status, 0);
    const validate = crossrole(['validate', '--spec', 'crossrole.yaml', '--org', 'org.json'], dir, cliEnv());
    assert.equal(validate.status, 0, validate.stderr);
    assert.match(validate.stderr, new RegExp(`hubs\\.deploy\\.account: resoto/worker-Deployer\\.yaml lists the targeted accounts \\(scrape_org: false\\): hub "deploy" is in account ${member}`));
    assert.doesNotMatch(validate.stderr, /hubs\.inventory/);
    // plan and apply speak of IAM: the note on how the Resoto file behaves is validate's and synth's.
    const plan = cli('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 2, plan.stderr);
    assert.doesNotMatch(plan.stderr, /resoto/);
    const apply = cli('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 0, apply.stderr);
    const policy = async (account: string, hub: string) => {
      const answer = await (await assumeInto(moto.endpoint, account)).iam().send(new GetRolePolicyCommand({ RoleName: 'FleetHub', PolicyName: `crossrole-${hub}` }));
      return decodeURIComponent(answer.PolicyDocument!);
    };
    assert.match(await policy(delegatedAdmin, 'inventory'), /"organizations:ListAccounts"/);
    assert.doesNotMatch(await policy(member, 'deploy'), /organizations:/);
  });

  test('no credentials: one clear message, exit 1', () => {
    const r = spawnSync(process.execPath, [...CLI_COMMAND, 'discover', '--out', '/dev/null', '--endpoint-url', moto.endpoint], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'crossrole-home-')), AWS_EC2_METADATA_DISABLED: 'true' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no AWS credentials found for sts:GetCallerIdentity: use --profile/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});
