// The live half of verify: with the hub's credentials, really assume every spoke and ask STS who we are.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import { requestHandler } from './clients.js';
import type { AwsOptions } from './options.js';
import type { LiveCheck, LiveResult } from '../verify/live.js';

export async function assumeEachSpoke(hubCredentials: AwsCredentialIdentityProvider, options: AwsOptions, checks: LiveCheck[], concurrency: number): Promise<LiveResult[]> {
  const config = { region: options.region, credentials: hubCredentials, maxAttempts: options.maxAttempts, requestHandler: requestHandler(options.endpoint === undefined), ...(options.endpoint !== undefined && { endpoint: options.endpoint }) };
  const hubSts = new STSClient(config);
  const limit = pLimit(concurrency);
  return Promise.all(
    checks.map((check) =>
      limit(async (): Promise<LiveResult> => {
        try {
          const assumed = await hubSts.send(
            new AssumeRoleCommand({ RoleArn: check.roleArn, RoleSessionName: options.sessionName, DurationSeconds: 900, ...(check.sourceIdentity !== undefined && { SourceIdentity: check.sourceIdentity }) }),
          );
          const c = assumed.Credentials!;
          const spokeSts = new STSClient({ ...config, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
          const identity = await spokeSts.send(new GetCallerIdentityCommand({}));
          const ok = identity.Account === check.accountId;
          return { roleArn: check.roleArn, ok, detail: ok ? identity.Arn! : `STS answered for account ${identity.Account}, not ${check.accountId}` };
        } catch (error) {
          const e = error as Error;
          return { roleArn: check.roleArn, ok: false, detail: `${e.name}: ${e.message.split('\n')[0]}` };
        }
      }),
    ),
  );
}
