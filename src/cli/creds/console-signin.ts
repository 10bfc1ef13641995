// Signing in to the AWS console with a session: getSigninToken at the federation endpoint (the
// only network call, through an injectable fetch), then the login URL; and opening a browser.
import { spawn } from 'node:child_process';
import { federationEndpoints, loginUrl, partitionOfRegion, signinToken, signinTokenRequest } from '../../creds/console-url.js';
import { CredentialsError } from '../../creds/errors.js';
import type { SessionCredentials } from '../../creds/session.js';

export interface SigninOptions {
  chained: boolean;
  region: string;
  /** Where the console opens (default: the console home of the region). */
  destination?: string;
  /** Console session length for sessions that are not role-chained. */
  sessionDuration?: number;
  /** Federation endpoint override (CROSSROLE_FEDERATION_ENDPOINT), e.g. a local stub in tests. */
  federation?: string;
}

export async function consoleLoginUrl(credentials: SessionCredentials, options: SigninOptions, fetchImpl: typeof fetch = fetch): Promise<string> {
  const endpoints = federationEndpoints(partitionOfRegion(options.region), options.region);
  const federation = options.federation ?? endpoints.federation;
  const request = signinTokenRequest(federation, credentials, { chained: options.chained, ...(options.sessionDuration !== undefined && { sessionDuration: options.sessionDuration }) });
  let answer: Response;
  try {
    answer = await fetchImpl(request.url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    // The request URL carries the secret key: name the host only.
    throw new CredentialsError('FederationFailed', `cannot reach the federation endpoint ${new URL(federation).host}: ${(error as Error).name}`);
  }
  const body = await answer.text();
  const token = answer.ok ? signinToken(body) : undefined;
  if (token === undefined) throw new CredentialsError('FederationFailed', `the federation endpoint ${new URL(federation).host} returned no sign-in token (HTTP ${answer.status})${options.chained ? '' : '; the credentials may be too old for a console session'}`);
  return loginUrl(federation, token, options.destination ?? endpoints.console);
}

/** Opens `url` in $BROWSER, else the platform's opener. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [command, ...args] = env.BROWSER ? [env.BROWSER] : process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  return new Promise((resolve, reject) => {
    const child = spawn(command!, [...args, url], { stdio: 'ignore', detached: true });
    child.once('error', (error) => reject(new CredentialsError('InvalidArguments', `cannot open a browser with ${command} (${error.message}); run without --open and open the printed URL yourself`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
