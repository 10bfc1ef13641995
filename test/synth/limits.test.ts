// CloudFormation's quotas on what synth writes: templates go pretty while they fit a request,
// compact when only that fits, marked for S3 past it; anything CloudFormation would refuse is
// reported, and `crossrole synth` says which file needs S3, or writes nothing when one cannot be deployed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { byteLength, CFN_LIMITS, serializeTemplate, templateProblems } from '../../src/synth/cloudformation/limits.js';
import { crossrole } from '../helpers/cli.js';
import { halfTagged } from './fixtures/scale.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A template with `n` account ids in a list: about 28 bytes each pretty, 15 compact. */
const withAccounts = (n: number) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'test',
  Resources: { Thing: { Type: 'AWS::CloudFormation::WaitConditionHandle', Metadata: { accounts: Array.from({ length: n }, (_, i) => String(100000000000 + i)) } } },
});

describe('serializeTemplate', () => {
  test('two-space JSON while it fits a request', () => {
    const text = serializeTemplate(withAccounts(100));
    assert.ok(text.startsWith('{\n  "AWSTemplateFormatVersion"'));
    assert.deepEqual(templateProblems('t.template.json', text), []);
  });

  test('compact JSON when only that fits', () => {
    const text = serializeTemplate(withAccounts(2500));
    assert.ok(byteLength(JSON.stringify(withAccounts(2500), null, 2)) > CFN_LIMITS.inlineBody);
    assert.equal(text, `${JSON.stringify(withAccounts(2500))}\n`);
    assert.deepEqual(templateProblems('t.template.json', text), []);
  });

  test('past a request, marked for S3 in the template and warned about', () => {
    const text = serializeTemplate(withAccounts(5000));
    assert.ok(byteLength(text) > CFN_LIMITS.inlineBody);
    assert.match((JSON.parse(text) as { Metadata: { crossrole: { deploy: string } } }).Metadata.crossrole.deploy, /upload this file to S3 and create the stack with --template-url/);
    const problems = templateProblems('cloudformation/big.template.json', text);
    assert.deepEqual(problems.map((p) => p.severity), ['warning']);
    assert.match(problems[0]!.message, /--template-url https:\/\/<bucket>\.s3\.amazonaws\.com\/big\.template\.json$/);
  });
});

describe('templateProblems reports what CloudFormation would refuse', () => {
  const errors = (template: object) => templateProblems('t.template.json', JSON.stringify(template)).filter((p) => p.severity === 'error').map((p) => p.message);

  test('over 1 MB even from S3', () => {
    assert.match(errors(withAccounts(70_000))[0]!, /over the 1,000,000 bytes CloudFormation accepts even from S3/);
  });
  test('a parameter default over 4,096 bytes', () => {
    assert.deepEqual(errors({ Parameters: { Ids: { Type: 'String', Default: 'x'.repeat(4097) } }, Resources: {} }), ["the default of parameter Ids is 4097 bytes, over CloudFormation's 4096"]);
    assert.deepEqual(errors({ Parameters: { Ids: { Type: 'String', Default: 'x'.repeat(4096) } }, Resources: {} }), []);
  });
  test('a description over 1,024 bytes', () => {
    assert.deepEqual(errors({ Description: 'é'.repeat(513), Resources: {} }), ["its Description is 1026 bytes, over CloudFormation's 1024"]);
  });
  test('too many parameters, resources or outputs', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, { Type: 'String' }]));
    assert.deepEqual(errors({ Parameters: many(201), Resources: many(501), Outputs: many(201) }), [
      "it declares 201 parameters, over CloudFormation's 200",
      "it declares 501 resources, over CloudFormation's 500",
      "it declares 201 outputs, over CloudFormation's 200",
    ]);
  });
});

test('crossrole synth names the template that needs S3 and how to deploy it', () => {
  // 7,000 accounts, every other one targeted: the StackSet must list about 3,500 ids.
  const index = halfTagged(7000);
  const org = join(dir, 'org.json');
  const spec = join(dir, 'half.yaml');
  writeFileSync(org, JSON.stringify(index.org));
  writeFileSync(spec, stringify({ version: 1, hubs: {}, roles: { Half: { trust: { externalAccounts: [{ account: '999999999999', externalId: 'vendor-42' }] }, targets: { tags: { half: 'yes' } } } } }));
  const out = join(dir, 'out');
  const r = crossrole(['synth', '--spec', spec, '--org', org, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const path = join(out, 'cloudformation', 'stackset-Half.template.json');
  assert.match(r.stderr, new RegExp(`^${path.replace(/[.\\/]/g, '\\$&')}: warning: the template is [\\d,]+ bytes, over the 51,200 bytes CloudFormation accepts in a request: upload it to S3 and run aws cloudformation create-stack --stack-name <name> --template-url https://<bucket>\\.s3\\.amazonaws\\.com/stackset-Half\\.template\\.json$`, 'm'));
  assert.ok(existsSync(path));
  assert.equal(typeof JSON.parse(readFileSync(path, 'utf8')).Metadata.crossrole.deploy, 'string');
});
