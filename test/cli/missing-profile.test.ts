// A profile name that the AWS config and credentials files do not define is one message naming
// both files, exit 2, before any AWS call; the no-credentials advice names the option the command
// really has (--profile for the live commands, --hub-profile for credentials, exec and console).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { crossrole, isolatedEnv } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

const home = mkdtempSync(join(tmpdir(), 'crossrole-profiles-'));
const configFile = join(home, '.aws', 'config');
const credentialsFile = join(home, '.aws', 'credentials');
const generated = join(home, 'generated-config');
/** No keys in the environment; nothing listens at the endpoint, so a call made anyway fails differently. */
const env = isolatedEnv(home, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });
const LIVE = ['--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json'];
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => crossrole(args, repoRoot, { ...env, ...extra });
const notFound = (profile: string, source: string) => `profile ${profile} (${source}) not found in ${configFile} or ${credentialsFile}`;

function assertOnly(r: { status: number | null; stderr: string }, status: number, line: string): void {
  assert.equal(r.stderr.trim(), line);
  assert.equal(r.status, status);
}

before(() => {
  mkdirSync(join(home, '.aws'));
  writeFileSync(configFile, '[default]\nregion = us-east-1\n\n[profile management]\nregion = us-east-1\n');
  writeFileSync(credentialsFile, '[security-hub]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  const r = run(['profiles', ...LIVE, '--config', generated]);
  assert.equal(r.status, 0, r.stderr);
});

describe('a profile that does not exist', () => {
  for (const command of [['plan', ...LIVE], ['apply', ...LIVE, '--auto-approve'], ['verify', ...LIVE], ['discover', '--out', join(home, 'org.json')], ['collect', '--out', join(home, 'snapshot')]]) {
    test(`${command[0]} --profile`, () => {
      assertOnly(run([...command, '--profile', 'managment']), 2, `${notFound('managment', '--profile')}; did you mean "management"?`);
    });
  }
  test('AWS_PROFILE', () => {
    assertOnly(run(['plan', ...LIVE], { AWS_PROFILE: 'nope' }), 2, notFound('nope', 'AWS_PROFILE'));
  });
  test('verify --hub-profile: up front, not a credentials error per cell', () => {
    assertOnly(run(['verify', ...LIVE, '--profile', 'management', '--hub-profile', 'security-hubb']), 2, `${notFound('security-hubb', '--hub-profile')}; did you mean "security-hub"?`);
  });
  test('credentials, exec and console --hub-profile', () => {
    const line = notFound('nope', '--hub-profile or AWS_PROFILE');
    assertOnly(run(['credentials', '--account', '222222222222', '--role', 'FleetAccess', '--path', '/crossrole/', '--hub-profile', 'nope']), 2, line);
    assertOnly(run(['exec', 'analytics-dev', '--config', generated, '--hub-profile', 'nope', '--', 'true']), 2, line);
    assertOnly(run(['console', 'analytics-dev', '--config', generated, '--hub-profile', 'nope']), 2, line);
    assertOnly(run(['exec', 'analytics-dev', '--config', generated, '--', 'true'], { AWS_PROFILE: 'nope' }), 2, line);
  });
  test('profiles --hub-profile is only written: a warning', () => {
    const r = run(['profiles', ...LIVE, '--config', join(home, 'other-config'), '--hub-profile', 'nope']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), `profiles: warning: profile nope (--hub-profile) not found in ${join(home, 'other-config')} or ${credentialsFile}; the generated profiles start from it`);
  });
});

describe('no credentials at all: the advice names the option the command has', () => {
  const empty = mkdtempSync(join(tmpdir(), 'crossrole-empty-home-'));
  test('live commands: --profile', () => {
    const r = run(['plan', ...LIVE], { HOME: empty });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^no AWS credentials found for sts:GetCallerIdentity: use --profile, /);
  });
  test('credentials: --hub-profile, never --profile (it has none)', () => {
    const r = run(['credentials', '--account', '222222222222', '--role', 'FleetAccess', '--path', '/crossrole/'], { HOME: empty });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /use --hub-profile, /);
    assert.doesNotMatch(r.stderr, /--profile\b/);
  });
});
