// Reading the AWS config file, and rewriting it: the previous content kept as <file>.crossrole.bak, the new one
// written to a temporary file beside it and renamed over it, so no reader ever sees half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../atomic-write.js';
import { CredentialsError } from '../../creds/errors.js';
import { UserError } from '../../errors.js';
import { fileError, pathProblem } from '../../file-errors.js';

export function readTextIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // A missing file is an empty one; a dangling symbolic link is not missing.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && pathProblem(path, 'file', { mayBeMissing: true }) === undefined) return '';
    throw configFileError(error, 'read', path);
  }
}

/** Writes `text` to `path` (following a symbolic link to its target); returns the backup's path, if there was a file to back up. */
export function writeWithBackup(path: string, text: string): string | undefined {
  try {
    return replaceFile(path, text);
  } catch (error) {
    throw configFileError(error, 'write', path);
  }
}

function replaceFile(path: string, text: string): string | undefined {
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

/** The shared file-system message, as the credential commands report errors. */
function configFileError(error: unknown, action: 'read' | 'write', path: string): Error {
  const failure = fileError(error, action, 'AWS config file', path, 'file');
  return failure instanceof UserError ? new CredentialsError('InvalidArguments', failure.message, failure.exitCode) : failure;
}
