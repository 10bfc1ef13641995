// The report page's bundle (dist/report/page.js, page.css), rebuilt when a source of the page is
// newer: `npm test` builds first, but a test file run alone must not read a stale or missing one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_ASSET_DIR } from '../../src/report/html.js';
import { repoRoot } from './paths.js';

export async function ensurePageBundle(): Promise<void> {
  const bundle = fileURLToPath(new URL('page.js', PAGE_ASSET_DIR));
  const sources = [join(repoRoot, 'src', 'report'), join(repoRoot, 'src', 'report', 'page'), join(repoRoot, 'src', 'graph')];
  const newest = Math.max(...sources.flatMap((dir) => readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs)));
  if (existsSync(bundle) && existsSync(fileURLToPath(new URL('page.css', PAGE_ASSET_DIR))) && statSync(bundle).mtimeMs >= newest) return;
  const { buildReportPage } = await import('../../scripts/build-report-page.js');
  await buildReportPage();
}
