// Every output must be usable as is: templates pass cfn-lint, scripts parse in bash, data parses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { synthesize } from '../../src/synth/index.js';
import { cfnLint } from './fixtures/cfn-lint.js';
import { org, state } from './fixtures/state.js';

const files = synthesize(state, org);
const dir = mkdtempSync(join(tmpdir(), 'crossrole-synth-'));
after(() => rmSync(dir, { recursive: true, force: true }));
for (const [path, content] of files) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}
const paths = (suffix: string): string[] => [...files.keys()].filter((path) => path.endsWith(suffix));

test('every CloudFormation template passes cfn-lint', () => {
  const templates = paths('.template.json').filter((path) => path.startsWith('cloudformation/'));
  assert.equal(templates.length, state.templates.length * 2 + state.hubs.length);
  const { status, output } = cfnLint(dir, templates);
  assert.equal(status, 0, `cfn-lint reported problems:\n${output}`);
});

test('the StackSet body is the spoke template', () => {
  for (const template of state.templates) {
    const stackSet = JSON.parse(files.get(`cloudformation/stackset-${template.name}.template.json`)!);
    const body = stackSet.Resources.SpokeStackSet.Properties.TemplateBody as string;
    assert.deepEqual(JSON.parse(body), JSON.parse(files.get(`cloudformation/spoke-${template.name}.template.json`)!));
  }
});

test('shell scripts pass bash -n', () => {
  const scripts = paths('.sh');
  assert.ok(scripts.includes('aws-cli/apply.sh'));
  for (const script of scripts) {
    assert.ok(files.get(script)!.startsWith('#!/usr/bin/env bash\n'), `${script} has a bash shebang`);
    assert.match(files.get(script)!, /^set -euo pipefail$/m, `${script} sets strict mode`);
    const result = spawnSync('bash', ['-n', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, `bash -n ${script}:\n${result.stderr}`);
  }
});

test('the aws-cli script refuses to run without a target and rejects unknown ones', () => {
  const none = spawnSync('bash', ['aws-cli/apply.sh'], { cwd: dir, encoding: 'utf8' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /usage/);
  const unknown = spawnSync('bash', ['aws-cli/apply.sh', 'account:000000000000'], { cwd: dir, encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown target/);
});

test('JSON and YAML outputs parse', () => {
  for (const path of paths('.json')) assert.doesNotThrow(() => JSON.parse(files.get(path)!), path);
  const yamlPaths = [...paths('.yaml'), ...paths('.yml')];
  assert.ok(yamlPaths.length > 0);
  for (const path of yamlPaths) assert.equal(typeof parseYaml(files.get(path)!), 'object', path);
});
