// The locked trust: a trust policy that lets nobody assume the role. Crossrole puts it while a
// role's permissions are in flux, so no principal can start a session with a half-changed role.
import type { PolicyDocument } from '../policy/document.js';
import { samePolicy } from './normalize.js';

export const LOCK_SID = 'CrossroleLocked';

/**
 * Names only the role's own account (never "*", so no other account and no anonymous caller is
 * matched) under a condition that is a contradiction: `aws:PrincipalAccount` must be absent (Null)
 * and at the same time equal "000000000000", an account id AWS never issues. No request can satisfy
 * both, whatever the caller, its identity policies or its account (each half alone already fails
 * for every signed request); and IAM accepts the document (an account root principal, well-formed
 * operators), so CreateRole and UpdateAssumeRolePolicy never reject it.
 */
export function lockedTrust(accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: LOCK_SID,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Null: { 'aws:PrincipalAccount': 'true' }, StringEquals: { 'aws:PrincipalAccount': '000000000000' } },
      },
    ],
  };
}

export function isLockedTrust(doc: unknown, accountId: string): boolean {
  return samePolicy(doc, lockedTrust(accountId));
}
