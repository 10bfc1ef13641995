#!/usr/bin/env node
// crossrole command line: one file per command under commands/; errors a user can cause are printed
// as one clear message (stack traces only with --debug).
import { CommanderError } from 'commander';

// crossrole pins its AWS SDK in package-lock; the SDK's notice about its own future Node.js
// support would print on every run without anything for the user to do.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { UserError } from '../errors.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; usage mistakes exit 2 (commander already printed the message).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(debug ? `${(error as Error).stack}\n` : `internal error: ${(error as Error).message} (run with --debug for details)\n`);
    process.exitCode = 1;
  }
}

// `crossrole targets … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

await main(process.argv);
