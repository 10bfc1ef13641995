// AWS console sign-in through the federation endpoint, as data: the getSigninToken request made
// with the session's credentials, then the login URL carrying the token it returns.
import type { SessionCredentials } from './session.js';

export const SIGNIN_ISSUER = 'crossrole';

export function partitionOfRegion(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The federation endpoint and console of a partition. */
export function federationEndpoints(partition: string, region: string): { federation: string; console: string } {
  const domain = partition === 'aws-cn' ? 'amazonaws.cn' : partition === 'aws-us-gov' ? 'amazonaws-us-gov.com' : 'aws.amazon.com';
  const signin = partition === 'aws' ? 'signin.aws.amazon.com' : `signin.${domain}`;
  return { federation: `https://${signin}/federation`, console: `https://console.${domain}/console/home?region=${encodeURIComponent(region)}` };
}

export interface SigninTokenRequest {
  /** Carries the session's secret key: never print or log it. */
  url: string;
  session: { sessionId: string; sessionKey: string; sessionToken: string };
  sessionDuration?: number;
}

/**
 * `Action=getSigninToken`. SessionDuration (900–43200 s) is only accepted for sessions that are
 * not role-chained: with chained credentials the endpoint refuses it and the console session lasts
 * as long as the credentials do.
 */
export function signinTokenRequest(federation: string, credentials: SessionCredentials, options: { chained: boolean; sessionDuration?: number }): SigninTokenRequest {
  const session = { sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
  const url = new URL(federation);
  url.searchParams.set('Action', 'getSigninToken');
  const sessionDuration = options.chained || options.sessionDuration === undefined ? undefined : Math.min(43200, Math.max(900, options.sessionDuration));
  if (sessionDuration !== undefined) url.searchParams.set('SessionDuration', String(sessionDuration));
  url.searchParams.set('Session', JSON.stringify(session));
  return { url: url.toString(), session, ...(sessionDuration !== undefined && { sessionDuration }) };
}

/** The SigninToken of the endpoint's answer, or undefined when it is not one. */
export function signinToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  } catch {
    return undefined;
  }
}

/** `Action=login`: opens the console at `destination`; valid for 15 minutes, a credential itself. */
export function loginUrl(federation: string, token: string, destination: string, issuer = SIGNIN_ISSUER): string {
  const url = new URL(federation);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', issuer);
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', token);
  return url.toString();
}
