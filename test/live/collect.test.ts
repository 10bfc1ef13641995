// collect against a real moto server, as a user runs it: every active account's authorization
// details in the AWS CLI's shape, matching what was created; resume and --refresh; --spec; a
// failing account reported while the others go on; and a snapshot made by hand with the real AWS
// CLI reads back the same as crossrole's own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AwsCredentialIdentity } from '@smithy/types';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AccountAccess } from '../../src/aws/accounts.js';
import { AwsClients } from '../../src/aws/clients.js';
import { collectAccounts } from '../../src/aws/collect.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import type { AccountAuthorizationDetails } from '../../src/snapshot/schema.js';
import { crossrole as run } from '../helpers/cli.js';
import { assumeInto, cliEnv, MANAGEMENT_CREDENTIALS, REGION, seedOrg, startMoto, type Moto, type SeededOrg } from '../helpers/moto.js';
import { pythonTool } from '../helpers/python-tools.js';

let moto: Moto;
let seeded: SeededOrg;
let work: string;
let member: string;

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const trust = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/hub' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } });
const roleInline = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' });
const groupInline = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/deploy' });
const userInline = doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
const policyV1 = doc({ Effect: 'Allow', Action: 'cloudformation:Describe*', Resource: '*' });
const policyV2 = doc({ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' });

const crossrole = (...args: string[]) => run([...args, '--endpoint-url', moto.endpoint], work, cliEnv());
const active = () => seeded.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id).sort();
const suspended = () => seeded.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id);

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Prod', accounts: 2 }], rootAccounts: 1, suspended: 1 });
  member = seeded.accounts.find((a) => a.ouName === 'Prod')!.id;
  work = mkdtempSync(join(tmpdir(), 'crossrole-collect-'));
  const iam = (await assumeInto(moto.endpoint, member)).iam();
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy-permissions', PolicyDocument: JSON.stringify(policyV1) }));
  const policyArn = policy.Policy!.Arn!;
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(policyV2), SetAsDefault: true }));
  await iam.send(new CreateRoleCommand({ RoleName: 'deploy', Path: '/ci/', AssumeRolePolicyDocument: JSON.stringify(trust), PermissionsBoundary: policyArn, Tags: [{ Key: 'team', Value: 'platform' }] }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'deploy', PolicyName: 'reports', PolicyDocument: JSON.stringify(roleInline) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deploy', PolicyArn: policyArn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deploy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'operators' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'operators', PolicyName: 'assume-deploy', PolicyDocument: JSON.stringify(groupInline) }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'operators', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'platform' }] }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'operators', UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'queue', PolicyDocument: JSON.stringify(userInline) }));
  iam.destroy();
});
after(() => moto.stop());

describe('crossrole collect', () => {
  const out = () => join(work, 'snapshot');
  const file = (accountId: string) => join(out(), 'accounts', `${accountId}.json`);

  test('writes every active account in the CLI shape, matching what was created', () => {
    const r = crossrole('collect', '--out', 'snapshot', '--concurrency', '3');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `snapshot: ${active().length} accounts collected, 1 suspended (left out)\n`);
    const snapshot = readSnapshot(out());
    assert.equal(snapshot.org.organizationId, seeded.organizationId);
    assert.deepEqual(snapshot.accounts.map((a) => a.accountId), active());
    assert.deepEqual(snapshot.missing, suspended());

    const raw = JSON.parse(readFileSync(file(member), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw), ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']);
    const details = snapshot.accounts.find((a) => a.accountId === member)!.details;
    const role = details.RoleDetailList.find((r) => r.RoleName === 'deploy')!;
    assert.equal(role.Arn, `arn:aws:iam::${member}:role/ci/deploy`);
    assert.match(role.RoleId, /^AROA/);
    assert.deepEqual(role.AssumeRolePolicyDocument, trust);
    assert.deepEqual(role.RolePolicyList, [{ PolicyName: 'reports', PolicyDocument: roleInline }]);
    assert.deepEqual(role.AttachedManagedPolicies.map((p) => p.PolicyArn).sort(), [`arn:aws:iam::${member}:policy/deploy-permissions`, 'arn:aws:iam::aws:policy/ReadOnlyAccess'].sort());
    assert.equal(role.PermissionsBoundary?.PermissionsBoundaryArn, `arn:aws:iam::${member}:policy/deploy-permissions`);
    assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'platform' }]);
    assert.match(String(role.CreateDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/, 'dates as the AWS CLI prints them');
    const user = details.UserDetailList.find((u) => u.UserName === 'alice')!;
    assert.deepEqual(user.GroupList, ['operators']);
    assert.deepEqual(user.UserPolicyList, [{ PolicyName: 'queue', PolicyDocument: userInline }]);
    const group = details.GroupDetailList.find((g) => g.GroupName === 'operators')!;
    assert.deepEqual(group.GroupPolicyList, [{ PolicyName: 'assume-deploy', PolicyDocument: groupInline }]);
    const policy = details.Policies.find((p) => p.Arn === `arn:aws:iam::${member}:policy/deploy-permissions`)!;
    assert.equal(policy.DefaultVersionId, 'v2');
    const versions = new Map(policy.PolicyVersionList.map((v) => [v.VersionId, v]));
    assert.deepEqual(versions.get('v1')?.Document, policyV1);
    assert.deepEqual(versions.get('v2')?.Document, policyV2);
    assert.equal(versions.get('v2')?.IsDefaultVersion, true);
  });

  test('resumes: collected accounts are kept, a missing one is read, --refresh re-reads all', () => {
    const before = new Map(active().map((id) => [id, statSync(file(id)).mtimeMs]));
    let r = crossrole('collect', '--out', 'snapshot');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `snapshot: 0 accounts collected, ${active().length} already collected (kept; --refresh re-reads them), 1 suspended (left out)\n`);
    for (const [id, mtime] of before) assert.equal(statSync(file(id)).mtimeMs, mtime, `${id} untouched`);

    rmSync(file(member));
    // What an interrupted run leaves behind: a temporary file, which is neither read nor kept.
    writeFileSync(join(out(), 'accounts', `.${member}.json.tmp-999`), '{"UserDetailList": [');
    r = crossrole('collect', '--out', 'snapshot', '--json');
    assert.equal(r.status, 0, r.stderr);
    const outcome = JSON.parse(r.stdout) as { collected: string[]; alreadyCollected: string[]; suspended: string[]; failed: unknown[] };
    assert.deepEqual(outcome.collected, [member]);
    assert.deepEqual(outcome.alreadyCollected.sort(), active().filter((id) => id !== member));
    assert.deepEqual(outcome.suspended, suspended());
    assert.deepEqual(outcome.failed, []);
    assert.equal(readSnapshot(out()).accounts.length, active().length);

    r = crossrole('collect', '--out', 'snapshot', '--refresh');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^snapshot: ${active().length} accounts collected, 1 suspended`));
  });

  test('--spec limits collection to the targeted accounts and the hub accounts', () => {
    const hub = seeded.accounts.find((a) => a.ouName === 'Root' && a.id !== seeded.managementAccountId && a.status === 'ACTIVE')!.id;
    writeFileSync(
      join(work, 'crossrole.yaml'),
      `version: 1
name: fleet
hubs:
  security: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } }
roles:
  FleetAccess:
    trust: { hubs: [security] }
    permissions: { managed: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
    targets: { ous: [${seeded.ous.Prod}] }
`,
    );
    const r = crossrole('collect', '--out', 'by-spec', '--spec', 'crossrole.yaml', '--json');
    assert.equal(r.status, 0, r.stderr);
    const prod = seeded.accounts.filter((a) => a.ouName === 'Prod').map((a) => a.id);
    assert.deepEqual((JSON.parse(r.stdout) as { collected: string[] }).collected.sort(), [...prod, hub].sort());
    assert.deepEqual(readdirSync(join(work, 'by-spec', 'accounts')).sort(), [...prod, hub].map((id) => `${id}.json`).sort());
  });
});

describe('collectAccounts', () => {
  test('a failing account is reported with its reason; the others are collected', async () => {
    const unreachable = active().find((id) => id !== seeded.managementAccountId && id !== member)!;
    const base = new AwsClients({ region: REGION, endpoint: moto.endpoint, bootstrapRole: 'OrganizationAccountAccessRole', sessionName: 'crossrole-test', maxAttempts: 2 }, async () => MANAGEMENT_CREDENTIALS);
    // This account's endpoint refuses connections, as an unreachable network would.
    const access = new (class extends AccountAccess {
      override async clientsFor(accountId: string) {
        if (accountId !== unreachable) return super.clientsFor(accountId);
        return new AwsClients({ ...base.options, endpoint: 'http://127.0.0.1:9' }, base.credentials);
      }
    })(base);
    const saved: string[] = [];
    const results = await collectAccounts(access, active(), { concurrency: 2, save: (id) => void saved.push(id) });
    const failed = results.filter((r) => r.status === 'failed');
    assert.deepEqual(failed.map((f) => f.accountId), [unreachable]);
    assert.match(failed[0]!.error!, new RegExp(`^account ${unreachable}: iam:GetAccountAuthorizationDetails: cannot reach the AWS endpoint`));
    assert.deepEqual(saved.sort(), active().filter((id) => id !== unreachable));
  });
});

describe('a snapshot made by hand with the AWS CLI', () => {
  /** `aws iam get-account-authorization-details` as a user runs it, with one account's credentials. */
  function awsCli(credentials: AwsCredentialIdentity): string {
    const home = mkdtempSync(join(tmpdir(), 'crossrole-awscli-'));
    const r = spawnSync(pythonTool('aws'), ['iam', 'get-account-authorization-details', '--output', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ...(credentials.sessionToken !== undefined && { AWS_SESSION_TOKEN: credentials.sessionToken }),
        AWS_DEFAULT_REGION: REGION,
      },
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  // Same instant, whatever the printing: AWS CLI v1 prints moto's microseconds and a Z, the SDK
  // rounds them to milliseconds. RoleLastUsed moves with every AssumeRole, the test's own included.
  const instant = (text: string) => {
    const fraction = /\.(\d+)/.exec(text)?.[1];
    return new Date(Date.parse(text.replace(/\.\d+/, '')) + (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0)).toISOString();
  };
  const comparable = (details: AccountAuthorizationDetails) =>
    JSON.parse(JSON.stringify(details, (key, value: unknown) => (key === 'RoleLastUsed' ? undefined : typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value) ? instant(value) : value)));

  test('reads back the same as crossrole collect', async () => {
    const hand = join(work, 'by-hand');
    mkdirSync(join(hand, 'accounts'), { recursive: true });
    copyFileSync(join(work, 'snapshot', 'org.json'), join(hand, 'org.json'));
    writeFileSync(join(hand, 'accounts', `${member}.json`), awsCli((await assumeInto(moto.endpoint, member)).credentials));
    writeFileSync(join(hand, 'accounts', `${seeded.managementAccountId}.json`), awsCli(MANAGEMENT_CREDENTIALS));
    const r = crossrole('collect', '--out', 'snapshot', '--refresh');
    assert.equal(r.status, 0, r.stderr);

    const byHand = readSnapshot(hand);
    const collected = readSnapshot(join(work, 'snapshot'));
    assert.equal(byHand.accounts.length, 2);
    for (const account of byHand.accounts) {
      const ours = collected.accounts.find((a) => a.accountId === account.accountId)!;
      assert.ok(account.details.Policies.length > 0);
      assert.deepEqual(comparable(ours.details), comparable(account.details), account.accountId);
    }
    assert.ok(byHand.accounts.find((a) => a.accountId === member)!.details.RoleDetailList.some((r) => r.RoleName === 'deploy'));
  });
});
