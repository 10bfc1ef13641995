// Data-driven condition cases (cases/*.yaml), each tied to the AWS documentation page it encodes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { compileConditions } from '../../../src/policy/conditions/index.js';
import { contextView, type ConditionClause, type ContextValue } from '../../../src/policy/types.js';
import { repoRoot } from '../../helpers/paths.js';

interface ClauseInput {
  operator: string;
  key: string;
  values: string | number | boolean | (string | number | boolean)[];
}

interface Case extends Partial<ClauseInput> {
  name?: string;
  doc?: string;
  clauses?: ClauseInput[];
  context: Record<string, ContextValue>;
  /** Policy Version 2012-10-17 (variables on) unless false. */
  variables?: boolean;
  /** test() result. */
  expect?: boolean;
  /** discover() outcome: true/false, or the requirement texts of a "needs" outcome. */
  discover?: boolean | string[];
  /** discover() runs for a Deny statement. */
  negated?: boolean;
}

interface CaseFile {
  doc: string;
  cases: Case[];
}

const dir = join(repoRoot, 'test', 'policy', 'conditions', 'cases');

function clausesOf(c: Case): ConditionClause[] {
  const inputs = c.clauses ?? [{ operator: c.operator!, key: c.key!, values: c.values! }];
  return inputs.map((i) => ({ operator: i.operator, key: i.key, values: (Array.isArray(i.values) ? i.values : [i.values]).map(String) }));
}

function title(c: Case): string {
  if (c.name) return c.name;
  const clauses = clausesOf(c).map((k) => `${k.operator} ${k.key} ${JSON.stringify(k.values)}`).join(' & ');
  return `${clauses} in ${JSON.stringify(c.context)}`;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const { doc, cases } = parse(readFileSync(join(dir, file), 'utf8')) as CaseFile;
  describe(file, () => {
    test('cites AWS documentation and has cases both ways', () => {
      assert.match(doc, /^https:\/\/docs\.aws\.amazon\.com\//);
      for (const c of cases) if (c.doc) assert.match(c.doc, /^https:\/\/docs\.aws\.amazon\.com\//);
      const outcomes = cases.flatMap((c) => [c.expect, c.discover]).filter((o) => o !== undefined);
      assert.ok(outcomes.includes(true) || outcomes.some(Array.isArray), 'no case that holds');
      assert.ok(outcomes.includes(false), 'no case that fails');
    });
    for (const c of cases) {
      test(title(c), () => {
        assert.ok(c.expect !== undefined || c.discover !== undefined, 'case expects nothing');
        const compiled = compileConditions(clausesOf(c), c.variables ?? true);
        const context = contextView(c.context);
        if (c.expect !== undefined) assert.equal(compiled.test(context), c.expect);
        if (c.discover !== undefined) {
          const outcome = compiled.discover(context, c.negated ?? false);
          const expected = typeof c.discover === 'boolean' ? { kind: String(c.discover) } : { kind: 'needs', texts: c.discover };
          const actual = outcome.kind === 'needs' ? { kind: 'needs', texts: outcome.requirements.map((r) => r.text) } : { kind: outcome.kind };
          assert.deepEqual(actual, expected);
        }
      });
    }
  });
}
