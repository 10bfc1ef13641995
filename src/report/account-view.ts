// One account of the access graph, as the report page draws it when you drill down: its users,
// roles and account node, the edges among them, and every edge to or from elsewhere gathered per
// other account (or outside caller) with a count. Runs in the page on the unpacked graph.
import type { AccessGraph } from '../graph/graph.js';
import type { GraphNode } from '../graph/types.js';

export interface AccountView {
  accountId: string;
  nodes: { id: string; arn: string; kind: GraphNode['kind']; name: string }[];
  /** Other accounts and callers without an account, each one node. */
  neighbours: { id: string; label: string; inOrg: boolean }[];
  edges: { from: string; to: string; count: number; risky: number; summary: string }[];
}

export function accountView(graph: AccessGraph, accountId: string): AccountView {
  const own = graph.nodes.filter((n) => n.accountId === accountId && n.kind !== 'group');
  const nodeId = (node: GraphNode) => (node.accountId === accountId ? `n${node.index}` : `p:${node.accountId ?? node.arn}`);
  const neighbours = new Map<string, AccountView['neighbours'][number]>();
  const edges = new Map<string, AccountView['edges'][number]>();
  const add = (e: number) => {
    const from = graph.nodes[graph.edgeFrom(e)]!;
    const to = graph.nodes[graph.edgeTo(e)]!;
    for (const end of [from, to]) {
      const id = nodeId(end);
      if (end.accountId !== accountId && !neighbours.has(id)) neighbours.set(id, { id, label: end.accountId === undefined ? end.name : (graph.account(end.accountId)?.name ?? end.accountId), inOrg: end.inOrg });
    }
    const key = `${nodeId(from)}>${nodeId(to)}`;
    const edge = edges.get(key) ?? { from: nodeId(from), to: nodeId(to), count: 0, risky: 0, summary: graph.edge(e).summary };
    edge.count++;
    if (graph.isRisky(e)) edge.risky++;
    edges.set(key, edge);
  };
  for (const node of own) {
    graph.outgoing(node.index).forEach(add);
    // Edges inside the account were met leaving it.
    for (const e of graph.incoming(node.index)) if (graph.nodes[graph.edgeFrom(e)]!.accountId !== accountId) add(e);
  }
  return { accountId, nodes: own.map((n) => ({ id: nodeId(n), arn: n.arn, kind: n.kind, name: n.name })), neighbours: [...neighbours.values()], edges: [...edges.values()] };
}
