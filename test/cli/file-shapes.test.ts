// Every command that reads or writes a file the user names, given a path of the wrong shape (a
// directory where a file belongs, a file where a directory belongs, a dangling or looping symbolic
// link, a path through a file): one line naming the path and what is wrong, exit 2, no stack trace,
// never "internal error". The live commands check their output paths before any AWS call, so
// these run without an endpoint.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { buildSnapshot, testOrg } from '../graph/snapshot-builder.js';
import { crossroleAsync, type CliResult } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-shapes-'));
after(() => rmSync(root, { recursive: true, force: true }));

type Shape = 'directory' | 'file' | 'dangling' | 'loop' | 'through-file';

/** What the message says for each shape. */
const REASON: Record<Shape, RegExp> = {
  directory: /: is a directory, not a file/,
  file: /: is a file, not a directory/,
  dangling: /: is a symbolic link to \S*nowhere, which does not exist/,
  loop: /: is a symbolic link that loops/,
  'through-file': /: \S*plain is a file, not a directory/,
};

let made = 0;
/** A fresh path of the given shape. */
function badPath(shape: Shape, name: string): string {
  const dir = join(root, `${++made}`);
  mkdirSync(dir);
  const path = join(dir, name);
  if (shape === 'directory') mkdirSync(path);
  if (shape === 'file') writeFileSync(path, '{}');
  if (shape === 'dangling') symlinkSync(join(dir, 'nowhere'), path);
  if (shape === 'loop') symlinkSync(path, path);
  if (shape === 'through-file') {
    writeFileSync(join(dir, 'plain'), '');
    return join(dir, 'plain', name);
  }
  return path;
}

/** A small valid snapshot, so that only the planted shape is wrong. */
function snapshot(): string {
  const dir = join(root, `${++made}`);
  writeSnapshot(dir, buildSnapshot(testOrg(), { '111111111111': {}, '222222222222': {} }));
  return dir;
}

const spec = join(repoRoot, 'examples', 'hub-spoke.yaml');
const org = join(repoRoot, 'examples', 'org.json');
const ROLE = 'arn:aws:iam::111111111111:role/Admin';
// Live commands must stop before their first AWS call; nothing listens here.
const offline = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1', AWS_CONFIG_FILE: join(root, 'no-config') };

interface Row {
  /** The command line, given the bad path. */
  args: (bad: string) => string[];
  /** The shapes tried, and for each the name of the bad path. */
  shapes: Shape[];
  name: string;
}

// [command and argument, the shapes tried]: every command and path option, every shape several times.
const rows: [string, Row][] = [
  ['validate --spec', { args: (p) => ['validate', '--spec', p, '--org', org], shapes: ['directory'], name: 'crossrole.yaml' }],
  ['validate --org', { args: (p) => ['validate', '--spec', spec, '--org', p], shapes: ['loop'], name: 'org.json' }],
  ['targets --spec', { args: (p) => ['targets', '--spec', p, '--org', org], shapes: ['dangling'], name: 'crossrole.yaml' }],
  ['targets --org', { args: (p) => ['targets', '--spec', spec, '--org', p], shapes: ['through-file'], name: 'org.json' }],
  ['synth --spec', { args: (p) => ['synth', '--spec', p, '--org', org, '--out', join(root, 'unused-out')], shapes: ['loop'], name: 'crossrole.yaml' }],
  ['synth --org', { args: (p) => ['synth', '--spec', spec, '--org', p, '--out', join(root, 'unused-out')], shapes: ['directory'], name: 'org.json' }],
  ['synth --out', { args: (p) => ['synth', '--spec', spec, '--org', org, '--out', p], shapes: ['file', 'dangling'], name: 'out' }],
  ['lint FILE', { args: (p) => ['lint', p], shapes: ['directory'], name: 'policy.json' }],
  ['lint --org', { args: (p) => ['lint', join(repoRoot, 'examples', 'cases', 'hub-assumes-spoke.json'), '--org', p], shapes: ['dangling'], name: 'org.json' }],
  ['simulate PATH', { args: (p) => ['simulate', p], shapes: ['dangling'], name: 'case.json' }],
  ['audit --snapshot', { args: (p) => ['audit', '--snapshot', p], shapes: ['file'], name: 'snapshot' }],
  ['audit --spec', { args: (p) => ['audit', '--snapshot', snapshot(), '--spec', p], shapes: ['directory'], name: 'crossrole.yaml' }],
  ['audit --trusted-accounts', { args: (p) => ['audit', '--snapshot', snapshot(), '--trusted-accounts', p], shapes: ['loop'], name: 'trusted.yaml' }],
  ['who-can-assume --snapshot', { args: (p) => ['who-can-assume', ROLE, '--snapshot', p], shapes: ['through-file'], name: 'snapshot' }],
  ['reach --snapshot', { args: (p) => ['reach', ROLE, '--snapshot', p], shapes: ['loop'], name: 'snapshot' }],
  ['path --snapshot', { args: (p) => ['path', ROLE, ROLE, '--snapshot', p], shapes: ['dangling'], name: 'snapshot' }],
  ['graph --snapshot', { args: (p) => ['graph', '--snapshot', p], shapes: ['file'], name: 'snapshot' }],
  ['collect --out', { args: (p) => ['collect', '--out', p], shapes: ['file'], name: 'snapshot' }],
  ['plan --out', { args: (p) => ['plan', '--spec', spec, '--org', org, '--out', p], shapes: ['directory'], name: 'plan.json' }],
  ['apply --plan', { args: (p) => ['apply', '--spec', spec, '--org', org, '--plan', p, '--auto-approve'], shapes: ['dangling'], name: 'plan.json' }],
  ['discover --out', { args: (p) => ['discover', '--out', p], shapes: ['through-file'], name: 'org.json' }],
  ['profiles --config', { args: (p) => ['profiles', '--spec', spec, '--org', org, '--config', p], shapes: ['directory'], name: 'config' }],
];

function assertOneLine(r: CliResult, path: string, reason: RegExp): void {
  assert.equal(r.status, 2, `exit ${r.status}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
  // Progress lines (audit's "reading snapshot: 1/2") may come first; the error is one line, the last.
  const lines = r.stderr.trim().split('\n');
  const naming = lines.filter((line) => line.includes(path));
  assert.equal(naming.length, 1, `one line names ${path}:\n${r.stderr}`);
  assert.equal(lines.at(-1), naming[0]);
  assert.match(naming[0]!, reason);
}

// Two CLI processes at a time: each is mostly start-up.
const parallel = { concurrency: 2 };

describe('a path of the wrong shape: one located error, exit 2', parallel, () => {
  for (const [title, row] of rows) {
    for (const shape of row.shapes) {
      test(`${title}: ${shape}`, async () => {
        const bad = badPath(shape, row.name);
        assertOneLine(await crossroleAsync(row.args(bad), repoRoot, offline), bad, REASON[shape]);
      });
    }
  }
});

describe('a snapshot with a part of the wrong shape', parallel, () => {
  const cases: [string, (dir: string) => string, string[], RegExp][] = [
    [
      'org.json is a directory',
      (dir) => {
        rmSync(join(dir, 'org.json'));
        mkdirSync(join(dir, 'org.json'));
        return join(dir, 'org.json');
      },
      ['audit'],
      REASON.directory,
    ],
    [
      'accounts is a file',
      (dir) => {
        rmSync(join(dir, 'accounts'), { recursive: true });
        writeFileSync(join(dir, 'accounts'), '');
        return join(dir, 'accounts');
      },
      ['who-can-assume', ROLE],
      REASON.file,
    ],
    [
      'an account file is a directory',
      (dir) => {
        const file = join(dir, 'accounts', '222222222222.json');
        rmSync(file);
        mkdirSync(file);
        return file;
      },
      ['graph'],
      REASON.directory,
    ],
    [
      'an account file is a dangling symbolic link',
      (dir) => {
        const file = join(dir, 'accounts', '222222222222.json');
        rmSync(file);
        symlinkSync(join(dir, 'nowhere'), file);
        return file;
      },
      ['reach', ROLE],
      REASON.dangling,
    ],
    [
      'org.json is a symbolic link loop',
      (dir) => {
        const file = join(dir, 'org.json');
        copyFileSync(file, join(dir, 'org-copy.json'));
        rmSync(file);
        symlinkSync(file, file);
        return file;
      },
      ['path', ROLE, ROLE],
      REASON.loop,
    ],
  ];
  for (const [title, plant, command, reason] of cases) {
    test(`${title} (${command[0]})`, async () => {
      const dir = snapshot();
      const bad = plant(dir);
      assertOneLine(await crossroleAsync([...command, '--snapshot', dir], repoRoot, process.env), bad, reason);
    });
  }
});
