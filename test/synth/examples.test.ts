// `crossrole synth` on every example writes cfn-lint-clean CloudFormation.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crossrole } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { cfnLint } from './fixtures/cfn-lint.js';

const out = mkdtempSync(join(tmpdir(), 'crossrole-examples-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('every example synthesizes to cfn-lint-clean templates', () => {
  const specs = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.yaml'));
  const templates: string[] = [];
  for (const spec of specs) {
    const name = spec.replace(/\.yaml$/, '');
    const r = crossrole(['synth', '--spec', `examples/${spec}`, '--org', 'examples/org.json', '--out', join(out, name)]);
    assert.equal(r.status, 0, r.stderr);
    templates.push(...readdirSync(join(out, name, 'cloudformation')).map((f) => join(name, 'cloudformation', f)));
  }
  assert.ok(templates.length >= specs.length * 2);
  const { status, output } = cfnLint(out, templates);
  assert.equal(status, 0, `cfn-lint reported problems:\n${output}`);
});
