// Bundles the report page (src/report/page/) with Cytoscape.js into dist/report/page.js and
// page.css, the asset `crossrole report` inlines into every report. Run by `npm run build`.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeFileAtomic } from '../src/atomic-write.js';
import { PAGE_ASSET_DIR } from '../src/report/html.js';

const page = (name: string) => fileURLToPath(new URL(`../src/report/page/${name}`, import.meta.url));

export async function buildReportPage(): Promise<void> {
  // Cytoscape's MIT licence asks for its notice in every copy; minifying would drop the header.
  const licence = readFileSync(fileURLToPath(new URL('../node_modules/cytoscape/LICENSE', import.meta.url)), 'utf8').trim();
  const bundled = await build({
    entryPoints: [page('main.ts'), page('style.css')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
    outdir: 'out',
    banner: { js: `/*! Cytoscape.js: ${licence.replace(/\*\//g, '* /')} */` },
    logLevel: 'warning',
  });
  mkdirSync(PAGE_ASSET_DIR, { recursive: true });
  for (const file of bundled.outputFiles) {
    const name = file.path.endsWith('.css') ? 'page.css' : 'page.js';
    writeFileAtomic(fileURLToPath(new URL(name, PAGE_ASSET_DIR)), file.text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildReportPage();
