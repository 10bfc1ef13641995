import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { auditSnapshot } from '../../audit/audit.js';
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

interface AuditFlags {
  snapshot: string;
  spec?: string;
  trustedAccounts?: string;
  format: string;
  failOn: string;
  minSeverity: string;
  bootstrapRole: string;
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
      const trusted = opts.trustedAccounts === undefined ? undefined : parseTrustedAccounts(opts.trustedAccounts, readInputFile(opts.trustedAccounts, 'trusted accounts file'));

      const snapshot = loadSnapshot(opts.snapshot);
      let desired;
      if (opts.spec !== undefined) {
        const inputs = await specAgainstOrg(opts.spec, indexOrg(snapshot.org));
        printWarnings(inputs.warnings);
        desired = inputs.desired.state;
      }
      const auditing = progressLine('auditing accounts');
      const { findings, coverage, warnings } = auditSnapshot(snapshot, {
        ...(trusted && { trusted }),
        ...(desired && { desired }),
        bootstrapRole: opts.bootstrapRole,
        onAccount: (done, total) => auditing.update(done, total),
        onGraph: () => process.stderr.write('searching the access graph for paths from outside the organization\n'),
      });
      auditing.done();
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);

      const listed = findings.filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
      if (listed.length < findings.length) process.stderr.write(`${findings.length - listed.length} finding(s) below ${minSeverity} not listed (--min-severity)\n`);
      if (opts.format === 'json') printJson({ findings: listed, coverage });
      else if (opts.format === 'sarif') printJson(toSarif(listed, { toolVersion: version(), snapshotUri: `${pathToFileURL(resolve(opts.snapshot)).href.replace(/\/?$/, '/')}`, coverage }));
      else process.stdout.write(renderTable(listed, coverage));
      if (failOn !== 'none' && findings.some((f) => severityRank(f.severity) >= severityRank(failOn as Severity))) process.exitCode = 1;
    });
}
