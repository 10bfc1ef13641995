import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { clampDuration, planChain, startSource, type ChainSpec, type Hop, type StartSource } from '../../src/creds/chain.js';
import { CredentialsError } from '../../src/creds/errors.js';
import { repoRoot } from '../helpers/paths.js';

interface Case {
  name: string;
  chain: Partial<ChainSpec>;
  start: StartSource;
  duration?: number;
  hops?: Omit<Hop, 'key'>[];
  error?: string;
}

const SPOKE = { accountId: '333333333333', role: 'FleetAccess', path: '/crossrole/', via: [], mfa: false, sourceIdentity: false };
const chainOf = (c: Partial<ChainSpec>): ChainSpec => ({ ...SPOKE, ...c });
const cases = parse(readFileSync(`${repoRoot}/test/creds/chain.cases.yaml`, 'utf8')) as Case[];

describe('planChain', () => {
  for (const c of cases) {
    test(c.name, () => {
      const plan = () => planChain(chainOf(c.chain), c.start, { durationSeconds: c.duration ?? 3600 });
      if (c.error) {
        assert.throws(plan, (e: unknown) => e instanceof CredentialsError && e.code === c.error);
        return;
      }
      const result = plan();
      assert.deepEqual(
        result.hops.map(({ key: _key, ...hop }) => hop),
        c.hops,
      );
      assert.equal(result.spokeArn, 'arn:aws:iam::333333333333:role/crossrole/FleetAccess');
      assert.equal(new Set(result.hops.map((h) => h.key)).size, result.hops.length);
    });
  }

  const hub = 'arn:aws:iam::222222222222:role/crossrole/FleetHub';
  const start: StartSource = { kind: 'profile', profile: 'alice' };

  test('spokes behind one hub share the hub hop (one session, one MFA prompt)', () => {
    const a = planChain(chainOf({ hubArn: hub, mfa: true }), start, { durationSeconds: 3600 });
    const b = planChain({ ...chainOf({ hubArn: hub, mfa: true }), accountId: '444444444444' }, start, { durationSeconds: 3600 });
    assert.equal(a.hops[0]!.key, b.hops[0]!.key);
    assert.notEqual(a.hops[1]!.key, b.hops[1]!.key);
  });

  test('another start, endpoint or MFA requirement is another hub session', () => {
    const base = planChain(chainOf({ hubArn: hub }), start, { durationSeconds: 3600 }).hops[0]!.key;
    assert.notEqual(planChain(chainOf({ hubArn: hub }), { kind: 'profile', profile: 'bob' }, { durationSeconds: 3600 }).hops[0]!.key, base);
    assert.notEqual(planChain(chainOf({ hubArn: hub }), start, { durationSeconds: 3600, endpoint: 'http://127.0.0.1:5000' }).hops[0]!.key, base);
    assert.notEqual(planChain(chainOf({ hubArn: hub, mfa: true }), start, { durationSeconds: 3600 }).hops[0]!.key, base);
  });
});

describe('startSource', () => {
  const digest = () => 'd';
  test('--hub-profile wins, then environment keys, web identity, AWS_PROFILE, default', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn:aws:iam::1:role/ci', AWS_PROFILE: 'p' };
    assert.deepEqual(startSource('mine', env, digest), { kind: 'profile', profile: 'mine' });
    assert.deepEqual(startSource(undefined, env, digest), { kind: 'environment', accessKeyId: 'AKIA1' });
    assert.deepEqual(startSource(undefined, { ...env, AWS_ACCESS_KEY_ID: undefined }, digest), { kind: 'web-identity', roleArn: 'arn:aws:iam::1:role/ci', tokenFile: '/t', tokenDigest: 'd' });
    assert.deepEqual(startSource(undefined, { AWS_PROFILE: 'p' }, digest), { kind: 'profile', profile: 'p' });
    assert.deepEqual(startSource(undefined, {}, digest), { kind: 'default' });
  });
});

test('durations: one hour at most after a role session, at least 15 minutes', () => {
  assert.equal(clampDuration(43200, true), 3600);
  assert.equal(clampDuration(43200, false), 43200);
  assert.equal(clampDuration(60, false), 900);
  assert.equal(clampDuration(1800, true), 1800);
});
