// What the organization-scale benches share: which snapshot to measure (--snapshot DIR, or one
// generated with --accounts/--roles/--users) and the generator run into a directory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SNAPSHOT_OPTIONS = {
  snapshot: { type: 'string' },
  accounts: { type: 'string', default: '1000' },
  roles: { type: 'string', default: '100' },
  users: { type: 'string', default: '20' },
} as const;

/** Runs bench/generate-snapshot.ts into `dir` (progress on stderr); exits with its status when it fails. */
export function generateInto(dir: string, values: { accounts?: string; roles?: string; users?: string }, extra: string[] = []): void {
  const generate = fileURLToPath(new URL('./generate-snapshot.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', generate, '--accounts', values.accounts!, '--roles', values.roles!, '--users', values.users!, ...extra, '--out', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
