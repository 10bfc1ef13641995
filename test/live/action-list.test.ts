// A spoke role whose permissions are an action list, end to end on moto through the CLI: applied
// from nothing (a customer managed policy crossrole creates, tagged as its own, since the role's
// own inline policy leaves the inline budget no room), a no-op plan, a changed list rolled out as a
// new default version, and verify ok. How the list splits between inline and managed policies is
// tested without AWS (test/desired/action-policies.test.ts); a small list keeps the CLI runs cheap.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GetPolicyCommand, GetPolicyVersionCommand, ListAttachedRolePoliciesCommand, ListPolicyVersionsCommand } from '@aws-sdk/client-iam';
import { compileActionMatcher } from '../../src/policy/match.js';
import { crossrole as run } from '../helpers/cli.js';
import { assumeInto, cliEnv, createHubRole, seedOrg, startMoto, type Moto } from '../helpers/moto.js';

const LIST = fileURLToPath(new URL('../spec/action-lists/collector.txt', import.meta.url));
/** An inline policy of the role's own, ~10,100 of the 10,240 inline characters. */
const FILLER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 347 }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`) }] });

let moto: Moto;
let dir: string;
let spoke: string;

const crossrole = (...args: string[]) => run([...args, '--endpoint-url', moto.endpoint], dir, cliEnv());
const iam = async () => (await assumeInto(moto.endpoint, spoke)).iam();
const policyArn = () => `arn:aws:iam::${spoke}:policy/crossrole/roles/Collector-actions-1`;
const LISTED = ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'logs:DescribeLogGroups', 's3:GetBucketLocation', 's3:ListAllMyBuckets'];
/** Whether a policy document (as IAM returns it) grants an action. */
const grantsOf = (text: string | undefined) => compileActionMatcher((JSON.parse(decodeURIComponent(text!)) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action));

before(async () => {
  moto = await startMoto();
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Prod', accounts: 1 }] });
  const hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  spoke = seeded.accounts.find((a) => a.ouName === 'Prod')!.id;
  await createHubRole(moto.endpoint, hub);
  dir = mkdtempSync(join(tmpdir(), 'crossrole-actions-'));
  writeFileSync(join(dir, 'actions.txt'), readFileSync(LIST, 'utf8'));
  writeFileSync(
    join(dir, 'crossrole.yaml'),
    `version: 1
name: least
hubs:
  security: { account: "${hub}", role: { name: FleetHub } }
roles:
  Collector:
    trust: { hubs: [security] }
    permissions:
      inline: { Buckets: ${FILLER} }
      actions: { file: ./actions.txt }
    targets: { accounts: ["${spoke}"] }
`,
  );
  const discover = crossrole('discover', '--out', 'org.json');
  assert.equal(discover.status, 0, discover.stderr);
});
after(() => moto.stop());

describe('a spoke role from an action list, on moto', { concurrency: false }, () => {
  test('apply from nothing: a customer managed policy crossrole owns, attached', async () => {
    const apply = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, /managed {4}arn:aws:iam::\d{12}:policy\/crossrole\/roles\/Collector-actions-1 \(created from the action list\)/);
    const client = await iam();
    const { Policy: policy } = await client.send(new GetPolicyCommand({ PolicyArn: policyArn() }));
    assert.equal(policy!.Path, '/crossrole/roles/');
    assert.deepEqual(Object.fromEntries((policy!.Tags ?? []).map((t) => [t.Key, t.Value])), { 'crossrole:managed-by': 'crossrole', 'crossrole:spec': 'least' });
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Collector' }));
    assert.deepEqual(attached.AttachedPolicies!.map((p) => p.PolicyArn), [policyArn()]);
    const { PolicyVersion: version } = await client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn(), VersionId: policy!.DefaultVersionId! }));
    const grants = grantsOf(version!.Document);
    assert.ok(LISTED.every(grants) && !grants('logs:DescribeLogStreams'));
  });

  test('a second plan has no changes', () => {
    const plan = crossrole('plan', '--spec', 'crossrole.yaml', '--org', 'org.json');
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes\./);
  });

  test('a changed list is rolled out as a new default version of the policy; then verify is ok', async () => {
    writeFileSync(join(dir, 'actions.txt'), readFileSync(LIST, 'utf8').replace('logs:DescribeLogGroups', 'logs:DescribeLogStreams'));
    const apply = crossrole('apply', '--spec', 'crossrole.yaml', '--org', 'org.json', '--auto-approve');
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, /~ policy \/crossrole\/roles\/Collector-actions-1/);
    const client = await iam();
    const versions = await client.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn() }));
    const current = versions.Versions!.find((v) => v.IsDefaultVersion)!;
    assert.equal(versions.Versions!.length, 2);
    const { PolicyVersion: version } = await client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn(), VersionId: current.VersionId! }));
    const grants = grantsOf(version!.Document);
    assert.ok(grants('logs:DescribeLogStreams') && !grants('logs:DescribeLogGroups'));
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Collector' }));
    assert.deepEqual(attached.AttachedPolicies!.map((p) => p.PolicyArn), [policyArn()], 'attached again after the new version');

    const verify = crossrole('verify', '--spec', 'crossrole.yaml', '--org', 'org.json', '--json');
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.equal((JSON.parse(verify.stdout) as { summary: Record<string, number> }).summary.ok, 1);
  });
});
