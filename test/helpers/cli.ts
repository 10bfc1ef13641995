import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Resolved here, so the CLI also runs from another working directory.
const tsxLoader = import.meta.resolve('tsx');

/** Runs the crossrole CLI from source, as a user would run it. */
export function crossrole(args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = process.env): CliResult {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(repoRoot, 'src', 'cli', 'main.ts'), ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
