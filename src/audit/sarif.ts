// Findings as SARIF 2.1.0 (OASIS), for code-scanning dashboards: one rule per finding code, one
// result per finding, located logically at the role ARN and physically at the snapshot's account
// file, with a partial fingerprint that stays the same across runs.
import { FINDING_CODES, type Coverage, type Finding, type Severity } from './finding.js';
import { RULES } from './rules.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The uriBaseId result locations are relative to: the snapshot directory. */
export const SNAPSHOT_BASE = 'SNAPSHOT';

/** SARIF levels: error, warning, note. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub code scanning reads `security-severity` (0–10): 9+ critical, 7+ high, 4+ medium, above 0 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export interface SarifOptions {
  toolVersion: string;
  /** The snapshot directory as an absolute file: URI ending in "/"; results point into it. */
  snapshotUri?: string;
  /** Which accounts were audited: the run's `properties.coverage`. */
  coverage?: Coverage;
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  const rules = FINDING_CODES.map((code) => {
    const rule = RULES[code];
    return {
      id: code,
      name: rule.name,
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.description },
      help: { text: rule.help },
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
      properties: { 'security-severity': SECURITY_SEVERITY[rule.defaultSeverity], tags: ['security', 'iam'] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: FINDING_CODES.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: `${f.title}: ${f.explanation} Fix: ${f.remediation}` },
    locations: [
      {
        ...(f.file !== undefined && { physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: SNAPSHOT_BASE } } }),
        logicalLocations: [{ fullyQualifiedName: f.roleArn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'crossroleFinding/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      accountId: f.accountId,
      ...(f.accountName !== undefined && { accountName: f.accountName }),
      ...(f.statement && { statement: f.statement }),
      ...(f.path && { path: f.path }),
      ...(f.admin && { admin: f.admin }),
    },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'crossrole', version: options.toolVersion, rules } },
        ...(options.snapshotUri !== undefined && { originalUriBaseIds: { [SNAPSHOT_BASE]: { uri: options.snapshotUri, description: { text: 'the audited snapshot directory' } } } }),
        results,
        ...(options.coverage && { properties: { coverage: options.coverage } }),
      },
    ],
  };
}
