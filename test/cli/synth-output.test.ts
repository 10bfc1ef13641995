// `crossrole synth --out DIR`: deletes nothing outside DIR whatever its manifest says, changes
// nothing when it fails, keeps the files crossrole did not write and removes its stale ones.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { crossrole } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-synth-out-'));
after(() => rmSync(root, { recursive: true, force: true }));

const synth = (out: string, spec = 'hub-spoke') => crossrole(['synth', '--spec', `examples/${spec}.yaml`, '--org', 'examples/org.json', '--out', out]);
const MANIFEST = '.crossrole-files.json';
let cases = 0;

/** A fresh parent with `out` synthesized into it and a victim file beside it. */
function outputBeside(spec = 'hub-spoke'): { parent: string; out: string; victim: string } {
  const parent = join(root, `case-${++cases}`);
  mkdirSync(parent);
  const out = join(parent, 'out');
  const r = synth(out, spec);
  assert.equal(r.status, 0, r.stderr);
  const victim = join(parent, 'victim.txt');
  writeFileSync(victim, 'not crossrole’s');
  return { parent, out, victim };
}

/** Every entry under `dir`: its kind and content (or link target), and the inode, so a replaced file shows. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const path = join(prefix, name);
    const full = join(dir, path);
    const stat = lstatSync(full);
    if (stat.isDirectory()) Object.assign(entries, { [path]: `dir ${stat.mode}` }, tree(dir, path));
    else if (stat.isSymbolicLink()) entries[path] = `link ${readlinkSync(full)}`;
    else entries[path] = `file ${stat.ino} ${stat.mode} ${readFileSync(full, 'utf8')}`;
  }
  return entries;
}

function assertRefused(r: ReturnType<typeof crossrole>, message: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
  // The spec's own warnings aside, one line.
  assert.equal(r.stderr.trim().split('\n').filter((line) => !/: warning: /.test(line)).length, 1, r.stderr);
}

describe('a manifest is trusted only for paths inside --out', () => {
  const invalid: [string, string][] = [
    ['a path leaving the directory', '["../victim.txt"]'],
    ['an absolute path', '["/etc/hostname"]'],
    ['a path through ..', '["cloudformation/../../victim.txt"]'],
    ['a path with an empty part', '["cloudformation//x"]'],
    ['not an array', '{"files": []}'],
    ['an entry that is not a string', '[1]'],
    ['not JSON', '["aws-config"'],
  ];
  for (const [name, manifest] of invalid) {
    test(`${name}: exit 2 naming the manifest, nothing deleted`, () => {
      const { parent, out, victim } = outputBeside();
      writeFileSync(join(out, MANIFEST), manifest);
      const before = tree(parent);
      assertRefused(synth(out, 'third-party'), new RegExp(`^${join(out, MANIFEST).replaceAll('.', '\\.')}: not the list of files crossrole wrote`));
      assert.deepEqual(tree(parent), before);
      assert.equal(readFileSync(victim, 'utf8'), 'not crossrole’s');
    });
  }

  test('a manifest that is a directory is refused', () => {
    const { out } = outputBeside();
    rmSync(join(out, MANIFEST));
    mkdirSync(join(out, MANIFEST));
    assertRefused(synth(out), /\.crossrole-files\.json: not the list of files crossrole wrote \(it is not a plain file\)/);
  });

  test('symbolic links inside --out are removed or kept as links, never followed', () => {
    const { parent, out, victim } = outputBeside();
    const outside = join(parent, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'trust.json'), 'keep');
    // Listed in the manifest (crossrole wrote it), now a link to a file outside: the link goes, its target stays.
    rmSync(join(out, 'aws-config'));
    symlinkSync(victim, join(out, 'aws-config'));
    // Not listed: the user's link, kept as it is.
    symlinkSync(outside, join(out, 'outside-link'));
    const r = synth(out, 'third-party');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'not crossrole’s');
    assert.equal(readFileSync(join(outside, 'trust.json'), 'utf8'), 'keep');
    assert.ok(lstatSync(join(out, 'aws-config')).isFile());
    assert.equal(readlinkSync(join(out, 'outside-link')), outside);
  });

  test('a directory crossrole writes into that is a link to outside --out is refused, the outside untouched', () => {
    const { parent, out } = outputBeside();
    const outside = join(parent, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'halyard.sh'), 'keep');
    rmSync(join(out, 'aws-cli'), { recursive: true });
    symlinkSync(outside, join(out, 'aws-cli'));
    const before = tree(parent);
    assertRefused(synth(out), /\/out\/aws-cli is a symbolic link where crossrole writes a directory/);
    assert.deepEqual(tree(parent), before);
  });
});

describe('synth replaces --out whole or not at all', () => {
  test('a plain file where a directory must go: exit 2, --out unchanged, no temporary directory left', () => {
    const { parent, out } = outputBeside('third-party');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    rmSync(join(out, 'cloudformation'), { recursive: true });
    writeFileSync(join(out, 'cloudformation'), 'a file of mine');
    const before = tree(parent);
    assertRefused(synth(out, 'hub-spoke'), /\/out\/cloudformation is a file where crossrole writes a directory; move it out of .*\/out or choose another --out$/m);
    assert.deepEqual(tree(parent), before);
  });

  test('files crossrole did not write are kept untouched; files it wrote and no longer generates are removed', () => {
    const { parent, out } = outputBeside('hub-spoke');
    writeFileSync(join(out, 'notes.txt'), 'top');
    writeFileSync(join(out, 'cloudformation', 'README.md'), 'inside a generated directory');
    mkdirSync(join(out, 'spinnaker', 'FleetAccess', 'mine'), { recursive: true });
    writeFileSync(join(out, 'spinnaker', 'FleetAccess', 'mine', 'keep.txt'), 'in a directory that is no longer generated');
    mkdirSync(join(out, 'empty'));
    const mine = ['notes.txt', 'cloudformation/README.md', 'spinnaker/FleetAccess/mine', 'spinnaker/FleetAccess/mine/keep.txt', 'empty'];
    const before = tree(out);

    const r = synth(out, 'third-party');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\d+ stale removed/);
    const afterward = tree(out);
    for (const path of mine) assert.equal(afterward[path], before[path], path);
    assert.ok(!Object.keys(afterward).some((path) => path.includes('FleetAccess') && !path.startsWith('spinnaker/FleetAccess')));
    assert.ok(!('spinnaker/FleetAccess/halyard.sh' in afterward));
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as string[];
    assert.deepEqual(Object.keys(afterward).filter((path) => afterward[path]!.startsWith('file') && path !== MANIFEST && !mine.includes(path)).sort(), [...manifest].sort());
    assert.deepEqual(readdirSync(parent).sort(), ['out', 'victim.txt']);
  });

  test('a file of the user where crossrole writes one is refused, not overwritten', () => {
    const { out } = outputBeside('third-party');
    writeFileSync(join(out, 'resoto-worker-notes.txt'), 'x');
    mkdirSync(join(out, 'resoto'));
    writeFileSync(join(out, 'resoto', 'worker.yaml'), 'my own worker config');
    assertRefused(synth(out, 'resoto-inventory'), /\/out\/resoto\/worker\.yaml was not written by crossrole \(\.crossrole-files\.json does not list it\) and crossrole writes this file/);
    assert.equal(readFileSync(join(out, 'resoto', 'worker.yaml'), 'utf8'), 'my own worker config');
  });

  test('--out through a symbolic link: the directory it names is replaced, the link stays', () => {
    const { parent, out } = outputBeside('third-party');
    const link = join(parent, 'link');
    symlinkSync(out, link);
    const r = synth(link, 'resoto-inventory');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readlinkSync(link), out);
    assert.ok(lstatSync(join(out, 'resoto', 'worker.yaml')).isFile());
  });
});
