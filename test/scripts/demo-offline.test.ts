// `npm run demo:offline` deletes nothing but the files its own synth runs wrote: another run's
// files (the live demo's, a user's) in its output directory stay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-demo-offline-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('demo:offline keeps every file it did not write', () => {
  const out = join(root, 'out');
  mkdirSync(join(out, 'snapshot'), { recursive: true });
  writeFileSync(join(out, 'org.json'), 'the live demo wrote this');
  writeFileSync(join(out, 'snapshot', 'org.json'), 'and this');
  // cfn-lint on these templates is tested in test/synth/examples.test.ts; here it would only cost time.
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'cfn-lint'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'cfn-lint'), 0o755);

  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'demo-offline.sh')], { env: { ...process.env, DEMO_OUT: out, PATH: `${bin}${delimiter}${process.env.PATH}` }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(out, 'hub-spoke', 'aws-config')));
  assert.equal(readFileSync(join(out, 'org.json'), 'utf8'), 'the live demo wrote this');
  assert.equal(readFileSync(join(out, 'snapshot', 'org.json'), 'utf8'), 'and this');
});
