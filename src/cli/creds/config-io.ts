// Reading the AWS config file, and rewriting it: the previous content kept as <file>.crossrole.bak, the new one
// written to a temporary file beside it and renamed over it, so no reader ever sees half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../atomic-write.js';
import { CredentialsError } from '../../creds/errors.js';

export function readTextIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    throw new CredentialsError('InvalidArguments', `cannot read ${path}: ${code ?? (error as Error).message}`, 2);
  }
}

/** Writes `text` to `path` (following a symbolic link to its target); returns the backup's path, if there was a file to back up. */
export function writeWithBackup(path: string, text: string): string | undefined {
  const target = existsSync(path) ? realpathSync(path) : path;
  const existed = existsSync(target);
  // ~/.aws holds secrets (credentials, SSO caches): a directory crossrole creates is the user's alone.
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const mode = existed ? statSync(target).mode & 0o777 : 0o600;
  let backup: string | undefined;
  if (existed) {
    backup = `${target}.crossrole.bak`;
    writeFileSync(backup, readFileSync(target));
    chmodSync(backup, mode);
  }
  writeFileAtomic(target, text, { mode, durable: true });
  return backup;
}
