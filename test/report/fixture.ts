// A small organization with the synthetic snapshot's planted problems (12 accounts, every finding
// code of the audit's trust checks and two paths from outside to admin), as the report sees it.
import { auditSnapshot, type AuditResult } from '../../src/audit/audit.js';
import { buildGraph } from '../../src/graph/build.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import { indexOrg } from '../../src/org/model.js';
import { packGraph } from '../../src/report/compact-graph.js';
import { reportData } from '../../src/report/data.js';
import { reportHtml, type PageAsset } from '../../src/report/html.js';
import type { ReportData } from '../../src/report/model.js';
import { generateSnapshot } from '../../src/snapshot/synthetic.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export interface SmallReport {
  snapshot: Snapshot;
  graph: AccessGraph;
  audit: AuditResult;
  data: ReportData;
}

export function smallReport(accounts = 12): SmallReport {
  const { snapshot } = generateSnapshot({ accounts, rolesPerAccount: 12, usersPerAccount: 3, seed: 1, plantProblems: true });
  const graph = buildGraph(snapshot);
  const audit = auditSnapshot(snapshot, { graph });
  const data = reportData({ org: indexOrg(snapshot.org), graph, audit, version: '0.0.0-test', generatedAt: new Date('2026-12-01T00:00:00Z') });
  return { snapshot, graph, audit, data };
}

export function smallReportHtml(report: SmallReport, asset?: PageAsset): string {
  return reportHtml(report.data, packGraph(report.graph), asset);
}
