#!/usr/bin/env node
// crossrole command line: one file per command under commands/; errors a user can cause are printed
// as one clear message (stack traces only with --debug).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CommanderError } from 'commander';

// crossrole pins its AWS SDK in package-lock; the SDK's notice about its own future Node.js
// support would print on every run without anything for the user to do.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { UserError } from '../errors.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI on `argv` (as in process.argv) and returns the exit code; never exits the process,
 * so tests can run it in-process. Commands report their exit code through process.exitCode.
 */
export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; usage mistakes exit 2 (commander already printed the message).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(debug ? `${(error as Error).stack}\n` : `internal error: ${(error as Error).message} (run with --debug for details)\n`);
    return 1;
  } finally {
    process.exitCode = outer;
  }
}

/** The process's entry point (bin.ts, or this file run directly). */
export async function runMain(): Promise<void> {
  // `crossrole targets … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await runCli(process.argv);
}

// Run directly (`node dist/cli/main.js`, `tsx src/cli/main.ts`): start; imported: only export.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await runMain();
