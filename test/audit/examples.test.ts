// crossrole's own spokes, applied exactly as the example specs declare them, audit clean: no
// finding at or above high, none about spokes or shadow access, and with each spec the
// third-party trust is the only thing worth a note.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { auditSnapshot } from '../../src/audit/audit.js';
import { severityRank } from '../../src/audit/finding.js';
import { buildDesired } from '../../src/desired/build.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { parseSpec } from '../../src/spec/load.js';
import { repoRoot } from '../helpers/paths.js';
import { desiredSnapshot } from './desired-snapshot.js';
import { summarize } from './summarize.js';

const examples = join(repoRoot, 'examples');
const orgFile = join(examples, 'org.json');
const org = parseOrg(orgFile, readFileSync(orgFile, 'utf8'));
const index = indexOrg(org);
const specs = readdirSync(examples).filter((f) => f.endsWith('.yaml')).sort();
const desiredOf = (file: string) => {
  const loaded = parseSpec(join(examples, file), readFileSync(join(examples, file), 'utf8'), index);
  return buildDesired(loaded.spec, index, loaded.specName).state;
};

describe('audit of the examples as applied', () => {
  for (const file of specs) {
    test(`${file}: no high findings, nothing missing, drifted or undeclared`, () => {
      const desired = desiredOf(file);
      const { findings } = auditSnapshot(desiredSnapshot(org, desired), { desired });
      const worst = findings.filter((f) => severityRank(f.severity) >= severityRank('high'));
      assert.deepEqual(worst.map(summarize), []);
      assert.deepEqual(findings.filter((f) => /^(SPOKE|HUB|SHADOW)/.test(f.code)).map(summarize), []);
      // The vendor's account root with its external ID is the one note (third-party.yaml).
      assert.ok(findings.every((f) => f.code === 'EXTERNAL_ACCOUNT_ROOT_TRUST' && f.severity === 'low'), findings.map(summarize).join('\n'));
    });
  }

  test('all example specs applied together: their hubs declare each other\'s access apart, nothing high', () => {
    const states = specs.map(desiredOf);
    const { findings } = auditSnapshot(desiredSnapshot(org, ...states));
    assert.deepEqual(findings.filter((f) => severityRank(f.severity) >= severityRank('high')).map(summarize), []);
  });
});
