// Asking the person for an MFA code. The AWS CLI captures a credential_process's stdout and
// stderr but leaves it the terminal as stdin, so the question goes to /dev/tty; a code piped to
// stdin (scripts, tests) is read without asking. CI mode never asks.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CredentialsError } from '../../creds/errors.js';

const WAIT_MS = 3 * 60_000;

export async function readMfaCode(serial: string, ci: boolean): Promise<string> {
  if (ci) throw new CredentialsError('MfaRequired', `an MFA code for ${serial} is needed and CI mode never prompts; give CI a role whose trust does not require MFA (web identity)`);
  if (process.stdin.isTTY) ask(`crossrole: MFA code for ${serial}: `);
  const line = await firstLine();
  const code = line?.trim() ?? '';
  if (!/^\d{6}$/.test(code)) throw new CredentialsError('MfaCodeMissing', line === undefined ? `no MFA code for ${serial} on stdin` : `the MFA code for ${serial} must be 6 digits`);
  return code;
}

function ask(question: string): void {
  try {
    const tty = openSync('/dev/tty', 'w');
    try {
      writeSync(tty, question);
    } finally {
      closeSync(tty);
    }
  } catch {
    process.stderr.write(question);
  }
}

/** One line of stdin, undefined at end of input or after WAIT_MS. */
function firstLine(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, terminal: false });
    let settled = false;
    const done = (line: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Closing emits 'close' at once: settled first, so the line is not lost to it.
      lines.close();
      process.stdin.pause();
      resolve(line);
    };
    const timer = setTimeout(() => done(undefined), WAIT_MS);
    lines.once('line', (line) => done(line));
    lines.once('close', () => done(undefined));
  });
}
