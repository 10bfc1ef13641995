// Warnings about what the generated files need: each names files synth really writes, and none
// is given when the files work as generated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildDesired } from '../../src/desired/build.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import type { Org } from '../../src/org/schema.js';
import { specSchema, type SpecInput } from '../../src/spec/schema.js';
import { synthesize } from '../../src/synth/index.js';
import { outputWarnings } from '../../src/synth/prerequisites.js';
import { fixture } from '../helpers/paths.js';

const org = parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8'));

function warningsFor(input: SpecInput, model: Org = org) {
  const spec = specSchema.parse(input);
  const { state } = buildDesired(spec, indexOrg(model), 'spec');
  return { warnings: outputWarnings(spec, state, model, 'all'), files: synthesize(state, model) };
}

const hub = (account: string) => ({ account, role: { name: 'Hub' } });
const spoke = (trust: Record<string, unknown>) => ({ trust, targets: { ous: ['r-ab12'] } });

test('every file a warning names is one synth writes', () => {
  const { warnings, files } = warningsFor({
    version: 1,
    hubs: { member: hub('222222222222'), group: { account: '222222222222', group: { name: 'ops', members: ['alice'] } } },
    roles: { A: spoke({ hubs: ['member'], requireSourceIdentity: true }), B: spoke({ hubs: ['group'], requireSourceIdentity: true }) },
  });
  assert.equal(warnings.length, 4, warnings.map((w) => w.message).join('\n'));
  const named = warnings.flatMap((w) => [...w.message.matchAll(/(?:aws-config|(?:spinnaker|resoto|micetro)\/[\w./-]+\.(?:sh|yml|yaml|json))/g)].map((m) => m[0]));
  assert.ok(named.length >= 8);
  for (const path of named) assert.ok(files.has(path), `${path} is named but not written`);
});

test('a hub in a delegated administrator or the management account needs no Resoto warning', () => {
  const roles = { R: spoke({ hubs: ['h'] }) };
  assert.deepEqual(warningsFor({ version: 1, hubs: { h: hub('111111111111') }, roles }).warnings, []);
  assert.deepEqual(warningsFor({ version: 1, hubs: { h: hub('222222222222') }, roles }, { ...org, delegatedAdministrators: ['222222222222'] }).warnings, []);
  assert.equal(warningsFor({ version: 1, hubs: { h: hub('222222222222') }, roles }).warnings.length, 1);
});

test('no SourceIdentity warning when the role does not require it, or when only third parties and services reach it', () => {
  const noHubs = warningsFor({
    version: 1,
    hubs: {},
    roles: {
      Vendor: spoke({ externalAccounts: [{ account: '999999999999', externalId: 'vendor-7f3a' }], requireSourceIdentity: true }),
      Ec2: spoke({ services: ['ec2.amazonaws.com'], requireSourceIdentity: true }),
    },
  });
  assert.deepEqual(noHubs.warnings, []);
  assert.deepEqual(warningsFor({ version: 1, hubs: { h: hub('111111111111') }, roles: { R: spoke({ hubs: ['h'], requireSourceIdentity: false }) } }).warnings, []);
});
