// Mutation testing of the safety-critical code: StrykerJS breaks the code on purpose, one mutant
// at a time, and reruns the tests that cover it; a mutant the tests do not notice "survives".
// Each module runs only its own test files, one after the other, at concurrency 1 (the suite
// shares small machines). Incremental: a rerun tests only mutants whose code or tests changed.
//   npm run mutation                 every module
//   npm run mutation -- src/verify   only the modules under the given paths
//   npm run mutation -- src/desired/trust.ts   one file of a module, against the module's tests
//   npm run mutation -- src/plan/steps.ts:1-90   lines 1 to 90 of it (two halves run side by side)
//   npm run mutation -- --force src/verify      every mutant again: Stryker sees changes to code and
//                                               test files, not to the case files tests read (*.yaml)
// src/desired/ is scoped to the spoke trust and the hub's side (its policies, how they are packed
// and named, its role's trust, the principal verify and plan reason with); the rest of it (build,
// deploy, tools, limits, canonical) is plumbing. Test files read CROSSROLE_TEST_SCALE=small to
// check at smaller organization sizes: they run once per mutant.
import { Stryker } from '@stryker-mutator/core';

type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];
type StrykerOptions = ConstructorParameters<typeof Stryker>[0];

interface Module {
  /** What a developer passes to run only this module. */
  readonly path: string;
  readonly mutate: readonly string[];
  readonly testFiles: readonly string[];
}

const modules: readonly Module[] = [
  { path: 'src/cli/creds/session-cache.ts', mutate: ['src/cli/creds/session-cache.ts'], testFiles: ['test/creds/session-cache.test.ts'] },
  { path: 'src/verify', mutate: ['src/verify/**/*.ts'], testFiles: ['test/verify/**/*.test.ts'] },
  {
    path: 'src/desired',
    mutate: ['trust', 'hub-policy', 'hub-pack', 'hub-per-target', 'hub-names', 'hub-role', 'hub-caller'].map((file) => `src/desired/${file}.ts`),
    testFiles: ['test/desired/**/*.test.ts'],
  },
  { path: 'src/plan', mutate: ['src/plan/**/*.ts'], testFiles: ['test/plan/**/*.test.ts'] },
  { path: 'src/apply', mutate: ['src/apply/**/*.ts'], testFiles: ['test/apply/**/*.test.ts'] },
];

/** Killed and timed-out mutants were detected; survivors and uncovered ones were not. */
const detected = new Set(['Killed', 'Timeout']);
const undetected = new Set(['Survived', 'NoCoverage']);

interface Tally {
  readonly mutants: number;
  readonly detected: number;
  readonly undetected: number;
}

function tally(results: readonly MutantResult[]): Tally {
  return {
    mutants: results.length,
    detected: results.filter((r) => detected.has(r.status)).length,
    undetected: results.filter((r) => undetected.has(r.status)).length,
  };
}

/** Stryker's score: detected over detected plus undetected (errors and ignored mutants do not count). */
function score(t: Tally): number {
  const counted = t.detected + t.undetected;
  return counted === 0 ? 100 : (100 * t.detected) / counted;
}

function options(module: Module, force: boolean): StrykerOptions {
  const slug = module.path.replace(/^src\//, '').replace(/\.ts(?=$|:)/, '').replaceAll('/', '-').replace(':', '-lines-');
  return {
    mutate: [...module.mutate],
    testRunner: 'tap',
    plugins: ['@stryker-mutator/tap-runner'],
    // Without --test, node runs the file's tests in this very process, where Stryker's hook counts coverage.
    tap: { testFiles: [...module.testFiles], nodeArgs: ['--import', 'tsx', '--test-reporter=tap'], forceBail: true },
    coverageAnalysis: 'perTest',
    concurrency: 1,
    // Stryker's default (1.5 × the dry run's time + 5 s) counts a surviving mutant as killed (timed
    // out) whenever a busy machine slows its test run down; these margins stay above that noise.
    timeoutFactor: 3,
    timeoutMS: 30_000,
    incremental: true,
    force,
    incrementalFile: `reports/mutation/${slug}.json`,
    // The event recorder writes each mutant's result as it is known (a long run shows its survivors before it ends).
    reporters: ['clear-text', 'progress', 'event-recorder'],
    eventReporter: { baseDir: `reports/mutation/events/${slug}` },
    clearTextReporter: { reportTests: false, reportScoreTable: false },
    ignorePatterns: ['dist', '.bench', 'out', 'reports', '.crossrole', '.venv'],
    tempDirName: '.stryker-tmp',
  };
}

/** The modules to run: all, or those under the given paths; a path inside a module mutates only that part of it. */
function select(filters: readonly string[]): Module[] {
  if (filters.length === 0) return [...modules];
  return modules.flatMap((m) =>
    filters.flatMap((raw) => {
      const f = raw.replace(/\/$/, '');
      if (m.path.startsWith(f)) return [m];
      if (f.startsWith(`${m.path}/`)) return [{ ...m, path: f, mutate: [/\.ts(:\d+-\d+)?$/.test(f) ? f : `${f}/**/*.ts`] }];
      return [];
    }),
  );
}

process.env.CROSSROLE_TEST_SCALE = 'small';
const force = process.argv.includes('--force');
const filters = process.argv.slice(2).filter((arg) => arg !== '--force');
const selected = select(filters);
if (selected.length === 0) {
  console.error(`no module matches ${filters.join(' ')}; modules: ${modules.map((m) => m.path).join(', ')}`);
  process.exit(2);
}

const rows: { path: string; tally: Tally; seconds: number }[] = [];
const started = Date.now();
for (const module of selected) {
  const moduleStarted = Date.now();
  const results = await new Stryker(options(module, force)).runMutationTest();
  rows.push({ path: module.path, tally: tally(results), seconds: (Date.now() - moduleStarted) / 1000 });
}
const total: Tally = {
  mutants: rows.reduce((n, r) => n + r.tally.mutants, 0),
  detected: rows.reduce((n, r) => n + r.tally.detected, 0),
  undetected: rows.reduce((n, r) => n + r.tally.undetected, 0),
};

console.log('\nmodule                              mutants  killed  survived  score    time');
for (const { path, tally: t, seconds } of rows) {
  console.log(`${path.padEnd(34)} ${String(t.mutants).padStart(8)} ${String(t.detected).padStart(7)} ${String(t.undetected).padStart(9)} ${score(t).toFixed(1).padStart(6)} % ${seconds.toFixed(0).padStart(6)} s`);
}
console.log(`${'total'.padEnd(34)} ${String(total.mutants).padStart(8)} ${String(total.detected).padStart(7)} ${String(total.undetected).padStart(9)} ${score(total).toFixed(1).padStart(6)} % ${((Date.now() - started) / 1000).toFixed(0).padStart(6)} s`);
console.log(`RESULT mutation-score ${score(total).toFixed(1)}`);
