// Pagination for both styles AWS uses: NextToken (Organizations) and Marker/IsTruncated (IAM).
import { attempt, type CallSite } from './errors.js';

export async function tokenPages<R extends { NextToken?: string }, T>(site: CallSite, call: (token: string | undefined) => Promise<R>, items: (r: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const response = await attempt(site, () => call(token));
    out.push(...items(response));
    token = response.NextToken;
  } while (token);
  return out;
}

export async function markerPages<R extends { Marker?: string; IsTruncated?: boolean }, T>(site: CallSite, call: (marker: string | undefined) => Promise<R>, items: (r: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const response = await attempt(site, () => call(marker));
    out.push(...items(response));
    marker = response.IsTruncated ? response.Marker : undefined;
  } while (marker);
  return out;
}
