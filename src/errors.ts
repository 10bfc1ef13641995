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
