// pathProblem: what is wrong with a path, for every shape, as an input (must exist) and as an
// output (may be missing); fileError: which errors are the user's (exit 2) and which the system's.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../src/errors.js';
import { fileError, pathProblem, readInputFile, type PathKind } from '../src/file-errors.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-file-errors-'));
after(() => rmSync(root, { recursive: true, force: true }));

mkdirSync(join(root, 'dir'));
writeFileSync(join(root, 'file'), 'text');
symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
symlinkSync(join(root, 'loop'), join(root, 'loop'));
symlinkSync(join(root, 'dir'), join(root, 'link-to-dir'));
symlinkSync(join(root, 'file'), join(root, 'link-to-file'));

const at = (...parts: string[]) => join(root, ...parts);

// [path, kind, problem as an input, problem as an output]
const cases: [string, PathKind, string | undefined, string | undefined][] = [
  [at('file'), 'file', undefined, undefined],
  [at('dir'), 'directory', undefined, undefined],
  [at('link-to-file'), 'file', undefined, undefined],
  [at('link-to-dir'), 'directory', undefined, undefined],
  [at('dir'), 'file', 'is a directory, not a file', 'is a directory, not a file'],
  [at('link-to-dir'), 'file', 'is a directory, not a file', 'is a directory, not a file'],
  [at('file'), 'directory', 'is a file, not a directory', 'is a file, not a directory'],
  [at('missing'), 'file', 'no such file', undefined],
  [at('missing'), 'directory', 'no such directory', undefined],
  [at('missing', 'below'), 'file', 'no such file', undefined],
  [at('dangling'), 'file', `is a symbolic link to ${at('nowhere')}, which does not exist`, `is a symbolic link to ${at('nowhere')}, which does not exist`],
  [at('loop'), 'directory', `is a symbolic link that loops (to ${at('loop')})`, `is a symbolic link that loops (to ${at('loop')})`],
  [at('file', 'below'), 'file', `${at('file')} is a file, not a directory`, `${at('file')} is a file, not a directory`],
  [at('dangling', 'below'), 'file', `${at('dangling')} is a symbolic link to ${at('nowhere')}, which does not exist`, `${at('dangling')} is a symbolic link to ${at('nowhere')}, which does not exist`],
  [at('loop', 'below'), 'directory', `${at('loop')} is a symbolic link that loops (to ${at('loop')})`, `${at('loop')} is a symbolic link that loops (to ${at('loop')})`],
  [at('link-to-dir', 'missing'), 'file', 'no such file', undefined],
];

for (const [path, kind, asInput, asOutput] of cases) {
  test(`${path.slice(root.length + 1)} as a ${kind}`, () => {
    assert.equal(pathProblem(path, kind), asInput);
    assert.equal(pathProblem(path, kind, { mayBeMissing: true }), asOutput);
  });
}

test('a relative path is walked as given', () => {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    assert.equal(pathProblem('file/below', 'file'), 'file is a file, not a directory');
    assert.equal(pathProblem('dir', 'directory'), undefined);
  } finally {
    process.chdir(cwd);
  }
});

test('readInputFile names the path and what is wrong, exit 2', () => {
  assert.throws(
    () => readInputFile(at('dangling'), 'spec'),
    (e: unknown) => e instanceof UserError && e.exitCode === 2 && e.message === `cannot read spec ${at('dangling')}: is a symbolic link to ${at('nowhere')}, which does not exist`,
  );
});

test('a full disk is the system, not the path: exit 1; an error that is not the file system passes through', () => {
  const full = fileError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'write', 'plan file', at('file'), 'file');
  assert.ok(full instanceof UserError);
  assert.equal(full.exitCode, 1);
  assert.equal(full.message, `cannot write plan file ${at('file')}: no space left on the device`);
  const bug = new TypeError('x is undefined');
  assert.equal(fileError(bug, 'read', 'spec', at('file'), 'file'), bug);
});
