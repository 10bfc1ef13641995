// AWS managed policies come with every account file (ReadOnlyAccess, the same version of it, a
// thousand times over). A version of one is the same document in every account, so the reader
// keeps one copy: less memory held, and checks that remember documents by identity see one.
import type { AccountAuthorizationDetails } from './schema.js';

const AWS_MANAGED_POLICY = /^arn:[^:]+:iam::aws:policy\//;

/** Per snapshot: the first copy of each AWS managed policy version, by ARN and version id. */
export class SharedAwsDocuments {
  private readonly documents = new Map<string, unknown>();

  /** Points each AWS managed policy version at the copy seen first, when the two are equal (as written, key order included). */
  share(details: AccountAuthorizationDetails): void {
    for (const policy of details.Policies) {
      if (!AWS_MANAGED_POLICY.test(policy.Arn)) continue;
      for (const version of policy.PolicyVersionList) {
        const key = `${policy.Arn} ${version.VersionId}`;
        const first = this.documents.get(key);
        if (first === undefined) this.documents.set(key, version.Document);
        else if (first !== version.Document && sameJson(first, version.Document)) version.Document = first as typeof version.Document;
      }
    }
  }
}

/** Equal JSON values, object keys in the same order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i]!;
    if (key !== bKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
