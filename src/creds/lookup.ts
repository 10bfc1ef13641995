// Finding a generated profile again: `crossrole exec payments-prod`, `console 210987654321 --role
// FleetAccess` and `credentials --account NAME` read crossrole's blocks in the AWS config file.
import type { ChainSpec } from './chain.js';
import { findBlocks, sectionValues } from './config-file.js';
import { didYouMean } from '../spec/schema-issues.js';
import { CredentialsError } from './errors.js';
import { ACCOUNT_NAME_KEY } from './profiles.js';
import { splitWords } from './shell-words.js';

export interface ManagedProfile {
  name: string;
  spec: string;
  accountId: string;
  accountName: string;
  role: string;
  region?: string;
  /** A credential_process profile's chain (absent for --plain profiles, which the SDK resolves itself). */
  chain?: ChainSpec;
  /** --hub-profile written into the profile's line. */
  hubProfile?: string;
}

/** The inverse of `credentialsWords` (profiles.ts): the arguments after `credentials`. */
export function parseCredentialsWords(words: string[]): (Partial<ChainSpec> & { hubProfile?: string }) | undefined {
  const start = words.indexOf('credentials');
  if (start < 0) return undefined;
  const out: Partial<ChainSpec> & { hubProfile?: string } = { via: [], mfa: false, sourceIdentity: false };
  const args = words.slice(start + 1);
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    const take = () => (i++, value);
    switch (flag) {
      case '--account': out.accountId = take(); break;
      case '--role': out.role = take(); break;
      case '--path': out.path = take(); break;
      case '--hub': out.hubArn = take(); break;
      case '--via': if (value !== undefined) out.via!.push(take()!); break;
      case '--hub-profile': out.hubProfile = take(); break;
      case '--mfa': out.mfa = true; break;
      case '--source-identity': out.sourceIdentity = true; break;
      default: break;
    }
  }
  return out;
}

function roleFromArn(arn: string | undefined): { accountId: string; role: string } | undefined {
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn ?? '');
  return match ? { accountId: match[1]!, role: match[2]! } : undefined;
}

export function managedProfiles(lines: string[], file: string): ManagedProfile[] {
  const found: ManagedProfile[] = [];
  for (const block of findBlocks(lines, file)) {
    for (const section of block.sections) {
      if (section.kind !== 'profile') continue;
      const values = sectionValues(section);
      const accountName = values.get(ACCOUNT_NAME_KEY);
      if (accountName === undefined) continue; // a hub profile of --plain mode
      const region = values.get('region');
      const words = splitWords(values.get('credential_process') ?? '');
      const parsed = words && parseCredentialsWords(words);
      if (parsed?.accountId && parsed.role && parsed.path) {
        const { hubProfile, ...chain } = parsed;
        found.push({ name: section.name, spec: block.spec, accountId: parsed.accountId, accountName, role: parsed.role, ...(region !== undefined && { region }), chain: chain as ChainSpec, ...(hubProfile !== undefined && { hubProfile }) });
        continue;
      }
      const role = roleFromArn(values.get('role_arn'));
      if (role) found.push({ name: section.name, spec: block.spec, ...role, accountName, ...(region !== undefined && { region }) });
    }
  }
  return found;
}

/** The profiles of an account named by its id or by the name the generated profiles give it; did-you-mean when there are none. */
function profilesOfAccount(profiles: ManagedProfile[], account: string, file: string): ManagedProfile[] {
  const lower = account.toLowerCase();
  const ofAccount = profiles.filter((p) => p.accountId === account || p.accountName.toLowerCase() === lower);
  if (ofAccount.length) return ofAccount;
  const known = [...new Set(profiles.flatMap((p) => [p.name, p.accountName, p.accountId]))];
  const hint = didYouMean(account, known) || (profiles.length ? '; check the name' : ` (it has no crossrole block); run crossrole profiles --spec … first`);
  throw new CredentialsError('ProfileNotFound', `no crossrole profile for account ${account} in ${file}${hint}`);
}

/** The id of an account the generated profiles know by this name (or id). */
export function accountIdOf(profiles: ManagedProfile[], account: string, file: string): string {
  return profilesOfAccount(profiles, account, file)[0]!.accountId;
}

/**
 * The profile for `account` (a profile name, account id or account name) and `role` (needed only
 * when the account has several).
 */
export function findProfile(profiles: ManagedProfile[], account: string, role: string | undefined, file: string): ManagedProfile {
  const byName = profiles.find((p) => p.name === account && (role === undefined || p.role === role));
  if (byName) return byName;
  const ofAccount = profilesOfAccount(profiles, account, file);
  const matching = role === undefined ? ofAccount : ofAccount.filter((p) => p.role === role);
  const roles = [...new Set(ofAccount.map((p) => p.role))].sort();
  if (!matching.length) throw new CredentialsError('ProfileNotFound', `account ${account} has no crossrole profile for role ${role} in ${file} (roles: ${roles.join(', ')})`);
  if (new Set(matching.map((p) => p.role)).size > 1) throw new CredentialsError('InvalidArguments', `account ${account} has profiles for several roles (${roles.join(', ')}): pass --role`, 2);
  return matching[0]!;
}
