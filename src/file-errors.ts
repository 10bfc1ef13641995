// The one place where a file-system error on a path the user named becomes a user error: one line
// naming the path and what is wrong with it (a directory where a file belongs, a dangling or
// looping symbolic link, a file where a directory must be), exit 2, never a stack trace.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, sep } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { decodeText } from './decode-text.js';
import { UserError } from './errors.js';

export type PathKind = 'file' | 'directory';

/**
 * What is wrong with `path` as a `kind`, found by walking its parts from the first, so the
 * message names the part at fault; undefined when the file system shows nothing wrong.
 * `mayBeMissing`: a path that does not exist (yet) is fine, as for an output crossrole creates.
 */
export function pathProblem(path: string, kind: PathKind, { mayBeMissing = false } = {}): string | undefined {
  const parts = pathPrefixes(path);
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    // The path itself is the message's subject already; a part of it is named.
    const subject = last ? '' : `${part} `;
    let link: string | undefined;
    try {
      if (lstatSync(part).isSymbolicLink()) link = readlinkSync(part);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return mayBeMissing ? undefined : `no such ${kind}`;
      return `${subject}${codeReason(error)}`;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(part).isDirectory();
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT') return `${subject}is a symbolic link to ${link}, which does not exist`;
      if (code === 'ELOOP') return `${subject}is a symbolic link that loops (to ${link})`;
      return `${subject}${codeReason(error)}`;
    }
    const wanted = last ? kind : 'directory';
    if (wanted === 'directory' && !isDirectory) return `${subject}is a file, not a directory`;
    if (wanted === 'file' && isDirectory) return 'is a directory, not a file';
  }
  return undefined;
}

/**
 * A failed file-system call on `path` as a user error (`cannot read spec x.yaml: no such file`);
 * any other error is returned as it is. Exit 2 when the path is at fault, 1 when the system is
 * (a full disk, an I/O error).
 */
export function fileError(error: unknown, action: 'read' | 'write', what: string, path: string, kind: PathKind): Error {
  const code = errnoCode(error);
  if (code === undefined) return error as Error;
  const problem = pathProblem(path, kind, { mayBeMissing: action === 'write' });
  const reason = problem ?? codeReason(error);
  const pathAtFault = problem !== undefined || PATH_CODES.has(code);
  return new UserError(`cannot ${action} ${what} ${path}: ${reason}`, pathAtFault ? 2 : 1);
}

/** Throws the user error for a path that cannot be written as a `kind` (checked before any slow work, such as reading the organization). */
export function checkOutputPath(path: string, what: string, kind: PathKind): void {
  const problem = pathProblem(path, kind, { mayBeMissing: true });
  if (problem !== undefined) throw new UserError(`cannot write ${what} ${path}: ${problem}`, 2);
}

/** The text of a file: UTF-8 (or UTF-16 with a byte order mark), bytes that are not an error naming their offset. */
export function readInputFile(path: string, what: string): string {
  return decodeText(path, withFileErrors('read', what, path, 'file', () => readFileSync(path)));
}

export function readInputDirectory(path: string, what: string): Dirent[] {
  return withFileErrors('read', what, path, 'directory', () => readdirSync(path, { withFileTypes: true }));
}

/** Writes a whole file atomically, creating its directory; a symbolic link is written through (the file it names is replaced). */
export function writeOutputFile(path: string, text: string, what: string): void {
  withFileErrors('write', what, path, 'file', () => {
    const target = lstatSync(path, { throwIfNoEntry: false }) ? realpathSync(path) : path;
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, text);
  });
}

/** Runs a file-system call on `path`, turning its error into the user error. */
export function withFileErrors<T>(action: 'read' | 'write', what: string, path: string, kind: PathKind, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw fileError(error, action, what, path, kind);
  }
}

/** Codes that say the path is wrong, not the system: bad input. */
const PATH_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EACCES', 'EPERM', 'ENAMETOOLONG', 'EEXIST', 'EROFS']);

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'too many symbolic links (a loop)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'the name is too long',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

function codeReason(error: unknown): string {
  const code = errnoCode(error);
  return (code !== undefined && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined) ?? (error as Error).message;
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('E') ? code : undefined;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c` (`/x/y` → `/x`, `/x/y`): every part, as the kernel walks it. */
function pathPrefixes(path: string): string[] {
  const absolute = path.startsWith(sep);
  const names = path.split(sep).filter((name) => name !== '');
  if (names.length === 0) return [path];
  return names.map((_, index) => `${absolute ? sep : ''}${names.slice(0, index + 1).join(sep)}`);
}
