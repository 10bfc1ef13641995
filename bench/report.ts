// `crossrole report` at organization scale: 1,000 accounts × 100 roles + 20 users (generated with
// the planted problems), the report written in a fresh process stage by stage, its size, and in
// Debian's chromium the time to first paint and to the graph's first answers.
//   npm run bench:report [-- --snapshot DIR | --accounts N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { auditSnapshot } from '../src/audit/audit.js';
import { writeOutputFile } from '../src/file-errors.js';
import { buildGraph } from '../src/graph/build.js';
import { indexOrg } from '../src/org/model.js';
import { packGraph } from '../src/report/compact-graph.js';
import { reportData } from '../src/report/data.js';
import { readPageAsset, reportHtml } from '../src/report/html.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { ensurePageBundle } from '../test/helpers/report-page.js';
import { generateInto, SNAPSHOT_OPTIONS } from './snapshot-options.js';

const { values } = parseArgs({
  options: {
    ...SNAPSHOT_OPTIONS,
    measure: { type: 'string' },
    out: { type: 'string' },
  },
});

/** The report's stages, as `crossrole report` runs them, in this (child) process. */
function measure(dir: string, out: string): { ms: number; stages: Record<string, number>; peakMiB: number } {
  const stages: Record<string, number> = {};
  const started = performance.now();
  let at = started;
  const lap = (name: string) => {
    const now = performance.now();
    stages[name] = Math.round(now - at);
    at = now;
  };
  const asset = readPageAsset();
  const snapshot = readSnapshot(dir);
  lap('read');
  const graph = buildGraph(snapshot);
  lap('graph');
  const audit = auditSnapshot(snapshot, { graph });
  lap('audit');
  const data = reportData({ org: indexOrg(snapshot.org), graph, audit, version: 'bench', generatedAt: new Date() });
  lap('data');
  const html = reportHtml(data, packGraph(graph), asset);
  lap('pack');
  writeOutputFile(out, html, 'report');
  lap('write');
  return { ms: performance.now() - started, stages, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

/** Opens the report in chromium: first contentful paint, then the graph tab, a drill-down and a search, each timed. */
async function inBrowser(file: string, roleArn: string, accountId: string): Promise<Record<string, number>> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const opened = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
    const ready = performance.now() - opened;
    const paint = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN), 0))));
    const timed = async (act: () => Promise<unknown>) => {
      const start = performance.now();
      await act();
      return performance.now() - start;
    };
    const graphTab = await timed(() => page.click('#tab-Graph'));
    const drillDown = await timed(() => page.selectOption('#account-jump', accountId));
    const search = await timed(async () => {
      await page.fill('#arn-search', roleArn);
      await page.click('.arn-form button[type="submit"]');
      await page.waitForSelector('#graph-side h4');
    });
    return { ready, paint, graphTab, drillDown, search };
  } finally {
    await browser.close();
  }
}

if (values.measure) {
  process.stdout.write(`${JSON.stringify(measure(values.measure, values.out!))}\n`);
} else {
  await ensurePageBundle();
  const work = mkdtempSync(join(tmpdir(), 'crossrole-bench-report-'));
  try {
    let dir = values.snapshot;
    if (dir === undefined) {
      dir = join(work, 'snapshot');
      generateInto(dir, values);
    }
    const out = join(work, 'report.html');
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', dir, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`the report failed:\n${run.stderr}`);
    const written = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof measure>;
    const megabytes = statSync(out).size / 1e6;
    // A path finding's role and account: what a reader clicks first.
    const snapshot = readSnapshot(dir);
    const audit = auditSnapshot(snapshot);
    const target = audit.findings.find((f) => f.path) ?? audit.findings[0]!;
    const browser = await inBrowser(out, target.roleArn, target.accountId);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`report written in ${s(written.ms)} (${Object.entries(written.stages).map(([k, v]) => `${k} ${s(v)}`).join(', ')}), ${written.peakMiB} MiB peak`);
    console.log(`file: ${megabytes.toFixed(1)} MB`);
    console.log(`chromium: first contentful paint ${s(browser.paint!)}, page ready ${s(browser.ready!)}; graph tab ${s(browser.graphTab!)}, drill-down ${s(browser.drillDown!)}, who-can-assume/reach search ${s(browser.search!)}`);
    console.log(`RESULT report-first-paint ${(browser.paint! / 1000).toFixed(2)} s`);
    console.log(`RESULT report-write ${(written.ms / 1000).toFixed(2)} s`);
    console.log(`RESULT report-size ${megabytes.toFixed(1)} MB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
