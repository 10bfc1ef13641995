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

// Shared keep-alive connections: hundreds of accounts, a few calls each.
const requestHandler = new NodeHttpHandler({
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  connectionTimeout: 10_000,
  requestTimeout: 60_000,
});

export class AwsClients {
  #iam?: IAMClient;
  #sts?: STSClient;
  #organizations?: OrganizationsClient;
  #cloudformation?: CloudFormationClient;

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
      requestHandler,
    };
  }

  iam(): IAMClient {
    return (this.#iam ??= new IAMClient(this.config()));
  }

  sts(): STSClient {
    return (this.#sts ??= new STSClient(this.config()));
  }

  organizations(): OrganizationsClient {
    return (this.#organizations ??= new OrganizationsClient(this.config()));
  }

  cloudformation(): CloudFormationClient {
    return (this.#cloudformation ??= new CloudFormationClient(this.config()));
  }
}
