// Reachability over can-assume edges (roles chain): breadth-first from many sources at once, so one
// pass answers "who can reach this role" or "what can these principals reach", with every
// shortest path recoverable from the hop counts. Cycles are harmless: a node is visited once.
import type { AccessGraph } from './graph.js';

export interface ReachOptions {
  /** Follow at most this many edges (default: no limit). */
  maxHops?: number;
}

export interface Reach {
  /** forward: from the sources along edges; backward: towards the targets against them. */
  direction: 'forward' | 'backward';
  /** The nodes the search started from. */
  sources: readonly number[];
  /** Per node: edges to (forward: from) the nearest source; -1 = not reached. */
  hops: Int32Array;
  /** Reached nodes (sources excluded), nearest first. */
  reached: number[];
}

/** Everything the sources can reach (each role they can assume, directly or through other roles). */
export function reachFrom(graph: AccessGraph, sources: Iterable<number>, options: ReachOptions = {}): Reach {
  return search(graph, 'forward', [...sources], options.maxHops ?? Infinity);
}

/** Every node that can reach one of the targets. */
export function reachTo(graph: AccessGraph, targets: Iterable<number>, options: ReachOptions = {}): Reach {
  return search(graph, 'backward', [...targets], options.maxHops ?? Infinity);
}

function search(graph: AccessGraph, direction: Reach['direction'], sources: number[], maxHops: number): Reach {
  const hops = new Int32Array(graph.nodes.length).fill(-1);
  const queue = new Int32Array(graph.nodes.length);
  let head = 0;
  let tail = 0;
  for (const s of sources) {
    if (hops[s] === 0) continue;
    hops[s] = 0;
    queue[tail++] = s;
  }
  const firstReached = tail;
  const forward = direction === 'forward';
  while (head < tail) {
    const u = queue[head++]!;
    const next = hops[u]! + 1;
    if (next > maxHops) continue;
    const edges = forward ? graph.outgoing(u) : graph.incoming(u);
    for (let i = 0; i < edges.length; i++) {
      const v = forward ? graph.edgeTo(edges[i]!) : graph.edgeFrom(edges[i]!);
      if (hops[v] !== -1) continue;
      hops[v] = next;
      queue[tail++] = v;
    }
  }
  return { direction, sources, hops, reached: Array.from(queue.subarray(firstReached, tail)) };
}

/**
 * Up to `limit` shortest paths between a reached node and the search's sources, each a list of
 * edge indexes in the direction of travel (caller first): forward search, source → node;
 * backward search, node → target. [] when the node is a source, none when it was not reached.
 */
export function shortestPaths(graph: AccessGraph, reach: Reach, node: number, limit = 1): number[][] {
  if (reach.hops[node] === -1) return [];
  const out: number[][] = [];
  const trail: number[] = [];
  const forward = reach.direction === 'forward';
  const walk = (at: number): void => {
    const h = reach.hops[at]!;
    if (h === 0) {
      out.push(forward ? [...trail].reverse() : [...trail]);
      return;
    }
    const edges = forward ? graph.incoming(at) : graph.outgoing(at);
    for (let i = 0; i < edges.length && out.length < limit; i++) {
      const e = edges[i]!;
      const prev = forward ? graph.edgeFrom(e) : graph.edgeTo(e);
      if (reach.hops[prev] !== h - 1) continue;
      trail.push(e);
      walk(prev);
      trail.pop();
    }
  };
  walk(node);
  return out;
}
