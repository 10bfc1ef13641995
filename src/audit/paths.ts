// EXTERNAL_PATH_TO_ADMIN: one search over the access graph from every way in from outside the
// organization, then the shortest path to each admin-equivalent role it reaches.
//
// Ways in (entry edges): from anyone ("*") into a role whose trust lets callers outside the
// organization in (not pinned inside it, see trust.ts); from any principal or account root
// outside the organization and the trusted accounts, guarded by an ExternalId or not; from a
// web-identity or SAML provider whose trust lacks the pinning claims (see
// trust.ts). A pinned GitHub or SAML trust is a way in for the people you federate, not for outsiders.
import { pathTo, searchForward, type AssumeEdges, type CallerScope, type DecidedEdge } from '../graph/search.js';
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

/**
 * `entryRoles`: the roles outsiders may enter that matter (admin, or able to lead on), in snapshot
 * order; the search starts from those an outside caller can get into. `edges`: the whole graph
 * (graphEdges) or a lazy one, which then decides only the edges the search meets.
 */
export function externalPathFindings(edges: AssumeEdges, entryRoles: readonly string[], adminRoles: ReadonlyMap<string, AdminRole>, open: OpenRoles, scope: AuditScope): FindingInput[] {
  // The first entry edge into each role (in caller order: anyone, providers, accounts, principals).
  const entryInto = new Map<number, DecidedEdge>();
  for (const arn of entryRoles) {
    const role = edges.role(arn);
    const entry = role && edges.incoming(role.index, outsiders(arn, open, scope))[0];
    if (entry) entryInto.set(entry.to, entry);
  }
  if (entryInto.size === 0) return [];
  const reach = searchForward(edges, [...entryInto.keys()]);
  const reached = new Map<string, number>();
  for (const node of reach.hops.keys()) reached.set(edges.nodes[node]!.arn, node);
  const out: FindingInput[] = [];
  for (const admin of adminRoles.values()) {
    const node = reached.get(admin.roleArn);
    if (node === undefined) continue;
    const inner = pathTo(reach, node)!;
    const seed = inner.length ? inner[0]!.from : node;
    const hops = [entryInto.get(seed)!, ...inner];
    const source = edges.nodes[hops[0]!.from]!;
    const path: PathHop[] = hops.map((e) => ({ from: edges.nodes[e.from]!.arn, to: edges.nodes[e.to]!.arn, conditions: alternativesText(e.conditions) }));
    const route = [path[0]!.from, ...path.map((h) => h.to)].join(' → ');
    const entry = edges.nodes[seed]!;
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

/** Callers outside the organization and the trusted accounts that count as a way into the role: anyone and providers only where its trust lets outsiders in that way. */
function outsiders(roleArn: string, open: OpenRoles, scope: AuditScope): CallerScope {
  return { anyone: open.anyone.has(roleArn), federated: open.federated.has(roleArn), services: false, account: (id) => !isInside(scope, id) };
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
