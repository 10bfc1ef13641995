import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A person's environment without this machine's AWS set-up: HOME (so ~/.aws) and the session cache
 * inside `home`, no instance metadata (the SDK would try 169.254.169.254 when nothing else signs).
 */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', CROSSROLE_CACHE_DIR: join(home, 'cache'), ...extra };
}

/**
 * How to start the CLI: the build (`npm test` builds first) when it is newer than every source
 * file, since tsx doubles the cost of each start; else the source through tsx, so a test never runs
 * stale code. Resolved to absolute paths, so the CLI also runs from another working directory.
 */
export const CLI_COMMAND: string[] = builtIsCurrent() ? [join(repoRoot, 'dist', 'cli', 'main.js')] : ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src', 'cli', 'main.ts')];

function builtIsCurrent(): boolean {
  const built = join(repoRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  return newest(join(repoRoot, 'src')) < builtAt;
}

/** Runs the crossrole CLI as a user would run it. */
export function crossrole(args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = process.env): CliResult {
  const result = spawnSync(process.execPath, [...CLI_COMMAND, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI without blocking this process (needed when this process serves the CLI, as the
 * fault proxy does). `killWhen` is polled every 10 ms; once true the CLI gets SIGKILL, to
 * interrupt it at an arbitrary point.
 */
export function crossroleAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv, killWhen?: () => boolean): Promise<CliResult & { killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let killed = false;
    const poll = killWhen
      ? setInterval(() => {
          if (!killed && killWhen()) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, 10)
      : undefined;
    child.on('close', (status) => {
      clearInterval(poll);
      resolve({ status, stdout, stderr, killed });
    });
  });
}

/**
 * Runs the CLI in this process (runCli), capturing what it writes: ~100 times cheaper than a child
 * process. Runs must not overlap (stdout, stderr and process.exitCode are the process's).
 */
export async function crossroleInProcess(args: string[]): Promise<CliResult> {
  const { runCli } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const restore = [capture(process.stdout, (text) => (stdout += text)), capture(process.stderr, (text) => (stderr += text))];
  try {
    const status = await runCli([process.execPath, 'crossrole', ...args]);
    return { status, stdout, stderr };
  } finally {
    for (const undo of restore) undo();
  }
}

/** Redirects the strings written to a stream; buffers (the test runner's own reports) still go out. */
function capture(stream: NodeJS.WriteStream, sink: (text: string) => void): () => void {
  const write = stream.write;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    sink(chunk);
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = write;
  };
}
