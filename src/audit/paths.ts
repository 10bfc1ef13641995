// EXTERNAL_PATH_TO_ADMIN: one search over the access graph from every way in from outside the
// organization, then the shortest path to each admin-equivalent role it reaches.
//
// Ways in (entry edges): from anyone ("*") into a role whose trust lets callers outside the
// organization in (not pinned inside it, see trust.ts); from any principal or account root
// outside the organization and the trusted accounts, guarded by an ExternalId or not; from a
// web-identity or SAML provider whose trust lacks the pinning claims (see
// trust.ts). A pinned GitHub or SAML trust is a way in for the people you federate, not for outsiders.
import type { AccessGraph } from '../graph/graph.js';
import { reachFrom, shortestPaths } from '../graph/reach.js';
import type { GraphNode } from '../graph/types.js';
import type { Alternatives } from '../policy/discover.js';
import type { AdminRole } from './audit.js';
import type { PathHop } from './finding.js';
import type { FindingInput } from './make.js';
import { describeAccount, isInside, type AuditScope } from './scope.js';

/** Role ARNs whose trust lets outsiders in through "*" (anyone) or an unconstrained provider (federated). */
export interface OpenRoles {
  anyone: ReadonlySet<string>;
  federated: ReadonlySet<string>;
}

export function externalPathFindings(graph: AccessGraph, adminRoles: ReadonlyMap<string, AdminRole>, open: OpenRoles, scope: AuditScope): FindingInput[] {
  // The first entry edge into each role (graph order: deterministic).
  const entryInto = new Map<number, number>();
  for (const node of graph.nodes) {
    if (!isOutsideSource(node, scope)) continue;
    for (const e of graph.outgoing(node.index)) {
      const role = graph.edgeTo(e);
      if (entryInto.has(role) || !isEntry(node, graph.nodes[role]!.arn, open)) continue;
      entryInto.set(role, e);
    }
  }
  if (entryInto.size === 0) return [];
  const reach = reachFrom(graph, entryInto.keys());
  const out: FindingInput[] = [];
  for (const admin of adminRoles.values()) {
    const node = graph.find(admin.roleArn);
    if (node === undefined || node.arn !== admin.roleArn || reach.hops[node.index] === -1) continue;
    const inner = shortestPaths(graph, reach, node.index, 1)[0] ?? [];
    const seed = inner.length ? graph.edgeFrom(inner[0]!) : node.index;
    const edges = [entryInto.get(seed)!, ...inner];
    const source = graph.nodes[graph.edgeFrom(edges[0]!)]!;
    const path: PathHop[] = edges.map((e) => ({ from: graph.nodes[graph.edgeFrom(e)]!.arn, to: graph.nodes[graph.edgeTo(e)]!.arn, conditions: alternativesText(graph.conditionsOf(e)) }));
    const route = [path[0]!.from, ...path.map((h) => h.to)].join(' → ');
    const entry = graph.nodes[seed]!;
    out.push({
      code: 'EXTERNAL_PATH_TO_ADMIN',
      severity: 'critical',
      accountId: admin.accountId,
      roleArn: admin.roleArn,
      subject: source.arn,
      explanation: `${describeSource(source, scope)} can reach this role in ${path.length} step${path.length === 1 ? '' : 's'}: ${route}${conditionNote(path)}. The role is admin-equivalent: it ${admin.grant.description}. Whoever gets in controls account ${describeAccount(scope, admin.accountId)}.`,
      remediation: `Close the way in at ${entry.arn} (name exact principals in its trust, require sts:ExternalId or pin the web-identity/SAML claims), or remove the hop that leads on; and reduce ${admin.roleArn} to the permissions it needs.`,
      path,
      admin: admin.grant,
    });
  }
  return out;
}

/** Nodes that stand for callers outside the organization and the trusted accounts. */
function isOutsideSource(node: GraphNode, scope: AuditScope): boolean {
  switch (node.kind) {
    case 'anyone':
    case 'federated':
      return true;
    case 'account':
    case 'user':
    case 'role':
      return node.accountId !== undefined && !isInside(scope, node.accountId);
    default:
      return false;
  }
}

function isEntry(source: GraphNode, roleArn: string, open: OpenRoles): boolean {
  if (source.kind === 'anyone') return open.anyone.has(roleArn);
  if (source.kind === 'federated') return open.federated.has(roleArn);
  return true;
}

/** One text per alternative (any one suffices), its requirements joined by "and"; [] = unconditional. */
function alternativesText(conditions: Alternatives): string[] {
  if (conditions.some((alt) => alt.length === 0)) return [];
  return conditions.map((alt) => alt.map((r) => r.text.replace(/^needs /, '')).join(' and '));
}

function conditionNote(path: PathHop[]): string {
  const conditional = path.filter((h) => h.conditions.length);
  if (!conditional.length) return ', with no condition on any step';
  return ` (${conditional.map((h) => `into ${h.to.slice(h.to.lastIndexOf('/') + 1)}: ${h.conditions.join(' or ')}`).join('; ')})`;
}

function describeSource(node: GraphNode, scope: AuditScope): string {
  switch (node.kind) {
    case 'anyone':
      return 'Anyone (any AWS principal in any account)';
    case 'federated':
      return `Any identity that ${node.name} signs in`;
    case 'account':
      return `Any principal of account ${describeAccount(scope, node.accountId!)}`;
    default:
      return `${node.arn} in account ${describeAccount(scope, node.accountId!)}`;
  }
}
