// Failures of the credential commands: one message for people, one JSON line for machines (CI mode,
// and any program reading credential_process errors). Never carries a secret.

export type CredentialsErrorCode =
  | 'InvalidArguments'
  | 'ProfileNotFound'
  | 'MfaRequired'
  | 'MfaCodeMissing'
  | 'NoCredentials'
  | 'AccessDenied'
  | 'ExpiredToken'
  | 'CredentialLoop'
  | 'LockTimeout'
  | 'UnsafeCache'
  | 'FederationFailed'
  | 'AwsError';

export class CredentialsError extends Error {
  constructor(
    readonly code: CredentialsErrorCode,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export interface ErrorReport {
  error: { code: string; message: string; account?: string; role?: string };
}

export function errorReport(code: string, message: string, where: { account?: string; role?: string } = {}): ErrorReport {
  return { error: { code, message, ...(where.account !== undefined && { account: where.account }), ...(where.role !== undefined && { role: where.role }) } };
}
