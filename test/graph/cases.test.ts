// Hand-made organizations (cases/*.json): the graph has exactly the listed edges, each with its
// conditions and risk, and the indexed builder agrees with the exhaustive reference.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import type { Org } from '../../src/org/schema.js';
import { edgeLines, exhaustiveGraph } from './exhaustive.js';
import { buildSnapshot, testOrg, type CaseAccount } from './snapshot-builder.js';

interface GraphCase {
  description: string;
  orgPolicies?: Org['policies'];
  accounts: Record<string, CaseAccount>;
  /** Every edge of the graph, as `from -> to [action] summary {risk}`. */
  edges: string[];
  warnings?: string[];
}

const dir = join(import.meta.dirname, 'cases');

describe('graph cases', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GraphCase;
    it(`${file}: ${c.description}`, () => {
      const snapshot = buildSnapshot(testOrg(c.orgPolicies ?? []), c.accounts);
      const graph = buildGraph(snapshot);
      assert.deepEqual(edgeLines(graph), [...c.edges].sort());
      assert.deepEqual(edgeLines(exhaustiveGraph(snapshot)), edgeLines(graph));
      assert.deepEqual(graph.warnings, c.warnings ?? []);
    });
  }
});
