// Account files: located errors from case files (cases/invalid/expect.yaml), decoding of
// URL-encoded documents, defaults, and the fast in-place check agreeing with the zod schema.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { InvalidInputError } from '../../src/errors.js';
import { compileInPlaceCheck, INVALID } from '../../src/snapshot/fast-check.js';
import { parseAccountFile } from '../../src/snapshot/parse.js';
import { accountAuthorizationDetailsSchema } from '../../src/snapshot/schema.js';
import { formatDiagnostic } from '../../src/spec/source.js';
import { repoRoot } from '../helpers/paths.js';

const cases = join(repoRoot, 'test', 'snapshot', 'cases');
const caseFile = (kind: string, name: string) => relative(process.cwd(), join(cases, kind, name));
const jsonFiles = (kind: string) => readdirSync(join(cases, kind)).filter((n) => n.endsWith('.json'));
const expectations = parse(readFileSync(join(cases, 'invalid', 'expect.yaml'), 'utf8')) as Record<string, string[]>;

test('every invalid case file has an expectation', () => {
  assert.deepEqual(jsonFiles('invalid').sort(), Object.keys(expectations).sort());
});

for (const [name, expected] of Object.entries(expectations)) {
  test(`invalid account file: ${name}`, () => {
    const file = caseFile('invalid', name);
    assert.throws(
      () => parseAccountFile(file, readFileSync(file, 'utf8')),
      (error: unknown) => {
        assert.ok(error instanceof InvalidInputError);
        assert.deepEqual(error.diagnostics.map(formatDiagnostic), expected.map((line) => line.replace('FILE', file)));
        return true;
      },
    );
  });
}

const read = (name: string) => parseAccountFile(name, readFileSync(caseFile('valid', name), 'utf8'));

test('the CLI output parses with documents as objects and unknown fields kept', () => {
  const details = read('cli-output.json');
  assert.equal(details.RoleDetailList[0]!.RoleName, 'deploy');
  assert.deepEqual(details.RoleDetailList[0]!.AssumeRolePolicyDocument.Statement, [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/deployer' }, Action: 'sts:AssumeRole' }]);
  assert.deepEqual((details.RoleDetailList[0] as Record<string, unknown>).RoleLastUsed, { LastUsedDate: '2024-05-02T08:00:00+00:00', Region: 'eu-west-1' });
  assert.equal(details.Policies[0]!.PolicyVersionList.length, 2);
});

test('URL-encoded documents (the raw API) decode to the same content as the CLI output', () => {
  const { IsTruncated, ...encoded } = read('url-encoded.json');
  assert.equal(IsTruncated, false);
  assert.deepEqual(encoded, read('cli-output.json'));
});

test('missing lists and paths take their defaults', () => {
  const details = read('defaults.json');
  assert.deepEqual(details.GroupDetailList, []);
  assert.deepEqual(details.RoleDetailList[0]!.RolePolicyList, []);
  assert.deepEqual(details.RoleDetailList[0]!.Tags, []);
  assert.equal(details.UserDetailList[0]!.Path, '/');
  assert.deepEqual(details.UserDetailList[0]!.Tags, []);
});

test('the fast check accepts exactly what the schema accepts, with the same result', () => {
  const check = compileInPlaceCheck(accountAuthorizationDetailsSchema);
  let compared = 0;
  for (const kind of ['valid', 'invalid']) {
    for (const name of jsonFiles(kind)) {
      const text = readFileSync(join(cases, kind, name), 'utf8');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        continue;
      }
      const zod = accountAuthorizationDetailsSchema.safeParse(JSON.parse(text));
      const fast = check(data);
      assert.equal(fast !== INVALID, zod.success, `${kind}/${name}: fast check and schema disagree`);
      if (zod.success) assert.deepEqual(fast, zod.data, `${kind}/${name}`);
      compared++;
    }
  }
  assert.ok(compared >= 10, `only ${compared} files compared`);
});

test('the fast check refuses schemas it cannot check in place', async () => {
  const { z } = await import('zod');
  assert.throws(() => compileInPlaceCheck(z.object({ a: z.string() })), /objects other than looseObject/);
  assert.throws(() => compileInPlaceCheck(z.looseObject({ a: z.string().min(1) })), /refinements or checks/);
});
