// One factory for every SDK client: credentials, region, endpoint override, retries, connection reuse.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AwsOptions } from './options.js';

/**
 * Shared connections. Keep-alive for AWS itself (hundreds of accounts, a few calls each); not for
 * an endpoint override: local emulators (moto's development server) can leave a reused connection
 * unanswered. A request that gets no answer fails after the timeout and is retried like a dropped
 * connection.
 */
const handlers = new Map<boolean, NodeHttpHandler>();
export function requestHandler(keepAlive: boolean): NodeHttpHandler {
  let handler = handlers.get(keepAlive);
  if (!handler) {
    handler = new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive, maxSockets: 64 }),
      connectionTimeout: 10_000,
      requestTimeout: 30_000,
      throwOnRequestTimeout: true,
    });
    handlers.set(keepAlive, handler);
  }
  return handler;
}

export class AwsClients {
  #iam?: IAMClient;
  #sts?: STSClient;
  #organizations?: OrganizationsClient;
  readonly #cloudformation = new Map<string, CloudFormationClient>();

  constructor(
    readonly options: AwsOptions,
    readonly credentials: AwsCredentialIdentityProvider = fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {}),
  ) {}

  private config() {
    return {
      region: this.options.region,
      credentials: this.credentials,
      ...(this.options.endpoint !== undefined && { endpoint: this.options.endpoint }),
      maxAttempts: this.options.maxAttempts,
      // Adaptive retries add client-side rate limiting on throttling: IAM and Organizations are slow, global services.
      retryMode: 'adaptive',
      requestHandler: requestHandler(this.options.endpoint === undefined),
    };
  }

  iam(): IAMClient {
    return (this.#iam ??= new IAMClient(this.config()));
  }

  sts(): STSClient {
    return (this.#sts ??= new STSClient(this.config()));
  }

  /** STS with a few quick attempts instead of the usual ten: for the first call of a run (see callerIdentity). */
  stsFirstCall(attempts: number): STSClient {
    return new STSClient({ ...this.config(), maxAttempts: attempts });
  }

  organizations(): OrganizationsClient {
    return (this.#organizations ??= new OrganizationsClient(this.config()));
  }

  /** CloudFormation is regional: StackSets live in the region they were made in. */
  cloudformation(region = this.options.region): CloudFormationClient {
    let client = this.#cloudformation.get(region);
    if (!client) this.#cloudformation.set(region, (client = new CloudFormationClient({ ...this.config(), region })));
    return client;
  }
}
