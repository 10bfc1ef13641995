import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { checkOutputPath, readInputFile, writeOutputFile } from '../../file-errors.js';
import { indexOrg } from '../../org/model.js';
import { packGraph } from '../../report/compact-graph.js';
import { reportData } from '../../report/data.js';
import { readPageAsset, reportHtml } from '../../report/html.js';
import { parseVerifyResults } from '../../report/verify-results.js';
import { withBootstrapRoleFlag } from '../aws-flags.js';
import { loadSnapshot } from '../inputs.js';
import { plural } from '../output.js';
import { version } from '../version.js';
import { auditWithProgress, type AuditInputFlags } from './audit.js';
import { graphWithProgress } from './graph.js';

interface ReportFlags extends AuditInputFlags {
  snapshot: string;
  verify?: string;
  out: string;
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('one self-contained HTML file of a snapshot\'s audit: overview, findings with filters and search, the access graph (accounts by OU, drill-down, a finding\'s path, who can reach a role and what a principal reaches) and with --spec the fleet matrix; opens from file:// with no network access')
    .requiredOption('--snapshot <dir>', 'snapshot directory: org.json and accounts/<account-id>.json')
    .option('--spec <file>', 'fleet spec (crossrole.yaml): spoke findings and the fleet matrix (account × spoke role)')
    .option('--trusted-accounts <file>', 'YAML/JSON list of outside account ids you vouch for (as audit reads it)')
    .option('--verify <file>', 'the output of `crossrole verify --json`: the fleet matrix shows its statuses (needs --spec)')
    .requiredOption('--out <file>', 'the HTML file to write (replaced whole)');
  withBootstrapRoleFlag(command)
    .addHelpText('after', '\nThe findings are those of `crossrole audit` with the same flags; the graph\'s searches give the answers of `who-can-assume` and `reach`.\n\nExit codes: 0 written (whatever the findings), 2 invalid input.\n\nExamples:\n  crossrole report --snapshot snapshot/ --out report.html\n  crossrole report --snapshot snapshot/ --spec crossrole.yaml --verify verify.json --out report.html')
    .action(async (opts: ReportFlags) => {
      checkOutputPath(opts.out, 'report', 'file');
      if (opts.verify !== undefined && opts.spec === undefined) throw new UserError('--verify needs --spec: the fleet matrix is account × spoke role of the spec', 2);
      const verified = opts.verify === undefined ? undefined : parseVerifyResults(opts.verify, readInputFile(opts.verify, 'verify results'));
      const asset = readPageAsset();
      const snapshot = loadSnapshot(opts.snapshot);
      const graph = graphWithProgress(snapshot);
      const audit = await auditWithProgress(snapshot, opts, graph);
      const data = reportData({ org: indexOrg(snapshot.org), graph, audit, ...(audit.desired && { desired: audit.desired }), ...(verified && { verified }), version: version(), generatedAt: new Date() });
      const html = reportHtml(data, packGraph(graph), asset);
      writeOutputFile(opts.out, html, 'report');
      const megabytes = (Buffer.byteLength(html) / 1e6).toFixed(1);
      process.stdout.write(`${opts.out}: ${plural(data.findings.length, 'finding')} in ${plural(data.counts.accounts, 'account')}, ${megabytes} MB\n`);
    });
}
