// From "these credentials, then these roles" to the hops crossrole calls STS for, each with the
// cache key that lets every spoke of a fleet share the hub session (and its one MFA prompt).
import { createHash } from 'node:crypto';
import { roleArn } from '../desired/arn.js';
import { CredentialsError } from './errors.js';

/** Where the chain starts: the person's (or the CI job's) own credentials. */
export type StartSource =
  | { kind: 'profile'; profile: string }
  | { kind: 'environment'; accessKeyId: string }
  | { kind: 'web-identity'; roleArn: string; tokenFile: string; tokenDigest: string }
  | { kind: 'default' };

/** What a generated profile line says about its spoke and the roles in between. */
export interface ChainSpec {
  accountId: string;
  role: string;
  /** IAM path of the spoke role. */
  path: string;
  /** The hub role; absent for user and group hubs, whose members' own credentials are the hub. */
  hubArn?: string;
  /** Further roles between the hub and the spoke, in order. */
  via: string[];
  /** The spoke trust requires MFA: the first call made with the person's credentials carries it. */
  mfa: boolean;
  /** Set SourceIdentity (the person) on every hop; the roles' trusts must allow sts:SetSourceIdentity. */
  sourceIdentity: boolean;
}

export type Hop =
  | { kind: 'web-identity'; roleArn: string; key: string; durationSeconds: number }
  | { kind: 'session-token'; key: string; durationSeconds: number }
  | { kind: 'assume-role'; roleArn: string; mfa: boolean; sourceIdentity: boolean; key: string; durationSeconds: number };

export interface ChainPlan {
  startKey: string;
  /** In call order; the last one yields the spoke's credentials. */
  hops: Hop[];
  spokeArn: string;
}

/** STS refuses more than one hour for a role session made with role credentials (role chaining). */
export const CHAINED_MAX_SECONDS = 3600;
export const MIN_SESSION_SECONDS = 900;
/** The longest session STS hands out (a role's maximum session duration at most 12 hours). */
export const MAX_SESSION_SECONDS = 43200;

export function spokeArn(chain: Pick<ChainSpec, 'accountId' | 'path' | 'role'>): string {
  return roleArn(chain.accountId, chain.path, chain.role);
}

/**
 * The starting credentials: --hub-profile, else environment keys, else a web identity token (CI),
 * else AWS_PROFILE, else the default profile (and the SDK's container and instance providers).
 */
export function startSource(hubProfile: string | undefined, env: NodeJS.ProcessEnv, tokenDigest: (file: string) => string): StartSource {
  if (hubProfile) return { kind: 'profile', profile: hubProfile };
  if (env.AWS_ACCESS_KEY_ID) return { kind: 'environment', accessKeyId: env.AWS_ACCESS_KEY_ID };
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    return { kind: 'web-identity', roleArn: env.AWS_ROLE_ARN, tokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE, tokenDigest: tokenDigest(env.AWS_WEB_IDENTITY_TOKEN_FILE) };
  }
  if (env.AWS_PROFILE) return { kind: 'profile', profile: env.AWS_PROFILE };
  return { kind: 'default' };
}

export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 40);
}

/** A requested duration within what STS allows for a session whose parent is (or is not) a role session. */
export function clampDuration(requested: number, parentIsRoleSession: boolean): number {
  const bounded = Math.max(MIN_SESSION_SECONDS, requested);
  return parentIsRoleSession ? Math.min(bounded, CHAINED_MAX_SECONDS) : bounded;
}

/**
 * The hops, each keyed by its parent's key, the role and how it is asked for: two spokes behind
 * the same hub share the hub hop's key, so its session (and MFA prompt) serves both.
 */
export function planChain(chain: ChainSpec, start: StartSource, options: { durationSeconds: number; endpoint?: string }): ChainPlan {
  const startKey = digest({ start, endpoint: options.endpoint ?? null });
  const roles = [...(chain.hubArn !== undefined ? [chain.hubArn] : []), ...chain.via, spokeArn(chain)];
  const hops: Hop[] = [];
  let parent = startKey;
  const push = <H extends Omit<Hop, 'key'>>(hop: H) => {
    const key = digest({ parent, ...hop });
    hops.push({ ...hop, key } as Hop);
    parent = key;
  };

  if (start.kind === 'web-identity') {
    if (chain.mfa) throw new CredentialsError('MfaRequired', 'the spoke trust requires MFA, which a web identity (OIDC) session cannot carry; CI cannot use this role');
    push({ kind: 'web-identity', roleArn: start.roleArn, durationSeconds: options.durationSeconds });
    // The CI role is the hub itself: the web identity session is the hub session.
    if (roles[0] === start.roleArn && roles.length > 1) roles.shift();
  } else if (chain.mfa && roles.length === 1) {
    // A user or group hub: one MFA session of the person's IAM user serves every spoke.
    push({ kind: 'session-token', durationSeconds: options.durationSeconds });
  }
  roles.forEach((arn, i) => {
    const first = hops.length === 0;
    push({
      kind: 'assume-role',
      roleArn: arn,
      mfa: chain.mfa && first && i === 0,
      sourceIdentity: chain.sourceIdentity,
      durationSeconds: first ? options.durationSeconds : Math.min(options.durationSeconds, CHAINED_MAX_SECONDS),
    });
  });
  return { startKey, hops, spokeArn: roles[roles.length - 1]! };
}
