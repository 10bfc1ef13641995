// The correctness corpus: every case under corpus/ encodes one rule of AWS's documentation and
// names the page; the engine must give the expected decision (and deciding layer, when stated).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { loadCase } from '../../src/policy/case.js';
import { evaluate } from '../../src/policy/evaluate.js';
import { repoRoot } from '../helpers/paths.js';

const root = join(repoRoot, 'test', 'policy', 'corpus');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
}

const files = walk(root);

test('the corpus has hundreds of cases', () => {
  assert.ok(files.length >= 200, `only ${files.length} cases`);
});

for (const folder of [...new Set(files.map((f) => relative(root, f).split('/')[0]!))]) {
  describe(folder, () => {
    for (const file of files.filter((f) => relative(root, f).startsWith(`${folder}/`))) {
      const name = relative(root, file);
      test(name, () => {
        const loaded = loadCase(name, readFileSync(file, 'utf8'));
        assert.ok(loaded.case.name, 'every case has a name');
        assert.match(loaded.case.doc ?? '', /^https:\/\/docs\.aws\.amazon\.com\//, 'every case names the AWS documentation page it encodes');
        assert.ok(loaded.case.expect, 'every corpus case states its expected decision');
        const { decision, explanation } = evaluate(loaded.request, loaded.policies);
        assert.equal(decision, loaded.case.expect, `${loaded.case.name}: ${explanation.reason}`);
        if (loaded.case.expectLayer) assert.equal(explanation.blockedBy?.layer, loaded.case.expectLayer, explanation.reason);
      });
    }
  });
}
