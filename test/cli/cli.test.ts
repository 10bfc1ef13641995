import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { crossrole } from '../helpers/cli.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const org = relative(repoRoot, fixture('org.json'));
const bad = 'test/spec/invalid/unknown-hub.yaml';
const stackLine = /^\s+at /m;

describe('errors a user can cause', () => {
  test('invalid spec: located message, exit 2, no stack trace', () => {
    const r = crossrole(['validate', '--spec', bad, '--org', org]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^test\/spec\/invalid\/unknown-hub\.yaml:9:21: error: roles\.FleetAccess\.trust\.hubs\[0\]: unknown hub "securty"; did you mean "security"\?$/m);
    assert.doesNotMatch(r.stderr, stackLine);
  });
  test('--debug adds the stack trace', () => {
    const r = crossrole(['validate', '--spec', bad, '--org', org, '--debug']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, stackLine);
  });
  test('--json reports diagnostics as data', () => {
    const r = crossrole(['validate', '--spec', bad, '--org', org, '--json']);
    assert.equal(r.status, 2);
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { line: number; col: number; message: string }[] };
    assert.equal(out.valid, false);
    assert.deepEqual([out.diagnostics[0]!.line, out.diagnostics[0]!.col], [9, 21]);
  });
  test('missing file', () => {
    const r = crossrole(['validate', '--spec', 'no/such.yaml']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), 'cannot read spec no/such.yaml: no such file');
  });
  test('bad org file is located too', () => {
    const r = crossrole(['validate', '--spec', 'examples/hub-spoke.yaml', '--org', 'test/org/invalid/unknown-key.json']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^test\/org\/invalid\/unknown-key\.json:5:3: error: /m);
  });
  test('unknown command and missing options exit 2', () => {
    assert.equal(crossrole(['frobnicate']).status, 2);
    const r = crossrole(['synth', '--spec', 'examples/hub-spoke.yaml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /required option '--org <file>' not specified/);
  });
});

describe('commands', () => {
  test('--help lists every command', () => {
    const r = crossrole(['--help']);
    assert.equal(r.status, 0);
    for (const command of ['validate', 'schema', 'targets', 'synth', 'simulate', 'lint', 'discover', 'plan', 'apply', 'verify']) assert.match(r.stdout, new RegExp(`^  ${command}`, 'm'));
  });
  test('validate a good spec', () => {
    const r = crossrole(['validate', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /valid \(1 hub, 2 spoke roles\); \d+ spokes in \d+ accounts, \d+ skipped/);
  });
  test('schema accepts every example and rejects a broken spec', () => {
    const r = crossrole(['schema']);
    assert.equal(r.status, 0);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(r.stdout) as object);
    for (const file of readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.yaml'))) {
      assert.ok(validate(parse(readFileSync(join(repoRoot, 'examples', file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`);
    }
    assert.ok(!validate(parse(readFileSync(join(repoRoot, 'test/spec/invalid/unknown-key-did-you-mean.yaml'), 'utf8'))));
  });
  test('targets shows accounts, skipped accounts and hub strategy', () => {
    const r = crossrole(['targets', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { roles: { role: string; accounts: { id: string }[] }[]; skipped: { reason: string }[]; hubs: { strategy: string }[] };
    assert.deepEqual(out.roles.find((x) => x.role === 'FleetOrgReadOnly')!.accounts.map((a) => a.id), ['111111111111']);
    assert.ok(out.skipped.some((s) => /SUSPENDED/.test(s.reason)));
    assert.equal(out.hubs[0]!.strategy, 'list');
  });
  test('synth is byte-identical on re-run and owns its output directory', () => {
    const out = mkdtempSync(join(tmpdir(), 'crossrole-synth-'));
    const args = ['synth', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--out', out];
    assert.equal(crossrole(args).status, 0);
    const snapshot = () => Object.fromEntries(listFiles(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    const first = snapshot();
    assert.ok(Object.keys(first).some((f) => f.startsWith('cloudformation/')));
    assert.equal(crossrole(args).status, 0);
    assert.deepEqual(snapshot(), first);

    // Re-synthesizing another spec into the same directory removes what is no longer generated.
    const other = crossrole(['synth', '--spec', 'examples/third-party.yaml', '--org', 'examples/org.json', '--out', out]);
    assert.equal(other.status, 0, other.stderr);
    assert.match(other.stdout, /\d+ stale removed/);
    assert.ok(!listFiles(out).some((f) => f.includes('FleetAccess')));

    const foreign = mkdtempSync(join(tmpdir(), 'crossrole-foreign-'));
    writeFileSync(join(foreign, 'keep.txt'), 'mine');
    const refused = crossrole(['synth', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--out', foreign]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /not empty and was not written by crossrole/);
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}
