import type { Command } from 'commander';
import { MAX_SESSION_SECONDS, MIN_SESSION_SECONDS } from '../../creds/chain.js';
import { isCi, lookupProfile, profileSession, reportFailure, withConnectionOptions, type ConnectionFlags } from '../creds/connection.js';
import { consoleLoginUrl, openBrowser } from '../creds/console-signin.js';
import { wholeNumber } from '../numbers.js';
import { printJson } from '../output.js';

interface ConsoleFlags extends ConnectionFlags {
  role?: string;
  open?: boolean;
  destination?: string;
  consoleDuration?: number;
  json?: boolean;
}

export function registerConsole(program: Command): void {
  withConnectionOptions(
    program
      .command('console')
      .description("an AWS console sign-in URL for a spoke role, through the hub and the federation endpoint (getSigninToken, then login)")
      .argument('<account>', 'account id, account name or profile name (from the profiles `crossrole profiles` wrote)')
      .option('--role <name>', 'spoke role (needed when the account has profiles for several roles)')
      .option('--open', 'open it in the browser ($BROWSER, else open / xdg-open) instead of printing it')
      .option('--destination <url>', 'console page to land on (default: the console home of the region)')
      .option('--console-duration <seconds>', 'console session length, 900–43200, for sessions that are not role-chained (chained ones last as long as their credentials)', wholeNumber(MIN_SESSION_SECONDS, MAX_SESSION_SECONDS))
      .option('--json', 'print {"url": …}'),
  )
    .addHelpText(
      'after',
      `
The URL signs whoever opens it in for 15 minutes: treat it like a password.

Example:
  crossrole console payments-prod --role FleetAccess --open`,
    )
    .action(async (account: string, opts: ConsoleFlags) => {
      const ci = isCi(opts);
      try {
        const profile = lookupProfile(account, opts.role, opts);
        const session = await profileSession(profile, opts);
        const url = await consoleLoginUrl(session.credentials, {
          chained: session.chained,
          region: session.region,
          ...(opts.destination !== undefined && { destination: opts.destination }),
          ...(opts.consoleDuration !== undefined && { sessionDuration: opts.consoleDuration }),
          ...(process.env.CROSSROLE_FEDERATION_ENDPOINT && { federation: process.env.CROSSROLE_FEDERATION_ENDPOINT }),
        });
        if (opts.open) {
          await openBrowser(url);
          process.stderr.write(`console: opened ${profile.accountName} (${profile.accountId}) ${profile.role} in the browser\n`);
        } else if (opts.json) printJson({ url });
        else process.stdout.write(`${url}\n`);
      } catch (error) {
        reportFailure(error, ci, { account, ...(opts.role !== undefined && { role: opts.role }) });
      }
    });
}
