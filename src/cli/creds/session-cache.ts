// Sessions on disk, one file per hop (directory 0700, files 0600, written by rename so a reader
// never sees half a file), and a lock per hop across processes: O_EXCL lock files naming their
// holder, taken over when the holder died or is older than any sign-in can take.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CredentialsError } from '../../creds/errors.js';
import { parseSession, type CachedSession } from '../../creds/session.js';
import { writeFileAtomic } from '../../atomic-write.js';

/** CROSSROLE_CACHE_DIR, else $XDG_CACHE_HOME/crossrole, else ~/.cache/crossrole. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CROSSROLE_CACHE_DIR) return env.CROSSROLE_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'crossrole');
}

export interface LockOptions {
  /** A lock older than this is taken over even when its holder lives (an MFA prompt waits 3 minutes at most). */
  staleMs: number;
  /** Give up waiting after this long. */
  waitMs: number;
}

export const DEFAULT_LOCK: LockOptions = { staleMs: 5 * 60_000, waitMs: 6 * 60_000 };

interface Holder {
  pid: number;
  host: string;
  token: string;
  at: number;
}

export class SessionCache {
  #checked = false;

  constructor(readonly dir: string) {}

  /** Creates the directory 0700, or checks an existing one: ours, a real directory, nobody else may read it. */
  #ensure(): void {
    if (this.#checked) return;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(this.dir);
    if (!stat.isDirectory()) throw new CredentialsError('UnsafeCache', `${this.dir} is not a directory (a symbolic link?); crossrole keeps sessions only in a directory of its own`);
    if (process.getuid && stat.uid !== process.getuid()) throw new CredentialsError('UnsafeCache', `${this.dir} belongs to another user (uid ${stat.uid}); set CROSSROLE_CACHE_DIR to a directory of your own`);
    if ((stat.mode & 0o077) !== 0) chmodSync(this.dir, 0o700);
    this.#checked = true;
  }

  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  read(key: string): CachedSession | undefined {
    this.#ensure();
    let text: string;
    try {
      text = readFileSync(this.path(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseSession(text, key);
  }

  write(session: CachedSession): void {
    this.#ensure();
    writeFileAtomic(this.path(session.key), `${JSON.stringify(session)}\n`, { mode: 0o600 });
  }

  /** Waits for the hop's lock; the returned function releases it. */
  async lock(key: string, options: LockOptions = DEFAULT_LOCK): Promise<() => void> {
    this.#ensure();
    const path = join(this.dir, `${key}.lock`);
    const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), at: Date.now() };
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(me));
        } finally {
          closeSync(fd);
        }
        return () => {
          if (readHolder(path)?.token === me.token) unlinkQuietly(path);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(path);
      if (isStale(holder, path, options.staleMs)) {
        // Only the lock we judged is removed: a fresh one taken meanwhile has another token.
        if (readHolder(path)?.token === holder?.token) unlinkQuietly(path);
        continue;
      }
      if (Date.now() > deadline) {
        throw new CredentialsError('LockTimeout', `waited ${Math.round(options.waitMs / 1000)} s for another crossrole process (${holder ? `pid ${holder.pid}` : 'unknown'}) signing in; remove ${path} if it is gone`);
      }
      await sleep(15 + Math.random() * 35);
    }
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.token === 'string' && typeof value.at === 'number' && typeof value.host === 'string' ? (value as Holder) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(holder: Holder | undefined, path: string, staleMs: number): boolean {
  if (!holder) {
    // Being written this instant, or left half-written by a crash: judge by the file's age.
    try {
      return Date.now() - lstatSync(path).mtimeMs > 2000;
    } catch {
      return false;
    }
  }
  if (Date.now() - holder.at > staleMs) return true;
  return holder.host === hostname() && !alive(holder.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
