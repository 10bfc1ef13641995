// The lazy graph (edges decided as a search meets them) equals the whole graph: every role's
// incoming edges, every node's outgoing edges, and a search from outside the organization reaches
// the same nodes in the same number of hops by the same paths, with the same conditions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import { LazyGraph } from '../../src/graph/lazy.js';
import { graphEdges, pathTo, searchForward, type AssumeEdges, type CallerScope, type DecidedEdge } from '../../src/graph/search.js';
import { describeAlternatives } from '../../src/policy/discover.js';
import { generateSnapshot } from '../../src/snapshot/synthetic.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { randomSnapshot } from './random-org.js';

const SEEDS = 150;
const EVERYONE: CallerScope = { anyone: true, federated: true, services: true, account: () => true };

function lines(edges: AssumeEdges, list: DecidedEdge[]): string[] {
  return list.map((e) => `${edges.nodes[e.from]!.arn} -> ${edges.nodes[e.to]!.arn} ${describeAlternatives(e.conditions)}`);
}

function roleArns(snapshot: Snapshot): string[] {
  return snapshot.accounts.flatMap((a) => a.details.RoleDetailList.map((r) => r.Arn));
}

/** Every role entered from outside the organization (first edge in caller order), then breadth first: each reached node with its hops and path. */
function searchFromOutside(edges: AssumeEdges, snapshot: Snapshot): string[] {
  const inOrg = new Set(snapshot.org.accounts.map((a) => a.id));
  const outside: CallerScope = { anyone: true, federated: true, services: false, account: (id) => !inOrg.has(id) };
  const entries = new Map<number, DecidedEdge>();
  for (const arn of roleArns(snapshot)) {
    const role = edges.role(arn);
    const entry = role && edges.incoming(role.index, outside)[0];
    if (entry) entries.set(entry.to, entry);
  }
  const reach = searchForward(edges, [...entries.keys()]);
  return [...reach.hops.keys()].map((n) => `${reach.hops.get(n)} ${lines(edges, [entries.get(pathTo(reach, n)![0]?.from ?? n)!, ...pathTo(reach, n)!]).join(' | ')}`).sort();
}

function compare(snapshot: Snapshot, graph: AccessGraph, label: string): number {
  const whole = graphEdges(graph);
  const lazy = new LazyGraph(snapshot);
  let edges = 0;
  for (const arn of roleArns(snapshot)) {
    const [w, l] = [whole.role(arn), lazy.role(arn)];
    assert.equal(l?.arn, w?.arn, `${label}: role ${arn}`);
    if (!w || !l) continue;
    const expected = lines(whole, whole.incoming(w.index, EVERYONE));
    assert.deepEqual(lines(lazy, lazy.incoming(l.index, EVERYONE)), expected, `${label}: into ${arn}`);
    edges += expected.length;
  }
  // Every caller with an edge has been met: its outgoing edges, found forward, are the same.
  const met = new Map(lazy.nodes.map((n) => [n.arn, n.index]));
  for (const node of graph.nodes) {
    if (graph.outgoing(node.index).length) assert.ok(met.has(node.arn), `${label}: ${node.arn} not met`);
    const l = met.get(node.arn);
    if (l !== undefined) assert.deepEqual(lines(lazy, lazy.outgoing(l)), lines(whole, whole.outgoing(node.index)), `${label}: out of ${node.arn}`);
  }
  assert.deepEqual(searchFromOutside(new LazyGraph(snapshot), snapshot), searchFromOutside(whole, snapshot), `${label}: search from outside`);
  return edges;
}

describe('lazy graph = whole graph', () => {
  it(`on ${SEEDS} random organizations: incoming, outgoing, search from outside`, () => {
    let edges = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const snapshot = randomSnapshot(seed);
      edges += compare(snapshot, buildGraph(snapshot), `seed ${seed}`);
    }
    assert.ok(edges > 1000, `${edges} edges`);
  });

  it('on a generated organization', () => {
    const { snapshot } = generateSnapshot({ accounts: 30, rolesPerAccount: 20, usersPerAccount: 4, seed: 3 });
    const graph = buildGraph(snapshot);
    assert.ok(compare(snapshot, graph, 'generated') > 500);
    assert.ok(searchFromOutside(graphEdges(graph), snapshot).some((line) => line.startsWith('1 ')), 'a path of more than one hop from outside');
  });

  it('a search from one way in meets a small part of the organization', () => {
    const { snapshot, planted } = generateSnapshot({ accounts: 30, rolesPerAccount: 20, usersPerAccount: 4, seed: 3 });
    const way = planted.find((p) => p.code === 'EXTERNAL_PATH_TO_ADMIN')!;
    const lazy = new LazyGraph(snapshot);
    const entry = lazy.role(way.roleArn)!;
    const outside: CallerScope = { anyone: false, federated: false, services: false, account: (id) => !snapshot.org.accounts.some((a) => a.id === id) };
    assert.equal(lazy.incoming(entry.index, outside).length, 1, 'the vendor gets in');
    const reach = searchForward(lazy, [entry.index]);
    assert.ok(reach.hops.size >= 2, 'and on to an admin role');
    const roles = roleArns(snapshot).length;
    assert.ok(lazy.nodes.length < roles / 10, `${lazy.nodes.length} nodes met of ${roles} roles`);
  });
});
