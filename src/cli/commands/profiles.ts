import { existsSync, realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CredentialsError } from '../../creds/errors.js';
import { DEFAULT_NAME_TEMPLATE, stsName } from '../../creds/names.js';
import { mergeProfiles, profileEntries, renderProfiles, type MergeResult } from '../../creds/profiles.js';
import { splitWords } from '../../creds/shell-words.js';
import { unifiedDiff } from '../../creds/unified-diff.js';
import { UserError } from '../../errors.js';
import type { AwsFlags } from '../../aws/options.js';
import { withAwsFlags } from '../aws-flags.js';
import { configPath } from '../creds/connection.js';
import { readTextIfExists, writeWithBackup } from '../creds/config-io.js';
import { loadOrg, specAgainstOrg } from '../inputs.js';
import { loadLiveInputs } from '../live-inputs.js';
import { plural, printJson, printWarnings } from '../output.js';

interface ProfilesFlags extends AwsFlags {
  spec: string;
  org?: string;
  config?: string;
  nameTemplate: string;
  prune?: boolean;
  dryRun?: boolean;
  plain?: boolean;
  hubProfile?: string;
  sessionName?: string;
  mfaSerial?: string;
  command?: string;
  json?: boolean;
}

export function registerProfiles(program: Command): void {
  withAwsFlags(
    program
      .command('profiles')
      .description('write one AWS profile per account × spoke role into a marked block of the AWS config file, leaving your other profiles alone')
      .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
      .option('--org <file>', 'organization model (default: discover it live)')
      .option('--config <path>', 'AWS config file (default: AWS_CONFIG_FILE or ~/.aws/config)')
      .option('--name-template <template>', 'profile names from {account_name} {account_id} {role} {hub}', DEFAULT_NAME_TEMPLATE)
      .option('--prune', "remove the block's profiles that are no longer generated (accounts that left, roles removed)")
      .option('--dry-run', 'show the diff, write nothing')
      .option('--plain', 'role_arn/source_profile chains the AWS CLI resolves itself (hub profile → spoke) instead of credential_process through crossrole')
      .option('--hub-profile <profile>', 'profile with your own credentials that every chain starts from (default: environment keys, AWS_PROFILE, the default profile)')
      .option('--session-name <name>', '--plain: the RoleSessionName the AWS CLI sends (default: your login name)')
      .option('--mfa-serial <arn>', '--plain: your MFA device, for spokes whose trust requires MFA')
      .option('--command <command>', 'how profiles run crossrole (default: crossrole when it is on PATH, else this node and script)')
      .option('--json', 'print {"config", "written", "added", "changed", "removed", "kept", "diff"}'),
  )
    .addHelpText(
      'after',
      `
Each profile is [profile <account>.<role>] with
  credential_process = crossrole credentials --account … --role … --path … --hub …
(or role_arn/source_profile with --plain). The diff is shown before the file is replaced; the old
file is kept as <config>.crossrole.bak.

Example:
  crossrole profiles --spec crossrole.yaml --org org.json
  aws s3 ls --profile payments-prod.FleetAccess`,
    )
    .action(async (opts: ProfilesFlags) => {
      try {
        await writeProfiles(opts);
      } catch (error) {
        if (error instanceof CredentialsError) throw new UserError(error.message, error.exitCode);
        throw error;
      }
    });
}

async function writeProfiles(opts: ProfilesFlags): Promise<void> {
  let inputs;
  if (opts.org) {
    const offline = await specAgainstOrg(opts.spec, loadOrg(opts.org));
    printWarnings(offline.warnings);
    inputs = { loaded: offline.loaded, org: offline.org, state: offline.desired.state };
  } else {
    // --hub-profile is only written into the profiles here, not signed in with (see below).
    const live = await loadLiveInputs({ ...opts, hubProfile: undefined });
    inputs = { loaded: live.loaded, org: live.org, state: live.desired };
  }
  const { loaded, org, state } = inputs;
  const entries = profileEntries(state, loaded.spec, org.org, opts.nameTemplate);
  const mode = opts.plain ? 'plain' : 'process';
  const command = opts.command !== undefined ? splitWords(opts.command) : defaultCommand();
  if (!command?.length) throw new CredentialsError('InvalidArguments', `--command ${opts.command}: not a command line`, 2);
  if (mode === 'plain') {
    const needIdentity = [...new Set(entries.filter((e) => e.chain.sourceIdentity).map((e) => e.role))];
    if (needIdentity.length) process.stderr.write(`profiles: warning: --plain profiles cannot set SourceIdentity, which the trust of ${needIdentity.join(', ')} requires; leave out --plain\n`);
    if (!opts.mfaSerial && entries.some((e) => e.chain.mfa)) process.stderr.write('profiles: warning: spokes require MFA: pass --mfa-serial so the AWS CLI asks for your code\n');
  }
  const rendered = renderProfiles(entries, {
    mode,
    command,
    ...(opts.hubProfile !== undefined && { hubProfile: opts.hubProfile }),
    sessionName: stsName(opts.sessionName ?? loginName()),
    ...(opts.mfaSerial !== undefined && { mfaSerial: opts.mfaSerial }),
  });

  const file = configPath(opts.config);
  if (opts.hubProfile !== undefined) await warnUnknownProfile(opts.hubProfile, file);
  const before = readTextIfExists(file);
  const header = [`# one profile per account and spoke role of spec ${state.specName}${mode === 'process' ? ', signed in through crossrole credentials' : ''}`];
  const result = mergeProfiles(before, file, state.specName, rendered, { prune: opts.prune === true, header });
  const diff = unifiedDiff(before, result.text, { from: file, to: `${file} (crossrole profiles)` });
  const write = diff !== '' && !opts.dryRun;
  const backup = write ? writeWithBackup(file, result.text) : undefined;

  if (opts.json) {
    printJson({ config: file, written: write, ...(backup && { backup }), added: result.added, changed: result.changed, removed: result.removed, kept: result.kept, diff });
    return;
  }
  process.stdout.write(diff || `${file}: no changes\n`);
  if (diff) process.stdout.write(`\n${summary(file, entries.length, result)}${opts.dryRun ? ' (dry run: nothing written)' : ''}\n`);
  if (backup) process.stdout.write(`previous file kept as ${backup}\n`);
  const example = entries[0];
  if (write && example) process.stdout.write(`try: aws sts get-caller-identity --profile ${example.name}\n`);
}

/** The profiles start from --hub-profile: say so when the AWS files do not define it (yet). */
async function warnUnknownProfile(name: string, configFile: string): Promise<void> {
  const { checkProfilesExist } = await import('../../aws/shared-config.js');
  try {
    await checkProfilesExist([{ name, source: '--hub-profile' }], configFile);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`profiles: warning: ${error.message}; the generated profiles start from it\n`);
  }
}

function summary(file: string, generated: number, r: MergeResult): string {
  const parts = [`${r.added.length} added`, `${r.changed.length} changed`];
  if (r.removed.length) parts.push(`${r.removed.length} removed`);
  if (r.kept.length) parts.push(`${r.kept.length} kept that are no longer generated (--prune removes them)`);
  return `${file}: ${plural(generated, 'profile')} generated; ${parts.join(', ')}`;
}

/**
 * `crossrole` when that is this very installation on PATH; else this node and the installation's
 * entry point (bin, which answers `credentials` without loading the whole CLI), so profiles work
 * without PATH.
 */
function defaultCommand(): string[] {
  const script = realpath(fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../bin.ts' : '../bin.js', import.meta.url)));
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'crossrole')).find((candidate) => existsSync(candidate));
  if (onPath && realpath(onPath) === script) return ['crossrole'];
  return [process.execPath, ...process.execArgv, script];
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function loginName(): string {
  try {
    return userInfo().username || 'crossrole';
  } catch {
    return 'crossrole';
  }
}
