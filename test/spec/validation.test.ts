// Data-driven: every file in invalid/ states the diagnostic it must produce in its first line,
// `# expect: LINE:COL message`, validated against the fixture organization.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { loadInputs } from '../../src/cli/inputs.js';
import { InvalidInputError } from '../../src/errors.js';
import { formatDiagnostic } from '../../src/spec/source.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const here = join(repoRoot, 'test', 'spec');
const org = fixture('org.json');

describe('invalid specs give located, helpful errors', () => {
  for (const name of readdirSync(join(here, 'invalid')).sort()) {
    test(name, async () => {
      const file = relative(process.cwd(), join(here, 'invalid', name));
      const header = /^# expect: (\d+):(\d+) (.+)$/m.exec(readFileSync(file, 'utf8'));
      assert.ok(header, `${name} must start with "# expect: LINE:COL message"`);
      const [, line, col, message] = header;
      try {
        await loadInputs(file, org);
      } catch (error) {
        assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
        const lines = error.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
        const wanted = `${file}:${line}:${col}: error: `;
        assert.ok(
          lines.some((l) => l.startsWith(wanted) && l.includes(message!)),
          `expected a diagnostic "${wanted}…${message}", got:\n${lines.join('\n')}`,
        );
        return;
      }
      assert.fail(`${name} was accepted`);
    });
  }
});

// As validate prints them: with the warnings about the files synth writes.
describe('warnings are located and do not stop a valid spec', () => {
  for (const name of readdirSync(join(here, 'warnings')).sort()) {
    test(name, async () => {
      const file = relative(process.cwd(), join(here, 'warnings', name));
      const [, line, col, message] = /^# warn: (\d+):(\d+) (.+)$/m.exec(readFileSync(file, 'utf8'))!;
      const lines = (await loadInputs(file, org, { outputWarnings: 'all' })).warnings.map(formatDiagnostic);
      assert.ok(
        lines.some((l) => l.startsWith(`${file}:${line}:${col}: warning: `) && l.includes(message!)),
        `expected warning ${line}:${col} ${message}, got:\n${lines.join('\n')}`,
      );
    });
  }
});

describe('valid specs load', () => {
  for (const name of readdirSync(join(here, 'valid')).sort()) {
    test(name, async () => {
      const { loaded, desired } = await loadInputs(join(here, 'valid', name), org);
      assert.equal(loaded.spec.version, 1);
      assert.ok(desired && desired.state.roles.length > 0);
    });
  }
});
