// Into each member account through the bootstrap role. Credentials are cached per account and
// refreshed by the SDK before they expire (role-chained sessions last at most one hour).
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients, requestHandler } from './clients.js';
import { attempt, awsError, connectionFailure, unreachable } from './errors.js';
import type { AwsOptions } from './options.js';
import { checkProfilesExist, environmentProfile, type NamedProfile } from './shared-config.js';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export class AccountAccess {
  readonly #byAccount = new Map<string, AwsClients>();
  #caller?: Promise<CallerIdentity>;

  constructor(readonly base: AwsClients) {}

  /** Who crossrole runs as (one STS call, remembered). */
  caller(): Promise<CallerIdentity> {
    this.#caller ??= callerIdentity(this.base).catch((error: unknown) => {
      this.#caller = undefined;
      throw error;
    });
    return this.#caller;
  }

  roleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/${this.base.options.bootstrapRole}`;
  }

  /** Clients acting in `accountId`: the starting credentials for the caller's own account, else the bootstrap role. */
  async clientsFor(accountId: string): Promise<AwsClients> {
    const known = this.#byAccount.get(accountId);
    if (known) return known;
    const caller = await this.caller();
    const options = this.base.options;
    const clients =
      accountId === caller.account
        ? this.base
        : new AwsClients(
            options,
            fromTemporaryCredentials({
              masterCredentials: this.base.credentials,
              params: { RoleArn: this.roleArn(accountId), RoleSessionName: options.sessionName, DurationSeconds: 3600 },
              clientConfig: { region: options.region, ...(options.endpoint !== undefined && { endpoint: options.endpoint }), maxAttempts: options.maxAttempts, requestHandler: requestHandler(options.endpoint === undefined) },
            }),
          );
    this.#byAccount.set(accountId, clients);
    return clients;
  }
}

/**
 * AWS access for a live command, checked before any work: the named profiles exist (--profile or
 * AWS_PROFILE, and `hubProfile`), and the endpoint answers, with who crossrole runs as.
 */
export async function connect(options: AwsOptions, hubProfile?: string): Promise<AccountAccess> {
  const start = options.profile !== undefined ? { name: options.profile, source: '--profile' } : environmentProfile();
  const profiles: NamedProfile[] = [...(start ? [start] : []), ...(hubProfile !== undefined ? [{ name: hubProfile, source: '--hub-profile' }] : [])];
  await checkProfilesExist(profiles);
  const access = new AccountAccess(new AwsClients(options));
  await access.caller();
  return access;
}

/** A few quick attempts within this time before the first call says the endpoint is not there. */
const FIRST_CALL_ATTEMPTS = 3;
const FIRST_CALL_TIMEOUT_MS = 10_000;

/**
 * sts:GetCallerIdentity, the first call of a run. An endpoint that is not there (connection
 * refused or reset, unknown host, no answer) is reported after a few quick attempts instead of
 * ten with backoff; throttling and server errors go on to the usual retries.
 */
export async function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  const site = { call: 'sts:GetCallerIdentity', ...(clients.options.endpoint !== undefined && { endpoint: clients.options.endpoint }) };
  const command = new GetCallerIdentityCommand({});
  const quick = clients.stsFirstCall(FIRST_CALL_ATTEMPTS);
  let answer: GetCallerIdentityCommandOutput;
  try {
    answer = await quick.send(command, { abortSignal: AbortSignal.timeout(FIRST_CALL_TIMEOUT_MS) });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw unreachable(site, `no answer within ${FIRST_CALL_TIMEOUT_MS / 1000} s`);
    if (connectionFailure(error) || !isRetryable(error)) throw awsError(error, site);
    answer = await attempt(site, () => clients.sts().send(command));
  }
  return { account: answer.Account!, arn: answer.Arn!, userId: answer.UserId! };
}

function isRetryable(error: unknown): boolean {
  const e = error as Parameters<typeof isServerError>[0];
  return isThrottlingError(e) || isServerError(e) || isTransientError(e);
}

/**
 * Credentials of a hub principal for live checks: a named profile, or for a role hub, a session
 * of the hub role reached through the bootstrap role in the hub account. User and group hubs
 * need a profile (crossrole never holds long-term keys).
 */
export async function hubCredentials(access: AccountAccess, hub: { kind: 'role' | 'user' | 'group'; accountId: string; arn: string }, hubProfile?: string): Promise<AwsCredentialIdentityProvider | undefined> {
  if (hubProfile !== undefined) return fromNodeProviderChain({ profile: hubProfile });
  if (hub.kind !== 'role') return undefined;
  const inHubAccount = await access.clientsFor(hub.accountId);
  const options = access.base.options;
  return fromTemporaryCredentials({
    masterCredentials: inHubAccount.credentials,
    params: { RoleArn: hub.arn, RoleSessionName: options.sessionName, DurationSeconds: 3600 },
    clientConfig: { region: options.region, ...(options.endpoint !== undefined && { endpoint: options.endpoint }), maxAttempts: options.maxAttempts, requestHandler: requestHandler(options.endpoint === undefined) },
  });
}
