// The audit at organization scale: 1,000 accounts × 100 roles + 20 users (generated, with the
// planted problems unless --clean), measured in a fresh process against a bare JSON.parse of the
// same account files. Targets: full audit (read, checks, and the access graph with the paths when
// a way in from outside could lead on) <= 60 s, peak memory <= 4 GiB, <= 3× the bare parse.
//   npm run bench:audit [-- --snapshot DIR | --accounts N --clean]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { auditSnapshot } from '../src/audit/audit.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { generateInto, SNAPSHOT_OPTIONS } from './snapshot-options.js';

const { values } = parseArgs({
  options: {
    ...SNAPSHOT_OPTIONS,
    clean: { type: 'boolean', default: false },
    measure: { type: 'string' },
  },
});

const TARGET = { seconds: 60, gib: 4, parseRatio: 3 };

interface Measured {
  ms: number;
  peakMiB: number;
  stages?: Record<string, number>;
  findings?: number;
}

/** One stage, run in this (child) process; prints its measurements as JSON. */
function measure(stage: string, dir: string): Measured {
  const started = performance.now();
  if (stage === 'parse') {
    const accounts = join(dir, 'accounts');
    for (const file of readdirSync(accounts)) JSON.parse(readFileSync(join(accounts, file), 'utf8'));
    return { ms: performance.now() - started, peakMiB: peak() };
  }
  const stages: Record<string, number> = {};
  let at = started;
  const lap = (name: string) => {
    const now = performance.now();
    stages[name] = Math.round(now - at);
    at = now;
  };
  const snapshot = readSnapshot(dir);
  lap('read');
  // The audit builds the access graph only when a way in from outside could lead on.
  const { findings } = auditSnapshot(snapshot, { onGraph: () => lap('checks') });
  lap(stages.checks === undefined ? 'checks' : 'graph and paths');
  return { ms: performance.now() - started, peakMiB: peak(), stages, findings: findings.length };
}

function peak(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function child(stage: string, dir: string): Measured {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', stage, '--snapshot', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${stage} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Measured;
}

if (values.measure) {
  process.stdout.write(`${JSON.stringify(measure(values.measure, values.snapshot!))}\n`);
} else {
  let dir = values.snapshot;
  const generated = dir === undefined;
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'crossrole-bench-audit-'));
    generateInto(dir, values, values.clean ? ['--clean'] : []);
  }
  try {
    // Best of two for the baseline: the first read may still be warming the file cache.
    const parse = [child('parse', dir), child('parse', dir)].sort((a, b) => a.ms - b.ms)[0]!;
    const audit = child('audit', dir);
    const seconds = audit.ms / 1000;
    const gib = audit.peakMiB / 1024;
    const ratio = audit.ms / parse.ms;
    console.log(`bare JSON.parse of the account files: ${(parse.ms / 1000).toFixed(2)} s, ${parse.peakMiB} MiB`);
    console.log(`full audit: ${seconds.toFixed(2)} s (${Object.entries(audit.stages!).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')}), ${audit.peakMiB} MiB, ${audit.findings} findings`);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER TARGET');
    console.log(`targets: <= ${TARGET.seconds} s ${verdict(seconds <= TARGET.seconds)}, <= ${TARGET.gib} GiB ${verdict(gib <= TARGET.gib)}, <= ${TARGET.parseRatio}x the bare parse ${verdict(ratio <= TARGET.parseRatio)}`);
    console.log(`RESULT audit ${seconds.toFixed(2)} s`);
    console.log(`RESULT audit-vs-parse ${ratio.toFixed(2)}`);
    console.log(`RESULT audit-rss ${audit.peakMiB} MiB`);
  } finally {
    if (generated) rmSync(dir, { recursive: true, force: true });
  }
}
