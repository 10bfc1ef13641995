import type { Command } from 'commander';
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
    .action((opts: { spec: string; org: string; out: string }) => {
      const { desired, org, warnings } = loadInputs(opts.spec, opts.org, { outputWarnings: 'all' });
      printWarnings(warnings);
      const files = synthesize(desired!.state, org!.org);
      const { written, removed } = writeOutputDir(opts.out, files);
      process.stdout.write(`${opts.out}: ${plural(written, 'file')} written${removed ? `, ${removed} stale removed` : ''}\n`);
    });
}
