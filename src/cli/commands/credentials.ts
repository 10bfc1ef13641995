import { Command, CommanderError } from 'commander';
import type { ChainSpec } from '../../creds/chain.js';
import { CredentialsError } from '../../creds/errors.js';
import { credentialProcessJson } from '../../creds/session.js';
import { isCi, lookupAccountId, lookupProfile, reportFailure, resolveSession, withConnectionOptions, type ConnectionFlags } from '../creds/connection.js';

interface CredentialsFlags extends ConnectionFlags {
  account: string;
  role: string;
  path?: string;
  hub?: string;
  via?: string[];
  mfa?: boolean;
  sourceIdentity?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerCredentials(program: Command): void {
  withConnectionOptions(
    program
      .command('credentials')
      .description("print a spoke role's credentials as credential_process JSON, through the hub (the AWS config profiles `crossrole profiles` writes run this)")
      .requiredOption('--account <id|name>', 'spoke account: its id, or its name in the profiles crossrole wrote')
      .requiredOption('--role <name>', 'spoke role name')
      .option('--path <path>', "the spoke role's IAM path; with it the command needs nothing else (generated profiles pass it), without it the chain is read from the profile crossrole wrote for this account and role")
      .option('--hub <arn>', 'hub role to assume first (role hubs; user and group hubs start from your own credentials)')
      .option('--via <arn>', 'a further role between hub and spoke, repeatable, in order (hub → spoke → spoke chains)', collect)
      .option('--mfa', 'the spoke trust requires MFA: the first call made with your credentials carries your MFA code; the session it opens serves every spoke')
      .option('--source-identity', 'set SourceIdentity (you) on every hop; the roles\' trusts must allow sts:SetSourceIdentity'),
  )
    .addHelpText(
      'after',
      `
Prints {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}. Sessions are
cached (CROSSROLE_CACHE_DIR, else ~/.cache/crossrole; directory 0700, files 0600) and handed out
while they last 15 more minutes; parallel calls wait for the one that signs in. Every session is
named after you (RoleSessionName; SourceIdentity with --source-identity): your IAM user name, your
SSO session name, or in CI the actor (GITHUB_ACTOR, GITLAB_USER_LOGIN; CROSSROLE_IDENTITY overrides).

Example:
  crossrole credentials --account payments-prod --role FleetAccess
  # in ~/.aws/config, written by crossrole profiles:
  credential_process = crossrole credentials --account 210987654321 --role FleetAccess --path /crossrole/ --hub arn:aws:iam::222222222222:role/crossrole/FleetHub`,
    )
    .action(async (opts: CredentialsFlags) => {
      const ci = isCi(opts);
      try {
        let chain: ChainSpec;
        let flags: ConnectionFlags = opts;
        if (opts.path !== undefined) {
          chain = { accountId: lookupAccountId(opts.account, opts), role: opts.role, path: opts.path, ...(opts.hub !== undefined && { hubArn: opts.hub }), via: opts.via ?? [], mfa: opts.mfa === true, sourceIdentity: opts.sourceIdentity === true };
        } else {
          const profile = lookupProfile(opts.account, opts.role, opts);
          if (!profile.chain) throw new CredentialsError('InvalidArguments', `profile ${profile.name} is a --plain profile: the AWS CLI resolves it itself (aws … --profile ${profile.name})`, 2);
          chain = profile.chain;
          if (opts.hubProfile === undefined && profile.hubProfile !== undefined) flags = { ...opts, hubProfile: profile.hubProfile };
        }
        const session = await resolveSession(chain, flags);
        process.stdout.write(`${credentialProcessJson(session.credentials)}\n`);
      } catch (error) {
        reportFailure(error, ci, { account: opts.account, role: opts.role });
      }
    });
}

/**
 * `crossrole credentials` without the rest of the CLI: credential_process runs it for every AWS
 * call, so the entry point (bin.ts) dispatches here before the other commands (the AWS SDK, the
 * policy engine, YAML) load. Usage errors exit 2 like the full CLI.
 */
export async function runCredentials(argv: string[]): Promise<void> {
  const program = new Command('crossrole').option('--debug', 'print stack traces for errors').exitOverride();
  registerCredentials(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
    else {
      process.stderr.write(argv.includes('--debug') ? `${(error as Error).stack}\n` : `internal error: ${(error as Error).message} (run with --debug for details)\n`);
      process.exitCode = 1;
    }
  }
}
