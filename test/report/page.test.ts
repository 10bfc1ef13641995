// The report page in a real browser (Debian's chromium through playwright-core), opened from
// file:// with every other request aborted: it draws without console errors, its findings filter
// and search, and its graph draws, drills down, shows a path and answers who-can-reach. One
// browser for the file. CROSSROLE_UPDATE_SCREENSHOTS=1 also writes docs/report-*.png.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DesiredState } from '../../src/desired/types.js';
import { reachableRoles, whoCanAssume } from '../../src/graph/queries.js';
import { fleetMatrix } from '../../src/report/data.js';
import { launchChromium } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/paths.js';
import { ensurePageBundle } from '../helpers/report-page.js';
import { smallReport, smallReportHtml } from './fixture.js';

const report = smallReport();
const dir = mkdtempSync(join(tmpdir(), 'crossrole-report-page-'));
const screenshots = process.env.CROSSROLE_UPDATE_SCREENSHOTS === '1';
const pathFinding = report.data.findings.find((f) => f.code === 'EXTERNAL_PATH_TO_ADMIN')!;
let browser: Browser;
let page: Page;
const blocked: string[] = [];
const errors: string[] = [];

async function open(html: string, name: string): Promise<Page> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const opened = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await opened.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  opened.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  opened.on('pageerror', (error) => errors.push(error.message));
  await opened.goto(pathToFileURL(file).href);
  await opened.waitForSelector('html[data-ready="true"]');
  return opened;
}

const shot = async (name: string) => screenshots && (await page.screenshot({ path: join(repoRoot, 'docs', `report-${name}.png`) }));

describe('the report page in chromium', { timeout: 120_000 }, () => {
  before(async () => {
    await ensurePageBundle();
    browser = await launchChromium();
    page = await open(smallReportHtml(report), 'report');
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(blocked, [], 'the page asked for something outside file:');
    assert.deepEqual(errors, [], 'console errors');
  });

  test('the overview: the organization, findings by severity in words, the worst paths', async () => {
    const overview = await page.textContent('#panel-Overview');
    assert.ok(overview!.includes(report.data.organization.id));
    assert.ok(overview!.includes(`CRITICAL: ${report.data.severityCounts.critical}`), overview!);
    assert.ok(overview!.includes(pathFinding.roleArn));
  });

  test('findings: filters by severity, code and account, free-text search, keyboard', async () => {
    await page.focus('#tab-Findings');
    await page.keyboard.press('Enter');
    const count = () => page.textContent('#finding-count');
    assert.equal(await count(), '10 of 10 findings');
    await page.selectOption('#filter-severity', 'critical');
    assert.equal(await count(), `${report.data.severityCounts.critical} of 10 findings`);
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-code', 'ROLE_ASSUMABLE_BY_ANYONE');
    assert.equal(await count(), `${report.data.findings.filter((f) => f.code === 'ROLE_ASSUMABLE_BY_ANYONE').length} of 10 findings`);
    await page.selectOption('#filter-code', '');
    await page.selectOption('#filter-account', pathFinding.accountId);
    assert.equal(await count(), `${report.data.findings.filter((f) => f.accountId === pathFinding.accountId).length} of 10 findings`);
    await page.selectOption('#filter-account', '');
    await page.fill('#filter-text', 'vendor-automation externalid');
    assert.equal(await count(), `${report.data.findings.filter((f) => JSON.stringify(f).includes('vendor-automation') && /externalid/i.test(JSON.stringify(f))).length} of 10 findings`);
    await page.fill('#filter-text', '');
    await shot('findings');
  });

  test('the graph: accounts by OU, a drill-down, a finding\'s path hop by hop', async () => {
    await page.click('#tab-Graph');
    assert.equal(await page.getAttribute('#graph', 'data-level'), 'overview');
    assert.ok((await page.locator('#graph canvas').count()) > 0);
    await shot('graph');
    await page.selectOption('#account-jump', pathFinding.accountId);
    assert.equal(await page.getAttribute('#graph', 'data-level'), 'account');
    assert.match((await page.textContent('#graph-side'))!, new RegExp(`^\\S+ \\(${pathFinding.accountId}\\)\\d+ roles, \\d+ users`));
    await page.click('#tab-Findings');
    await page.fill('#filter-text', pathFinding.roleArn);
    await page.locator('#finding-list .finding', { hasText: 'EXTERNAL_PATH_TO_ADMIN' }).first().getByRole('button').click();
    assert.equal(await page.getAttribute('#graph', 'data-level'), 'path');
    assert.equal(await page.locator('#path-hops li').count(), pathFinding.path!.length);
  });

  test('search: who can reach a role and what it reaches, the answers of who-can-assume and reach', async () => {
    await page.fill('#arn-search', pathFinding.roleArn);
    await page.click('.arn-form button[type="submit"]');
    const side = (await page.textContent('#graph-side'))!;
    const who = whoCanAssume(report.graph, pathFinding.roleArn);
    const reach = reachableRoles(report.graph, pathFinding.roleArn);
    assert.ok(side.includes(`Who can reach it: ${who.principals.length}`), side);
    assert.ok(side.includes(`What it reaches: ${reach.roles.length} roles in ${reach.accounts.length} accounts`), side);
    await page.fill('#arn-search', pathFinding.roleArn.replace(/.$/, ''));
    await page.click('.arn-form button[type="submit"]');
    assert.match((await page.textContent('#graph-side .error'))!, /is not in the snapshot; did you mean/);
  });

  test('a large organization: each OU one node until opened', async () => {
    // 21 places × 8 = 168: over the 150 drawn open at once.
    const { overview } = report.data;
    const copies = 8;
    const places = Array.from({ length: copies }, (_, c) => overview.places.map((p) => ({ ...p, key: `${p.key}#${c}` }))).flat();
    const edges = Array.from({ length: copies }, (_, c) => overview.edges.map((e) => ({ ...e, from: e.from + c * overview.places.length, to: e.to + c * overview.places.length }))).flat();
    const big = await open(smallReportHtml({ ...report, data: { ...report.data, overview: { ...overview, places, edges } } }), 'big');
    await big.click('#tab-Graph');
    const openers = big.locator('#graph-side button.open-group');
    assert.equal(await openers.count(), overview.groups.length);
    await openers.first().click();
    assert.equal(await openers.count(), overview.groups.length - 1);
    assert.equal(await big.getAttribute('#graph', 'data-level'), 'overview');
    await big.close();
  });

  test('printed: the overview and the findings, not the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#panel-Findings .finding'), true);
    assert.equal(await page.isVisible('#panel-Overview h2'), true);
    assert.equal(await page.isVisible('nav.tabs'), false);
    await page.emulateMedia({ media: 'screen' });
  });

  test('the fleet matrix with --spec', async () => {
    const [a, b] = report.snapshot.org.accounts;
    const desired = { roles: [a!, b!].map((x) => ({ accountId: x.id, accountName: x.name, name: 'Audit', arn: `arn:aws:iam::${x.id}:role/Audit` })) } as unknown as DesiredState;
    const fleet = fleetMatrix(desired, [], [{ accountId: b!.id, accountName: b!.name, role: 'Audit', hub: 'h', status: 'denied-static', reason: 'an SCP denies sts:AssumeRole' }]);
    const fleetPage = await open(smallReportHtml({ ...report, data: { ...report.data, fleet } }), 'fleet');
    await fleetPage.click('#tab-Fleet');
    const cell = fleetPage.locator('.fleet td.fleet-denied-static');
    assert.equal(await cell.textContent(), 'denied-static');
    assert.equal(await cell.getAttribute('title'), 'via hub h: an SCP denies sts:AssumeRole');
    await fleetPage.close();
  });
});
