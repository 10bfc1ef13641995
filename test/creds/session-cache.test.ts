import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_LOCK, SessionCache, cacheDirectory } from '../../src/cli/creds/session-cache.js';
import { CredentialsError } from '../../src/creds/errors.js';
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
    assert.throws(() => new SessionCache(link).read('k'), unsafe(/not a directory \(a symbolic link\?\)/));
  });

  test("another user's directory is refused", () => {
    // Root owns every directory it makes, so as root the test hands one to another uid; others meet "/".
    let dir = '/';
    if (process.getuid?.() === 0) {
      dir = fresh();
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, 4242, 4242);
    }
    assert.throws(() => new SessionCache(dir).read('k'), unsafe(/belongs to another user \(uid \d+\); set CROSSROLE_CACHE_DIR/));
  });

  test('a session file that cannot be read is an error, not a missing session', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'k.json'), { recursive: true });
    assert.throws(() => new SessionCache(dir).read('k'), { code: 'EISDIR' });
  });

  test('CROSSROLE_CACHE_DIR, else $XDG_CACHE_HOME/crossrole, else ~/.cache/crossrole', () => {
    assert.equal(cacheDirectory({ CROSSROLE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), '/c');
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/x' }), join('/x', 'crossrole'));
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '' }), join(homedir(), '.cache', 'crossrole'));
    assert.equal(cacheDirectory({}), join(homedir(), '.cache', 'crossrole'));
  });
});

/** The error a refused cache directory throws, with its machine-readable code. */
function unsafe(message: RegExp) {
  return (error: unknown) => error instanceof CredentialsError && error.code === 'UnsafeCache' && message.test(error.message);
}

/** A pid that no process has any more. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
const lockedOut = (message: RegExp) => (error: unknown) => error instanceof CredentialsError && error.code === 'LockTimeout' && message.test(error.message);

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

describe('the lock file', () => {
  /** A cache whose hop "k" is held by the given lock file content, written `ageMs` ago. */
  function heldBy(content: string, ageMs = 0) {
    const dir = fresh();
    const cache = new SessionCache(dir);
    cache.read('k');
    const lock = join(dir, 'k.lock');
    writeFileSync(lock, content);
    const when = (Date.now() - ageMs) / 1000;
    utimesSync(lock, when, when);
    return { cache, lock };
  }
  const quick = { staleMs: 60_000, waitMs: 200 };

  test('names its holder: pid, host, a random token and the time it was taken', async () => {
    const dir = fresh();
    const cache = new SessionCache(dir);
    const before = Date.now();
    const release = await cache.lock('k', quick);
    const holder = JSON.parse(readFileSync(join(dir, 'k.lock'), 'utf8'));
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, hostname());
    assert.match(holder.token, /^[0-9a-f]{16}$/);
    assert.ok(holder.at >= before && holder.at <= Date.now());
    release();
    assert.deepEqual(readdirSync(dir), []);
  });

  test('release leaves alone a lock another process has taken over, and a lock already gone', async () => {
    const dir = fresh();
    const cache = new SessionCache(dir);
    const lock = join(dir, 'k.lock');
    const release = await cache.lock('k', quick);
    const other = JSON.stringify({ pid: process.pid, host: hostname(), token: 'other', at: Date.now() });
    writeFileSync(lock, other);
    release();
    assert.equal(readFileSync(lock, 'utf8'), other);
    unlinkSync(lock);
    release();
  });

  test('taking a lock leaves no file descriptor open', async () => {
    const cache = new SessionCache(fresh());
    const open = () => readdirSync('/dev/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) (await cache.lock('k', quick))();
    assert.ok(open() - before < 20, `${open() - before} more descriptors open`);
  });

  test("a living holder this process may not signal (another user's, when not root) is waited for", async () => {
    const { cache } = heldBy(JSON.stringify({ pid: 1, host: hostname(), token: 'x', at: Date.now() }));
    await assert.rejects(cache.lock('k', quick), lockedOut(/\(pid 1\)/));
  });

  test('an error other than "taken" is thrown at once', async () => {
    const cache = new SessionCache(fresh());
    await assert.rejects(cache.lock('no-such-directory/k', { staleMs: 60_000, waitMs: 60_000 }), { code: 'ENOENT' });
  });

  test('a holder on another host is never judged dead by a local pid', async () => {
    const { cache } = heldBy(JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, token: 'x', at: Date.now() }));
    await assert.rejects(cache.lock('k', quick), lockedOut(/waited 0 s for another crossrole process \(pid \d+\) signing in; remove .*k\.lock if it is gone/));
  });

  test('a lock file being written is waited for; one left half-written is taken over after 2 s', async () => {
    await assert.rejects(heldBy('{"pid":').cache.lock('k', quick), lockedOut(/\(unknown\)/));
    const { cache, lock } = heldBy('{"pid":', 10_000);
    const release = await cache.lock('k', quick);
    assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, process.pid);
    release();
  });

  // Each holder below would be taken over at once (ancient, or its pid is dead here) if its
  // one ill-typed field were believed; unreadable, it is judged by the file's age instead: fresh.
  for (const [field, value] of [['pid', 'x'], ['token', 7], ['at', 'x'], ['host', 7]] as const) {
    test(`a holder whose ${field} is not a ${field === 'pid' || field === 'at' ? 'number' : 'string'} is unreadable`, async () => {
      const holder = { pid: deadPid(), host: hostname(), token: 'x', at: 0, [field]: value };
      await assert.rejects(heldBy(JSON.stringify(holder)).cache.lock('k', quick), lockedOut(/\(unknown\)/));
    });
  }

  test('the default lock gives a hung sign-in up (stale) before a waiter gives up, and outlasts an MFA prompt', () => {
    assert.deepEqual(DEFAULT_LOCK, { staleMs: 5 * 60_000, waitMs: 6 * 60_000 });
    assert.ok(DEFAULT_LOCK.staleMs < DEFAULT_LOCK.waitMs && DEFAULT_LOCK.staleMs > 3 * 60_000);
  });
});
