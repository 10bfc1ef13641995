// The indexed builder gives exactly the edges (and labels, and risks) of trying every caller
// against every role, on many small random organizations; and its shortcut (plain evaluation when
// no condition needs a missing key) answers exactly as discovery does. Both build on the graph's own
// decision (decideEdge), so a third reference asks the policy engine itself, pair by pair, with
// the request context AWS would build (engine-reference.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { callerContext, decideEdge, edgeRequest, layered, relevant, roleContext } from '../../src/graph/decide.js';
import { readModel } from '../../src/graph/model.js';
import { describeAlternatives, discover } from '../../src/policy/discover.js';
import { graphEdges, referenceEdges } from './engine-reference.js';
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

describe('plain evaluation where every condition key is known = discovery', () => {
  it(`for every relevant pair of ${SEEDS / 5} random organizations`, () => {
    let pairs = 0;
    for (let seed = 1; seed <= SEEDS / 5; seed++) {
      const model = readModel(randomSnapshot(seed));
      for (const caller of model.callers) {
        if (!caller) continue;
        const callerKeys = callerContext(model.org, caller);
        for (const role of model.roles) {
          if (!relevant(caller, role)) continue;
          const roleKeys = roleContext(model.org, role);
          const { request, policies } = edgeRequest(caller, role);
          const answer = discover(request, policies, layered(callerKeys, roleKeys));
          const decided = decideEdge(caller, callerKeys, role, roleKeys);
          assert.equal(decided && describeAlternatives(decided), answer.possible ? answer.summary : undefined, `seed ${seed}: ${request.principal} -> ${request.resource}`);
          pairs++;
        }
      }
    }
    assert.ok(pairs > 4000, `${pairs} pairs`);
  });
});

describe('graph = the policy engine asked pair by pair', () => {
  it(`on ${SEEDS / 5} random organizations with outside principals, trust conditions and SCPs`, () => {
    let edges = 0;
    let outside = 0;
    for (let seed = 1; seed <= SEEDS / 5; seed++) {
      const snapshot = randomSnapshot(seed, { outsideCollected: true });
      const graph = buildGraph(snapshot);
      assert.deepEqual(graphEdges(graph), referenceEdges(snapshot, graph), `seed ${seed}`);
      edges += graph.edgeCount;
      outside += [...graph.edges()].filter((e) => graph.nodes[e.from]!.accountId !== undefined && !graph.nodes[e.from]!.inOrg).length;
    }
    // Enough edges, and enough from outside the organization, to mean something.
    assert.ok(edges > 1000 && outside > 150, `${edges} edges, ${outside} from outside the organization`);
  });
});
