import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { lintPolicy, type PolicyKind } from '../../policy/lint.js';
import type { FindingSeverity } from '../../policy/types.js';
import { locate, parseSource } from '../../spec/source.js';
import { readInputFile } from '../../file-errors.js';
import { loadOrg } from '../inputs.js';

const SEVERITIES: FindingSeverity[] = ['SUGGESTION', 'WARNING', 'SECURITY_WARNING', 'ERROR'];
const KINDS: PolicyKind[] = ['identity', 'trust', 'scp', 'rcp'];

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check IAM policy documents: grammar, wildcard and third-party trusts, deleted principals, unknown actions and condition keys, risky grants')
    .argument('<file...>', 'policy documents (JSON)')
    .option('--type <kind>', `policy type: ${KINDS.join('|')} (default: identity when no statement names a Principal, else trust)`)
    .option('--org <file>', 'organization model: trusts to accounts outside it need sts:ExternalId')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above: ${SEVERITIES.join('|')}`, 'SECURITY_WARNING')
    .option('--json', 'print {"findings": [...]} with file, line and column of each')
    .addHelpText('after', '\nExample:\n  crossrole lint out/resoto/policies/accounts/*/ResotoAccess/trust.json --type trust --org examples/org.json')
    .action(async (files: string[], opts: { type?: string; org?: string; failOn: string; json?: boolean }) => {
      if (opts.type !== undefined && !KINDS.includes(opts.type as PolicyKind)) throw new UserError(`--type must be one of ${KINDS.join(', ')}`, 2);
      const failOn = SEVERITIES.indexOf(opts.failOn.toUpperCase() as FindingSeverity);
      if (failOn < 0) throw new UserError(`--fail-on must be one of ${SEVERITIES.join(', ')}`, 2);
      const orgAccounts = opts.org ? new Set(loadOrg(opts.org).accountsById.keys()) : undefined;
      const all = [];
      for (const file of files) {
        const text = readInputFile(file, 'policy file');
        const { source, diagnostics } = parseSource(file, text);
        // Syntax errors and keys given twice (IAM refuses both) are findings at their place in the file.
        for (const d of diagnostics.filter((d) => d.severity === 'error')) {
          all.push({ file, line: d.line, col: d.col, severity: 'ERROR' as const, code: d.code ?? 'INVALID_DOCUMENT', message: d.message, path: [] });
        }
        if (source.data === undefined) continue;
        const findings = await lintPolicy(source.data, { ...(opts.type && { kind: opts.type as PolicyKind }), ...(orgAccounts && { orgAccounts }) });
        for (const f of findings) {
          const where = locate(source, { path: f.path, message: '' });
          all.push({ file, line: where.line, col: where.col, ...f });
        }
      }
      all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
      if (opts.json) process.stdout.write(`${JSON.stringify({ findings: all }, null, 2)}\n`);
      else {
        for (const f of all) process.stdout.write(`${f.file}:${f.line}:${f.col}: ${f.severity} ${f.code}: ${f.message}\n`);
        process.stdout.write(`${files.length} file${files.length === 1 ? '' : 's'}, ${all.length} finding${all.length === 1 ? '' : 's'}\n`);
      }
      if (all.some((f) => SEVERITIES.indexOf(f.severity) >= failOn)) process.exitCode = 1;
    });
}
