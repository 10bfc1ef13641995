// The STS calls behind `crossrole credentials`: the starting credentials (profile, SSO, environment,
// instance), AssumeRole with RoleSessionName/SourceIdentity/MFA, AssumeRoleWithWebIdentity for CI,
// GetSessionToken for MFA sessions of IAM users, and the caller's identity and MFA devices.
import { ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetSessionTokenCommand, type Credentials } from '@aws-sdk/client-sts';
import { fromEnv, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { StartSource } from '../creds/chain.js';
import { CredentialsError, type CredentialsErrorCode } from '../creds/errors.js';
import type { SessionCredentials } from '../creds/session.js';
import { callerIdentity } from './accounts.js';
import { AwsClients } from './clients.js';
import { awsError } from './errors.js';
import { awsOptions } from './options.js';
import { checkProfilesExist } from './shared-config.js';

export interface StsAccess {
  region: string;
  endpoint?: string;
}

export interface MfaToken {
  serialNumber: string;
  tokenCode: string;
}

/** Keys to sign a call with: long-term (IAM user) or a session's. */
export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date | string;
}

export interface AssumedSession {
  credentials: SessionCredentials;
  /** The session's ARN as STS reports it. */
  arn?: string;
}

function clients(access: StsAccess, credentials?: AwsCredentialIdentityProvider): AwsClients {
  return new AwsClients(awsOptions({ region: access.region, ...(access.endpoint !== undefined && { endpointUrl: access.endpoint }) }, {}), credentials);
}

const asProvider = (keys: Keys): AwsCredentialIdentityProvider => {
  const identity: AwsCredentialIdentity = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, ...(keys.sessionToken && { sessionToken: keys.sessionToken }) };
  return async () => identity;
};

/** The starting credentials; a profile may itself prompt for MFA (mfa_serial) through `mfaCode`. */
export async function startCredentials(start: StartSource, mfaCode: (serial: string) => Promise<string>, configFile?: string): Promise<Keys> {
  if (start.kind === 'profile') {
    try {
      await checkProfilesExist([{ name: start.profile, source: '--hub-profile or AWS_PROFILE' }], configFile);
    } catch (error) {
      throw new CredentialsError('ProfileNotFound', (error as Error).message, 2);
    }
  }
  const provider =
    start.kind === 'environment'
      ? fromEnv()
      : fromNodeProviderChain({ ...(start.kind === 'profile' && { profile: start.profile }), ...(configFile !== undefined && { configFilepath: configFile }), mfaCodeProvider: mfaCode });
  try {
    return await provider();
  } catch (error) {
    throw failure(error, start.kind === 'profile' ? `the credentials of profile ${start.profile}` : 'the starting credentials');
  }
}

/** Who the starting credentials belong to: the chain's first call, so an endpoint that is not there fails at once. */
export async function callerArn(credentials: Keys, access: StsAccess): Promise<string> {
  try {
    return (await callerIdentity(clients(access, asProvider(credentials)))).arn;
  } catch (error) {
    throw failure(error, 'sts:GetCallerIdentity');
  }
}

export async function assumeRole(
  parent: Keys,
  params: { roleArn: string; sessionName: string; sourceIdentity?: string; durationSeconds: number; mfa?: MfaToken },
  access: StsAccess,
): Promise<AssumedSession> {
  const sts = clients(access, asProvider(parent)).sts();
  try {
    const answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: params.roleArn,
        RoleSessionName: params.sessionName,
        DurationSeconds: params.durationSeconds,
        ...(params.sourceIdentity !== undefined && { SourceIdentity: params.sourceIdentity }),
        ...(params.mfa && { SerialNumber: params.mfa.serialNumber, TokenCode: params.mfa.tokenCode }),
      }),
    );
    return { credentials: session(answer.Credentials, params.roleArn), ...(answer.AssumedRoleUser?.Arn !== undefined && { arn: answer.AssumedRoleUser.Arn }) };
  } catch (error) {
    throw failure(error, `sts:AssumeRole into ${params.roleArn}`, accountOf(params.roleArn));
  } finally {
    sts.destroy();
  }
}

export async function assumeRoleWithWebIdentity(params: { roleArn: string; token: string; sessionName: string; durationSeconds: number }, access: StsAccess): Promise<AssumedSession> {
  const sts = clients(access).sts();
  try {
    const answer = await sts.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: params.roleArn, WebIdentityToken: params.token, RoleSessionName: params.sessionName, DurationSeconds: params.durationSeconds }),
    );
    return { credentials: session(answer.Credentials, params.roleArn), ...(answer.AssumedRoleUser?.Arn !== undefined && { arn: answer.AssumedRoleUser.Arn }) };
  } catch (error) {
    throw failure(error, `sts:AssumeRoleWithWebIdentity into ${params.roleArn}`, accountOf(params.roleArn));
  } finally {
    sts.destroy();
  }
}

/** An MFA session of an IAM user (GetSessionToken), for user and group hubs. */
export async function sessionToken(parent: Keys, params: { durationSeconds: number; mfa: MfaToken }, access: StsAccess): Promise<AssumedSession> {
  const sts = clients(access, asProvider(parent)).sts();
  try {
    const answer = await sts.send(new GetSessionTokenCommand({ DurationSeconds: params.durationSeconds, SerialNumber: params.mfa.serialNumber, TokenCode: params.mfa.tokenCode }));
    return { credentials: session(answer.Credentials, 'GetSessionToken') };
  } catch (error) {
    throw failure(error, 'sts:GetSessionToken');
  } finally {
    sts.destroy();
  }
}

/** The MFA devices of an IAM user (the caller's own, which IAM users may usually list). */
export async function mfaDevices(credentials: Keys, userName: string, access: StsAccess): Promise<string[]> {
  const iam = clients(access, asProvider(credentials)).iam();
  try {
    const answer = await iam.send(new ListMFADevicesCommand({ UserName: userName }));
    return (answer.MFADevices ?? []).map((d) => d.SerialNumber!).filter(Boolean);
  } catch (error) {
    throw failure(error, `iam:ListMFADevices for ${userName}`);
  } finally {
    iam.destroy();
  }
}

function session(c: Credentials | undefined, what: string): SessionCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new CredentialsError('AwsError', `${what}: STS answered without complete credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration.toISOString() };
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
}

const CODES: Record<string, CredentialsErrorCode> = {
  AccessDenied: 'AccessDenied',
  AccessDeniedException: 'AccessDenied',
  ExpiredToken: 'ExpiredToken',
  ExpiredTokenException: 'ExpiredToken',
  CredentialsProviderError: 'NoCredentials',
};

/** An SDK error as a located CredentialsError (the message names the call and account, never a secret). */
function failure(error: unknown, call: string, accountId?: string): CredentialsError {
  if (error instanceof CredentialsError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const located = awsError(error, { call, ...(accountId !== undefined && { accountId }), profileOption: '--hub-profile' });
  const wrapped = new CredentialsError(CODES[name] ?? (/Could not load credentials/i.test(located.message) ? 'NoCredentials' : 'AwsError'), located.message);
  wrapped.cause = error;
  return wrapped;
}
