// The README's tables of what synth writes, read from README.md and held against what synth writes
// for every example, so they cannot drift: every written file matches one row of the synth table
// and every row matches some file; each example's row in the examples table names exactly its files.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadInputs } from '../../src/cli/inputs.js';
import { writeOutputDir } from '../../src/cli/write-output.js';
import { synthesize } from '../../src/synth/index.js';
import { repoRoot } from '../helpers/paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const out = mkdtempSync(join(tmpdir(), 'crossrole-readme-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** The body rows (cells) of the first table after the heading line matching `heading`. */
function tableAfter(heading: RegExp): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && heading.test(line));
  assert.ok(start >= 0, `README.md has a heading matching ${heading}`);
  const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const rows: string[][] = [];
  for (let index = first + 2; lines[index]?.startsWith('|'); index++) rows.push(lines[index]!.split('|').slice(1, -1).map((cell) => cell.trim()));
  assert.ok(rows.length > 0, `a table follows ${heading}`);
  return rows;
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** `a-{x,y}/{1,2}` → `a-x/1`, `a-x/2`, `a-y/1`, `a-y/2`. */
function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  return match[1]!.split(',').flatMap((choice) => expandBraces(pattern.slice(0, match.index) + choice + pattern.slice(match.index + match[0].length)));
}

/** A table pattern as a regular expression: `<account-id>` is 12 digits, any other `<name>` one path part. */
function patternRegex(pattern: string): RegExp {
  const source = pattern
    .split(/(<[^>]+>)/)
    .map((part) => (part === '<account-id>' ? '\\d{12}' : part.startsWith('<') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const examples = readdirSync(join(repoRoot, 'examples')).filter((file) => file.endsWith('.yaml'));
const written = new Map(
  await Promise.all(examples.map(async (spec) => {
    const { desired, org } = await loadInputs(join(repoRoot, 'examples', spec), join(repoRoot, 'examples', 'org.json'));
    const dir = join(out, spec);
    writeOutputDir(dir, synthesize(desired!.state, org!.org));
    return [spec, listFiles(dir)] as const;
  })),
);

describe('README: what synth writes', () => {
  test('every file synth writes for an example matches exactly one row of the synth table, and every row some file', () => {
    const patterns = tableAfter(/crossrole synth /).flatMap(([output]) => codeSpans(output!));
    const used = new Set<string>();
    for (const [spec, files] of written) {
      for (const file of files) {
        const matching = patterns.filter((pattern) => patternRegex(pattern).test(file));
        assert.equal(matching.length, 1, `${spec}: ${file} matches ${matching.length ? matching.join(', ') : 'no row'} of README's synth table`);
        used.add(matching[0]!);
      }
    }
    assert.deepEqual(patterns.filter((pattern) => !used.has(pattern)), [], 'rows of the synth table no example writes');
  });

  test("each example's row in the examples table names exactly the files synth writes for it", () => {
    const rows = new Map(tableAfter(/What synth writes for each example/).map(([spec, files]) => [codeSpans(spec!)[0], codeSpans(files!).flatMap(expandBraces).sort()]));
    assert.deepEqual([...rows.keys()].sort(), [...examples].sort(), 'one row per example');
    for (const [spec, files] of written) {
      const promised = rows.get(spec)!;
      const actual = [...new Set(files.map((file) => file.replace(/\b\d{12}\b/g, '<account-id>')))].sort();
      assert.deepEqual(actual, promised, `${spec}: the README's list of its files`);
    }
  });
});
