// A cached STS session: what is kept on disk per hop, when it is still good, and the JSON
// credential_process hands to the AWS CLI and SDKs.

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
}

export interface CachedSession {
  version: 1;
  /** The hop's cache key (also the file name). */
  key: string;
  /** The role this session is of (absent for a GetSessionToken session). */
  roleArn?: string;
  /** The ARN STS reported for the session. */
  arn?: string;
  /** Who acts: used for the RoleSessionName and SourceIdentity of every later hop. */
  person: string;
  /** A role session: roles assumed with it are chained (one hour at most, no console SessionDuration). */
  roleSession: boolean;
  /** This session was itself made with role credentials. */
  chained: boolean;
  credentials: SessionCredentials;
}

/** The session handed out must outlive the AWS CLI's own refresh margin (15 minutes). */
export const HANDOUT_MARGIN_MS = 15 * 60_000;
/** A parent session only has to last for the next AssumeRole call. */
export const PARENT_MARGIN_MS = 2 * 60_000;

export function isFresh(session: CachedSession, now: number, marginMs: number): boolean {
  const expires = Date.parse(session.credentials.expiration);
  return Number.isFinite(expires) && expires - now > marginMs;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A cache file's content, or undefined when it is not a session crossrole wrote (then it is replaced). */
export function parseSession(text: string, key: string): CachedSession | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const s = value as Partial<CachedSession> | null;
  const c = s?.credentials as Partial<SessionCredentials> | undefined;
  if (!s || s.version !== 1 || s.key !== key || !isText(s.person) || typeof s.roleSession !== 'boolean' || typeof s.chained !== 'boolean') return undefined;
  if (!c || !isText(c.accessKeyId) || !isText(c.secretAccessKey) || !isText(c.sessionToken) || !isText(c.expiration)) return undefined;
  return s as CachedSession;
}

/** The credential_process output format (Version 1). */
export function credentialProcessJson(credentials: SessionCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration,
  });
}
