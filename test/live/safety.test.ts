// "Never say ok when it isn't", against a real moto server, as a user runs crossrole: drift on
// either side reaches verify with what differs; session length and description edited with the
// real AWS CLI reach plan and verify; an unowned role of the spoke's name blocks plan and apply and
// never enters the hub policy (list or pattern form); EC2-trusted spokes get their instance
// profile; a no-op plan reads each account with at most three calls.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRolePolicyCommand,
  GetRoleCommand,
  ListInstanceProfilesForRoleCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { crossrole as run, crossroleAsync } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { assertAdmitsExactly, hubDocuments, readOrgIndex } from '../helpers/hub-admits.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';
import { pythonTool } from '../helpers/python-tools.js';

let moto: Moto;
let seeded: SeededOrg;
let dir: string;
let hubAccount: string;

const crossrole = (...args: string[]) => run([...args, '--endpoint-url', moto.endpoint], dir, cliEnv());
const iamIn = async (accountId: string) => (await assumeInto(moto.endpoint, accountId)).iam();
const prod = () => seeded.accounts.filter((a) => a.ouName === 'Prod').map((a) => a.id);
/** The hub's policies admit FleetAccess in exactly these accounts, account by account. */
const hubAdmitsExactly = async (accounts: string[]) =>
  assertAdmitsExactly(readOrgIndex(join(dir, 'org.json')), await hubDocuments(await iamIn(hubAccount), { role: 'FleetHub' }), { path: '/crossrole/', name: 'FleetAccess', spec: 'fleet' }, accounts);
const hubPolicy = async () => decodeURIComponent((await (await iamIn(hubAccount)).send(new GetRolePolicyCommand({ RoleName: 'FleetHub', PolicyName: 'crossrole-security' }))).PolicyDocument!);

interface VerifyJson {
  cells: { accountId: string; role: string; status: string; reason?: string }[];
  hubs: { hub: string; status: string; reason?: string }[];
  summary: Record<string, number>;
}

function verify(): { status: number | null; json: VerifyJson; text: string } {
  const r = crossrole('verify', '--spec', 'crossrole.yaml', '--org', 'org.json', '--json');
  return { status: r.status, json: JSON.parse(r.stdout) as VerifyJson, text: r.stdout + r.stderr };
}

function writeSpec(extra: { strategy?: 'list' | 'pattern'; adopt?: boolean } = {}): void {
  writeFileSync(
    join(dir, 'crossrole.yaml'),
    `version: 1
name: fleet
hubs:
  security:
    account: "${hubAccount}"
    role: { name: FleetHub, path: /crossrole/ }
    policy: { strategy: ${extra.strategy ?? 'list'} }
roles:
  FleetAccess:
    path: /crossrole/
    description: Fleet read access
    adopt: ${extra.adopt ?? false}
    trust: { hubs: [security] }
    permissions: { managed: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
    targets: { ous: [${seeded.ous.Prod}] }
  BaseIAMRole:
    path: /
    trust: { services: [ec2.amazonaws.com] }
    targets: { ous: [${seeded.ous.Prod}] }
`,
  );
}

const apply = () => crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
const plan = () => crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
const mustApply = () => {
  const r = apply();
  assert.equal(r.status, 0, r.stdout + r.stderr);
};

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Prod', accounts: 4 }] });
  dir = mkdtempSync(join(tmpdir(), 'crossrole-safety-'));
  hubAccount = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  await createHubRole(moto.endpoint, hubAccount);
  writeSpec();
  assert.equal(crossrole('discover', '--out', 'org.json').status, 0);
  mustApply();
});
after(() => moto.stop());

describe('never say ok when it is not (live, moto)', { concurrency: false }, () => {
  test('a fresh fleet verifies ok on both sides', () => {
    const v = verify();
    assert.equal(v.status, 0, v.text);
    assert.equal(v.json.summary.ok, prod().length);
    assert.deepEqual(v.json.hubs.map((h) => h.status), ['ok']);
  });

  test('EC2-trusted spokes are created with an instance profile of their name that holds them', async () => {
    for (const account of prod()) {
      const profile = await (await iamIn(account)).send(new GetInstanceProfileCommand({ InstanceProfileName: 'BaseIAMRole' }));
      assert.deepEqual(profile.InstanceProfile!.Roles!.map((r) => r.RoleName), ['BaseIAMRole']);
    }
  });

  test('synth\'s aws-cli script, run with the real AWS CLI (twice), makes the instance profile too', async () => {
    const account = prod()[0]!;
    writeFileSync(join(dir, 'cli.yaml'), `version: 1\nname: cli\nhubs: {}\nroles:\n  CliEc2Role:\n    trust: { services: [ec2.amazonaws.com] }\n    targets: { accounts: ["${account}"] }\n`);
    const synth = run(['synth', '--spec', 'cli.yaml', '--org', 'org.json', '--out', 'cli-out'], dir, cliEnv());
    assert.equal(synth.status, 0, synth.stderr);
    const c = (await assumeInto(moto.endpoint, account)).credentials;
    const env = { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken, AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint };
    for (let i = 0; i < 2; i++) {
      const script = spawnSync('bash', ['aws-cli/apply.sh', `account:${account}`], { cwd: join(dir, 'cli-out'), encoding: 'utf8', env });
      assert.equal(script.status, 0, script.stdout + script.stderr);
    }
    const profile = await (await iamIn(account)).send(new GetInstanceProfileCommand({ InstanceProfileName: 'CliEc2Role' }));
    assert.deepEqual(profile.InstanceProfile!.Roles!.map((r) => r.RoleName), ['CliEc2Role']);
  });

  test('a profile emptied by hand shows in plan and verify, and apply puts the role back', async () => {
    const account = prod()[0]!;
    await (await iamIn(account)).send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'BaseIAMRole', RoleName: 'BaseIAMRole' }));
    const p = plan();
    assert.equal(p.status, 2, p.stdout + p.stderr);
    assert.match(p.stdout, /instanceProfile/);
    mustApply();
    const profiles = await (await iamIn(account)).send(new ListInstanceProfilesForRoleCommand({ RoleName: 'BaseIAMRole' }));
    assert.deepEqual(profiles.InstanceProfiles!.map((p) => p.InstanceProfileName), ['BaseIAMRole']);
    assert.equal(plan().status, 0);
  });

  test('verify reports a trust opened to "*" by hand as drifted, with what differs (plan shows it too)', async () => {
    const account = prod()[1]!;
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
    await (await iamIn(account)).send(new UpdateAssumeRolePolicyCommand({ RoleName: 'FleetAccess', PolicyDocument: JSON.stringify(open) }));
    const v = verify();
    assert.equal(v.status, 1, v.text);
    const cell = v.json.cells.find((c) => c.accountId === account && c.role === 'FleetAccess')!;
    assert.equal(cell.status, 'drifted');
    assert.match(cell.reason!, /trust policy differs.*lets in \*/);
    assert.equal(plan().status, 2);
    mustApply();
    assert.equal(verify().status, 0);
  });

  test('session length and description changed with the AWS CLI show in plan (the fields) and verify', async () => {
    const account = prod()[2]!;
    const session = await assumeInto(moto.endpoint, account);
    const c = session.credentials;
    const aws = spawnSync(pythonTool('aws'), ['iam', 'update-role', '--role-name', 'FleetAccess', '--max-session-duration', '43200', '--description', 'x', '--endpoint-url', moto.endpoint], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken, AWS_DEFAULT_REGION: 'us-east-1' },
    });
    assert.equal(aws.status, 0, aws.stderr);
    const p = plan();
    assert.equal(p.status, 2, p.stdout + p.stderr);
    assert.match(p.stdout, /maxSessionDuration: 43200 → 3600/);
    assert.match(p.stdout, /description: "x" → "Fleet read access"/);
    const v = verify();
    assert.equal(v.status, 1);
    assert.match(v.json.cells.find((cell) => cell.accountId === account && cell.role === 'FleetAccess')!.reason!, /maximum session is 43200 s, not 3600 s; its description is "x", not "Fleet read access"/);
    mustApply();
    const role = (await (await iamIn(account)).send(new GetRoleCommand({ RoleName: 'FleetAccess' }))).Role!;
    assert.equal(role.MaxSessionDuration, 3600);
    assert.equal(role.Description, 'Fleet read access');
    assert.equal(plan().status, 0);
  });

  test('a hub policy widened by hand is a drifted hub in verify', async () => {
    const wide = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    await (await iamIn(hubAccount)).send(new PutRolePolicyCommand({ RoleName: 'FleetHub', PolicyName: 'crossrole-security', PolicyDocument: JSON.stringify(wide) }));
    const v = verify();
    assert.equal(v.status, 1, v.text);
    assert.equal(v.json.hubs[0]!.status, 'drifted');
    assert.match(v.json.hubs[0]!.reason!, /allows \*, not declared/);
    mustApply();
    assert.equal(verify().status, 0);
    await hubAdmitsExactly(prod());
  });

  test('an unowned role of the spoke name: plan exits 2, apply exits 1 naming it, and no hub policy form grants it', async () => {
    const victim = prod()[3]!;
    const victimArn = `arn:aws:iam::${victim}:role/crossrole/FleetAccess`;
    const iam = await iamIn(victim);
    // Someone replaces crossrole's spoke with a role of their own.
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'FleetAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'FleetAccess' }));
    const foreign = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${hubAccount}:root` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'FleetAccess', Path: '/crossrole/', AssumeRolePolicyDocument: JSON.stringify(foreign) }));

    const p = plan();
    assert.equal(p.status, 2, p.stdout + p.stderr);
    assert.match(p.stdout, new RegExp(`! conflict FleetAccess .*${victim}`));
    const a = apply();
    assert.equal(a.status, 1, a.stdout + a.stderr);
    assert.match(a.stdout, new RegExp(`Not applied: 1 conflict[^]*${victim}`));
    // The list form leaves the unowned role out, and only it.
    await hubAdmitsExactly(prod().filter((id) => id !== victim));
    const v = verify();
    assert.equal(v.json.cells.find((c) => c.accountId === victim && c.role === 'FleetAccess')!.status, 'conflict');
    assert.equal(v.status, 1);

    // The pattern form names every Prod account by path: the unowned role is denied by ARN.
    writeSpec({ strategy: 'pattern' });
    assert.equal(apply().status, 1);
    const pattern = JSON.parse(await hubPolicy()) as { Statement: { Effect: string; Resource: string | string[] }[] };
    const denied = pattern.Statement.filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Resource].flat());
    assert.ok(denied.includes(victimArn), `the pattern form denies ${victimArn}: ${JSON.stringify(pattern)}`);
    await hubAdmitsExactly(prod().filter((id) => id !== victim));

    // Adopting resolves it: the role becomes crossrole's, and only then is it granted.
    writeSpec({ strategy: 'pattern', adopt: true });
    const adopted = apply();
    assert.equal(adopted.status, 0, adopted.stdout + adopted.stderr);
    assert.ok(!(await hubPolicy()).includes('Deny'));
    await hubAdmitsExactly(prod());
    assert.equal(verify().status, 0);
    writeSpec();
    mustApply();
  });

  test('a no-op plan reads each account with at most three calls', async () => {
    const proxy: FaultProxy = await startFaultProxy(moto.endpoint);
    try {
      // This process serves the proxy: the CLI must run without blocking it.
      const r = await crossroleAsync(['plan', '--spec', 'crossrole.yaml', '--org', 'org.json', '--endpoint-url', proxy.endpoint], dir, cliEnv());
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const counts = proxy.counts();
      const perAccount = (counts.get('sts:AssumeRole') ?? 0) + (counts.get('iam:GetAccountAuthorizationDetails') ?? 0) + (counts.get('iam:ListRoles') ?? 0);
      // Prod accounts plus the hub account (its policy is read with one call per hub policy).
      assert.ok(perAccount <= 3 * (prod().length + 1), JSON.stringify([...counts]));
      assert.equal(counts.get('iam:ListRoles'), prod().length);
    } finally {
      await proxy.stop();
    }
  });
});
