// The questions people ask of the graph, answered as plain data (the CLI prints it as tables or
// JSON; the shapes here are the documented --json output).
import type { Alternatives } from '../policy/discover.js';
import type { AccessGraph } from './graph.js';
import { resolveNode } from './lookup.js';
import { reachFrom, reachTo, shortestPaths, type Reach } from './reach.js';
import type { AssumeAction, GraphNode, NodeKind } from './types.js';

export interface NodeSummary {
  arn: string;
  kind: NodeKind;
  name: string;
  accountId?: string;
  /** The account's name in the organization (else its id). */
  accountName?: string;
  inOrg: boolean;
}

export interface Hop {
  from: string;
  to: string;
  action: AssumeAction;
  /** Alternatives (OR) of requirements (AND); `[[]]` = unconditional. */
  conditions: Alternatives;
  summary: string;
  risk?: string;
}

export interface PathView {
  hops: Hop[];
  /** What the whole path needs: every hop's conditions (conjunction), or `none`. */
  conditions: string;
  /** Some hop is risky. */
  risky: boolean;
}

export interface ReachedNode {
  node: NodeSummary;
  hops: number;
  /** Shortest paths (up to the query's limit), caller first. */
  paths: PathView[];
}

export interface QueryOptions {
  maxHops?: number;
  /** Shortest paths shown per reached node (default 1). */
  maxPaths?: number;
}

export interface WhoCanAssumeResult {
  role: NodeSummary;
  /** Every node that can reach the role, nearest first. */
  principals: ReachedNode[];
}

export interface ReachResult {
  principal: NodeSummary;
  /** Every role the principal can reach, nearest first. */
  roles: ReachedNode[];
  /** The accounts of those roles, with how many roles in each. */
  accounts: { accountId: string; accountName: string; inOrg: boolean; roles: number }[];
}

export interface PathResult {
  from: NodeSummary;
  to: NodeSummary;
  /** Edges on a shortest path, or null when `to` cannot be reached. */
  hops: number | null;
  paths: PathView[];
}

export function whoCanAssume(graph: AccessGraph, roleArn: string, options: QueryOptions = {}): WhoCanAssumeResult {
  const role = resolveNode(graph, roleArn, ['role']);
  const reach = reachTo(graph, [role.index], options);
  return { role: summarize(graph, role), principals: reached(graph, reach, options) };
}

export function reachableRoles(graph: AccessGraph, principalArn: string, options: QueryOptions = {}): ReachResult {
  const principal = resolveNode(graph, principalArn);
  const reach = reachFrom(graph, [principal.index], options);
  const roles = reached(graph, reach, options);
  const accounts = new Map<string, ReachResult['accounts'][number]>();
  for (const r of roles) {
    const id = r.node.accountId!;
    const entry = accounts.get(id) ?? { accountId: id, accountName: r.node.accountName ?? id, inOrg: r.node.inOrg, roles: 0 };
    entry.roles++;
    accounts.set(id, entry);
  }
  return { principal: summarize(graph, principal), roles, accounts: [...accounts.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)) };
}

export function pathsBetween(graph: AccessGraph, fromArn: string, toArn: string, options: QueryOptions = {}): PathResult {
  const from = resolveNode(graph, fromArn);
  const to = resolveNode(graph, toArn, ['role']);
  const reach = reachFrom(graph, [from.index], options);
  const hops = reach.hops[to.index]!;
  return {
    from: summarize(graph, from),
    to: summarize(graph, to),
    hops: hops < 0 ? null : hops,
    paths: hops < 0 ? [] : shortestPaths(graph, reach, to.index, options.maxPaths ?? 1).map((p) => pathView(graph, p)),
  };
}

function reached(graph: AccessGraph, reach: Reach, options: QueryOptions): ReachedNode[] {
  const limit = options.maxPaths ?? 1;
  return reach.reached
    .map((n) => ({ node: summarize(graph, graph.nodes[n]!), hops: reach.hops[n]!, paths: shortestPaths(graph, reach, n, limit).map((p) => pathView(graph, p)) }))
    .sort((a, b) => a.hops - b.hops || a.node.arn.localeCompare(b.node.arn));
}

export function summarize(graph: AccessGraph, node: GraphNode): NodeSummary {
  const account = node.accountId === undefined ? undefined : graph.account(node.accountId);
  return {
    arn: node.arn,
    kind: node.kind,
    name: node.name,
    ...(node.accountId !== undefined && { accountId: node.accountId, accountName: account?.name ?? node.accountId }),
    inOrg: node.inOrg,
  };
}

/** One edge as printed data: its ends by ARN. */
export function hopOf(graph: AccessGraph, index: number): Hop {
  const edge = graph.edge(index);
  return {
    from: graph.nodes[edge.from]!.arn,
    to: graph.nodes[edge.to]!.arn,
    action: edge.action,
    conditions: edge.conditions,
    summary: edge.summary,
    ...(edge.risk !== undefined && { risk: edge.risk }),
  };
}

export function pathView(graph: AccessGraph, edges: number[]): PathView {
  const hops = edges.map((e) => hopOf(graph, e));
  return { hops, conditions: pathConditions(hops), risky: hops.some((h) => h.risk !== undefined) };
}

/** The conjunction of the hops' conditions, each requirement once: `none` when no hop needs anything. */
function pathConditions(hops: Hop[]): string {
  const needs = hops.filter((h) => !h.conditions.some((alt) => alt.length === 0));
  if (needs.length === 0) return 'none';
  // Hops with one alternative each: one flat list of requirements; otherwise each hop's alternatives in parentheses.
  if (needs.every((h) => h.conditions.length === 1)) return [...new Set(needs.flatMap((h) => h.conditions[0]!.map((r) => r.text)))].join(' and ');
  const summaries = [...new Set(needs.map((h) => h.summary))];
  return summaries.length === 1 ? summaries[0]! : summaries.map((s) => `(${s})`).join(' and ');
}
