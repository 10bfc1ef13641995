// Into each member account through the bootstrap role. Credentials are cached per account and
// refreshed by the SDK before they expire (role-chained sessions last at most one hour).
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients, requestHandler } from './clients.js';
import { awsError } from './errors.js';

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
    this.#caller ??= this.base
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .then((r) => ({ account: r.Account!, arn: r.Arn!, userId: r.UserId! }))
      .catch((error: unknown) => {
        this.#caller = undefined;
        throw awsError(error, { call: 'sts:GetCallerIdentity' });
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
