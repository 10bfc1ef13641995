// The report's data from what the audit and the access graph computed: counts, findings, the
// account-level graph grouped by OU, the fleet matrix. Pure: no file is read or written here.
import type { AuditResult } from '../audit/audit.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../audit/finding.js';
import type { DesiredState } from '../desired/types.js';
import type { AccessGraph } from '../graph/graph.js';
import type { GraphNode } from '../graph/types.js';
import type { OrgIndex } from '../org/model.js';
import type { VerifyCell } from '../verify/static.js';
import type { AccountOverview, FleetCell, FleetMatrix, FleetStatus, Place, PlaceEdge, ReportData } from './model.js';

export interface ReportInputs {
  org: OrgIndex;
  graph: AccessGraph;
  audit: AuditResult;
  desired?: DesiredState;
  /** Cells of `crossrole verify --json`. */
  verified?: readonly VerifyCell[];
  version: string;
  generatedAt: Date;
}

export function reportData(inputs: ReportInputs): ReportData {
  const { org, graph, audit } = inputs;
  const severityCounts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of audit.findings) severityCounts[f.severity]++;
  const kinds = { user: 0, role: 0, group: 0 };
  for (const node of graph.nodes) if (node.inSnapshot && (node.kind === 'user' || node.kind === 'role' || node.kind === 'group')) kinds[node.kind]++;
  let riskyEdges = 0;
  for (let e = 0; e < graph.edgeCount; e++) if (graph.isRisky(e)) riskyEdges++;
  return {
    version: inputs.version,
    generatedAt: inputs.generatedAt.toISOString(),
    organization: { id: org.org.organizationId, managementAccountId: org.org.managementAccountId, accounts: org.org.accounts.length, organizationalUnits: org.org.organizationalUnits.length },
    counts: { accounts: org.org.accounts.length, audited: audit.coverage.audited, users: kinds.user, roles: kinds.role, groups: kinds.group, edges: graph.edgeCount, riskyEdges },
    coverage: audit.coverage,
    findings: audit.findings,
    severityCounts,
    overview: accountOverview(org, graph, audit.findings),
    ...(inputs.desired && { fleet: fleetMatrix(inputs.desired, audit.findings, inputs.verified) }),
    warnings: [...new Set([...graph.warnings, ...audit.warnings])],
  };
}

/** Places (accounts, outside callers) grouped by the OU holding them, and the edges between them counted. */
export function accountOverview(org: OrgIndex, graph: AccessGraph, findings: readonly Finding[]): AccountOverview {
  const groups: AccountOverview['groups'] = [];
  const groupOf = new Map<string, number>();
  const containerName = (id: string): string => {
    const parent = org.parentOf.get(id);
    const own = org.org.roots.find((r) => r.id === id)?.name ?? org.org.organizationalUnits.find((o) => o.id === id)?.name ?? id;
    return parent === undefined ? own : `${containerName(parent)} / ${own}`;
  };
  const group = (id: string, name: string, outside: boolean) => {
    let at = groupOf.get(id);
    if (at === undefined) groupOf.set(id, (at = groups.push({ id, name, outside }) - 1));
    return at;
  };
  const places: Place[] = [];
  const placeOf = new Map<string, number>();
  const addPlace = (key: string, place: Omit<Place, 'key' | 'principals' | 'internalEdges' | 'findings'>) => {
    let at = placeOf.get(key);
    if (at === undefined) placeOf.set(key, (at = places.push({ key, ...place, principals: 0, internalEdges: 0, findings: 0 }) - 1));
    return at;
  };
  for (const account of org.org.accounts) addPlace(account.id, { label: account.name, kind: 'account', group: group(account.parentId, containerName(account.parentId), false) });
  const placeOfNode = (node: GraphNode): number => {
    if (node.accountId !== undefined) {
      return placeOf.get(node.accountId) ?? addPlace(node.accountId, { label: node.accountId, kind: 'outside-account', group: group('outside', 'Outside the organization', true) });
    }
    if (node.kind === 'service') return addPlace(node.arn, { label: node.name, kind: 'service', group: group('services', 'AWS services', true) });
    return addPlace(node.arn, { label: node.kind === 'anyone' ? 'anyone (*)' : node.name, kind: node.kind === 'anyone' ? 'anyone' : 'provider', group: group('outside', 'Outside the organization', true) });
  };
  const nodePlace = new Int32Array(graph.nodes.length);
  for (const node of graph.nodes) {
    const at = (nodePlace[node.index] = placeOfNode(node));
    if (node.inSnapshot && (node.kind === 'user' || node.kind === 'role')) places[at]!.principals++;
  }
  const edges = new Map<number, PlaceEdge>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const from = nodePlace[graph.edgeFrom(e)]!;
    const to = nodePlace[graph.edgeTo(e)]!;
    if (from === to) {
      places[from]!.internalEdges++;
      continue;
    }
    const key = from * places.length + to;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { from, to, count: 0, risky: 0 }));
    edge.count++;
    if (graph.isRisky(e)) edge.risky++;
  }
  for (const f of findings) {
    const at = placeOf.get(f.accountId);
    if (at === undefined) continue;
    const place = places[at]!;
    place.findings++;
    if (place.worst === undefined || severityRank(f.severity) > severityRank(place.worst)) place.worst = f.severity;
  }
  return { groups, places, edges: [...edges.values()] };
}

/** Worst first: a cell shows the worst of its hubs. */
const FLEET_ORDER: readonly FleetStatus[] = ['denied-static', 'denied-live', 'conflict', 'missing', 'drifted', 'unreadable', 'unverified', 'ok'];

/** Account × spoke role: from verify's cells when given, else from the audit's spoke findings over the snapshot. */
export function fleetMatrix(desired: DesiredState, findings: readonly Finding[], verified?: readonly VerifyCell[]): FleetMatrix {
  const roles = [...new Set(desired.roles.map((r) => r.name))].sort();
  const cells = new Map<string, FleetCell>();
  const put = (accountId: string, role: string, cell: FleetCell) => {
    const key = `${accountId}/${role}`;
    const known = cells.get(key);
    if (!known || FLEET_ORDER.indexOf(cell.status) < FLEET_ORDER.indexOf(known.status)) cells.set(key, cell);
  };
  if (verified) {
    for (const c of verified) put(c.accountId, c.role, { status: c.status, ...(c.reason !== undefined && { reason: `via hub ${c.hub}: ${c.reason}` }) });
  } else {
    const status = { SPOKE_MISSING: 'missing', SPOKE_DRIFTED: 'drifted', SPOKE_UNVERIFIED: 'unverified' } as const;
    for (const f of findings) {
      if (f.code === 'SPOKE_MISSING' || f.code === 'SPOKE_DRIFTED' || f.code === 'SPOKE_UNVERIFIED') put(f.accountId, f.roleArn.slice(f.roleArn.lastIndexOf('/') + 1), { status: status[f.code], reason: f.explanation });
    }
  }
  const accounts = new Map<string, { accountId: string; accountName: string; roles: Set<string> }>();
  for (const role of desired.roles) {
    const entry = accounts.get(role.accountId) ?? { accountId: role.accountId, accountName: role.accountName, roles: new Set<string>() };
    entry.roles.add(role.name);
    accounts.set(role.accountId, entry);
  }
  return {
    source: verified ? 'verify' : 'snapshot',
    roles,
    accounts: [...accounts.values()]
      .sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId))
      .map((a) => ({
        accountId: a.accountId,
        accountName: a.accountName,
        cells: roles.map((r) => (a.roles.has(r) ? (cells.get(`${a.accountId}/${r}`) ?? (verified ? { status: 'unverified', reason: 'verify did not check it' } : { status: 'ok' })) : null)),
      })),
  };
}
