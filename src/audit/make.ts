// Checks describe a problem; this turns the description into a Finding with the fields every
// finding shares (title, account name, snapshot file, fingerprint).
import { shortHash } from '../desired/canonical.js';
import type { AdminGrant, Finding, FindingCode, PathHop, Severity, StatementRef } from './finding.js';
import { RULES } from './rules.js';
import type { AuditScope } from './scope.js';

export interface FindingInput {
  code: FindingCode;
  severity: Severity;
  accountId: string;
  roleArn: string;
  statement?: StatementRef;
  /** What the finding is about within the role (a principal, a provider, a field): part of the fingerprint. */
  subject: string;
  explanation: string;
  remediation: string;
  path?: PathHop[];
  admin?: AdminGrant;
  /** The snapshot file the finding points at, when not the account's own file. */
  file?: string;
}

export class FindingFactory {
  constructor(
    private readonly scope: AuditScope,
    /** Accounts with a file in the snapshot. */
    private readonly collected: ReadonlySet<string>,
  ) {}

  make(input: FindingInput): Finding {
    const accountName = this.scope.org.accountsById.get(input.accountId)?.name;
    return {
      code: input.code,
      severity: input.severity,
      title: RULES[input.code].title,
      accountId: input.accountId,
      ...(accountName !== undefined && { accountName }),
      roleArn: input.roleArn,
      ...(input.statement && { statement: input.statement }),
      explanation: input.explanation,
      remediation: input.remediation,
      ...(input.path && { path: input.path }),
      ...(input.admin && { admin: input.admin }),
      ...(input.file !== undefined ? { file: input.file } : this.collected.has(input.accountId) && { file: `accounts/${input.accountId}.json` }),
      fingerprint: shortHash([input.code, input.roleArn, input.statement?.index ?? null, input.subject]),
    };
  }
}
