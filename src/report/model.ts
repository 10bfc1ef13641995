// What `crossrole report` embeds in its page: plain data, computed by the audit and the access
// graph (src/report/data.ts); the page (src/report/page/) only renders it.
import type { Coverage, Finding, Severity } from '../audit/finding.js';

export interface ReportData {
  /** crossrole's version that wrote the report. */
  version: string;
  /** ISO time the report was written. */
  generatedAt: string;
  organization: { id: string; managementAccountId: string; accounts: number; organizationalUnits: number };
  counts: { accounts: number; audited: number; users: number; roles: number; groups: number; edges: number; riskyEdges: number };
  coverage: Coverage;
  /** Worst first (the audit's order). */
  findings: Finding[];
  severityCounts: Record<Severity, number>;
  overview: AccountOverview;
  fleet?: FleetMatrix;
  /** Warnings of the graph and the audit (policies that could not be read, SCPs missing). */
  warnings: string[];
}

/**
 * The access graph at account level: one place per account of the organization, per outside
 * account, and per caller without an account (anyone, services, providers named without an
 * ARN), grouped by the OU holding them; edges between places with how many role edges they stand
 * for. Edges inside one place are counted on it, not drawn.
 */
export interface AccountOverview {
  groups: PlaceGroup[];
  places: Place[];
  edges: PlaceEdge[];
}

export interface PlaceGroup {
  id: string;
  /** `Root / Workloads / Prod`, `Outside the organization`, `AWS services`. */
  name: string;
  outside: boolean;
}

export type PlaceKind = 'account' | 'outside-account' | 'anyone' | 'service' | 'provider';

export interface Place {
  /** The account id, else the caller's ARN or name. */
  key: string;
  label: string;
  kind: PlaceKind;
  /** Index into `groups`. */
  group: number;
  /** Users and roles the snapshot has in it. */
  principals: number;
  /** Can-assume edges inside it. */
  internalEdges: number;
  findings: number;
  worst?: Severity;
}

export interface PlaceEdge {
  /** Indexes into `places`. */
  from: number;
  to: number;
  /** Role edges it stands for, and how many of them are risky. */
  count: number;
  risky: number;
}

export type FleetStatus = 'ok' | 'missing' | 'drifted' | 'unverified' | 'conflict' | 'unreadable' | 'denied-live' | 'denied-static';

/** Account × spoke role of the spec, each cell from `verify --json` when given, else from the snapshot's audit. */
export interface FleetMatrix {
  /** Where the statuses come from. */
  source: 'verify' | 'snapshot';
  roles: string[];
  accounts: { accountId: string; accountName: string; cells: (FleetCell | null)[] }[];
}

export interface FleetCell {
  status: FleetStatus;
  reason?: string;
}
