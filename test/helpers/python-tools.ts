// Python tools the tests drive (cfn-lint now; moto server and the AWS CLI later): found on PATH or
// in ./.venv/bin, otherwise installed into ./.venv with pip once. If that fails the test fails
// with the reason: these suites are never skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const PIP_PACKAGE: Record<string, string> = { 'cfn-lint': 'cfn-lint', moto_server: 'moto[server]', aws: 'awscli' };
const venvBin = join(repoRoot, '.venv', 'bin');

// moto_server has no --version flag (it exits 2): probe it with --help.
const PROBE_ARGS: Record<string, string[]> = { moto_server: ['--help'] };

function works(command: string): boolean {
  const name = command.split('/').pop()!;
  const probe = spawnSync(command, PROBE_ARGS[name] ?? ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

export function pythonTool(name: keyof typeof PIP_PACKAGE): string {
  if (works(name)) return name;
  const local = join(venvBin, name);
  if (existsSync(local) && works(local)) return local;
  const steps: string[][] = [];
  if (!existsSync(join(venvBin, 'pip'))) steps.push(['python3', '-m', 'venv', join(repoRoot, '.venv')]);
  steps.push([join(venvBin, 'pip'), 'install', '--quiet', PIP_PACKAGE[name]!]);
  for (const [command, ...args] of steps) {
    const run = spawnSync(command!, args, { encoding: 'utf8' });
    if (run.error !== undefined || run.status !== 0) {
      const why = (run.error?.message ?? run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`).slice(0, 300);
      throw new Error(`${name} is needed by the tests: not on PATH, not in .venv/bin, and installing it failed (${command} ${args.join(' ')}: ${why}). Install it with: python3 -m pip install '${PIP_PACKAGE[name]}'`);
    }
  }
  if (!works(local)) throw new Error(`${name} was installed into .venv but ${local} --version fails`);
  return local;
}
