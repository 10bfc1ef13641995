// An org.json listing FullAWSAccess on the root only (as hand-written files and other tools do):
// every command that evaluates SCPs says once which OUs and accounts have no SCP data, and reads
// them as FullAWSAccess rather than "nothing allowed".
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crossroleInProcess } from '../helpers/cli.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-missing-scps-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const org = JSON.parse(readFileSync(fixture('org.json'), 'utf8')) as { roots: { id: string }[]; policies: unknown[] };
org.policies.push({ id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', name: 'FullAWSAccess', awsManaged: true, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, targets: [org.roots[0]!.id] });
mkdirSync(join(dir, 'accounts'));
writeFileSync(join(dir, 'org.json'), JSON.stringify(org));
// A member account (SCPs apply) whose role deploy trusts the user deployer.
const details = readFileSync(join(repoRoot, 'test', 'snapshot', 'cases', 'valid', 'cli-output.json'), 'utf8').replaceAll('111122223333', '222222222222');
writeFileSync(join(dir, 'accounts', '222222222222.json'), details);

for (const args of [['audit', '--format', 'json', '--fail-on', 'none'], ['who-can-assume', 'arn:aws:iam::222222222222:role/deploy']]) {
  test(`${args[0]} warns once about the levels without SCP data`, async () => {
    const r = await crossroleInProcess([...args, '--snapshot', dir]);
    assert.equal(r.status, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: org.json attaches no SCP to '));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0]!, /read as FullAWSAccess \(unrestricted\)/);
    if (args[0] === 'who-can-assume') assert.match(r.stdout, /user\/deployer/, 'the OU and account levels do not stop the user');
  });
}
