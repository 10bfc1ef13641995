// STS's exceptions to the evaluation logic. GetCallerIdentity needs no permission, and "no
// permissions are required to perform this operation. If an administrator attaches a policy to
// your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
// perform this operation." https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
import type { Arn } from '../match.js';

/** Why the (lower-cased) action is allowed whatever the policies say, or undefined. */
export function alwaysAllowedReason(lowercaseAction: string): string | undefined {
  return lowercaseAction === 'sts:getcalleridentity' ? 'sts:GetCallerIdentity needs no permission, and an explicit Deny does not block it' : undefined;
}

/**
 * Assuming a role (and tagging or naming the session on the way) needs the role's trust policy to
 * allow the caller even within the role's own account: an identity policy alone never suffices.
 */
export function trustPolicyRequired(action: string, arn: Arn): boolean {
  return arn.service === 'iam' && arn.resource.startsWith('role/') && /^sts:(?:AssumeRole\w*|TagSession|SetSourceIdentity)$/i.test(action);
}
