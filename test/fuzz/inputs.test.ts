// Fuzzing the offline commands with malformed inputs: mutations (mutate.ts) of the example specs,
// org files, policies, simulate cases and a small synthetic snapshot, fed to validate, synth,
// lint, simulate and audit in-process. Every run must exit 0, 1 or 2 as its command allows, never
// say "internal error" or print a stack trace, finish in seconds, and on exit 2 name the input
// file (with line:col) in every error line.
//
// Bounded by time: FUZZ_SECONDS (default 30). Reproducible: case i is drawn from FUZZ_SEED and i
// alone, so FUZZ_SEED=s FUZZ_CASE=i replays one failure; a failure keeps its inputs on disk.
// FUZZ_VERBOSE=1 names each case before it runs.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { seededRandom } from '../../src/seeded-random.js';
import { syntheticSnapshot } from '../../src/snapshot/synthetic.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { crossrole, crossroleInProcess, type CliResult } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { mutate, type Format } from './mutate.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 30) * 1000;
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
/** Longer than this for one input counts as a hang. */
const SLOW_MS = 20_000;
const MAX_REPORTED = 15;

type Kind = 'spec' | 'org' | 'policy' | 'case' | 'account' | 'snapshot-org';

interface SeedInput {
  kind: Kind;
  name: string;
  format: Format;
  text: string;
  /** For policies: the --type to lint with. */
  type?: string;
  /** For org files: the spec that is valid against it. */
  spec?: string;
}

const root = mkdtempSync(join(tmpdir(), 'crossrole-fuzz-'));
/** Cases whose inputs stay on disk (failed ones). */
const keep = new Set<number>();
after(() => {
  if (keep.size === 0) rmSync(root, { recursive: true, force: true });
});
const example = (path: string) => join(repoRoot, path);
const read = (path: string) => readFileSync(example(path), 'utf8');

// A small snapshot: five accounts with hubs, spokes, vendors and the planted problems.
const baseSnapshot = join(root, 'snapshot');
const synthetic = syntheticSnapshot({ accounts: 5, rolesPerAccount: 4, usersPerAccount: 2, seed: 7 });
writeSnapshot(baseSnapshot, { org: synthetic.org, accounts: synthetic.accounts() });
const accountFiles = readdirSync(join(baseSnapshot, 'accounts')).sort();

const lintCase = (file: string) => JSON.parse(read(`test/policy/lint/cases/${file}`)) as { kind?: string; policy: unknown };
const SEEDS: SeedInput[] = [
  ...readdirSync(example('examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f): SeedInput => ({ kind: 'spec', name: f, format: 'yaml', text: read(`examples/${f}`) })),
  { kind: 'org', name: 'org.json', format: 'json', text: read('examples/org.json'), spec: example('examples/hub-spoke.yaml') },
  { kind: 'org', name: 'fixture-org.json', format: 'json', text: read('test/fixtures/org.json'), spec: example('test/spec/valid/full.yaml') },
  ...['clean-readonly-identity.json', 'clean-hub-spoke-trust.json', 'scp-full-access-not-flagged.json', 'rcp-full-access-not-flagged.json', 'oidc-github-aud-and-sub.json', 'pass-role-via-not-action.json'].map((f): SeedInput => {
    const c = lintCase(f);
    return { kind: 'policy', name: f, format: 'json', text: JSON.stringify(c.policy, null, 2), ...(c.kind && { type: c.kind }) };
  }),
  ...readdirSync(example('examples/cases'))
    .sort()
    .map((f): SeedInput => ({ kind: 'case', name: f, format: 'json', text: read(`examples/cases/${f}`) })),
  ...accountFiles.slice(0, 2).map((f): SeedInput => ({ kind: 'account', name: f, format: 'json', text: readFileSync(join(baseSnapshot, 'accounts', f), 'utf8') })),
  { kind: 'snapshot-org', name: 'org.json', format: 'json', text: readFileSync(join(baseSnapshot, 'org.json'), 'utf8') },
];

interface Run {
  args: string[];
  /** Exit codes the command may give for bad input. */
  allowed: number[];
  /** Files an error may name. */
  inputs: string[];
}

interface FuzzCase {
  index: number;
  seed: SeedInput;
  steps: string[];
  file: string;
  runs: Run[];
}

/** Case `index`: a seed input, mutated, written under its own directory, with the commands to run on it. */
function makeCase(index: number): FuzzCase {
  const random = seededRandom(Math.imul(SEED, 0x9e3779b1) ^ index);
  const seed = SEEDS[Math.floor(random() * SEEDS.length)]!;
  const { bytes, steps } = mutate(seed.text, seed.format, random);
  const dir = join(root, `case-${index}`);
  mkdirSync(dir);
  const ext = seed.format === 'json' ? '.json' : '.yaml';
  const orgFile = example('examples/org.json');
  let file = join(dir, `input${ext}`);
  const runs: Run[] = [];
  switch (seed.kind) {
    case 'spec':
      runs.push({ args: ['validate', '--spec', file, '--org', orgFile], allowed: [0, 2], inputs: [file, orgFile] });
      if (random() < 0.3) runs.push({ args: ['synth', '--spec', file, '--org', orgFile, '--out', join(dir, 'out')], allowed: [0, 2], inputs: [file, orgFile] });
      break;
    case 'org':
      runs.push({ args: ['validate', '--spec', seed.spec!, '--org', file], allowed: [0, 2], inputs: [file, seed.spec!] });
      if (random() < 0.3) runs.push({ args: ['synth', '--spec', seed.spec!, '--org', file, '--out', join(dir, 'out')], allowed: [0, 2], inputs: [file, seed.spec!] });
      break;
    case 'policy':
      runs.push({ args: ['lint', file, ...(seed.type && random() < 0.7 ? ['--type', seed.type] : [])], allowed: [0, 1, 2], inputs: [file] });
      break;
    case 'case':
      runs.push({ args: ['simulate', file], allowed: [0, 1, 2], inputs: [file] });
      break;
    case 'account':
    case 'snapshot-org': {
      const snapshot = join(dir, 'snapshot');
      cpSync(baseSnapshot, snapshot, { recursive: true });
      file = seed.kind === 'account' ? join(snapshot, 'accounts', seed.name) : join(snapshot, 'org.json');
      runs.push({ args: ['audit', '--snapshot', snapshot, '--format', 'json'], allowed: [0, 1, 2], inputs: [file, ...accountFiles.map((f) => join(snapshot, 'accounts', f))] });
      break;
    }
  }
  writeFileSync(file, bytes);
  return { index, seed, steps, file, runs };
}

/** What is wrong with one run's outcome, or undefined. */
function problem(run: Run, result: CliResult, ms: number): string | undefined {
  const output = `${result.stdout}\n${result.stderr}`;
  if (ms > SLOW_MS) return `took ${Math.round(ms / 1000)} s`;
  if (!run.allowed.includes(result.status ?? -1)) return `exit ${result.status} (allowed: ${run.allowed.join(', ')})`;
  if (/internal error/i.test(output)) return 'says "internal error"';
  if (/^\s+at .+:\d+:\d+\)?$/m.test(output)) return 'prints a stack trace';
  if (result.status !== 2) return undefined;
  const errors = result.stderr.split('\n').filter((line) => line.includes(': error: '));
  if (errors.length === 0) return 'exit 2 without an error line';
  for (const line of errors) {
    const file = run.inputs.find((f) => line.startsWith(`${f}:`));
    if (!file) return `an error names no input file: ${line.slice(0, 300)}`;
    const located = new RegExp(`^${escape(file)}:\\d+:\\d+: error: `).test(line);
    // Whole-file problems have no line: an empty file, and the count of problems not shown.
    if (!located && !/: error: (… and \d+ more|empty file)/.test(line)) return `an error has no line:col: ${line.slice(0, 300)}`;
  }
  return undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('malformed inputs', () => {
  test(`validate, synth, lint, simulate and audit handle mutated inputs (FUZZ_SEED=${SEED}, ${BUDGET_MS / 1000} s)`, { timeout: BUDGET_MS + 10 * SLOW_MS }, async () => {
    const started = Date.now();
    const failures: string[] = [];
    let cases = 0;
    for (let index = ONLY ?? 0; ONLY === undefined ? Date.now() - started < BUDGET_MS : index === ONLY; index++) {
      const c = makeCase(index);
      keep.add(c.index);
      if (process.env.FUZZ_VERBOSE) process.stderr.write(`case ${c.index}: ${c.seed.kind} ${c.seed.name}: ${c.steps.join(' + ')}\n`);
      cases++;
      for (const run of c.runs) {
        const begun = performance.now();
        const result = await crossroleInProcess(run.args);
        const wrong = problem(run, result, performance.now() - begun);
        if (wrong) {
          failures.push(
            `case ${c.index} (${c.seed.kind} ${c.seed.name}: ${c.steps.join(' + ')}): crossrole ${run.args.join(' ')}: ${wrong}\n` +
              `  replay: FUZZ_SEED=${SEED} FUZZ_CASE=${c.index} node --import tsx --test test/fuzz/inputs.test.ts\n` +
              `  stderr: ${result.stderr.trim().split('\n').slice(0, 3).join('\n          ')}`,
          );
        }
      }
      if (failures.length >= MAX_REPORTED) break;
      // Keep the inputs of failing cases for a look; drop the rest as we go.
      if (!failures.some((f) => f.startsWith(`case ${index} `))) {
        keep.delete(index);
        rmSync(join(root, `case-${index}`), { recursive: true, force: true });
      }
    }
    assert.ok(cases > 0);
    assert.equal(failures.length, 0, `${failures.length} of ${cases} inputs went wrong (inputs kept in ${root}):\n${failures.join('\n')}`);
  });

  test('the real binary behaves as the in-process runs do', async () => {
    // A few cases through a child process: same exit code, same messages.
    for (const index of [0, 1, 2, 3]) {
      const c = makeCase(1_000_000 + index);
      keep.add(c.index);
      for (const run of c.runs.slice(0, 1)) {
        const inProcess = await crossroleInProcess(run.args);
        const child = crossrole(run.args);
        assert.equal(child.status, inProcess.status, `case ${c.index}: crossrole ${run.args.join(' ')}`);
        assert.equal(child.stderr, inProcess.stderr, `case ${c.index}: crossrole ${run.args.join(' ')}`);
      }
      keep.delete(c.index);
    }
  });
});
