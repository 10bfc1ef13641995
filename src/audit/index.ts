// The org-wide trust audit's public API: snapshot in, findings out; renderers for the table,
// JSON (its schema) and SARIF 2.1.0.
export { auditSnapshot, type AdminRole, type AuditOptions, type AuditResult } from './audit.js';
export {
  compareFindings,
  coverageSchema,
  FINDING_CODES,
  findingSchema,
  findingsDocumentSchema,
  findingsJsonSchema,
  SEVERITIES,
  severityRank,
  type AdminGrant,
  type Coverage,
  type CoveredAccount,
  type Finding,
  type FindingCode,
  type FindingsDocument,
  type PathHop,
  type Severity,
  type StatementRef,
} from './finding.js';
export { RULES, type Rule } from './rules.js';
export { toSarif, type SarifOptions } from './sarif.js';
export { coverageLine, renderTable, summaryLine } from './table.js';
export { parseTrustedAccounts, trustedAccountsSchema, type TrustedAccount, type TrustedAccounts } from './trusted-accounts.js';
export { AdminChecker } from './admin.js';
