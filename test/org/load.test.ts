// Bad org files get the same located errors as specs: invalid/expect.yaml maps file → "LINE:COL message".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { InvalidInputError } from '../../src/errors.js';
import { parseOrg } from '../../src/org/load.js';
import { formatDiagnostic } from '../../src/spec/source.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const dir = join(repoRoot, 'test', 'org', 'invalid');
const expectations = parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as Record<string, string>;

for (const [name, expectation] of Object.entries(expectations)) {
  test(`invalid org: ${name}`, () => {
    const [, line, col, message] = /^(\d+):(\d+) (.*)$/.exec(expectation)!;
    const file = relative(process.cwd(), join(dir, name));
    assert.throws(
      () => parseOrg(file, readFileSync(file, 'utf8')),
      (error: unknown) => {
        assert.ok(error instanceof InvalidInputError);
        const lines = error.diagnostics.map(formatDiagnostic);
        assert.ok(lines.some((l) => l.startsWith(`${file}:${line}:${col}: `) && l.includes(message!)), `want ${line}:${col} ${message}, got:\n${lines.join('\n')}`);
        return true;
      },
    );
  });
}

test('the fixture and example orgs load', () => {
  for (const file of [fixture('org.json'), join(repoRoot, 'examples', 'org.json')]) {
    assert.ok(parseOrg(file, readFileSync(file, 'utf8')).accounts.length > 0);
  }
});
