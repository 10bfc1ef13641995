// Credentials for people and CI against a real moto server, as a person uses them: `crossrole
// profiles` writes the AWS config, the real AWS CLI signs in through it (credential_process →
// crossrole credentials → hub → spoke), exec, console, MFA from stdin, CI with a web identity.
// A recording proxy in front of moto shows what crossrole sent (moto ignores MFA and SourceIdentity).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { CLI_COMMAND, crossroleAsync } from '../helpers/cli.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto, type SeededAccount } from '../helpers/moto.js';
import { repoRoot } from '../helpers/paths.js';
import { pythonTool } from '../helpers/python-tools.js';
import { startRecordingProxy, type RecordingProxy } from '../creds/recording-proxy.js';

let moto: Moto;
let proxy: RecordingProxy;
let dir: string;
let hub: string;
let payments: SeededAccount[];
let alice: { accessKeyId: string; secretAccessKey: string };
let mfaSerial: string;
let aws: string;

const USER_CONFIG = '# my own settings\n[default]\nregion = eu-west-1\n\n[profile mine]\nrole_arn = arn:aws:iam::999999999999:role/Mine\nsource_profile = default\n';
const HUB_ARN = () => `arn:aws:iam::${hub}:role/crossrole/FleetHub`;
const spokeArn = (account: string, role = 'FleetAccess') => `arn:aws:iam::${account}:role/crossrole/${role}`;
/** How the generated profiles run crossrole: from source, through the fast entry point. */
const COMMAND = `${process.execPath} --import ${import.meta.resolve('tsx')} ${join(repoRoot, 'src', 'cli', 'bin.ts')}`;
const config = () => join(dir, 'aws', 'config');

/** What a person's shell holds: no AWS keys in the environment, the files under dir/aws, moto behind the proxy. */
function personEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, TMPDIR: tmpdir(), LANG: 'C.UTF-8' };
  return {
    ...env,
    AWS_CONFIG_FILE: config(),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_REGION: 'us-east-1',
    CROSSROLE_CACHE_DIR: join(dir, 'cache'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking this process (the proxy lives here). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end(input);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

const crossrole = (args: string[], extra: NodeJS.ProcessEnv = {}, input = '') => run(process.execPath, [...CLI_COMMAND, ...args], personEnv(extra), input);
const credentials = (args: string[], extra: NodeJS.ProcessEnv = {}, input = '') => run(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src', 'cli', 'bin.ts'), 'credentials', ...args], personEnv(extra), input);
const callerArn = async (profile: string, extra: NodeJS.ProcessEnv = {}) => {
  const r = await run(aws, ['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'], personEnv(extra));
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { Arn: string }).Arn;
};
const hubCalls = () => proxy.calls('AssumeRole').filter((p) => p.get('RoleArn') === HUB_ARN());
const spokeCalls = (account: string, role = 'FleetAccess') => proxy.calls('AssumeRole').filter((p) => p.get('RoleArn') === spokeArn(account, role));
const cacheFiles = () => readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'));
const cached = () => cacheFiles().map((f) => JSON.parse(readFileSync(join(dir, 'cache', f), 'utf8')) as { roleArn?: string; credentials: { secretAccessKey: string; expiration: string } });

before(async () => {
  aws = pythonTool('aws');
  moto = await startMoto();
  proxy = await startRecordingProxy(moto.endpoint);
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Payments', accounts: 2 }] });
  hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  payments = seeded.accounts.filter((a) => a.ouName === 'Payments');
  await createHubRole(moto.endpoint, hub);

  // Alice: an IAM user of the hub account with an MFA device, the person of these tests.
  const iam = (await assumeInto(moto.endpoint, hub)).iam();
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  mfaSerial = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }))).VirtualMFADevice!.SerialNumber!;
  await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: mfaSerial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  iam.destroy();

  dir = mkdtempSync(join(tmpdir(), 'crossrole-creds-'));
  mkdirSync(join(dir, 'aws'));
  writeFileSync(config(), USER_CONFIG);
  writeFileSync(join(dir, 'aws', 'credentials'), `[default]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n`);
  const discovered = await crossroleAsync(['discover', '--out', join(dir, 'org.json'), '--endpoint-url', moto.endpoint], dir, cliEnv());
  assert.equal(discovered.status, 0, discovered.stderr);
  writeFileSync(
    join(dir, 'crossrole.yaml'),
    `version: 1
name: fleet
hubs:
  security: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } }
roles:
  FleetAccess:
    path: /crossrole/
    trust: { hubs: [security], requireSourceIdentity: true }
    targets: { ous: [${seeded.ous.Payments}] }
  FleetAdmin:
    path: /crossrole/
    trust: { hubs: [security], requireMfa: true }
    targets: { ous: [${seeded.ous.Payments}] }
`,
  );
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('credentials for people and CI against moto', { concurrency: false }, () => {
  test('profiles --dry-run shows the diff and writes nothing', async () => {
    const r = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org.json', '--command', COMMAND, '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^--- ${config()}\n\\+\\+\\+ ${config()} \\(crossrole profiles\\)\n@@ -5,3 \\+5,27 @@\n \\[profile mine\\]\n`));
    assert.match(r.stdout, /^\+\[profile Payments-1\.FleetAccess\]$/m);
    assert.match(r.stdout, /4 profiles generated; 4 added, 0 changed \(dry run: nothing written\)/);
    assert.equal(readFileSync(config(), 'utf8'), USER_CONFIG);
    assert.equal(existsSync(`${config()}.crossrole.bak`), false);
  });

  test('profiles writes one profile per account × spoke role after the user\'s own, keeping a backup', async () => {
    chmodSync(config(), 0o600);
    const r = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org.json', '--command', COMMAND]);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(config(), 'utf8');
    assert.ok(text.startsWith(USER_CONFIG), 'the user\'s profiles are untouched');
    assert.equal(readFileSync(`${config()}.crossrole.bak`, 'utf8'), USER_CONFIG);
    assert.equal(statSync(config()).mode & 0o777, 0o600, 'the file keeps its mode');
    for (const account of payments) {
      assert.match(text, new RegExp(`\\[profile ${account.name}\\.FleetAccess\\]\ncredential_process = .* credentials --account ${account.id} --role FleetAccess --path /crossrole/ --hub ${HUB_ARN()} --source-identity\n`));
      assert.match(text, new RegExp(`\\[profile ${account.name}\\.FleetAdmin\\]\ncredential_process = .* --role FleetAdmin --path /crossrole/ --hub ${HUB_ARN()} --mfa\n`));
    }
    const again = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org.json', '--command', COMMAND]);
    assert.equal(again.stdout, `${config()}: no changes\n`);
  });

  test('the real AWS CLI signs in through the profiles: the spoke\'s assumed-role ARN, named after the person', async () => {
    proxy.clear();
    for (const account of payments) {
      assert.equal(await callerArn(`${account.name}.FleetAccess`), `arn:aws:sts::${account.id}:assumed-role/FleetAccess/alice`);
    }
    // One hub session for both spokes; every hop names alice as session and source identity.
    assert.equal(hubCalls().length, 1);
    for (const call of [...hubCalls(), ...payments.flatMap((a) => spokeCalls(a.id))]) {
      assert.equal(call.get('RoleSessionName'), 'alice');
      assert.equal(call.get('SourceIdentity'), 'alice');
    }
    for (const account of payments) assert.equal(spokeCalls(account.id).length, 1);
    // A role-chained hop asks for one hour.
    assert.equal(spokeCalls(payments[0]!.id)[0]!.get('DurationSeconds'), '3600');
    // The README's third command.
    const s3 = await run(aws, ['s3', 'ls', '--profile', `${payments[0]!.name}.FleetAccess`], personEnv());
    assert.equal(s3.status, 0, s3.stderr);
  });

  test('sessions are cached in a 0700 directory as 0600 files, and answer without STS', async () => {
    assert.equal(statSync(join(dir, 'cache')).mode & 0o777, 0o700);
    assert.equal(cacheFiles().length, 3);
    for (const file of cacheFiles()) assert.equal(statSync(join(dir, 'cache', file)).mode & 0o777, 0o600);
    proxy.clear();
    assert.equal(await callerArn(`${payments[0]!.name}.FleetAccess`), `arn:aws:sts::${payments[0]!.id}:assumed-role/FleetAccess/alice`);
    // The full CLI answers the same, from the same cache.
    const full = await crossrole(['credentials', '--account', payments[1]!.name, '--role', 'FleetAccess']);
    assert.equal(full.status, 0, full.stderr);
    assert.equal((JSON.parse(full.stdout) as { SecretAccessKey: string }).SecretAccessKey, cached().find((e) => e.roleArn === spokeArn(payments[1]!.id))!.credentials.secretAccessKey);
    assert.equal(proxy.calls('AssumeRole').length, 0);
  });

  test('an expired session is refreshed; its fresh parent (the hub session) is reused', async () => {
    const file = cacheFiles().find((f) => readFileSync(join(dir, 'cache', f), 'utf8').includes(`"roleArn":"${spokeArn(payments[0]!.id)}"`))!;
    const path = join(dir, 'cache', file);
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { credentials: { expiration: string; accessKeyId: string } };
    entry.credentials.expiration = new Date(Date.now() - 60_000).toISOString();
    writeFileSync(path, JSON.stringify(entry));
    proxy.clear();
    const r = await credentials(['--account', payments[0]!.id, '--role', 'FleetAccess', '--path', '/crossrole/', '--hub', HUB_ARN(), '--source-identity']);
    assert.equal(r.status, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as { Version: number; AccessKeyId: string; Expiration: string };
    assert.equal(printed.Version, 1);
    assert.notEqual(printed.AccessKeyId, entry.credentials.accessKeyId);
    assert.ok(Date.parse(printed.Expiration) > Date.now() + 50 * 60_000);
    assert.equal(spokeCalls(payments[0]!.id).length, 1);
    assert.equal(hubCalls().length, 0);
  });

  test('MFA: the code is read from stdin once, for the hub session every MFA spoke then reuses', async () => {
    proxy.clear();
    const first = await credentials(['--account', payments[0]!.name, '--role', 'FleetAdmin'], {}, '123456\n');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(hubCalls().length, 1);
    assert.equal(hubCalls()[0]!.get('SerialNumber'), mfaSerial);
    assert.equal(hubCalls()[0]!.get('TokenCode'), '123456');
    const second = await credentials(['--account', payments[1]!.name, '--role', 'FleetAdmin']);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(hubCalls().length, 1, 'no second hub session, no second prompt');
    assert.equal(spokeCalls(payments[1]!.id, 'FleetAdmin')[0]!.get('TokenCode'), null);
    assert.equal(await callerArn(`${payments[1]!.name}.FleetAdmin`), `arn:aws:sts::${payments[1]!.id}:assumed-role/FleetAdmin/alice`);

    // Without a cached hub session the code is needed again; nothing on stdin is an error, a bad code too.
    const elsewhere = { CROSSROLE_CACHE_DIR: join(dir, 'cache-mfa') };
    const none = await credentials(['--account', payments[0]!.name, '--role', 'FleetAdmin'], elsewhere);
    assert.equal(none.status, 1);
    assert.equal(none.stderr, `no MFA code for ${mfaSerial} on stdin\n`);
    const bad = await credentials(['--account', payments[0]!.name, '--role', 'FleetAdmin'], elsewhere, '12\n');
    assert.equal(bad.stderr, `the MFA code for ${mfaSerial} must be 6 digits\n`);
  });

  test('exec runs the command with the spoke\'s credentials; exit codes and signals pass through', async () => {
    const who = await crossrole(['exec', payments[1]!.name, '--role', 'FleetAccess', '--', aws, 'sts', 'get-caller-identity', '--output', 'json']);
    assert.equal(who.status, 0, who.stderr);
    assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, `arn:aws:sts::${payments[1]!.id}:assumed-role/FleetAccess/alice`);
    const env = await crossrole(['exec', `${payments[1]!.name}.FleetAccess`, '--', 'sh', '-c', 'echo "${AWS_PROFILE-unset} $AWS_REGION ${AWS_SESSION_TOKEN:+token}"'], { AWS_PROFILE: 'mine' });
    assert.equal(env.stdout, 'unset us-east-1 token\n');
    const code = await crossrole(['exec', payments[1]!.id, '--role', 'FleetAccess', '--', 'sh', '-c', 'exit 7']);
    assert.equal(code.status, 7);
    const signal = await crossrole(['exec', payments[1]!.id, '--role', 'FleetAccess', '--', 'sh', '-c', 'kill -TERM $$']);
    assert.equal(signal.signal, 'SIGTERM');
    const ambiguous = await crossrole(['exec', payments[1]!.id, '--', 'true']);
    assert.equal(ambiguous.status, 2);
    assert.match(ambiguous.stderr, /profiles for several roles \(FleetAccess, FleetAdmin\): pass --role/);
  });

  test('exec without -- points at it; account names where ids are expected, with a did-you-mean', async () => {
    const account = payments[1]!;
    const noSeparator = await crossrole(['exec', account.name, '--role', 'FleetAccess', 'sh', '-c', 'exit 0', '--region', 'eu-west-1']);
    assert.equal(noSeparator.status, 2);
    assert.equal(noSeparator.stderr, `put -- before the command, so that its options stay its own: crossrole exec ${account.name} --role FleetAccess -- sh -c 'exit 0' --region eu-west-1\n`);
    const unknownOption = await crossrole(['exec', account.name, '--rol', 'FleetAccess', '--', 'true']);
    assert.equal(unknownOption.status, 2);
    assert.equal(unknownOption.stderr, 'unknown option --rol (options of the command go after --)\n');
    const typo = await crossrole(['exec', `${account.name}x`, '--role', 'FleetAccess', '--', 'true']);
    assert.equal(typo.status, 1);
    assert.equal(typo.stderr, `no crossrole profile for account ${account.name}x in ${config()}; did you mean "${account.name}"?\n`);
    // --path makes credentials read no profile, but an account name is still looked up in them.
    const chain = ['--role', 'FleetAccess', '--path', '/crossrole/', '--hub', HUB_ARN(), '--source-identity'];
    const byId = await credentials(['--account', account.id, ...chain]);
    const byName = await credentials(['--account', account.name.toLowerCase(), ...chain]);
    assert.equal(byId.status, 0, byId.stderr);
    assert.equal(byName.status, 0, byName.stderr);
    assert.equal((JSON.parse(byName.stdout) as { AccessKeyId: string }).AccessKeyId, (JSON.parse(byId.stdout) as { AccessKeyId: string }).AccessKeyId);
    const unknown = await credentials(['--account', 'Paymnts-1', ...chain]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^no crossrole profile for account Paymnts-1 in .*; did you mean "Payments-1"\?$/m);
  });

  test('console: getSigninToken with the spoke session and no SessionDuration (chained), then the login URL; --open hands it to the browser', async () => {
    const requests: URL[] = [];
    const stub: Server = createServer((req, res) => {
      requests.push(new URL(req.url!, 'http://stub'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ SigninToken: 'SIGNIN-TOKEN' }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const federation = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/federation`;
    try {
      const r = await crossrole(['console', payments[0]!.name, '--role', 'FleetAccess'], { CROSSROLE_FEDERATION_ENDPOINT: federation });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(requests.length, 1);
      const sent = requests[0]!.searchParams;
      assert.equal(sent.get('Action'), 'getSigninToken');
      assert.equal(sent.has('SessionDuration'), false);
      const session = JSON.parse(sent.get('Session')!) as { sessionId: string; sessionKey: string; sessionToken: string };
      const spoke = cached().find((e) => e.roleArn === spokeArn(payments[0]!.id))!;
      assert.equal(session.sessionKey, spoke.credentials.secretAccessKey);
      const login = new URL(r.stdout.trim());
      assert.equal(`${login.origin}${login.pathname}`, federation);
      assert.deepEqual(Object.fromEntries(login.searchParams), { Action: 'login', Issuer: 'crossrole', Destination: 'https://console.aws.amazon.com/console/home?region=us-east-1', SigninToken: 'SIGNIN-TOKEN' });
      assert.doesNotMatch(r.stderr, new RegExp(spoke.credentials.secretAccessKey.replace(/[+/]/g, '.')));

      const opened = join(dir, 'opened.txt');
      writeFileSync(join(dir, 'browser.sh'), `#!/bin/sh\necho "$1" > ${opened}\n`, { mode: 0o755 });
      const open = await crossrole(['console', payments[0]!.id, '--role', 'FleetAccess', '--open'], { CROSSROLE_FEDERATION_ENDPOINT: federation, BROWSER: join(dir, 'browser.sh') });
      assert.equal(open.status, 0, open.stderr);
      assert.equal(open.stdout, '');
      for (let i = 0; i < 50 && !existsSync(opened); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.match(readFileSync(opened, 'utf8'), /Action=login&Issuer=crossrole&Destination=.*&SigninToken=SIGNIN-TOKEN/);
    } finally {
      stub.close();
    }
  });

  test('CI: a web identity that is the hub role, sessions named after the actor, no prompts, errors as JSON', async () => {
    const token = join(dir, 'oidc-token');
    writeFileSync(token, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvZmxlZXQifQ.c2ln');
    const ci = { AWS_WEB_IDENTITY_TOKEN_FILE: token, AWS_ROLE_ARN: HUB_ARN(), GITHUB_ACTOR: 'octocat', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), CROSSROLE_CACHE_DIR: join(dir, 'cache-ci') };
    proxy.clear();
    const r = await credentials(['--account', payments[0]!.id, '--role', 'FleetAccess', '--path', '/crossrole/', '--hub', HUB_ARN(), '--source-identity'], ci);
    assert.equal(r.status, 0, r.stderr);
    const web = proxy.calls('AssumeRoleWithWebIdentity');
    assert.equal(web.length, 1);
    assert.equal(web[0]!.get('RoleArn'), HUB_ARN());
    assert.equal(web[0]!.get('RoleSessionName'), 'github-octocat');
    assert.equal(hubCalls().length, 0, 'the web identity session is the hub session');
    assert.equal(spokeCalls(payments[0]!.id)[0]!.get('SourceIdentity'), 'github-octocat');

    const mfa = await credentials(['--account', payments[0]!.id, '--role', 'FleetAdmin', '--path', '/crossrole/', '--hub', HUB_ARN(), '--mfa'], ci, '123456\n');
    assert.equal(mfa.status, 1);
    const error = JSON.parse(mfa.stderr) as { error: { code: string; message: string; account: string; role: string } };
    assert.equal(error.error.code, 'MfaRequired');
    assert.equal(error.error.account, payments[0]!.id);
    assert.equal(error.error.role, 'FleetAdmin');

    const missing = await credentials(['--account', 'nobody', '--role', 'FleetAccess'], { ...ci, CI: 'true' });
    assert.equal((JSON.parse(missing.stderr) as { error: { code: string } }).error.code, 'ProfileNotFound');
  });

  test('AWS_PROFILE naming a crossrole profile is not taken as crossrole\'s own source', async () => {
    const profile = `${payments[0]!.name}.FleetAccess`;
    const r = await run(aws, ['sts', 'get-caller-identity', '--output', 'json'], personEnv({ AWS_PROFILE: profile, CROSSROLE_CACHE_DIR: join(dir, 'cache-loop') }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { Arn: string }).Arn, `arn:aws:sts::${payments[0]!.id}:assumed-role/FleetAccess/alice`);
  });

  test('--plain profiles chain role_arn/source_profile for the AWS CLI itself', async () => {
    const plain = join(dir, 'aws', 'plain-config');
    writeFileSync(plain, '[default]\nregion = us-east-1\n');
    const r = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org.json', '--plain', '--session-name', 'alice', '--mfa-serial', mfaSerial, '--config', plain]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /--plain profiles cannot set SourceIdentity, which the trust of FleetAccess requires/);
    const text = readFileSync(plain, 'utf8');
    assert.match(text, new RegExp(`\\[profile crossrole-hub-security\\]\nrole_arn = ${HUB_ARN()}\nsource_profile = default\nrole_session_name = alice\nmfa_serial = ${mfaSerial}\n`));
    assert.doesNotMatch(text, /credential_process/);
    // FleetAccess's hub profile asks the AWS CLI for an MFA code: use a config without it for the sign-in check.
    writeFileSync(plain, text.replace(/mfa_serial = .*\n/, ''));
    assert.equal(await callerArn(`${payments[0]!.name}.FleetAccess`, { AWS_CONFIG_FILE: plain }), `arn:aws:sts::${payments[0]!.id}:assumed-role/FleetAccess/alice`);
    // exec resolves a --plain profile through the SDK's own role_arn/source_profile chain.
    const exec = await crossrole(['exec', payments[1]!.name, '--role', 'FleetAccess', '--config', plain, '--', aws, 'sts', 'get-caller-identity', '--output', 'json']);
    assert.equal(exec.status, 0, exec.stderr);
    assert.equal((JSON.parse(exec.stdout) as { Arn: string }).Arn, `arn:aws:sts::${payments[1]!.id}:assumed-role/FleetAccess/alice`);
  });

  test('accounts that left keep their profiles until --prune removes them', async () => {
    const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as { accounts: { id: string }[]; policies: { targets: string[] }[] };
    const gone = payments[1]!;
    const smaller = { ...org, accounts: org.accounts.filter((a) => a.id !== gone.id), policies: org.policies.map((p) => ({ ...p, targets: p.targets.filter((t) => t !== gone.id) })) };
    writeFileSync(join(dir, 'org-smaller.json'), JSON.stringify(smaller));
    const keep = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org-smaller.json', '--command', COMMAND]);
    assert.equal(keep.status, 0, keep.stderr);
    assert.equal(keep.stdout, `${config()}: no changes\n`);
    const prune = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org-smaller.json', '--command', COMMAND, '--prune', '--json']);
    assert.equal(prune.status, 0, prune.stderr);
    const result = JSON.parse(prune.stdout) as { written: boolean; removed: string[] };
    assert.deepEqual(result.removed, [`${gone.name}.FleetAccess`, `${gone.name}.FleetAdmin`]);
    const text = readFileSync(config(), 'utf8');
    assert.doesNotMatch(text, new RegExp(`profile ${gone.name}\\.`));
    assert.match(text, new RegExp(`profile ${payments[0]!.name}\\.FleetAccess`));
    assert.ok(text.startsWith(USER_CONFIG));
  });

  test('without --org the organization is discovered live', async () => {
    const other = join(dir, 'aws', 'discovered-config');
    const r = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--config', other, '--command', COMMAND, '--endpoint-url', moto.endpoint], { AWS_ACCESS_KEY_ID: cliEnv().AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: cliEnv().AWS_SECRET_ACCESS_KEY });
    assert.equal(r.status, 0, r.stderr);
    for (const account of payments) assert.match(readFileSync(other, 'utf8'), new RegExp(`\\[profile ${account.name}\\.FleetAccess\\]\ncredential_process = .* --account ${account.id} `));
  });

  test('a generated name the user already uses is refused and the file left as it was', async () => {
    const before = readFileSync(config(), 'utf8');
    writeFileSync(config(), `${before}\n[profile ${payments[1]!.name}.FleetAccess]\nregion = eu-west-1\n`);
    const clash = readFileSync(config(), 'utf8');
    const r = await crossrole(['profiles', '--spec', 'crossrole.yaml', '--org', 'org.json', '--command', COMMAND]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`already defined outside crossrole's block for spec fleet: ${payments[1]!.name}\\.FleetAccess \\(${config()}:\\d+\\)`));
    assert.equal(readFileSync(config(), 'utf8'), clash);
    writeFileSync(config(), before);
  });

  test('nothing secret on stderr', async () => {
    const secrets = [alice.secretAccessKey, ...cached().map((e) => e.credentials.secretAccessKey)];
    const runs = [
      await credentials(['--account', payments[0]!.id, '--role', 'FleetAccess', '--path', '/crossrole/', '--hub', HUB_ARN(), '--debug']),
      await credentials(['--account', payments[0]!.id, '--role', 'FleetAdmin', '--path', '/crossrole/', '--hub', HUB_ARN(), '--mfa'], { CROSSROLE_CACHE_DIR: join(dir, 'cache-secret') }, 'nope\n'),
      await crossrole(['exec', payments[0]!.id, '--role', 'FleetAccess', '--', 'no-such-command']),
    ];
    assert.equal(runs[2]!.status, 127);
    for (const r of runs) for (const secret of secrets) assert.equal(r.stderr.includes(secret), false, r.stderr);
    rmSync(join(dir, 'cache-secret'), { recursive: true, force: true });
  });
});
