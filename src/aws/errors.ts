// SDK errors a user can cause, turned into one clear message naming the account and the call.
import { UserError } from '../errors.js';

export interface CallSite {
  call: string;
  accountId?: string;
  accountName?: string;
  /** The endpoint override the call went to (--endpoint-url, AWS_ENDPOINT_URL), named when it cannot be reached. */
  endpoint?: string;
  /** The option that names the starting profile, for the no-credentials advice (default --profile). */
  profileOption?: string;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AccessDeniedForDependencyException', 'AWSOrganizationsNotInUseException']);

export function awsError(error: unknown, site: CallSite): Error {
  if (error instanceof UserError) return error;
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const where = accountPrefix(site);
  const name = e.name ?? 'Error';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new UserError(`no AWS credentials found for ${site.call}: use ${site.profileOption ?? '--profile'}, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "aws sso login"`);
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') return new UserError(`${where}${site.call}: the credentials have expired; log in again (aws sso login) or refresh them`);
  if (DENIED.has(name)) return new UserError(`${where}${site.call} was denied (${name}): ${firstLine(e.message)}`);
  const reason = connectionFailure(error);
  if (reason) return unreachable(site, reason);
  const wrapped = new UserError(`${where}${site.call} failed (${name}): ${firstLine(e.message)}`);
  wrapped.cause = error;
  return wrapped;
}

/** The endpoint (or AWS) did not answer the call at all. */
export function unreachable(site: CallSite, reason: string): UserError {
  return new UserError(`${accountPrefix(site)}${site.call}: cannot reach the AWS endpoint${site.endpoint ? ` ${site.endpoint}` : ''} (${reason})`);
}

/** Errors of a connection that never carried an answer: refused, reset, unknown host, unreachable network, no answer in time. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** What went wrong when the endpoint gave no answer at all (one line), else undefined. */
export function connectionFailure(error: unknown): string | undefined {
  const e = error as { name?: string; message?: string; code?: string };
  const code = e.code ?? /\b(E[A-Z]+)\b/.exec(e.message ?? '')?.[1];
  // The SDK names a reset connection TimeoutError too: the code says what happened.
  if (code !== undefined && CONNECTION_CODES.has(code)) return `${firstLine(e.message) || code}${e.message?.includes(code) ? '' : ` (${code})`}`;
  return e.name === 'AbortError' || e.name === 'TimeoutError' ? `no answer in time: ${firstLine(e.message)}` : undefined;
}

function accountPrefix(site: CallSite): string {
  return site.accountId ? `account ${site.accountId}${site.accountName ? ` (${site.accountName})` : ''}: ` : '';
}

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0]!.slice(0, 300);
}

/** Call `fn`, turning any SDK error into a located one. */
export async function attempt<T>(site: CallSite, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw awsError(error, site);
  }
}

/** IAM's answer that the entity does not exist, whether raw from the SDK or wrapped by `attempt`. */
export function isNoSuchEntity(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } };
  return e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException' || e.cause?.name === 'NoSuchEntity' || e.cause?.name === 'NoSuchEntityException';
}

/** The read's answer, or undefined when IAM says the entity does not exist. */
export async function unlessMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}
