// The access graph packed for the report page: nodes as columns (ARNs without their account
// prefix, names only where they differ from the ARN's last part), edges as base64 typed arrays
// (callers as out-degrees, since edges are sorted by caller; risky edges as a short list), labels
// and risks interned. Unpacked in the page into the same
// AccessGraph, node for node and edge for edge, so the page asks it the CLI's own questions
// (whoCanAssume, reachableRoles) and gets the CLI's answers.
import { ACTIONS, AccessGraph, type EdgeArrays } from '../graph/graph.js';
import { NodeTable } from '../graph/nodes.js';
import type { EdgeLabel, NodeKind } from '../graph/types.js';

const KINDS: readonly NodeKind[] = ['user', 'role', 'group', 'account', 'service', 'federated', 'anyone'];

export interface CompactGraph {
  organizationId: string;
  /** Account ids the nodes refer to by position. */
  accounts: string[];
  nodes: {
    /** Index into KINDS, one per node (base64 Uint8). */
    kind: string;
    /** Index into `accounts`, -1 for none (base64 Int32). */
    account: string;
    /** Bit 1: inOrg, bit 2: inSnapshot (base64 Uint8). */
    flags: string;
    /** The ARN; `~rest` stands for `arn:aws:iam::<account>:rest`. */
    arn: string[];
    /** The name; `""` when it is the ARN's last `/` part. */
    name: string[];
  };
  edges: {
    /** Edges are sorted by caller: each node's count of outgoing edges (base64 Int32). */
    outDegree: string;
    to: string;
    action: string;
    /** Index into `labels`: base64 Uint16 while there are at most 65,536 labels, else Int32. */
    label: string;
    labelBytes: 2 | 4;
    labels: EdgeLabel[];
    /** The few risky edges: [edge index, index into `risks`] pairs. */
    risky: [number, number][];
    risks: string[];
  };
}

export function packGraph(graph: AccessGraph): CompactGraph {
  const accounts: string[] = [];
  const accountIndex = new Map<string, number>();
  const n = graph.nodes.length;
  const kind = new Uint8Array(n);
  const account = new Int32Array(n);
  const flags = new Uint8Array(n);
  const arn: string[] = [];
  const name: string[] = [];
  for (const node of graph.nodes) {
    kind[node.index] = KINDS.indexOf(node.kind);
    flags[node.index] = (node.inOrg ? 1 : 0) | (node.inSnapshot ? 2 : 0);
    let at = -1;
    if (node.accountId !== undefined) {
      at = accountIndex.get(node.accountId) ?? accounts.push(node.accountId) - 1;
      accountIndex.set(node.accountId, at);
    }
    account[node.index] = at;
    const prefix = node.accountId === undefined ? undefined : `arn:aws:iam::${node.accountId}:`;
    arn.push(prefix !== undefined && node.arn.startsWith(prefix) ? `~${node.arn.slice(prefix.length)}` : node.arn);
    name.push(node.name === lastPart(node.arn) ? '' : node.name);
  }
  const outDegree = new Int32Array(n);
  const to = new Int32Array(graph.edgeCount);
  const action = new Uint8Array(graph.edgeCount);
  const label = new Int32Array(graph.edgeCount);
  const labels: EdgeLabel[] = [];
  const labelIndex = new Map<string, number>();
  const risky: [number, number][] = [];
  const risks: string[] = [];
  const riskIndex = new Map<string, number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const edge = graph.edge(e);
    outDegree[edge.from]!++;
    to[e] = edge.to;
    action[e] = ACTIONS.indexOf(edge.action);
    let l = labelIndex.get(edge.summary);
    if (l === undefined) labelIndex.set(edge.summary, (l = labels.push({ conditions: edge.conditions, summary: edge.summary }) - 1));
    label[e] = l;
    if (edge.risk !== undefined) {
      const r = riskIndex.get(edge.risk) ?? risks.push(edge.risk) - 1;
      riskIndex.set(edge.risk, r);
      risky.push([e, r]);
    }
  }
  const labelBytes = labels.length <= 0x10000 ? 2 : 4;
  return {
    organizationId: graph.organizationId,
    accounts,
    nodes: { kind: toBase64(kind), account: toBase64(account), flags: toBase64(flags), arn, name },
    edges: { outDegree: toBase64(outDegree), to: toBase64(to), action: toBase64(action), label: toBase64(labelBytes === 2 ? Uint16Array.from(label) : label), labelBytes, labels, risky, risks },
  };
}

export function unpackGraph(packed: CompactGraph): AccessGraph {
  const kind = new Uint8Array(fromBase64(packed.nodes.kind));
  const account = new Int32Array(fromBase64(packed.nodes.account));
  const flags = new Uint8Array(fromBase64(packed.nodes.flags));
  const table = new NodeTable();
  for (let i = 0; i < kind.length; i++) {
    const accountId = account[i]! < 0 ? undefined : packed.accounts[account[i]!]!;
    const stored = packed.nodes.arn[i]!;
    const arn = stored.startsWith('~') ? `arn:aws:iam::${accountId}:${stored.slice(1)}` : stored;
    table.add(KINDS[kind[i]!]!, arn, packed.nodes.name[i] || lastPart(arn), accountId, (flags[i]! & 1) !== 0, (flags[i]! & 2) !== 0);
  }
  const e = packed.edges;
  const to = new Int32Array(fromBase64(e.to));
  const from = new Int32Array(to.length);
  const outDegree = new Int32Array(fromBase64(e.outDegree));
  for (let node = 0, at = 0; node < outDegree.length; node++) from.fill(node, at, (at += outDegree[node]!));
  const risk = new Int32Array(to.length).fill(-1);
  for (const [edge, r] of e.risky) risk[edge] = r;
  const labelBuffer = fromBase64(e.label);
  const edges: EdgeArrays = {
    from,
    to,
    action: new Uint8Array(fromBase64(e.action)),
    label: e.labelBytes === 2 ? Int32Array.from(new Uint16Array(labelBuffer)) : new Int32Array(labelBuffer),
    risk,
    labels: e.labels,
    risks: e.risks,
  };
  return new AccessGraph({
    nodes: table.nodes,
    edges,
    memberships: [],
    warnings: [],
    organizationId: packed.organizationId,
    find: (arn) => table.find(arn),
    findRole: (accountId, name) => table.findRole(accountId, name),
  });
}

function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A typed array's bytes (this machine's byte order: little-endian wherever the page runs) as base64. */
function toBase64(array: Uint8Array | Uint16Array | Int32Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
