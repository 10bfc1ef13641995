// Golden files: the synthesized output for the fixture, committed under test/synth/golden/.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 node --import tsx --test test/synth/golden.test.ts
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { synthesize } from '../../src/synth/index.js';
import { org, state } from './fixtures/state.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

test('synthesized files equal the golden files', () => {
  const files = synthesize(state, org);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const [path, content] of files) {
      mkdirSync(dirname(join(GOLDEN, path)), { recursive: true });
      writeFileSync(join(GOLDEN, path), content);
    }
  }
  const golden = readTree(GOLDEN);
  assert.deepEqual([...files.keys()].sort(), [...golden.keys()].sort(), 'file list differs from test/synth/golden (UPDATE_GOLDEN=1 regenerates)');
  for (const [path, content] of files) assert.equal(content, golden.get(path), `${path} differs from its golden file (UPDATE_GOLDEN=1 regenerates)`);
});

test('two runs are byte-identical, in the same order', () => {
  const first = [...synthesize(state, org)];
  const second = [...synthesize(structuredClone(state), structuredClone(org))];
  assert.deepEqual(second, first);
  assert.deepEqual(
    first.map(([path]) => path),
    first.map(([path]) => path).sort(),
    'paths come out sorted',
  );
  for (const [path, content] of first) assert.ok(content.endsWith('\n'), `${path} ends with a newline`);
});
