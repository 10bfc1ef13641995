import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SessionCache } from '../../src/cli/creds/session-cache.js';
import type { CachedSession } from '../../src/creds/session.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'crossrole-cache-')), 'cache');
const session = (key: string): CachedSession => ({
  version: 1,
  key,
  person: 'alice',
  roleSession: true,
  chained: false,
  credentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + 3600_000).toISOString() },
});

describe('session files', () => {
  test('directory 0700 and files 0600, whatever the umask; read back as written', () => {
    const dir = fresh();
    const old = process.umask(0o022);
    try {
      const cache = new SessionCache(dir);
      const written = session('k1');
      cache.write(written);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(cache.path('k1')).mode & 0o777, 0o600);
      assert.deepEqual(cache.read('k1'), written);
      assert.equal(cache.read('other'), undefined);
      assert.deepEqual(readdirSync(dir), ['k1.json']);
    } finally {
      process.umask(old);
    }
  });

  test('an existing directory others can read is narrowed to 0700; a symbolic link is refused', () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o755 });
    new SessionCache(dir).read('k');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const link = `${dir}-link`;
    symlinkSync(dir, link);
    assert.throws(() => new SessionCache(link).read('k'), /not a directory \(a symbolic link\?\)/);
  });
});

describe('the lock', () => {
  test('holders take turns', async () => {
    const cache = new SessionCache(fresh());
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const release = await cache.lock('k');
        most = Math.max(most, ++inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        release();
      }),
    );
    assert.equal(most, 1);
  });

  test('a lock left by a process that died is taken over at once', async () => {
    const dir = fresh();
    const cache = new SessionCache(dir);
    cache.read('k'); // creates the directory
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    writeFileSync(join(dir, 'k.lock'), JSON.stringify({ pid: dead, host: hostname(), token: 'old', at: Date.now() }));
    const started = Date.now();
    const release = await cache.lock('k', { staleMs: 60_000, waitMs: 5_000 });
    assert.ok(Date.now() - started < 1000);
    release();
  });

  test('a living holder is waited for, and given up on after waitMs', async () => {
    const dir = fresh();
    const cache = new SessionCache(dir);
    cache.read('k');
    writeFileSync(join(dir, 'k.lock'), JSON.stringify({ pid: process.pid, host: hostname(), token: 'other', at: Date.now() }));
    await assert.rejects(cache.lock('k', { staleMs: 60_000, waitMs: 200 }), /waited 0 s for another crossrole process \(pid \d+\)/);
    // Older than staleMs: taken over even though the holder lives (a hung sign-in).
    const release = await cache.lock('k', { staleMs: 0, waitMs: 200 });
    release();
  });
});
