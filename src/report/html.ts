// The report as one HTML file: the page's script and style (bundled at build time, see
// scripts/build-report-page.ts) and the data inlined, so it opens from file://, a mail attachment
// or a CI artifact without any network access (its Content-Security-Policy forbids every request).
import { readFileSync } from 'node:fs';
import type { CompactGraph } from './compact-graph.js';
import type { ReportData } from './model.js';

/** The page's bundle: `<root>/dist/report/`, from src/report/ (tsx) and dist/report/ (built) alike. */
export const PAGE_ASSET_DIR = new URL('../../dist/report/', import.meta.url);

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";

export function reportHtml(data: ReportData, graph: CompactGraph, asset = readPageAsset()): string {
  const title = `crossrole report: ${data.organization.id}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${asset.css}</style>
</head>
<body>
<div id="app"><p>${escapeHtml(title)}: this report needs JavaScript to show its ${data.findings.length} findings.</p></div>
<script type="application/json" id="report-data">${jsonInScript(data)}</script>
<script type="application/json" id="graph-data">${jsonInScript(graph)}</script>
<script>${asset.js}</script>
</body>
</html>
`;
}

export interface PageAsset {
  js: string;
  css: string;
}

export function readPageAsset(): PageAsset {
  const read = (name: string) => {
    try {
      return readFileSync(new URL(name, PAGE_ASSET_DIR), 'utf8');
    } catch (error) {
      throw new Error(`the report page's bundle ${new URL(name, PAGE_ASSET_DIR).pathname} cannot be read (${(error as Error).message}); npm run build writes it`);
    }
  };
  const asset = { js: read('page.js'), css: read('page.css') };
  // esbuild escapes `</script` in strings; anything else closing the element early would be a build bug.
  if (/<\/script/i.test(asset.js) || /<\/style/i.test(asset.css)) throw new Error('the report page bundle contains a closing </script> or </style>');
  return asset;
}

/** JSON that cannot end its <script> element: every `<` escaped (JSON.parse reads \u003c back). */
export function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
