// An endpoint that is not there (nothing listening, an unknown host, a server that resets every
// connection or never answers) is one line naming it, exit 1, within seconds: no ten attempts with
// backoff, no progress line counting accounts that were never read. Every live command.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crossrole, crossroleAsync, isolatedEnv } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { repoRoot } from '../helpers/paths.js';
import { unusedPort } from '../helpers/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-unreachable-'));
const config = join(dir, 'aws-config');
const env = isolatedEnv(dir, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
const LIVE = ['--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json'];
/** Each live command, as a user would start it (without the endpoint). */
const COMMANDS: Record<string, string[]> = {
  discover: ['discover', '--out', join(dir, 'org.json')],
  plan: ['plan', ...LIVE],
  apply: ['apply', ...LIVE, '--auto-approve'],
  verify: ['verify', ...LIVE],
  collect: ['collect', '--out', join(dir, 'snapshot')],
  profiles: ['profiles', '--spec', 'examples/hub-spoke.yaml', '--config', join(dir, 'other-config')],
  credentials: ['credentials', '--account', '222222222222', '--role', 'FleetAccess', '--path', '/crossrole/'],
  exec: ['exec', 'analytics-dev.FleetAccess', '--config', config, '--', 'true'],
  console: ['console', 'analytics-dev.FleetAccess', '--config', config],
};
/** Before the fix: ten attempts with backoff per call, 10 to 45 s. */
const FAST_MS = 10_000;

/** The command line with --endpoint-url among crossrole's own options (before exec's --). */
function withEndpoint(args: string[], endpoint: string): string[] {
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  return [...args.slice(0, end), '--endpoint-url', endpoint, ...args.slice(end)];
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
}

before(() => {
  // exec and console find their account through the profiles crossrole writes.
  const r = crossrole(['profiles', ...LIVE, '--config', config], repoRoot, env);
  assert.equal(r.status, 0, r.stderr);
});

describe('an endpoint with nothing listening', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    test(`${name}: one line naming the endpoint and the error, exit 1, at once`, async () => {
      const endpoint = `http://127.0.0.1:${await unusedPort()}`;
      const started = Date.now();
      const r = crossrole(withEndpoint(args, endpoint), repoRoot, env);
      const took = Date.now() - started;
      assert.equal(r.status, 1, r.stderr);
      assertOneLine(r.stderr, new RegExp(`^sts:GetCallerIdentity: cannot reach the AWS endpoint ${endpoint.replace(/\./g, '\\.')} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)$`));
      assert.ok(took < FAST_MS, `took ${took} ms`);
      assert.equal(r.stdout, '');
    });
  }
});

test('bad input is reported first, without AWS (exit 2)', async () => {
  const r = crossrole(['plan', '--spec', 'test/spec/invalid/unknown-hub.yaml', '--org', 'test/fixtures/org.json', '--endpoint-url', `http://127.0.0.1:${await unusedPort()}`], repoRoot, env);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^test\/spec\/invalid\/unknown-hub\.yaml:9:21: error: /);
});

describe('other endpoints that do not answer', () => {
  let proxy: FaultProxy;
  let silent: Server;
  before(async () => {
    proxy = await startFaultProxy(`http://127.0.0.1:${await unusedPort()}`, { reset: 1 });
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await proxy.stop();
    silent.close();
  });

  test('an unknown host', () => {
    const r = crossrole([...COMMANDS.plan!, '--endpoint-url', 'http://no-such-host.invalid:5000'], repoRoot, env);
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^sts:GetCallerIdentity: cannot reach the AWS endpoint http:\/\/no-such-host\.invalid:5000 \(getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid\)$/);
  });

  test('every connection reset (a few quick attempts, then one line)', async () => {
    const started = Date.now();
    const r = await crossroleAsync([...COMMANDS.plan!, '--endpoint-url', proxy.endpoint], repoRoot, env);
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^sts:GetCallerIdentity: cannot reach the AWS endpoint http:\/\/127\.0\.0\.1:\d+ \((socket hang up \(ECONNRESET\)|read ECONNRESET)\)$/);
    assert.ok(Date.now() - started < FAST_MS, `took ${Date.now() - started} ms`);
    assert.ok((proxy.injected().get('reset') ?? 0) <= 3, `${proxy.injected().get('reset')} attempts`);
  });

  test('a server that accepts and never answers: one line after 10 s', async () => {
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const started = Date.now();
    const r = await crossroleAsync([...COMMANDS.credentials!, '--endpoint-url', endpoint], repoRoot, env);
    assert.equal(r.status, 1);
    assertOneLine(r.stderr, /^sts:GetCallerIdentity: cannot reach the AWS endpoint http:\/\/127\.0\.0\.1:\d+ \(no answer within 10 s\)$/);
    assert.ok(Date.now() - started < 10_000 + FAST_MS, `took ${Date.now() - started} ms`);
  });
});
