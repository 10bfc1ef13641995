// SDK errors a user can cause, turned into one clear message naming the account and the call.
import { UserError } from '../errors.js';

export interface CallSite {
  call: string;
  accountId?: string;
  accountName?: string;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AccessDeniedForDependencyException', 'AWSOrganizationsNotInUseException']);

export function awsError(error: unknown, site: CallSite): Error {
  if (error instanceof UserError) return error;
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const where = site.accountId ? `account ${site.accountId}${site.accountName ? ` (${site.accountName})` : ''}: ` : '';
  const name = e.name ?? 'Error';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new UserError(`no AWS credentials found for ${site.call}: use --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "aws sso login"`);
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') return new UserError(`${where}${site.call}: the credentials have expired; log in again (aws sso login) or refresh them`);
  if (DENIED.has(name)) return new UserError(`${where}${site.call} was denied (${name}): ${firstLine(e.message)}`);
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e.message ?? '')) return new UserError(`${where}${site.call}: cannot connect to the AWS endpoint (${firstLine(e.message)})`);
  const wrapped = new UserError(`${where}${site.call} failed (${name}): ${firstLine(e.message)}`);
  wrapped.cause = error;
  return wrapped;
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
