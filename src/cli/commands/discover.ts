import type { Command } from 'commander';
import { checkOutputPath, writeOutputFile } from '../../file-errors.js';
import { awsOptions, type AwsFlags } from '../../aws/options.js';
import { validateOrgStructure } from '../../org/load.js';
import { withAwsFlags } from '../aws-flags.js';
import { discoverLive } from '../live-inputs.js';
import { plural } from '../output.js';

export function registerDiscover(program: Command): void {
  withAwsFlags(
    program
      .command('discover')
      .description('read the organization (accounts with status and tags, nested OUs, SCPs and RCPs) into org.json')
      .requiredOption('--out <file>', 'where to write the organization model (org.json)'),
  )
    .addHelpText('after', '\nRun with credentials of the management account (or a delegated administrator).\n\nExample:\n  crossrole discover --profile management --out org.json')
    .action(async (opts: AwsFlags & { out: string }) => {
      checkOutputPath(opts.out, 'org file', 'file');
      const { connect } = await import('../../aws/accounts.js');
      // Write only what the model accepts: the same checks as a hand-written org.json.
      const parsed = await discoverLive(await connect(awsOptions(opts)));
      const problems = validateOrgStructure(parsed);
      for (const p of problems) process.stderr.write(`warning: org.json ${p.path.join('.')}: ${p.message}\n`);
      writeOutputFile(opts.out, `${JSON.stringify(parsed, null, 2)}\n`, 'org file');
      const suspended = parsed.accounts.filter((a) => a.status !== 'ACTIVE').length;
      process.stdout.write(
        `${opts.out}: ${parsed.organizationId}, ${plural(parsed.accounts.length, 'account')} (${suspended} not active), ${plural(parsed.organizationalUnits.length, 'OU')}, ${parsed.policies.length} SCPs/RCPs\n`,
      );
    });
}
