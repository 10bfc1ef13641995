// Data-driven discovery cases (cases/*.json): a simulation case (see src/policy/case.ts) plus
// `expectPossible` and, when possible, `expectAlternatives`: the requirement texts of each
// alternative, compared without regard to order within or across alternatives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCase } from '../../../src/policy/case.js';
import { discover } from '../../../src/policy/discover.js';
import { evaluate } from '../../../src/policy/evaluate.js';
import { repoRoot } from '../../helpers/paths.js';

interface Expectations {
  expectPossible: boolean;
  /** Requirement texts per alternative; `[[]]` is "allowed unconditionally". */
  expectAlternatives?: string[][];
  /** A regular expression the reason of an impossible request must match. */
  expectReason?: string;
}

const dir = join(repoRoot, 'test', 'policy', 'discover', 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** Alternatives as sorted lists of texts, the lists sorted, so order does not matter. */
function normalize(alternatives: string[][]): string[][] {
  return alternatives.map((a) => [...a].sort()).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe('discover', () => {
  test('the cases include possible and impossible requests', () => {
    const all = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expectations);
    assert.ok(all.some((c) => c.expectPossible) && all.some((c) => !c.expectPossible));
  });

  for (const file of files) {
    test(file, () => {
      const { expectPossible, expectAlternatives, expectReason, ...simulation } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Expectations & Record<string, unknown>;
      assert.equal(typeof expectPossible, 'boolean', 'the case states expectPossible');
      assert.equal(expectPossible, expectAlternatives !== undefined, 'expectAlternatives exactly when possible');
      const loaded = loadCase(file, JSON.stringify(simulation));
      assert.ok(loaded.case.name, 'every case has a name');
      const result = discover(loaded.request, loaded.policies);
      if (result.possible) {
        assert.ok(expectPossible, `expected impossible, got: ${result.summary}`);
        assert.deepEqual(normalize(result.alternatives.map((a) => a.map((r) => r.text))), normalize(expectAlternatives!));
        if (result.alternatives.some((a) => a.length === 0)) assert.equal(result.summary, 'allowed unconditionally');
      } else {
        assert.ok(!expectPossible, `expected possible, got: ${result.reason}`);
        if (expectReason) assert.match(result.reason, new RegExp(expectReason));
      }
      // Cross-check with evaluate on the context as given: unconditional → allowed now, never → denied.
      const { decision, explanation } = evaluate(loaded.request, loaded.policies);
      if (!result.possible) assert.notEqual(decision, 'Allowed', `evaluate allows: ${explanation.reason}`);
      else if (result.alternatives.some((a) => a.length === 0)) assert.equal(decision, 'Allowed', `evaluate says ${decision}: ${explanation.reason}`);
    });
  }
});
