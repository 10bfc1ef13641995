// The indexed builder gives exactly the edges (and labels, and risks) of trying every caller
// against every role, on many small random organizations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { edgeLines, exhaustiveGraph } from './exhaustive.js';
import { randomSnapshot } from './random-org.js';

const SEEDS = 150;

describe('indexed graph = exhaustive graph', () => {
  it(`on ${SEEDS} random organizations`, () => {
    let edges = 0;
    const kinds = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const snapshot = randomSnapshot(seed);
      const graph = buildGraph(snapshot);
      assert.deepEqual(edgeLines(graph), edgeLines(exhaustiveGraph(snapshot)), `seed ${seed}`);
      edges += graph.edgeCount;
      for (const e of graph.edges()) kinds.add(`${graph.nodes[e.from]!.kind}${e.risk ? ' risky' : ''}${e.summary === 'allowed unconditionally' ? '' : ' conditional'}`);
    }
    // The organizations are varied enough to mean something: many edges, of every caller kind.
    assert.ok(edges > 1000, `${edges} edges`);
    for (const kind of ['user', 'role', 'account', 'account risky', 'service', 'federated conditional', 'federated risky', 'anyone risky', 'anyone conditional', 'user conditional', 'role conditional']) assert.ok(kinds.has(kind), `no ${kind} edge among ${[...kinds].join(', ')}`);
  });
});
