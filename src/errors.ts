// Errors a user can cause: printed as one clear message (never a stack trace unless --debug).
import { formatDiagnostic, type Diagnostic } from './spec/source.js';

/** Exit codes: 1 = runtime/user error, 2 = invalid input (spec, org, arguments). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Input files that failed validation; every diagnostic is located. */
export class InvalidInputError extends UserError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'), 2);
    this.name = 'InvalidInputError';
  }
}

const FILE_ERROR_REASONS = new Map([
  ['ENOENT', 'no such file'],
  ['EACCES', 'permission denied'],
  ['EISDIR', 'is a directory'],
  ['ENOTDIR', 'not a directory'],
  ['ELOOP', 'a loop of symbolic links'],
]);

/** Why a file-system read failed, in words (`is a directory`), for messages that name the path themselves. */
export function fileErrorReason(error: unknown): string {
  return FILE_ERROR_REASONS.get((error as NodeJS.ErrnoException).code ?? '') ?? String((error as Error).message);
}
