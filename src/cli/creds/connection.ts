// What credentials, exec and console share: their connection flags, the AWS config file, finding
// a generated profile, resolving its chain, and reporting failures (one JSON line in CI mode).
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MAX_SESSION_SECONDS, MIN_SESSION_SECONDS, planChain, startSource, type ChainSpec } from '../../creds/chain.js';
import { allProfiles, sectionValues, splitLines } from '../../creds/config-file.js';
import { CredentialsError, errorReport } from '../../creds/errors.js';
import { accountIdOf, findProfile, managedProfiles, type ManagedProfile } from '../../creds/lookup.js';
import type { CachedSession, SessionCredentials } from '../../creds/session.js';
import { wholeNumber } from '../numbers.js';
import { readTextIfExists } from './config-io.js';
import { resolveChain, tokenDigest } from './resolve.js';
import { cacheDirectory, SessionCache } from './session-cache.js';

export interface ConnectionFlags {
  hubProfile?: string;
  mfaSerial?: string;
  duration: number;
  config?: string;
  region?: string;
  endpointUrl?: string;
  ci?: boolean;
}

export function withConnectionOptions(command: Command): Command {
  return command
    .option('--hub-profile <profile>', 'AWS profile with your own credentials, where every chain starts (default: environment keys, a web identity token, AWS_PROFILE, the default profile)')
    .option('--mfa-serial <arn>', "your MFA device, for spokes whose trust requires MFA (default: the starting profile's mfa_serial, else your IAM user's device)")
    .option('--duration <seconds>', 'lifetime of the first session, 900–43200 (roles assumed with role credentials get one hour at most)', wholeNumber(MIN_SESSION_SECONDS, MAX_SESSION_SECONDS), 3600)
    .option('--config <path>', 'AWS config file with the profiles crossrole wrote (default: AWS_CONFIG_FILE or ~/.aws/config)')
    .option('--region <region>', 'region of the STS endpoint (default: AWS_REGION or us-east-1)')
    .option('--endpoint-url <url>', 'send STS calls to this endpoint, e.g. a local moto server (default: AWS_ENDPOINT_URL)')
    .option('--ci', 'CI mode: never prompt, errors as one JSON line on stderr (default when AWS_WEB_IDENTITY_TOKEN_FILE is set or CI=true)');
}

export function isCi(flags: { ci?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return flags.ci === true || Boolean(env.AWS_WEB_IDENTITY_TOKEN_FILE) || env.CI === 'true';
}

export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const path = flag ?? env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export function readConfigLines(path: string): string[] {
  return splitLines(readTextIfExists(path));
}

const ACCOUNT_ID = /^\d{12}$/;

export function lookupProfile(account: string, role: string | undefined, flags: Pick<ConnectionFlags, 'config'>): ManagedProfile {
  const file = configPath(flags.config);
  return findProfile(managedProfiles(readConfigLines(file), file), account, role, file);
}

/** An account id as given, or the id of the account the generated profiles know by this name. */
export function lookupAccountId(account: string, flags: Pick<ConnectionFlags, 'config'>): string {
  if (ACCOUNT_ID.test(account)) return account;
  const file = configPath(flags.config);
  return accountIdOf(managedProfiles(readConfigLines(file), file), account, file);
}

/** The spoke session of a chain: from the cache when fresh, else through STS (prompting for MFA at most once per hub session). */
export async function resolveSession(chain: ChainSpec, flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<CachedSession> {
  if (!ACCOUNT_ID.test(chain.accountId)) throw new CredentialsError('InvalidArguments', `--account ${chain.accountId}: with --path the account is its 12-digit id`, 2);
  const file = configPath(flags.config, env);
  let lines: string[] | undefined;
  const config = () => (lines ??= readConfigLines(file));

  // `export AWS_PROFILE=payments-prod.FleetAccess` must not make crossrole its own source.
  let startEnv = env;
  if (!flags.hubProfile && env.AWS_PROFILE && managedProfiles(config(), file).some((p) => p.name === env.AWS_PROFILE)) {
    startEnv = { ...env, AWS_PROFILE: undefined };
    delete process.env.AWS_PROFILE;
  }
  const start = startSource(flags.hubProfile, startEnv, tokenDigest);
  const endpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL;
  const plan = planChain(chain, start, { durationSeconds: flags.duration, ...(endpoint && { endpoint }) });
  return resolveChain(plan, {
    cache: new SessionCache(cacheDirectory(env)),
    start,
    region: flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint && { endpoint }),
    ci: isCi(flags, env),
    ...((flags.mfaSerial ?? env.CROSSROLE_MFA_SERIAL) && { mfaSerial: flags.mfaSerial ?? env.CROSSROLE_MFA_SERIAL }),
    profileMfaSerial: () => {
      if (start.kind !== 'profile' && start.kind !== 'default') return undefined;
      const name = start.kind === 'profile' ? start.profile : 'default';
      const section = allProfiles(config(), file).find((p) => p.section.name === name)?.section;
      return section && sectionValues(section).get('mfa_serial');
    },
    ...(env.CROSSROLE_IDENTITY && { identity: env.CROSSROLE_IDENTITY }),
    env,
    note: (message) => process.stderr.write(`${message}\n`),
  });
}

/** Prints a failure the user can act on (JSON in CI mode) and sets the exit code; anything else is a bug and is rethrown. */
export function reportFailure(error: unknown, ci: boolean, where: { account?: string; role?: string }): void {
  const e = error as { name?: string; message?: string; code?: string; exitCode?: number };
  const known = e.name === 'CredentialsError' || e.name === 'UserError' || e.name === 'InvalidInputError';
  if (!known && !ci) throw error;
  const code = e.name === 'CredentialsError' ? e.code! : known ? 'Error' : 'InternalError';
  const message = e.message ?? String(error);
  process.stderr.write(ci ? `${JSON.stringify(errorReport(code, message, where))}\n` : `${message}\n`);
  process.exitCode = e.exitCode ?? 1;
}

export interface ProfileSession {
  credentials: SessionCredentials;
  /** Made with role credentials: the console then refuses a SessionDuration. */
  chained: boolean;
  region: string;
}

/** The session of a generated profile: crossrole's chain, or for --plain profiles the SDK's own role_arn/source_profile resolution. */
export async function profileSession(profile: ManagedProfile, flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<ProfileSession> {
  const region = flags.region ?? profile.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (profile.chain) {
    const session = await resolveSession(profile.chain, { ...flags, ...(flags.hubProfile === undefined && profile.hubProfile !== undefined && { hubProfile: profile.hubProfile }) }, env);
    return { credentials: session.credentials, chained: session.chained, region };
  }
  const aws = await import('../../aws/credentials.js');
  const { readMfaCode } = await import('./mfa-prompt.js');
  const keys = await aws.startCredentials({ kind: 'profile', profile: profile.name }, (serial) => readMfaCode(serial, isCi(flags, env)), configPath(flags.config, env));
  const expiration = new Date(keys.expiration ?? Date.now() + 3600_000).toISOString();
  // A --plain spoke profile assumes its role from the hub profile's role session (or your own keys for user hubs): treat it as chained, the safe reading for the console.
  return { credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken ?? '', expiration }, chained: true, region };
}
