// Edges asked for node by node, from the whole graph (AccessGraph) or decided as a search meets
// them (LazyGraph, lazy.ts), and one breadth-first search over either. Both give a node's edges in
// the same order (callers: anyone, providers, accounts, users and roles, services, each by ARN;
// roles: snapshot order), so a search finds the same paths on both.
import type { Alternatives } from '../policy/discover.js';
import type { AccessGraph } from './graph.js';
import type { GraphNode, NodeKind } from './types.js';

export interface DecidedEdge {
  from: number;
  to: number;
  conditions: Alternatives;
}

/** Which callers to consider: by kind, and users, roles and accounts by their account. */
export interface CallerScope {
  anyone: boolean;
  federated: boolean;
  services: boolean;
  account(accountId: string): boolean;
}

export interface AssumeEdges {
  /** Nodes met so far (a lazy graph adds to them). */
  readonly nodes: readonly GraphNode[];
  /** The node of a collected role by its exact ARN. */
  role(arn: string): GraphNode | undefined;
  /** Edges into a role from the callers in scope, in caller order. */
  incoming(role: number, scope: CallerScope): DecidedEdge[];
  /** Edges leaving a node, in role order. */
  outgoing(node: number): DecidedEdge[];
}

export function inScope(node: GraphNode, scope: CallerScope): boolean {
  switch (node.kind) {
    case 'anyone':
      return scope.anyone;
    case 'federated':
      return scope.federated;
    case 'service':
      return scope.services;
    case 'group':
      return false;
    default:
      return node.accountId !== undefined && scope.account(node.accountId);
  }
}

const KIND_ORDER: Record<NodeKind, number> = { anyone: 0, federated: 1, account: 2, user: 3, role: 3, service: 4, group: 5 };

/** Caller order: anyone, providers, accounts, users and roles, services; each by ARN. */
export function compareCallers(a: GraphNode, b: GraphNode): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);
}

/** The whole graph's edges, through the same questions as a lazy graph. */
export function graphEdges(graph: AccessGraph): AssumeEdges {
  const decided = (e: number): DecidedEdge => ({ from: graph.edgeFrom(e), to: graph.edgeTo(e), conditions: graph.conditionsOf(e) });
  return {
    nodes: graph.nodes,
    role: (arn) => {
      const node = graph.find(arn);
      return node?.kind === 'role' && node.arn === arn ? node : undefined;
    },
    incoming: (role, scope) =>
      Array.from(graph.incoming(role))
        .filter((e) => inScope(graph.nodes[graph.edgeFrom(e)]!, scope))
        .sort((a, b) => compareCallers(graph.nodes[graph.edgeFrom(a)]!, graph.nodes[graph.edgeFrom(b)]!))
        .map(decided),
    // Edges are sorted by role node, and role nodes are numbered in snapshot order.
    outgoing: (node) => Array.from(graph.outgoing(node), decided),
  };
}

export interface ForwardReach {
  /** Edges from the nearest source, per reached node (sources: 0). */
  hops: Map<number, number>;
  /** The edge each reached node was first reached by (none for sources). */
  via: Map<number, DecidedEdge>;
}

/** Breadth first from the sources (in their order), each node's edges in order: the first edge to reach a node is its `via`. */
export function searchForward(edges: AssumeEdges, sources: readonly number[]): ForwardReach {
  const hops = new Map<number, number>();
  const via = new Map<number, DecidedEdge>();
  const queue: number[] = [];
  for (const s of sources) {
    if (hops.has(s)) continue;
    hops.set(s, 0);
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    const next = hops.get(u)! + 1;
    for (const edge of edges.outgoing(u)) {
      if (hops.has(edge.to)) continue;
      hops.set(edge.to, next);
      via.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  return { hops, via };
}

/** The edges from a source to a reached node, source first ([] for a source, undefined when not reached). */
export function pathTo(reach: ForwardReach, node: number): DecidedEdge[] | undefined {
  if (!reach.hops.has(node)) return undefined;
  const path: DecidedEdge[] = [];
  for (let edge = reach.via.get(node); edge; edge = reach.via.get(edge.from)) path.push(edge);
  return path.reverse();
}
