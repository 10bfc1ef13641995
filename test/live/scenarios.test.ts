// Every seed scenario of examples/ from nothing: an organization on moto with no hub principal
// (only the Micetro user, which crossrole never creates), then `apply` alone, then `plan` finds
// nothing to do and `verify` says every spoke and hub is ok. The examples' ids are mapped onto the
// seeded organization; the five specs use distinct names, so they share one organization.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, GetGroupCommand, GetInstanceProfileCommand, GetRoleCommand, ListAttachedUserPoliciesCommand, ListGroupPoliciesCommand, ListPolicyVersionsCommand } from '@aws-sdk/client-iam';
import { crossrole as run } from '../helpers/cli.js';
import { assertAdmitsExactly, hubDocuments, readOrgIndex } from '../helpers/hub-admits.js';
import { repoRoot } from '../helpers/paths.js';
import { assumeInto, cliEnv, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';

let moto: Moto;
let seeded: SeededOrg;
let dir: string;
let hubAccount: string;
let memberProfileConfig: string;

const crossrole = (args: string[], env: NodeJS.ProcessEnv = {}) => run([...args, '--endpoint-url', moto.endpoint], dir, { ...cliEnv(), ...env });
const iamIn = async (accountId: string) => (await assumeInto(moto.endpoint, accountId)).iam();
/** Every ACTIVE member account: what a spec targeting the root reaches. */
const members = () => seeded.accounts.filter((a) => a.id !== seeded.managementAccountId && a.status === 'ACTIVE').map((a) => a.id);
const accountIn = (ou: string, n = 1) => seeded.accounts.filter((a) => a.ouName === ou)[n - 1]!.id;

/** The example with its organization's ids replaced by the seeded organization's. */
function example(file: string): string {
  const ids: Record<string, string> = {
    '222222222222': hubAccount,
    'r-ab12': seeded.rootId,
    'ou-ab12-prod0001': seeded.ous.Prod!,
    'ou-ab12-nprd0001': seeded.ous.NonProd!,
    'ou-ab12-sbox0001': seeded.ous.Sandbox!,
    '346091827765': accountIn('PCI'),
    '602318457193': accountIn('Root', 2),
  };
  let text = readFileSync(join(repoRoot, 'examples', file), 'utf8');
  for (const [from, to] of Object.entries(ids)) text = text.replaceAll(from, to);
  writeFileSync(join(dir, file), text);
  return file;
}

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, {
    ous: [
      { name: 'Security', accounts: 2, tags: { env: 'prod' } },
      { name: 'Infrastructure', accounts: 2, tags: { env: 'prod', dns: 'managed' } },
      { name: 'Workloads', children: [{ name: 'Prod', accounts: 2, tags: { env: 'prod' }, children: [{ name: 'PCI', accounts: 1, tags: { env: 'prod' } }] }, { name: 'NonProd', accounts: 2, tags: { env: 'dev' } }] },
      { name: 'Sandbox', accounts: 1, tags: { env: 'sandbox' } },
    ],
    rootAccounts: 1,
    rootAccountTags: { env: 'prod' },
  });
  hubAccount = accountIn('Security');
  dir = mkdtempSync(join(tmpdir(), 'crossrole-scenarios-'));
  // The one thing crossrole never makes: the Micetro API user and its keys.
  const iam = await iamIn(hubAccount);
  await iam.send(new CreateUserCommand({ UserName: 'micetro-api' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'micetro-api' }))).AccessKey!;
  memberProfileConfig = join(dir, 'micetro-config');
  writeFileSync(memberProfileConfig, `[profile micetro]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\nregion = us-east-1\n`);
  const discovered = crossrole(['discover', '--out', 'org.json']);
  assert.equal(discovered.status, 0, discovered.stderr);
});
after(() => moto.stop());

/** apply from nothing, then plan exit 0 and verify all ok. */
function fromNothing(spec: string, verifyArgs: string[] = [], env: NodeJS.ProcessEnv = {}): { plan: string; verify: { cells: { status: string }[]; hubs: { status: string }[] } } {
  const apply = crossrole(['apply', '--spec', spec, '--org', 'org.json', '--auto-approve'], env);
  assert.equal(apply.status, 0, apply.stdout + apply.stderr);
  const plan = crossrole(['plan', '--spec', spec, '--org', 'org.json'], env);
  assert.equal(plan.status, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, /No changes\./);
  const verify = crossrole(['verify', '--spec', spec, '--org', 'org.json', '--json', ...verifyArgs], env);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const result = JSON.parse(verify.stdout) as { cells: { status: string }[]; hubs: { status: string }[] };
  assert.ok(result.cells.every((c) => c.status === 'ok'));
  assert.ok(result.hubs.every((h) => h.status === 'ok'));
  return { plan: plan.stdout, verify: result };
}

describe('seed scenarios from an organization with no hub principal', { concurrency: false }, () => {
  test('Resoto: the collector role is created, trusted by EKS Pod Identity, and reaches every member account', async () => {
    const spec = example('resoto-inventory.yaml');
    const planned = crossrole(['plan', '--spec', spec, '--org', 'org.json']);
    assert.equal(planned.status, 2, planned.stderr);
    assert.match(planned.stdout, /\+ create hub role ResotoCollector/);
    const { verify } = fromNothing(spec);
    assert.equal(verify.cells.length, seeded.accounts.filter((a) => a.id !== seeded.managementAccountId).length);
    const role = (await (await iamIn(hubAccount)).send(new GetRoleCommand({ RoleName: 'ResotoCollector' }))).Role!;
    assert.match(decodeURIComponent(role.AssumeRolePolicyDocument!), /pods\.eks\.amazonaws\.com/);
    assert.ok(role.Tags?.some((t) => t.Key === 'crossrole:managed-by'));
    assertAdmitsExactly(readOrgIndex(join(dir, 'org.json')), await hubDocuments(await iamIn(hubAccount), { role: 'ResotoCollector' }), { path: '/', name: 'ResotoAccess', spec: 'resoto-inventory' }, members());
  });

  test('hub and spoke with the org reader in the management account: the hub role trusts the permission set and the CI role', async () => {
    const spec = example('hub-spoke.yaml');
    const { verify } = fromNothing(spec);
    assert.ok(verify.cells.some((c) => (c as { accountId?: string }).accountId === seeded.managementAccountId));
    const role = (await (await iamIn(hubAccount)).send(new GetRoleCommand({ RoleName: 'FleetHub' }))).Role!;
    const trust = decodeURIComponent(role.AssumeRolePolicyDocument!);
    assert.match(trust, /AWSReservedSSO_PlatformEngineer_\*/);
    assert.match(trust, new RegExp(`arn:aws:iam::${hubAccount}:role/ci-deploy`));
    assert.equal(role.MaxSessionDuration, 7200);
  });

  test('Micetro: the group is created, micetro-api added, one inline policy per target; verify with the member\'s keys', async () => {
    const spec = example('micetro.yaml');
    fromNothing(spec, ['--hub-profile', 'micetro'], { AWS_CONFIG_FILE: memberProfileConfig });
    const iam = await iamIn(hubAccount);
    const group = await iam.send(new GetGroupCommand({ GroupName: 'cross-account-operators' }));
    assert.deepEqual(group.Users?.map((u) => u.UserName), ['micetro-api']);
    const policies = (await iam.send(new ListGroupPoliciesCommand({ GroupName: 'cross-account-operators' }))).PolicyNames ?? [];
    const targets = seeded.accounts.filter((a) => a.tags.dns === 'managed').length + 1;
    assert.equal(policies.length, targets, `one inline policy per target role: ${policies.join(', ')}`);
  });

  test('Spinnaker: the managing role is created for EC2 with its instance profile; BaseIAMRole trusts only EC2', async () => {
    const spec = example('spinnaker.yaml');
    fromNothing(spec);
    const profile = await (await iamIn(hubAccount)).send(new GetInstanceProfileCommand({ InstanceProfileName: 'SpinnakerManaging' }));
    assert.deepEqual(profile.InstanceProfile?.Roles?.map((r) => r.RoleName), ['SpinnakerManaging']);
  });

  test('third party with ExternalId: no hub; the vendor role in every env=prod account', async () => {
    const spec = example('third-party.yaml');
    fromNothing(spec);
    const role = (await (await iamIn(accountIn('Prod'))).send(new GetRoleCommand({ RoleName: 'VendorAuditRole' }))).Role!;
    assert.match(decodeURIComponent(role.AssumeRolePolicyDocument!), /"sts:ExternalId":"vendor-7f3a"/);
  });

  test('a group member that does not exist is named, and nothing about it is applied', () => {
    const text = readFileSync(join(dir, 'micetro.yaml'), 'utf8').replace('members: [micetro-api]', 'members: [micetro-api, ghost-user]');
    writeFileSync(join(dir, 'micetro-ghost.yaml'), text);
    const plan = crossrole(['plan', '--spec', 'micetro-ghost.yaml', '--org', 'org.json']);
    assert.equal(plan.status, 2, plan.stderr);
    assert.match(plan.stdout, /user ghost-user does not exist in \d{12}: crossrole never creates users or access keys/);
    // No spoke is re-trusted to the missing user: IAM would refuse the trust halfway through.
    assert.match(plan.stdout, /its trust would name arn:aws:iam::\d{12}:user\/ghost-user, which does not exist/);
  });
});

describe('a hub policy too large for the inline quota', { concurrency: false }, () => {
  // A user hub holds 2,048 inline characters; long spoke ARNs listed one by one need more, so the
  // list continues in customer managed policies, versioned as the targets change.
  const path = `/${'deep/'.repeat(60)}`;
  const spec = (exclude: string[]) => `version: 1
name: big
hubs:
  ci:
    account: "${hubAccount}"
    user: { name: ci-deployer }
    policy: { strategy: list }
roles:
  BigSpoke:
    path: ${path}
    trust: { hubs: [ci] }
    targets: { ous: [${seeded.rootId}], exclude: { accounts: [${exclude.map((a) => `"${a}"`).join(', ')}] } }
`;

  test('the user hub gets exact managed policies, made, attached, versioned at most 5 deep', async () => {
    const iam = await iamIn(hubAccount);
    await iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }))).AccessKey!;
    const config = join(dir, 'ci-config');
    writeFileSync(config, `[profile ci]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\nregion = us-east-1\n`);
    writeFileSync(join(dir, 'big.yaml'), spec([]));
    const planned = crossrole(['plan', '--spec', 'big.yaml', '--org', 'org.json']);
    assert.match(planned.stdout, /\+ create managed policy crossrole-ci-2 on user ci-deployer/);
    fromNothing('big.yaml', ['--hub-profile', 'ci'], { AWS_CONFIG_FILE: config });
    const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'ci-deployer' }))).AttachedPolicies ?? [];
    assert.ok(attached.length >= 1 && attached.every((p) => p.PolicyArn!.includes(':policy/crossrole/crossrole-ci-')), JSON.stringify(attached));
    // Six target changes: each a new default version, and never more than IAM's 5.
    let excluded: string[] = [];
    for (let round = 0; round < 6; round++) {
      excluded = members().slice(round % 3, (round % 3) + 1 + round);
      writeFileSync(join(dir, 'big.yaml'), spec(excluded));
      const apply = crossrole(['apply', '--spec', 'big.yaml', '--org', 'org.json', '--auto-approve']);
      assert.equal(apply.status, 0, apply.stdout + apply.stderr);
      assert.equal(crossrole(['plan', '--spec', 'big.yaml', '--org', 'org.json']).status, 0);
    }
    // The default versions together admit exactly the last round's targets.
    assertAdmitsExactly(readOrgIndex(join(dir, 'org.json')), await hubDocuments(iam, { user: 'ci-deployer' }), { path, name: 'BigSpoke', spec: 'big' }, members().filter((id) => !excluded.includes(id)));
    for (const policy of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'ci-deployer' }))).AttachedPolicies ?? []) {
      const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policy.PolicyArn! }))).Versions ?? [];
      assert.ok(versions.length <= 5, `${policy.PolicyArn} has ${versions.length} versions`);
    }
  });
});

describe('synth\'s aws-cli script builds the same hub side as apply', () => {
  test('run twice with the real AWS CLI, it leaves nothing for plan to do', async () => {
    const spoke = accountIn('Prod');
    writeFileSync(
      join(dir, 'cli-hubs.yaml'),
      `version: 1
name: cli-hubs
hubs:
  runner: { account: "${hubAccount}", role: { name: CliRunner, trust: { services: [ec2.amazonaws.com] } } }
  people: { account: "${hubAccount}", group: { name: cli-people, members: [micetro-api] } }
roles:
  CliSpoke:
    trust: { hubs: [runner, people] }
    targets: { accounts: ["${spoke}"] }
`,
    );
    const synth = run(['synth', '--spec', 'cli-hubs.yaml', '--org', 'org.json', '--out', 'cli-hubs-out'], dir, cliEnv());
    assert.equal(synth.status, 0, synth.stderr);
    const envFor = async (accountId: string) => {
      const c = (await assumeInto(moto.endpoint, accountId)).credentials;
      return { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken, AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint };
    };
    for (let i = 0; i < 2; i++) {
      for (const [target, accountId] of [['hub:people', hubAccount], ['hub:runner', hubAccount], [`account:${spoke}`, spoke]] as const) {
        const script = spawnSync('bash', ['aws-cli/apply.sh', target], { cwd: join(dir, 'cli-hubs-out'), encoding: 'utf8', env: await envFor(accountId) });
        assert.equal(script.status, 0, `${target}: ${script.stdout}${script.stderr}`);
      }
    }
    const plan = crossrole(['plan', '--spec', 'cli-hubs.yaml', '--org', 'org.json']);
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
  });
});
