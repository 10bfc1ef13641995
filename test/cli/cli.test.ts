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
  test('targets names the hub policies: inline, managed, and the further groups of a per-target hub', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossrole-targets-'));
    const spec = (hub: string) => {
      const file = join(dir, 'crossrole.yaml');
      writeFileSync(file, `version: 1\nhubs:\n  ops:\n    account: "222222222222"\n    ${hub}\nroles:\n  Spoke:\n    path: /a-long-path-so-that-the-list-outgrows-a-user-policy/\n    trust: { hubs: [ops] }\n    targets: { ous: [r-ab12] }\n`);
      return file;
    };
    const user = crossrole(['targets', '--spec', spec('user: { name: Ops }\n    policy: { strategy: list }'), '--org', 'examples/org.json']);
    assert.equal(user.status, 0, user.stderr);
    assert.match(user.stdout, /^hub ops \(arn:aws:iam::222222222222:user\/Ops\): list policy for \d+ spokes \(inline crossrole-ops; managed crossrole-ops-2\)$/m);
    const micetro = crossrole(['targets', '--spec', spec('group: { name: Ops, policyPerTarget: true }'), '--org', 'examples/org.json', '--json']);
    assert.equal(micetro.status, 0, micetro.stderr);
    const hub = (JSON.parse(micetro.stdout) as { hubs: { strategy: string; spokes: number; policies: string[]; managedPolicies: string[]; extraGroups: { name: string; policies: string[] }[] }[] }).hubs[0]!;
    assert.deepEqual([hub.strategy, hub.managedPolicies, hub.extraGroups.map((g) => g.name)], ['per-target', [], ['Ops-2']]);
    // One per spoke, and the hub group also holds crossrole-ops: the Resoto statement (222222222222 is a delegated administrator).
    assert.equal(hub.policies.filter((name) => name !== 'crossrole-ops').length + hub.extraGroups[0]!.policies.length, hub.spokes);
    const text = crossrole(['targets', '--spec', join(dir, 'crossrole.yaml'), '--org', 'examples/org.json']);
    assert.match(text.stdout, /^hub ops \(arn:aws:iam::222222222222:group\/Ops\): one inline policy per spoke for \d+ spokes \(inline policies: \d+ in the hub group, \d+ in group Ops-2\)$/m);
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
