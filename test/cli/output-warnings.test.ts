// The warnings about generated files reach the commands that write or deploy them (validate,
// synth; plan and apply in test/live/discover.test.ts) and stay out of the others.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crossrole } from '../helpers/cli.js';

const spec = 'test/spec/warnings/source-identity-tool-outputs.yaml';
const org = 'test/fixtures/org.json';
const warning = /source-identity-tool-outputs\.yaml:13:30: warning: roles\.FleetAccess\.trust\.requireSourceIdentity: the aws-config profiles/;
const out = mkdtempSync(join(tmpdir(), 'crossrole-output-warnings-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('validate and synth print them', () => {
  for (const args of [['validate'], ['synth', '--out', join(out, 'synth')]]) {
    const r = crossrole([...args, '--spec', spec, '--org', org]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, warning, args[0]);
  }
});

test('targets, which writes no such file, does not', () => {
  const r = crossrole(['targets', '--spec', spec, '--org', org]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /requireSourceIdentity/);
});
