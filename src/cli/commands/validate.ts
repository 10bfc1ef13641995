import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import { loadInputs } from '../inputs.js';
import { plural, printJson, printWarnings } from '../output.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a spec (and, with --org, its targets and IAM size limits against the organization)')
    .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
    .option('--org <file>', 'organization model (org.json) to check targets and limits against')
    .option('--json', 'print {"valid": bool, "diagnostics": [...]} on stdout')
    .addHelpText('after', '\nExample:\n  crossrole validate --spec crossrole.yaml --org org.json\n\nExit codes: 0 valid, 2 invalid (each problem printed as file:line:col).')
    .action(async (opts: { spec: string; org?: string; json?: boolean }) => {
      let inputs;
      try {
        inputs = await loadInputs(opts.spec, opts.org, { outputWarnings: 'all' });
      } catch (error) {
        if (opts.json && error instanceof InvalidInputError) {
          printJson({ valid: false, diagnostics: error.diagnostics });
          process.exitCode = 2;
          return;
        }
        throw error;
      }
      const { loaded, desired, warnings } = inputs;
      if (opts.json) {
        printJson({ valid: true, diagnostics: warnings });
        return;
      }
      printWarnings(warnings);
      const hubs = Object.keys(loaded.spec.hubs).length;
      const roles = Object.keys(loaded.spec.roles).length;
      let summary = `${opts.spec}: valid (${plural(hubs, 'hub')}, ${plural(roles, 'spoke role')})`;
      if (desired) {
        const { state } = desired;
        const accounts = new Set(state.roles.map((r) => r.accountId)).size;
        summary += `; ${plural(state.roles.length, 'spoke')} in ${plural(accounts, 'account')}, ${state.skipped.length} skipped`;
      }
      process.stdout.write(`${summary}\n`);
    });
}
