// simulate and lint as a user runs them: exit codes, JSON lines, located errors.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { crossrole } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-policy-cli-'));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};
const hub = 'arn:aws:iam::111111111111:role/crossrole/FleetHub';
const spoke = 'arn:aws:iam::222222222222:role/crossrole/FleetAccess';
const baseCase = {
  request: { principal: hub, action: 'sts:AssumeRole', resource: spoke, context: { 'sts:ExternalId': 'x' } },
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: spoke }] }],
  resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: hub }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }] },
};

describe('crossrole simulate', () => {
  test('a directory of corpus cases: every expectation met, exit 0', () => {
    const r = crossrole(['simulate', 'test/policy/corpus/scp']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^\d+ cases, 0 not as expected$/m);
  });
  test('--json prints one object per case per line', () => {
    const a = write('a.json', { ...baseCase, expect: 'Allowed' });
    const b = write('b.json', { ...baseCase, request: { ...baseCase.request, context: {} } });
    const r = crossrole(['simulate', a, b, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; decision: string; explanation: { reason: string; matched: unknown[] } });
    assert.deepEqual(lines.map((l) => [l.file, l.decision]), [[a, 'Allowed'], [b, 'ImplicitlyDenied']]);
    assert.match(lines[1]!.explanation.reason, /resource policy/);
    assert.ok(lines[0]!.explanation.matched.length >= 2);
  });
  test('an unmet expectation exits 1', () => {
    const file = write('wrong.json', { ...baseCase, expect: 'ExplicitlyDenied' });
    const r = crossrole(['simulate', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^FAIL .*wrong\.json: Allowed: .*\(expected ExplicitlyDenied\)$/m);
  });
  test('a malformed case exits 2 with a located error', () => {
    const schema = write('schema.json', { ...baseCase, expect: 'Maybe' });
    let r = crossrole(['simulate', schema]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /schema\.json:\d+:\d+: error: expect: expected one of "Allowed", "ImplicitlyDenied", "ExplicitlyDenied"/);
    const grammar = write('grammar.json', { ...baseCase, identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] }] });
    r = crossrole(['simulate', grammar]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /grammar\.json:\d+:\d+: error: identityPolicies\[0\]\.Statement\[0\]\.Effect: /);
    const broken = write('broken.json', '{ "request": ');
    r = crossrole(['simulate', broken]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.json:1:\d+: error: /);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
  test('a malformed case in a directory is reported, the others still evaluated, exit 2 at the end', () => {
    const folder = mkdtempSync(join(tmpdir(), 'crossrole-simulate-dir-'));
    writeFileSync(join(folder, 'a-good.json'), JSON.stringify({ ...baseCase, expect: 'Allowed' }));
    writeFileSync(join(folder, 'b-bad.json'), '{ "request": ');
    writeFileSync(join(folder, 'c-good.json'), JSON.stringify({ ...baseCase, request: { ...baseCase.request, context: {} }, expect: 'ImplicitlyDenied' }));
    const r = crossrole(['simulate', folder]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /b-bad\.json:1:\d+: error: /);
    assert.match(r.stdout, /^PASS .*a-good\.json: Allowed/m);
    assert.match(r.stdout, /^PASS .*c-good\.json: ImplicitlyDenied/m);
    assert.match(r.stdout, /^2 cases, 0 not as expected, 1 malformed$/m);
  });
  test('a statement whose policy variable has no value does not apply, and the explanation says why', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/FleetHub/hub-session';
    const file = write('variable.json', {
      request: { principal: session, action: 's3:GetObject', resource: 'arn:aws:s3:::hub-home/bob/notes.txt', resourceAccount: '111111111111' },
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::hub-home/${aws:username}/*' }] }],
      expect: 'Allowed',
    });
    const r = crossrole(['simulate', file]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Allowed: allowed by statement 0 of identityPolicies\[0\] \(statement 1 of identityPolicies\[0\] does not apply: \$\{aws:username\} has no value for a role session\)/);
  });
  test('documents IAM refuses are refused (exit 2, located), not evaluated', () => {
    // An identity statement without Resource: IAM rejects the policy; evaluating it would allow everything.
    const noResource = write('no-resource.json', { ...baseCase, identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }] });
    let r = crossrole(['simulate', noResource]);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /no-resource\.json:\d+:\d+: error: identityPolicies\[0\]\.Statement\[0\]: The statement has neither Resource nor NotResource\./);
    // A key given twice, in a policy given as JSON text.
    const twice = write('twice.json', { ...baseCase, identityPolicies: [`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}`] });
    r = crossrole(['simulate', twice]);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /twice\.json:\d+:\d+: error: identityPolicies\[0\]\.Statement\[0\]\.Effect: The key "Effect" is given twice/);
  });
});

describe('crossrole lint', () => {
  const trust = write('trust.json', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: 'AROAEXAMPLEEXAMPLE12' }, Action: 'sts:AssumeRole' },
    ],
  });
  test('findings are located and sorted; security warnings exit 1', () => {
    const r = crossrole(['lint', trust, '--org', 'examples/org.json']);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /trust\.json:7:16: SECURITY_WARNING EXTERNAL_ACCOUNT_WITHOUT_EXTERNAL_ID: account 999999999999 is outside the organization/);
    assert.match(lines[1]!, /trust\.json:14:16: WARNING UNIQUE_ID_PRINCIPAL: /);
    assert.equal(lines.at(-1), '1 file, 2 findings');
  });
  test('--fail-on ERROR lets warnings pass; --json gives data', () => {
    const r = crossrole(['lint', trust, '--org', 'examples/org.json', '--fail-on', 'ERROR', '--json']);
    assert.equal(r.status, 0);
    const out = JSON.parse(r.stdout) as { findings: { code: string; line: number; statementIndex: number }[] };
    assert.deepEqual(out.findings.map((f) => [f.code, f.statementIndex]), [['EXTERNAL_ACCOUNT_WITHOUT_EXTERNAL_ID', 0], ['UNIQUE_ID_PRINCIPAL', 1]]);
  });
  test('a generated spoke trust is clean', () => {
    const out = mkdtempSync(join(tmpdir(), 'crossrole-lint-synth-'));
    assert.equal(crossrole(['synth', '--spec', 'examples/third-party.yaml', '--org', 'examples/org.json', '--out', out]).status, 0);
    const r = crossrole(['lint', join(out, 'policies/accounts/333333333333/VendorAuditRole/trust.json'), '--type', 'trust', '--org', 'examples/org.json']);
    assert.equal(r.status, 0, r.stdout);
  });
  test('a key given twice is an error at the second one; without --type a policy naming no principal is an identity policy', () => {
    const file = write('identity.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Deny", "Action": "s3:GetObject", "Effect": "Allow" }\n  ]\n}\n');
    const r = crossrole(['lint', file]);
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${file}:4:5: ERROR MISSING_RESOURCE: The statement has neither Resource nor NotResource.`,
      `${file}:4:51: ERROR DUPLICATE_KEY: Statement[0].Effect: the key "Effect" is given twice in this object`,
      '1 file, 2 findings',
    ]);
  });
  test('bad --type exits 2', () => {
    assert.equal(crossrole(['lint', trust, '--type', 'bucket']).status, 2);
  });
});
