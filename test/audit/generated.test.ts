// Generated organizations (the snapshot generator's planted problems carry the finding code the
// audit must report): every planted problem is found on its role, paths with their hops; the same
// organization without plants has nothing at or above high.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditSnapshot } from '../../src/audit/audit.js';
import { severityRank, type Finding } from '../../src/audit/finding.js';
import { generateSnapshot, type PlantedProblem } from '../../src/snapshot/synthetic.js';
import { summarize } from './summarize.js';

const size = { accounts: 80, rolesPerAccount: 30, usersPerAccount: 5 };

describe('audit of generated organizations', () => {
  for (const seed of [1, 2]) {
    test(`seed ${seed}: every planted problem is found, with its path`, () => {
      const { snapshot, planted } = generateSnapshot({ ...size, seed });
      assert.ok(new Set(planted.map((p) => p.code)).size >= 7, 'the generator plants every kind of problem');
      let graphs = 0;
      const { findings } = auditSnapshot(snapshot, { onGraph: () => graphs++ });
      assert.equal(graphs, 1, 'ways in from outside lead on: the access graph is built');
      assertPlantedFound(planted, findings);
    });

    test(`seed ${seed}: with FullAWSAccess on the root only, every planted problem is still found, with one warning`, () => {
      const { snapshot, planted } = generateSnapshot({ ...size, seed });
      const root = snapshot.org.roots[0]!.id;
      const fullAccess = { id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY' as const, name: 'FullAWSAccess', awsManaged: true, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, targets: [root] };
      const rootOnly = { ...snapshot, org: { ...snapshot.org, policies: [fullAccess, ...snapshot.org.policies] } };
      const { findings, warnings } = auditSnapshot(rootOnly);
      assertPlantedFound(planted, findings);
      assert.equal(warnings.length, 1);
      const ou = snapshot.org.organizationalUnits[0]!;
      assert.ok(warnings[0]!.includes(`${ou.name} (${ou.id})`) && warnings[0]!.includes('read as FullAWSAccess (unrestricted)'), warnings[0]);
    });

    test(`seed ${seed}: the clean organization has no high or critical finding`, () => {
      const { snapshot, planted } = generateSnapshot({ ...size, seed, plantProblems: false });
      assert.equal(planted.length, 0);
      let graphs = 0;
      const { findings, adminRoles } = auditSnapshot(snapshot, { onGraph: () => graphs++ });
      assert.ok(adminRoles.size > 0, 'clean organizations have admin roles too (reached only from inside)');
      assert.equal(graphs, 0, 'no way in from outside leads on (vendors only read): no graph to build');
      assert.deepEqual(findings.filter((f) => severityRank(f.severity) >= severityRank('high')).map(summarize), []);
    });
  }
});

function assertPlantedFound(planted: PlantedProblem[], findings: Finding[]): void {
  for (const p of planted) {
    const found = findings.filter((f) => f.code === p.code && (f.roleArn === p.roleArn || f.path?.some((h) => h.to === p.roleArn)));
    assert.ok(found.length, `${p.code} on ${p.roleArn} (${p.note}) not found among:\n${findings.map(summarize).join('\n')}`);
    for (const f of found.filter((x) => x.code === 'EXTERNAL_PATH_TO_ADMIN')) {
      assert.ok(f.path && f.path.length >= 1 && f.admin, 'a path finding names its hops and why the role is admin');
      f.path.slice(1).forEach((hop, i) => assert.equal(hop.from, f.path![i]!.to, 'the hops chain'));
      assert.equal(f.path.at(-1)!.to, f.roleArn);
    }
  }
}
