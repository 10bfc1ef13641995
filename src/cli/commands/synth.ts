import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { formatDiagnostic, type Diagnostic } from '../../spec/source.js';
import { templateProblems } from '../../synth/cloudformation/limits.js';
import { synthesize } from '../../synth/index.js';
import { loadInputs } from '../inputs.js';
import { plural, printWarnings } from '../output.js';
import { writeOutputDir } from '../write-output.js';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('write CloudFormation (spoke, StackSet, hub), policy files, AWS CLI profiles and Spinnaker/Resoto/Micetro config, offline')
    .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
    .requiredOption('--org <file>', 'organization model (org.json)')
    .requiredOption('--out <dir>', 'output directory (files crossrole wrote there before are replaced)')
    .addHelpText('after', '\nExample:\n  crossrole synth --spec examples/resoto-inventory.yaml --org examples/org.json --out out/resoto')
    .action(async (opts: { spec: string; org: string; out: string }) => {
      const { desired, org, warnings } = await loadInputs(opts.spec, opts.org, { outputWarnings: 'all' });
      printWarnings(warnings);
      const files = synthesize(desired!.state, org!.org);
      const problems = [...files].filter(([path]) => path.endsWith('.template.json')).flatMap(([path, text]) => templateProblems(path, text));
      const located = (severity: 'error' | 'warning') =>
        problems.filter((p) => p.severity === severity).map((p): Diagnostic => ({ file: join(opts.out, p.path), line: 0, col: 0, severity, message: p.message }));
      // CloudFormation would refuse these files: none is written.
      if (located('error').length > 0) throw new UserError(located('error').map(formatDiagnostic).join('\n'), 2);
      const { written, removed } = writeOutputDir(opts.out, files);
      printWarnings(located('warning'));
      process.stdout.write(`${opts.out}: ${plural(written, 'file')} written${removed ? `, ${removed} stale removed` : ''}\n`);
    });
}
