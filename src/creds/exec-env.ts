// The environment `crossrole exec` gives its command: the spoke session's keys, and none of the
// settings that would make an SDK pick other credentials instead.
import type { SessionCredentials } from './session.js';

const REPLACED = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME'];

export function execEnvironment(parent: NodeJS.ProcessEnv, credentials: SessionCredentials, region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of REPLACED) delete env[name];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: credentials.expiration,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}
