// `crossrole exec ACCOUNT [options] -- COMMAND`: every way of getting the line wrong is one message
// (exit 2) before any AWS call; nothing meant for the command is taken as crossrole's own.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { crossrole, isolatedEnv } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

const home = mkdtempSync(join(tmpdir(), 'crossrole-exec-'));
const config = join(home, 'config');
const env = isolatedEnv(home, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
const exec = (...args: string[]) => crossrole(['exec', '--config', config, ...args], repoRoot, env);

before(() => {
  const r = crossrole(['profiles', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--config', config], repoRoot, env);
  assert.equal(r.status, 0, r.stderr);
});

test('without --: the line with -- in place, the command\'s options kept', () => {
  const r = exec('analytics-dev', 'aws', 's3', 'ls', '--region', 'eu-west-1', '--output', 'json');
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `put -- before the command, so that its options stay its own: crossrole exec --config ${config} analytics-dev -- aws s3 ls --region eu-west-1 --output json\n`);
});

test('an option crossrole does not have, before -- or before the account', () => {
  for (const args of [['analytics-dev', '--rle', 'FleetAccess', '--', 'true'], ['--rle', 'FleetAccess', 'analytics-dev', '--', 'true']]) {
    const r = exec(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, 'unknown option --rle (options of the command go after --)\n');
  }
});

test('words between the account and --, or -- before the account', () => {
  for (const args of [['analytics-dev', 'aws', '--', 's3', 'ls'], ['--', 'analytics-dev', 'true']]) {
    const r = exec(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^the command goes after --, crossrole's options before it: crossrole exec ACCOUNT \[--role R\] -- COMMAND/);
  }
});

test('an account the profiles do not know: did you mean', () => {
  const r = exec('analytcs-dev', '--', 'true');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `no crossrole profile for account analytcs-dev in ${config}; did you mean "analytics-dev"?\n`);
});
