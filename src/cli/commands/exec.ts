import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { CredentialsError } from '../../creds/errors.js';
import { execEnvironment } from '../../creds/exec-env.js';
import { joinWords } from '../../creds/shell-words.js';
import { isCi, lookupProfile, profileSession, reportFailure, withConnectionOptions, type ConnectionFlags } from '../creds/connection.js';

interface ExecFlags extends ConnectionFlags {
  role?: string;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

export function registerExec(program: Command): void {
  withConnectionOptions(
    program
      .command('exec')
      .description("run a command with a spoke role's credentials in its environment, through the hub")
      .argument('<account>', 'account id, account name or profile name (from the profiles `crossrole profiles` wrote)')
      .argument('<command...>', 'the command and its arguments, after --')
      .option('--role <name>', 'spoke role (needed when the account has profiles for several roles)')
      // Options meant for the command must reach the action, which says where `--` goes.
      .allowUnknownOption(),
  )
    .addHelpText(
      'after',
      `
The command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION and AWS_DEFAULT_REGION (AWS_PROFILE and other credential settings removed); crossrole
exits with its exit code, and passes on SIGINT, SIGTERM, SIGHUP and SIGQUIT.

Example:
  crossrole exec payments-prod --role FleetAccess -- aws s3 ls`,
    )
    .action(async (account: string, words: string[], opts: ExecFlags, exec: Command) => {
      const ci = isCi(opts);
      let env: NodeJS.ProcessEnv;
      let command: string[];
      try {
        command = commandAfterSeparator(account, words, exec);
        const profile = lookupProfile(account, opts.role, opts);
        const session = await profileSession(profile, opts);
        env = execEnvironment(process.env, session.credentials, session.region);
      } catch (error) {
        return reportFailure(error, ci, { account, ...(opts.role !== undefined && { role: opts.role }) });
      }
      await run(command, env).catch((error: unknown) => reportFailure(error, ci, { account }));
    });
}

/**
 * The command: the words after `--`. Without `--` commander takes the command's options for
 * crossrole's own (--region, --duration) or refuses them. With it, anything else before `--` but
 * the account is an option crossrole does not have (commander passed it on as an argument).
 */
function commandAfterSeparator(account: string, words: string[], exec: Command): string[] {
  // commander keeps the command line it parsed on the program (untyped).
  const raw = (exec.parent as unknown as { rawArgs: string[] }).rawArgs;
  const separator = raw.indexOf('--');
  if (separator < 0) {
    // The user's own command line with -- put in before the command's first word.
    const typed = raw.slice(2);
    const first = typed.indexOf(words[0]!, typed.indexOf(account) + 1);
    throw new CredentialsError('InvalidArguments', `put -- before the command, so that its options stay its own: crossrole ${joinWords([...typed.slice(0, first), '--', ...typed.slice(first)])}`, 2);
  }
  const after = raw.slice(separator + 1);
  const given = [account, ...words];
  const before = given.slice(0, given.length - after.length);
  const unknown = before.find((word) => word.startsWith('-') && word !== '--');
  if (unknown !== undefined) throw new CredentialsError('InvalidArguments', `unknown option ${unknown} (options of the command go after --)`, 2);
  const endsWithAfter = after.length > 0 && before.length === 1 && after.every((word, i) => word === given[1 + i]);
  if (!endsWithAfter) throw new CredentialsError('InvalidArguments', "the command goes after --, crossrole's options before it: crossrole exec ACCOUNT [--role R] -- COMMAND [ARGS…]", 2);
  return after;
}

/** Runs the command, passing signals on; ends this process the way the command ended (exit code or signal). */
function run(command: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? new CredentialsError('InvalidArguments', `${command[0]}: command not found`, 127) : error);
    });
    child.once('exit', (code, signal) => {
      done();
      if (signal) process.kill(process.pid, signal);
      else process.exitCode = code ?? 1;
      resolve();
    });
  });
}
