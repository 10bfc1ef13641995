// STS's exception to the evaluation logic: GetCallerIdentity needs no permission, and "no
// permissions are required to perform this operation. If an administrator attaches a policy to
// your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
// perform this operation." https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html

/** Why the (lower-cased) action is allowed whatever the policies say, or undefined. */
export function alwaysAllowedReason(lowercaseAction: string): string | undefined {
  return lowercaseAction === 'sts:getcalleridentity' ? 'sts:GetCallerIdentity needs no permission, and an explicit Deny does not block it' : undefined;
}
