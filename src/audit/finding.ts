// The audit's output, one zod schema as the single source of its TypeScript types, of the
// `--format json` document (`{"findings": [...]}`) and of that document's JSON Schema.
import { z } from 'zod';
import { accountStatusSchema } from '../org/schema.js';
import { compareStrings } from '../compare-strings.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.output<typeof severitySchema>;

/** Higher is worse: critical 4 … info 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export const FINDING_CODES = [
  'ROLE_ASSUMABLE_BY_ANYONE',
  'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID',
  'TRUST_TO_DELETED_PRINCIPAL',
  'EXTERNAL_ACCOUNT_ROOT_TRUST',
  'NOT_PRINCIPAL_ALLOW',
  'EXTERNAL_PATH_TO_ADMIN',
  'FEDERATED_TRUST_UNCONSTRAINED',
  'INVALID_TRUST_POLICY',
  'SHADOW_TRUST',
  'SPOKE_MISSING',
  'SPOKE_DRIFTED',
  'SPOKE_UNVERIFIED',
  'HUB_MISSING',
  'HUB_POLICY_DRIFTED',
  'ACCOUNT_NOT_COLLECTED',
  'ORG_ACCESS_ROLE',
] as const;
export const findingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.output<typeof findingCodeSchema>;

export const statementRefSchema = z
  .object({
    index: z.number().int().nonnegative().describe('0-based position of the statement in the trust policy'),
    sid: z.string().optional().describe('the statement\'s Sid, when it has one'),
    json: z.unknown().describe('the statement exactly as the policy holds it'),
  })
  .describe('the trust policy statement the finding is about');

export const pathHopSchema = z
  .object({
    from: z.string().describe('who acts: "*" (anyone), an account root, a role, a user or an identity provider ARN'),
    to: z.string().describe('the role ARN it can assume'),
    conditions: z
      .array(z.string())
      .describe('what the caller must bring for this hop: alternatives (any one suffices), each its requirements joined by "and", e.g. "sts:ExternalId = x"; empty: nothing'),
  })
  .describe('one can-assume step');

export const adminGrantSchema = z
  .object({
    kind: z.enum(['full', 'iam', 'escalation']).describe('"*" on "*", "iam:*" on "*", or a privilege-escalation combination'),
    actions: z.array(z.string()).describe('the actions that make the role admin-equivalent'),
    description: z.string(),
  })
  .describe('why the path\'s last role counts as admin-equivalent');

export const findingSchema = z.object({
  code: findingCodeSchema,
  severity: severitySchema,
  title: z.string().describe('one line, the same for every finding of the code'),
  accountId: z.string().describe('the account holding the role'),
  accountName: z.string().optional(),
  roleArn: z.string().describe('the role the finding is about (for hub findings: the hub principal; for ACCOUNT_NOT_COLLECTED: the account root, arn:aws:iam::<id>:root)'),
  statement: statementRefSchema.optional(),
  explanation: z.string().describe('who can get in, under which conditions, and why it matters'),
  remediation: z.string(),
  path: z.array(pathHopSchema).optional().describe('EXTERNAL_PATH_TO_ADMIN: the shortest chain from outside the organization to the role'),
  admin: adminGrantSchema.optional(),
  file: z.string().optional().describe('the snapshot file holding the role, relative to the snapshot directory (accounts/<id>.json; for ACCOUNT_NOT_COLLECTED: org.json, which lists the account)'),
  fingerprint: z.string().describe('stable identity of the finding across runs (code, role, statement and subject)'),
});
export type Finding = z.output<typeof findingSchema>;
export type StatementRef = z.output<typeof statementRefSchema>;
export type PathHop = z.output<typeof pathHopSchema>;
export type AdminGrant = z.output<typeof adminGrantSchema>;
export type Coverage = z.output<typeof coverageSchema>;
export type CoveredAccount = z.output<typeof accountRefSchema>;

const accountRefSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  status: accountStatusSchema.describe('the account\'s status in org.json'),
});

export const coverageSchema = z
  .object({
    accounts: z.number().int().nonnegative().describe('accounts org.json lists'),
    audited: z.number().int().nonnegative().describe('accounts with a file in the snapshot: their roles were audited'),
    notCollected: z.array(accountRefSchema).describe('active accounts without a file: not audited, each also an ACCOUNT_NOT_COLLECTED finding'),
    notCollectable: z.array(accountRefSchema).describe('suspended or closing accounts without a file: they cannot be entered, so their absence is expected'),
  })
  .describe('which accounts of org.json the audit saw');

export const findingsDocumentSchema = z
  .object({
    findings: z.array(findingSchema),
    coverage: coverageSchema.optional().describe('which accounts of org.json the audit saw (crossrole audit always prints it; optional so documents from before it still validate)'),
  })
  .describe('crossrole audit --format json');
export type FindingsDocument = z.output<typeof findingsDocumentSchema>;

export function findingsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(findingsDocumentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, title: 'crossrole audit findings' };
}

/** Worst first, then by code, account, role, statement and fingerprint: the same input always prints in the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.accountId, b.accountId) ||
    compareStrings(a.roleArn, b.roleArn) ||
    (a.statement?.index ?? -1) - (b.statement?.index ?? -1) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}
