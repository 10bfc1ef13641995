import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialProcessJson, HANDOUT_MARGIN_MS, isFresh, parseSession, type CachedSession } from '../../src/creds/session.js';
import { execEnvironment } from '../../src/creds/exec-env.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const session = (expiration: string): CachedSession => ({
  version: 1,
  key: 'k1',
  person: 'alice',
  roleSession: true,
  chained: true,
  credentials: { accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token', expiration },
});

test('a session is handed out while it lasts longer than the margin', () => {
  assert.equal(isFresh(session('2026-01-01T12:16:00Z'), now, HANDOUT_MARGIN_MS), true);
  assert.equal(isFresh(session('2026-01-01T12:14:00Z'), now, HANDOUT_MARGIN_MS), false);
  assert.equal(isFresh(session('not a date'), now, 0), false);
});

test('cache files that are not sessions for this key are ignored', () => {
  const good = session('2026-01-01T13:00:00Z');
  assert.deepEqual(parseSession(JSON.stringify(good), 'k1'), good);
  assert.equal(parseSession(JSON.stringify(good), 'k2'), undefined);
  assert.equal(parseSession('{"version":1', 'k1'), undefined);
  assert.equal(parseSession(JSON.stringify({ ...good, credentials: { ...good.credentials, sessionToken: '' } }), 'k1'), undefined);
  assert.equal(parseSession(JSON.stringify({ ...good, version: 2 }), 'k1'), undefined);
});

test('credential_process JSON: Version 1 and the four fields', () => {
  assert.deepEqual(JSON.parse(credentialProcessJson(session('2026-01-01T13:00:00Z').credentials)), {
    Version: 1,
    AccessKeyId: 'ASIA1',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: '2026-01-01T13:00:00Z',
  });
});

test('exec environment: the session keys and region; no profile or other credentials left to win', () => {
  const env = execEnvironment(
    { PATH: '/bin', AWS_PROFILE: 'payments-prod.FleetAccess', AWS_DEFAULT_PROFILE: 'x', AWS_SECURITY_TOKEN: 'old', AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' },
    session('2026-01-01T13:00:00Z').credentials,
    'eu-west-1',
  );
  assert.deepEqual(env, {
    PATH: '/bin',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
    AWS_ACCESS_KEY_ID: 'ASIA1',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_CREDENTIAL_EXPIRATION: '2026-01-01T13:00:00Z',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
  });
});
