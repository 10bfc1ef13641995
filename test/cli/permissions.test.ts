// crossrole permissions as a user runs it: the README's example, --json, the input shapes, errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('crossrole permissions compress', () => {
  test('the README example prints what the README shows', async () => {
    const { args, output } = readmeExample('### `crossrole permissions compress');
    const r = await crossroleInProcess(args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, output);
  });
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
  });
});

/** Half the actions of big services, picked at random (fixed seed): more than one document holds even compressed. */
async function halfOfBigServices(): Promise<string[]> {
  const services = ['ec2', 'iam', 's3', 'rds', 'glue', 'sagemaker'];
  const catalog = await loadCatalog(services);
  const random = seededRandom(7);
  return services.flatMap((s) => catalog.services.get(s)!.filter(() => random() < 0.5).map((a) => `${s}:${a.name}`));
}
