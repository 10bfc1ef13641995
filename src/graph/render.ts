// The graph as a picture (Graphviz dot, Mermaid) or as data (JSON): accounts as clusters, risky
// edges red and dashed, conditional edges labelled with what they need.
import type { AccessGraph } from './graph.js';
import { hopOf, type Hop } from './queries.js';
import type { GraphNode, NodeKind } from './types.js';

export type GraphFormat = 'dot' | 'mermaid' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['dot', 'mermaid', 'json'];

export interface RenderOptions {
  /** Only edges (and memberships) touching this account, with the nodes they connect. */
  account?: string;
}

/** The --format json shape. */
export interface GraphJson {
  organizationId: string;
  accounts: { accountId: string; name: string; inOrg: boolean }[];
  nodes: { arn: string; kind: NodeKind; name: string; accountId?: string; inOrg: boolean; inSnapshot: boolean }[];
  edges: Hop[];
  memberships: { user: string; group: string }[];
}

interface Selection {
  nodes: GraphNode[];
  edges: number[];
  memberships: { user: number; group: number }[];
}

export function renderGraph(graph: AccessGraph, format: GraphFormat, options: RenderOptions = {}): string {
  const selection = select(graph, options.account);
  switch (format) {
    case 'dot':
      return dot(graph, selection);
    case 'mermaid':
      return mermaid(graph, selection);
    case 'json':
      return `${JSON.stringify(json(graph, selection), null, 2)}\n`;
  }
}

function select(graph: AccessGraph, account: string | undefined): Selection {
  const touches = (n: number): boolean => account === undefined || graph.nodes[n]!.accountId === account;
  const edges: number[] = [];
  for (let e = 0; e < graph.edgeCount; e++) if (touches(graph.edgeFrom(e)) || touches(graph.edgeTo(e))) edges.push(e);
  const memberships = graph.memberships.filter((m) => touches(m.user) || touches(m.group));
  const keep = new Set<number>();
  for (const e of edges) keep.add(graph.edgeFrom(e)).add(graph.edgeTo(e));
  for (const m of memberships) keep.add(m.user).add(m.group);
  // Every principal of the account(s) shown, even those nothing reaches; other nodes only when connected.
  for (const node of graph.nodes) if ((node.kind === 'user' || node.kind === 'role' || node.kind === 'group') && node.inSnapshot && touches(node.index)) keep.add(node.index);
  return { nodes: graph.nodes.filter((n) => keep.has(n.index)), edges, memberships };
}

/** Nodes grouped by account (undefined: services, providers without an account, anyone). */
function byAccount(nodes: GraphNode[]): Map<string | undefined, GraphNode[]> {
  const groups = new Map<string | undefined, GraphNode[]>();
  for (const node of nodes) {
    const list = groups.get(node.accountId) ?? [];
    list.push(node);
    groups.set(node.accountId, list);
  }
  return new Map([...groups].sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~')));
}

function clusterLabel(graph: AccessGraph, accountId: string): string {
  const account = graph.account(accountId);
  const name = account && account.name !== accountId ? `${account.name} (${accountId})` : accountId;
  return account?.inOrg ? name : `${name}, outside the organization`;
}

function nodeLabel(node: GraphNode): string {
  switch (node.kind) {
    case 'account':
      return 'any principal of the account';
    case 'anyone':
      return 'anyone (*)';
    default:
      return `${node.kind} ${node.name}${node.inSnapshot || node.kind === 'service' || node.kind === 'federated' ? '' : ' (not collected)'}`;
  }
}

const DOT_SHAPE: Record<NodeKind, string> = { user: 'ellipse', role: 'box', group: 'folder', account: 'box3d', service: 'hexagon', federated: 'component', anyone: 'doubleoctagon' };

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function dot(graph: AccessGraph, { nodes, edges, memberships }: Selection): string {
  const lines = ['digraph crossrole {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const nodeLine = (n: GraphNode, indent: string) => `${indent}n${n.index} [label=${dotString(nodeLabel(n))}, shape=${DOT_SHAPE[n.kind]}, tooltip=${dotString(n.arn)}${n.kind === 'anyone' ? ', color=red' : ''}];`;
  for (const [accountId, members] of byAccount(nodes)) {
    if (accountId === undefined) {
      for (const n of members) lines.push(nodeLine(n, '  '));
      continue;
    }
    const outside = !graph.account(accountId)?.inOrg;
    lines.push(`  subgraph "cluster_${accountId}" {`, `    label=${dotString(clusterLabel(graph, accountId))};${outside ? ' style=dashed; color=red;' : ''}`);
    for (const n of members) lines.push(nodeLine(n, '    '));
    lines.push('  }');
  }
  for (const e of edges) {
    const edge = graph.edge(e);
    const attributes = [`tooltip=${dotString(`${edge.action}: ${edge.summary}${edge.risk ? `; risky: ${edge.risk}` : ''}`)}`];
    if (edge.summary !== 'allowed unconditionally') attributes.push(`label=${dotString(edge.summary)}`);
    if (edge.risk) attributes.push('color=red', 'fontcolor=red', 'style=dashed');
    lines.push(`  n${edge.from} -> n${edge.to} [${attributes.join(', ')}];`);
  }
  for (const m of memberships) lines.push(`  n${m.user} -> n${m.group} [style=dotted, arrowhead=none, label="member"];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidString(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/\n/g, ' ')}"`;
}

function mermaid(graph: AccessGraph, { nodes, edges, memberships }: Selection): string {
  const lines = ['flowchart LR'];
  const nodeLine = (n: GraphNode, indent: string) => `${indent}n${n.index}${n.kind === 'role' ? '[' : '(['}${mermaidString(nodeLabel(n))}${n.kind === 'role' ? ']' : '])'}`;
  for (const [accountId, members] of byAccount(nodes)) {
    if (accountId === undefined) {
      for (const n of members) lines.push(nodeLine(n, '  '));
      continue;
    }
    lines.push(`  subgraph a${accountId}[${mermaidString(clusterLabel(graph, accountId))}]`);
    for (const n of members) lines.push(nodeLine(n, '    '));
    lines.push('  end');
  }
  const risky: number[] = [];
  let link = 0;
  for (const e of edges) {
    const edge = graph.edge(e);
    const label = edge.risk ? `risky: ${edge.risk}` : edge.summary === 'allowed unconditionally' ? '' : edge.summary;
    lines.push(`  n${edge.from} ${edge.risk ? '-.->' : '-->'}${label ? `|${mermaidString(label)}|` : ''} n${edge.to}`);
    if (edge.risk) risky.push(link);
    link++;
  }
  for (const m of memberships) lines.push(`  n${m.user} -.-|member| n${m.group}`);
  if (risky.length) lines.push(`  linkStyle ${risky.join(',')} stroke:red,color:red`);
  return `${lines.join('\n')}\n`;
}

function json(graph: AccessGraph, { nodes, edges, memberships }: Selection): GraphJson {
  const accountIds = [...new Set(nodes.flatMap((n) => (n.accountId === undefined ? [] : [n.accountId])))].sort();
  return {
    organizationId: graph.organizationId,
    accounts: accountIds.map((id) => {
      const account = graph.account(id);
      return { accountId: id, name: account?.name ?? id, inOrg: account?.inOrg ?? false };
    }),
    nodes: nodes.map((n) => ({ arn: n.arn, kind: n.kind, name: n.name, ...(n.accountId !== undefined && { accountId: n.accountId }), inOrg: n.inOrg, inSnapshot: n.inSnapshot })),
    edges: edges.map((e) => hopOf(graph, e)),
    memberships: memberships.map((m) => ({ user: graph.nodes[m.user]!.arn, group: graph.nodes[m.group]!.arn })),
  };
}
