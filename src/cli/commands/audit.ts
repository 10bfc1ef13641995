import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { auditSnapshot, type AuditResult } from '../../audit/audit.js';
import type { DesiredState } from '../../desired/types.js';
import type { AccessGraph } from '../../graph/graph.js';
import type { Snapshot } from '../../snapshot/types.js';
import { SEVERITIES, severityRank, type Severity } from '../../audit/finding.js';
import { toSarif } from '../../audit/sarif.js';
import { renderTable } from '../../audit/table.js';
import { parseTrustedAccounts } from '../../audit/trusted-accounts.js';
import { UserError } from '../../errors.js';
import { indexOrg } from '../../org/model.js';
import { readInputFile } from '../../file-errors.js';
import { loadSnapshot, specAgainstOrg } from '../inputs.js';
import { withBootstrapRoleFlag } from '../aws-flags.js';
import { printJson, printWarnings } from '../output.js';
import { progressLine } from '../progress.js';
import { version } from '../version.js';

const FORMATS = ['table', 'json', 'sarif'] as const;
const FAIL_ON = [...SEVERITIES, 'none'] as const;

interface AuditFlags extends AuditInputFlags {
  snapshot: string;
  format: string;
  failOn: string;
  minSeverity: string;
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description('audit every role of a snapshot: who can assume it from where (anyone, outside accounts, unconstrained OIDC/SAML, deleted principals), paths from outside the organization to admin-equivalent roles, and with --spec missing, drifted and undeclared cross-account access')
    .requiredOption('--snapshot <dir>', 'snapshot directory: org.json and accounts/<account-id>.json (get-account-authorization-details output)')
    .option('--spec <file>', 'fleet spec (crossrole.yaml): also report missing and drifted spokes and cross-account trusts it does not declare')
    .option('--trusted-accounts <file>', 'YAML/JSON list of outside account ids you vouch for (ids, or {account, name, note})')
    .option('--format <format>', `output: ${FORMATS.join('|')} (json prints {"findings": [...]}; sarif is SARIF 2.1.0)`, 'table')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above: ${FAIL_ON.join('|')}`, 'high')
    .option('--min-severity <severity>', `list only findings at or above: ${SEVERITIES.join('|')} (--fail-on still weighs them all)`, 'info');
  withBootstrapRoleFlag(command)
    .addHelpText(
      'after',
      '\nActive accounts of org.json without a file are findings (ACCOUNT_NOT_COLLECTED, high); with --spec, the bootstrap role trusting the management account is expected (ORG_ACCESS_ROLE, info).\n\nExit codes: 0 no finding at or above --fail-on, 1 some finding is, 2 invalid input.\n\nExamples:\n  crossrole audit --snapshot snapshot/\n  crossrole audit --snapshot snapshot/ --min-severity medium --fail-on critical\n  crossrole audit --snapshot snapshot/ --spec crossrole.yaml --trusted-accounts vendors.yaml --format sarif > audit.sarif',
    )
    .action(async (opts: AuditFlags) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`, 2);
      const failOn = opts.failOn.toLowerCase();
      if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UserError(`--fail-on must be one of ${FAIL_ON.join(', ')}`, 2);
      const minSeverity = opts.minSeverity.toLowerCase() as Severity;
      if (!SEVERITIES.includes(minSeverity)) throw new UserError(`--min-severity must be one of ${SEVERITIES.join(', ')}`, 2);
      const snapshot = loadSnapshot(opts.snapshot);
      const { findings, coverage } = await auditWithProgress(snapshot, opts);

      const listed = findings.filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
      if (listed.length < findings.length) process.stderr.write(`${findings.length - listed.length} finding(s) below ${minSeverity} not listed (--min-severity)\n`);
      if (opts.format === 'json') printJson({ findings: listed, coverage });
      else if (opts.format === 'sarif') printJson(toSarif(listed, { toolVersion: version(), snapshotUri: `${pathToFileURL(resolve(opts.snapshot)).href.replace(/\/?$/, '/')}`, coverage }));
      else process.stdout.write(renderTable(listed, coverage));
      if (failOn !== 'none' && findings.some((f) => severityRank(f.severity) >= severityRank(failOn as Severity))) process.exitCode = 1;
    });
}

/** The flags audit and report share. */
export interface AuditInputFlags {
  spec?: string;
  trustedAccounts?: string;
  bootstrapRole: string;
}

/** The audit of a snapshot as the flags ask for it, with progress and warnings on stderr; the desired state when --spec is given. `graph`: the whole access graph, when the caller built it. */
export async function auditWithProgress(snapshot: Snapshot, flags: AuditInputFlags, graph?: AccessGraph): Promise<AuditResult & { desired?: DesiredState }> {
  const trusted = flags.trustedAccounts === undefined ? undefined : parseTrustedAccounts(flags.trustedAccounts, readInputFile(flags.trustedAccounts, 'trusted accounts file'));
  let desired: DesiredState | undefined;
  if (flags.spec !== undefined) {
    const inputs = await specAgainstOrg(flags.spec, indexOrg(snapshot.org));
    printWarnings(inputs.warnings);
    desired = inputs.desired.state;
  }
  const auditing = progressLine('auditing accounts');
  const result = auditSnapshot(snapshot, {
    ...(trusted && { trusted }),
    ...(desired && { desired }),
    ...(graph && { graph }),
    bootstrapRole: flags.bootstrapRole,
    onAccount: (done, total) => auditing.update(done, total),
    onGraph: () => process.stderr.write('searching the access graph for paths from outside the organization\n'),
  });
  auditing.done();
  // The graph printed its own warnings already (the organization's among them).
  for (const warning of result.warnings) if (!graph?.warnings.includes(warning)) process.stderr.write(`warning: ${warning}\n`);
  return { ...result, ...(desired && { desired }) };
}
