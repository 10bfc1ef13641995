import type { Finding } from './types.js';

/** A policy handed to the engine has grammar errors; evaluating it would be guesswork. */
export class InvalidPolicyError extends Error {
  constructor(
    readonly policyName: string,
    readonly findings: Finding[],
  ) {
    super(`${policyName}: ${findings.map((f) => `${f.path.join('.') || '(document)'}: ${f.message}`).join('; ') || 'not a policy document'}`);
    this.name = 'InvalidPolicyError';
  }
}
