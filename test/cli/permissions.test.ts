// crossrole permissions as a user runs it: the README's example, --json, the input shapes, errors.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { loadCatalog } from '../../src/permissions/catalog.js';
import { seededRandom } from '../../src/seeded-random.js';
import { crossroleInProcess } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-permissions-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** The first ```sh block under the README heading starting with `heading`: its command and what it prints. */
function readmeExample(heading: string): { args: string[]; output: string } {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n\$ crossrole ([^\n]+)\n([\s\S]*?)```/.exec(section)!;
  return { args: block[1]!.split(' '), output: block[2]! };
}

describe('crossrole permissions: the README examples', () => {
  for (const command of ['compress', 'from-cloudtrail']) {
    test(`${command} prints what the README shows`, async () => {
      const { args, output } = readmeExample(`### \`crossrole permissions ${command}`);
      const r = await crossroleInProcess(args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout + r.stderr, output);
    });
  }
});

describe('crossrole permissions compress', () => {
  test('--json: {policies, actions, extra, size}; a JSON array and a policy document are read as the text list', async () => {
    const listed = ['sqs:GetQueueUrl', 'SQS:getqueueurl', 'sqs:ListQueues', 'kms:ListKeys'];
    const array = write('list.json', JSON.stringify(listed));
    const policy = write('policy.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: listed, Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }));
    const text = write('list.txt', `${listed.join('\n')}\n`);
    const results = [];
    for (const file of [array, policy, text]) {
      const r = await crossroleInProcess(['permissions', 'compress', file, '--allow-extra', 'read', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(json), ['policies', 'actions', 'extra', 'size']);
      assert.equal(json.actions, 3);
      assert.match(r.stderr, /^3 actions in 1 policy document, \d+ characters, \d+ unlisted Read\/List actions granted too \(catalog @cloud-copilot\/iam-data [\d.]+\)\n$/);
      results.push(json);
    }
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
  });
  test('unknown actions: one line naming each where it is, with the closest name, exit 2', async () => {
    const file = write('typos.txt', 's3:GetObject\n  s3:GetObjekt\nec2:DescribeInstancez\nfoo:Bar\nnonsense\n');
    const r = await crossroleInProcess(['permissions', 'compress', file]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /typos\.txt:2:3: error: 4 actions not in the IAM catalog \(@cloud-copilot\/iam-data [\d.]+\): "s3:GetObjekt" \(did you mean s3:GetObject\?\), "ec2:DescribeInstancez" at 3:1 \(did you mean ec2:DescribeInstances\?\), "foo:Bar" at 4:1 \(no service foo[^)]*\), "nonsense" at 5:1 \(not of the form service:Action\)/);
  });
  test('a policy document entry that is not a name, and NotAction, are errors at their place', async () => {
    const notString = write('bad.json', '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", 7], "Resource": "*"}]}');
    let r = await crossroleInProcess(['permissions', 'compress', notString]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^.*bad\.json:1:63: error: Statement\[0\]\.Action\[1\]: expected an action name such as "s3:GetObject", got 7\n$/);
    const notAction = write('not-action.json', '{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}');
    r = await crossroleInProcess(['permissions', 'compress', notAction]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not-action\.json:1:\d+: error: Statement\.NotAction: NotAction grants every action/);
  });
  test('--max-policies: more documents than allowed exit 1 and say so; bad options exit 2', async () => {
    const file = write('many.txt', (await halfOfBigServices()).join('\n'));
    let r = await crossroleInProcess(['permissions', 'compress', file, '--max-policies', '1', '--allow-extra', 'none']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /many\.txt: \d+ actions need \d+ policy documents of at most 6144 characters, more than --max-policies 1; --allow-extra read may make them fit\n$/);
    r = await crossroleInProcess(['permissions', 'compress', file, '--allow-extra', 'write']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, '--allow-extra must be one of none, read\n');
    for (const bad of ['0', 'two', '1.5']) {
      r = await crossroleInProcess(['permissions', 'compress', file, '--max-policies', bad]);
      assert.equal(r.status, 2, `--max-policies ${bad}`);
      assert.match(r.stderr, /option '--max-policies <n>' argument '.*' is invalid\. Expected a whole number of at least 1\./);
    }
  });
});

/** Half the actions of big services, picked at random (fixed seed): more than one document holds even compressed. */
async function halfOfBigServices(): Promise<string[]> {
  const services = ['ec2', 'iam', 's3', 'rds', 'glue', 'sagemaker'];
  const catalog = await loadCatalog(services);
  const random = seededRandom(7);
  return services.flatMap((s) => catalog.services.get(s)!.filter(() => random() < 0.5).map((a) => `${s}:${a.name}`));
}

describe('crossrole permissions from-cloudtrail', () => {
  const fixtures = join(repoRoot, 'test', 'permissions', 'cloudtrail');
  test('a directory as S3 delivers it (.json.gz among .json): the list compress takes, denied calls apart as comments', async () => {
    const trail = join(dir, 'trail', 'AWSLogs', '111111111111', 'CloudTrail', 'us-east-1');
    mkdirSync(trail, { recursive: true });
    copyFileSync(join(fixtures, 'delivered.json'), join(trail, 'a.json'));
    writeFileSync(join(trail, 'b.json.gz'), gzipSync(readFileSync(join(fixtures, 'delivered-2.json'))));
    writeFileSync(join(trail, 'notes.txt'), 'not a log');
    const r = await crossroleInProcess(['permissions', 'from-cloudtrail', join(dir, 'trail'), '--principal', 'arn:aws:iam::111111111111:role/crossrole/Collector', '--since', '2026-11-01']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      ['apigateway:GET', 'cloudwatch:GetMetricData', 'ec2:DescribeInstances', 'iam:ListRoles', 'lambda:ListFunctions', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets', 's3:ListBucket', 'sqs:ListQueues', '# denied (left out of the list above):', '# ec2:DescribeVolumes', '# calls no IAM action of the catalog stands for:', '# example.amazonaws.com DoSomething', ''].join('\n'),
    );
    assert.match(r.stderr, /^13 calls read: 9 actions, 1 denied, 1 unmapped \(catalog @cloud-copilot\/iam-data [\d.]+\)\n$/);
    const list = write('from-trail.txt', r.stdout);
    const compressed = await crossroleInProcess(['permissions', 'compress', list, '--json']);
    assert.equal(compressed.status, 0, compressed.stderr);
    assert.equal((JSON.parse(compressed.stdout) as { actions: number }).actions, 9);
  });
  test('--json: {actions, denied, unmapped, events}', async () => {
    const r = await crossroleInProcess(['permissions', 'from-cloudtrail', join(fixtures, 'lookup-events.json'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { actions: ['kms:ListKeys', 'sts:GetCallerIdentity'], denied: [], unmapped: [], events: 2 });
  });
  const badGzip = () => {
    const file = join(dir, 'bad.json.gz');
    writeFileSync(file, Buffer.from([0x1f, 0x8b, 0x6e, 0x6f]));
    return file;
  };
  test('bad input: one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[join(fixtures, 'delivered.json'), '--since', 'yesterday'], /^--since must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z, got "yesterday"\n$/],
      [[join(fixtures, 'delivered.json'), '--principal', 'Collector'], /^--principal must be an IAM or STS ARN/],
      [[write('broken.json', '{"Records": [\n  {"eventName": }]}')], /broken\.json:2:17: error: /],
      [[write('other.json', '{"Statement": []}')], /other\.json:1:1: error: expected CloudTrail records/],
      [[badGzip()], /bad\.json\.gz: error: the file starts as gzip but does not decompress/],
      [[join(dir, 'missing.json')], /cannot read CloudTrail file .*missing\.json: no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await crossroleInProcess(['permissions', 'from-cloudtrail', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
