// The access graph in compact form: edges as typed arrays sorted by caller (so a node's outgoing
// edges are one range), an index of incoming edges, and labels and risk reasons interned (most
// edges share a handful of them).
import type { Alternatives } from '../policy/discover.js';
import type { AssumeAction, EdgeLabel, GraphEdge, GraphNode, Membership } from './types.js';

export const ACTIONS: readonly AssumeAction[] = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

/** Edges as the builder hands them over, sorted by `from`, then `to`. */
export interface EdgeArrays {
  from: Int32Array;
  to: Int32Array;
  action: Uint8Array;
  label: Int32Array;
  /** Index into `risks`, or -1. */
  risk: Int32Array;
  labels: EdgeLabel[];
  risks: string[];
}

export interface GraphParts {
  nodes: GraphNode[];
  edges: EdgeArrays;
  memberships: Membership[];
  warnings: string[];
  organizationId: string;
  /** Node index by ARN, and roles by `<account>/<name>`. */
  find(arn: string): number | undefined;
  findRole(accountId: string, name: string): number | undefined;
}

export class AccessGraph {
  readonly nodes: readonly GraphNode[];
  readonly memberships: readonly Membership[];
  /** Policies that could not be read (ignored), missing managed policies and groups. */
  readonly warnings: readonly string[];
  readonly organizationId: string;
  readonly edgeCount: number;
  readonly #edges: EdgeArrays;
  /** Outgoing edges of node n: indexes outStart[n] … outStart[n+1]-1. */
  readonly #outStart: Int32Array;
  /** Incoming edges of node n: inEdges[inStart[n] … inStart[n+1]-1]. */
  readonly #inStart: Int32Array;
  readonly #inEdges: Int32Array;
  readonly #parts: GraphParts;
  readonly #accountNodes = new Map<string, number>();

  constructor(parts: GraphParts) {
    this.#parts = parts;
    this.nodes = parts.nodes;
    this.memberships = parts.memberships;
    this.warnings = parts.warnings;
    this.organizationId = parts.organizationId;
    this.#edges = parts.edges;
    for (const node of parts.nodes) if (node.kind === 'account') this.#accountNodes.set(node.accountId!, node.index);
    const n = parts.nodes.length;
    const m = parts.edges.from.length;
    this.edgeCount = m;
    this.#outStart = new Int32Array(n + 1);
    this.#inStart = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      this.#outStart[parts.edges.from[e]! + 1]!++;
      this.#inStart[parts.edges.to[e]! + 1]!++;
    }
    for (let i = 0; i < n; i++) {
      this.#outStart[i + 1]! += this.#outStart[i]!;
      this.#inStart[i + 1]! += this.#inStart[i]!;
    }
    this.#inEdges = new Int32Array(m);
    const fill = this.#inStart.slice(0, n);
    for (let e = 0; e < m; e++) this.#inEdges[fill[parts.edges.to[e]!]!++] = e;
  }

  /** The node with this key (see GraphNode.arn); roles also by an ARN without their path. */
  find(arn: string): GraphNode | undefined {
    const index = this.#parts.find(arn);
    if (index !== undefined) return this.nodes[index];
    const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    const byName = role ? this.#parts.findRole(role[1]!, role[2]!) : undefined;
    return byName === undefined ? undefined : this.nodes[byName];
  }

  /** The node of an account ("any principal this account allows"). */
  account(accountId: string): GraphNode | undefined {
    const index = this.#accountNodes.get(accountId);
    return index === undefined ? undefined : this.nodes[index];
  }

  edge(index: number): GraphEdge {
    const e = this.#edges;
    const label = e.labels[e.label[index]!]!;
    const risk = e.risk[index]!;
    return { index, from: e.from[index]!, to: e.to[index]!, action: ACTIONS[e.action[index]!]!, conditions: label.conditions, summary: label.summary, risk: risk < 0 ? undefined : e.risks[risk] };
  }

  edgeFrom(index: number): number {
    return this.#edges.from[index]!;
  }

  edgeTo(index: number): number {
    return this.#edges.to[index]!;
  }

  isRisky(index: number): boolean {
    return this.#edges.risk[index]! >= 0;
  }

  conditionsOf(index: number): Alternatives {
    return this.#edges.labels[this.#edges.label[index]!]!.conditions;
  }

  /** Indexes of the edges leaving a node (the roles it can assume directly). */
  outgoing(node: number): Int32Array {
    return rangeOf(this.#outStart[node]!, this.#outStart[node + 1]!);
  }

  /** Indexes of the edges entering a node (who can assume it directly). */
  incoming(node: number): Int32Array {
    return this.#inEdges.subarray(this.#inStart[node]!, this.#inStart[node + 1]!);
  }

  *edges(): IterableIterator<GraphEdge> {
    for (let i = 0; i < this.edgeCount; i++) yield this.edge(i);
  }
}

function rangeOf(start: number, end: number): Int32Array {
  const out = new Int32Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}
