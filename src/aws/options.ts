// How crossrole reaches AWS: credentials, region, endpoint override, bootstrap role, retries.
import { userInfo } from 'node:os';
import { ORGANIZATION_ACCESS_ROLE } from '../org/access-role.js';

export interface AwsOptions {
  /** Named profile for the starting credentials (else the default provider chain: env, SSO, …). */
  profile?: string;
  region: string;
  /** Endpoint override for every service (moto, LocalStack): --endpoint-url or AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Role assumed in each member account. */
  bootstrapRole: string;
  /** RoleSessionName: names the operator in every account's CloudTrail. */
  sessionName: string;
  /** Attempts per call (retries with jittered exponential backoff on throttling, 5xx and dropped connections). */
  maxAttempts: number;
}

export interface AwsFlags {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  bootstrapRole?: string;
}

export function awsOptions(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): AwsOptions {
  return {
    ...(flags.profile !== undefined && { profile: flags.profile }),
    region: flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...((flags.endpointUrl ?? env.AWS_ENDPOINT_URL) !== undefined && { endpoint: (flags.endpointUrl ?? env.AWS_ENDPOINT_URL)! }),
    bootstrapRole: flags.bootstrapRole ?? ORGANIZATION_ACCESS_ROLE,
    sessionName: operatorSessionName(),
    maxAttempts: 10,
  };
}

/** `crossrole-<user>`, within STS's 2–64 characters of [\w+=,.@-]. */
export function operatorSessionName(user = safeUser()): string {
  return `crossrole-${user}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

function safeUser(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
