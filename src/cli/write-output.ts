// Writes a generated file set into the directory the user named (synth --out). The new output is
// built in a temporary directory beside it (same parent, so the same file system) and takes its
// place by rename only when everything succeeded: a failure leaves --out as it was. crossrole owns
// the files its manifest lists; files of --out that it did not write go into the new directory
// unchanged (hard links: the same files), and the ones it wrote and no longer generates are left
// out. The old directory is removed whole, and removal never follows a symbolic link, so nothing
// outside --out can be deleted whatever the manifest says.
import { chmodSync, copyFileSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { UserError } from '../errors.js';
import { checkOutputPath, readInputFile, withFileErrors } from '../file-errors.js';

const MANIFEST = '.crossrole-files.json';

export function writeOutputDir(out: string, files: Map<string, string>): { written: number; removed: number } {
  checkOutputPath(out, 'output directory', 'directory');
  return withFileErrors('write', 'output directory', out, 'directory', () => {
    const existing = lstatSync(out, { throwIfNoEntry: false }) !== undefined;
    // A symbolic link to a directory stays; the directory it names is replaced.
    const target = existing ? realpathSync(out) : out;
    const previous = existing ? ownedFiles(out, target) : new Set<string>();
    mkdirSync(dirname(target), { recursive: true });
    const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.crossrole-`));
    try {
      const next = join(staging, 'next');
      mkdirSync(next);
      writeFiles(next, files);
      const removed = existing ? carryOver(out, target, next, previous, files) : 0;
      writeFileSync(join(next, MANIFEST), `${JSON.stringify([...files.keys()].sort(), null, 2)}\n`);
      if (existing) {
        chmodSync(next, lstatSync(target).mode & 0o7777);
        swap(target, next, join(staging, 'previous'));
      } else {
        renameSync(next, target);
      }
      return { written: files.size, removed };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
}

/** The files the manifest of an existing --out lists; a non-empty directory without one was not written by crossrole. */
function ownedFiles(out: string, dir: string): Set<string> {
  const manifest = join(out, MANIFEST);
  const stat = lstatSync(join(dir, MANIFEST), { throwIfNoEntry: false });
  if (stat === undefined) {
    if (readdirSync(dir).length > 0) throw new UserError(`${out} is not empty and was not written by crossrole; choose an empty or new directory for --out`, 2);
    return new Set();
  }
  if (!stat.isFile()) throw new UserError(`${manifest}: not the list of files crossrole wrote (it is not a plain file); choose an empty --out`, 2);
  return new Set(parseManifest(manifest, out, readInputFile(join(dir, MANIFEST), 'manifest')));
}

/** A JSON array of relative paths, each normalized and inside the directory. */
function parseManifest(file: string, out: string, text: string): string[] {
  const invalid = (why: string) => new UserError(`${file}: not the list of files crossrole wrote (a JSON array of relative paths inside ${out}): ${why}; fix it, or choose an empty --out`, 2);
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (!Array.isArray(entries)) throw invalid('not an array');
  entries.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') throw invalid(`entry ${index} is not a string`);
    if (!isRelativeInside(entry)) throw invalid(`entry ${index} ${JSON.stringify(entry)} is not a relative path inside the directory`);
  });
  return entries as string[];
}

/** `a/b.json`, never `/a`, `../a`, `a/./b`, `a//b` or `a\b`: the form crossrole writes its own paths in. */
function isRelativeInside(path: string): boolean {
  return path !== '' && !path.includes('\\') && !path.includes('\0') && path.split('/').every((name) => name !== '' && name !== '.' && name !== '..') && posix.normalize(path) === path;
}

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [file, content] of files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, file.endsWith('.sh') ? 0o755 : 0o644);
  }
}

/**
 * Puts every entry of `old` that crossrole did not write into `next`, at the same place; returns
 * how many files crossrole wrote before and no longer generates (left out). An entry of the user's
 * where crossrole now writes a file or a directory is an error: neither may be dropped.
 */
function carryOver(out: string, old: string, next: string, previous: Set<string>, files: Map<string, string>): number {
  const generatedDirs = ancestors(files.keys());
  const ownedDirs = ancestors(previous);
  const clash = (path: string, what: string) => new UserError(`${join(out, path)} ${what}; move it out of ${out} or choose another --out`, 2);
  let stale = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(old, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (path === MANIFEST) continue;
      if (entry.isDirectory()) {
        if (files.has(path)) throw clash(path, 'is a directory where crossrole writes a file');
        // A directory crossrole writes into is merged entry by entry; any other is the user's.
        if (generatedDirs.has(path) || ownedDirs.has(path)) walk(path);
        else carry(join(old, path), join(next, path));
      } else if (previous.has(path)) {
        if (!files.has(path)) stale++;
      } else if (files.has(path)) {
        throw clash(path, `was not written by crossrole (${MANIFEST} does not list it) and crossrole writes this file`);
      } else if (generatedDirs.has(path)) {
        throw clash(path, `is a ${entry.isSymbolicLink() ? 'symbolic link' : 'file'} where crossrole writes a directory`);
      } else {
        carry(join(old, path), join(next, path));
      }
    }
  };
  walk('');
  return stale;
}

/** `a/b/c` → `a`, `a/b`. */
function ancestors(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) dirs.add(dir);
  }
  return dirs;
}

/** The same entry at a new place: a hard link to a file, a copy of a symbolic link (never followed), a directory entry by entry. */
function carry(from: string, to: string): void {
  const stat = lstatSync(from);
  mkdirSync(dirname(to), { recursive: true });
  if (stat.isDirectory()) {
    mkdirSync(to);
    for (const name of readdirSync(from)) carry(join(from, name), join(to, name));
    chmodSync(to, stat.mode & 0o7777);
  } else if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else {
    try {
      linkSync(from, to);
    } catch {
      // Not linkable (another file system mounted inside --out, a protected file): a copy, same bytes, mode and times.
      copyFileSync(from, to);
      utimesSync(to, stat.atime, stat.mtime);
    }
  }
}

/** `next` takes `target`'s place; if that fails, `target` is put back. */
function swap(target: string, next: string, parked: string): void {
  renameSync(target, parked);
  try {
    renameSync(next, target);
  } catch (error) {
    renameSync(parked, target);
    throw error;
  }
}
