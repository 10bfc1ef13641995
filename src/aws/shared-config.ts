// Named profiles, looked up in the shared config and credentials files the way the AWS SDK reads
// them: a misspelled profile is one message before any call, not a credentials error per call.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { UserError } from '../errors.js';
import { didYouMean } from '../spec/schema-issues.js';

export interface NamedProfile {
  name: string;
  /** Where the name came from, for the message: `--profile`, `--hub-profile`, `AWS_PROFILE`. */
  source: string;
}

/** The files the SDK reads profiles from: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. */
export function sharedFilePaths(configFile?: string, env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = (path: string) => (path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);
  return {
    config: home(configFile ?? env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config')),
    credentials: home(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials')),
  };
}

/** Throws (exit 2) for the first profile that neither file defines. */
export async function checkProfilesExist(profiles: NamedProfile[], configFile?: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!profiles.length) return;
  const paths = sharedFilePaths(configFile, env);
  const files = await loadSharedConfigFiles({ configFilepath: paths.config, filepath: paths.credentials, ignoreCache: true });
  const known = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])];
  for (const { name, source } of profiles) {
    if (Object.hasOwn(files.configFile, name) || Object.hasOwn(files.credentialsFile, name)) continue;
    const hint = didYouMean(name, known) || (known.length ? '' : ' (neither file defines any profile)');
    throw new UserError(`profile ${name} (${source}) not found in ${paths.config} or ${paths.credentials}${hint}`, 2);
  }
}

/** The profile the SDK's default credential chain uses without --profile: AWS_PROFILE (it wins over keys in the environment). */
export function environmentProfile(env: NodeJS.ProcessEnv = process.env): NamedProfile | undefined {
  return env.AWS_PROFILE ? { name: env.AWS_PROFILE, source: 'AWS_PROFILE' } : undefined;
}
