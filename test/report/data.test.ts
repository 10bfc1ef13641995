// The report's data: the packed graph answers the CLI's questions exactly as the graph it was
// packed from, the account overview counts every edge once, the fleet matrix reads verify's cells,
// and nothing a user names can end the page's <script> elements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { auditSnapshot } from '../../src/audit/audit.js';
import { buildDesired } from '../../src/desired/build.js';
import type { DesiredState } from '../../src/desired/types.js';
import { buildGraph } from '../../src/graph/build.js';
import { reachableRoles, whoCanAssume } from '../../src/graph/queries.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { accountView } from '../../src/report/account-view.js';
import { packGraph, unpackGraph } from '../../src/report/compact-graph.js';
import { fleetMatrix, reportData } from '../../src/report/data.js';
import { jsonInScript, reportHtml } from '../../src/report/html.js';
import { parseSpec } from '../../src/spec/load.js';
import { desiredSnapshot } from '../audit/desired-snapshot.js';
import { repoRoot } from '../helpers/paths.js';
import { smallReport } from './fixture.js';

const report = smallReport();
const { graph, data } = report;

describe('the packed graph', () => {
  const unpacked = unpackGraph(JSON.parse(JSON.stringify(packGraph(graph))));

  test('holds every node and edge as they were', () => {
    assert.deepEqual(unpacked.nodes, graph.nodes);
    assert.deepEqual([...unpacked.edges()], [...graph.edges()]);
  });

  test('who-can-assume and reach give the same answers for every role and principal', () => {
    for (const node of graph.nodes) {
      if (node.kind === 'group') continue;
      if (node.kind === 'role') assert.deepEqual(whoCanAssume(unpacked, node.arn, { maxPaths: 2 }), whoCanAssume(graph, node.arn, { maxPaths: 2 }), node.arn);
      assert.deepEqual(reachableRoles(unpacked, node.arn), reachableRoles(graph, node.arn), node.arn);
    }
  });
});

describe('the account overview', () => {
  const { places, edges, groups } = data.overview;

  test('every can-assume edge is counted once: between two places or inside one', () => {
    const between = edges.reduce((n, e) => n + e.count, 0);
    const inside = places.reduce((n, p) => n + p.internalEdges, 0);
    assert.equal(between + inside, graph.edgeCount);
    assert.equal(edges.reduce((n, e) => n + e.risky, 0), data.counts.riskyEdges - riskyInside());
  });

  test('accounts of the organization sit in their OU; outside accounts and anyone apart', () => {
    const byKey = new Map(places.map((p) => [p.key, p]));
    for (const account of report.snapshot.org.accounts) assert.equal(byKey.get(account.id)?.kind, 'account');
    const outside = places.filter((p) => groups[p.group]!.outside);
    assert.ok(outside.some((p) => p.kind === 'anyone'));
    assert.ok(outside.some((p) => p.kind === 'outside-account'));
    assert.ok(outside.every((p) => p.kind !== 'account'));
  });

  test('findings are counted on their account with the worst severity', () => {
    const path = data.findings.find((f) => f.code === 'EXTERNAL_PATH_TO_ADMIN')!;
    const place = places.find((p) => p.key === path.accountId)!;
    assert.equal(place.worst, 'critical');
    assert.equal(place.findings, data.findings.filter((f) => f.accountId === path.accountId).length);
  });

  function riskyInside(): number {
    let n = 0;
    for (let e = 0; e < graph.edgeCount; e++) {
      const from = graph.nodes[graph.edgeFrom(e)]!;
      const to = graph.nodes[graph.edgeTo(e)]!;
      if (graph.isRisky(e) && (from.accountId ?? from.arn) === to.accountId) n++;
    }
    return n;
  }
});

test('an account drilled into: its principals, and the edges from elsewhere gathered per account', () => {
  const path = data.findings.find((f) => f.code === 'EXTERNAL_PATH_TO_ADMIN')!;
  const view = accountView(graph, path.accountId);
  assert.ok(view.nodes.some((n) => n.arn === path.roleArn));
  const outsider = path.path![0]!.from.split(':')[4]!;
  assert.ok(view.neighbours.some((n) => n.id === `p:${outsider}` && !n.inOrg));
  const counted = view.edges.reduce((n, e) => n + e.count, 0);
  const touching = [...graph.edges()].filter((e) => graph.nodes[e.from]!.accountId === path.accountId || graph.nodes[e.to]!.accountId === path.accountId).length;
  assert.equal(counted, touching);
});

describe('the fleet matrix', () => {
  const desired = {
    roles: [
      { accountId: '111111111111', accountName: 'a', name: 'Audit', arn: 'arn:aws:iam::111111111111:role/Audit' },
      { accountId: '222222222222', accountName: 'b', name: 'Audit', arn: 'arn:aws:iam::222222222222:role/Audit' },
      { accountId: '222222222222', accountName: 'b', name: 'Deploy', arn: 'arn:aws:iam::222222222222:role/Deploy' },
    ],
  } as unknown as DesiredState;

  test('from verify: the worst cell over the hubs, with its reason', () => {
    const matrix = fleetMatrix(desired, [], [
      { accountId: '222222222222', accountName: 'b', role: 'Audit', hub: 'h1', status: 'ok' },
      { accountId: '222222222222', accountName: 'b', role: 'Audit', hub: 'h2', status: 'denied-static', reason: 'an SCP denies it' },
      { accountId: '111111111111', accountName: 'a', role: 'Audit', hub: 'h1', status: 'missing', reason: 'gone' },
    ]);
    assert.deepEqual(matrix.roles, ['Audit', 'Deploy']);
    assert.deepEqual(
      matrix.accounts.map((a) => [a.accountId, a.cells.map((c) => c && `${c.status}${c.reason ? `: ${c.reason}` : ''}`)]),
      [
        ['111111111111', ['missing: via hub h1: gone', null]],
        ['222222222222', ['denied-static: via hub h2: an SCP denies it', 'unverified: verify did not check it']],
      ],
    );
  });

  test('from the snapshot: the audit\'s spoke findings', () => {
    const missing = { code: 'SPOKE_MISSING', severity: 'high', accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/Deploy', explanation: 'no role' } as const;
    const matrix = fleetMatrix(desired, [missing as never]);
    assert.equal(matrix.source, 'snapshot');
    assert.deepEqual(matrix.accounts[1]!.cells, [{ status: 'ok' }, { status: 'missing', reason: 'no role' }]);
  });
});

test('names from the organization cannot close the page\'s script elements', () => {
  const hostile = '</script><script>alert(1)</script><!--';
  assert.equal(jsonInScript({ name: hostile }).includes('<'), false);
  assert.deepEqual(JSON.parse(jsonInScript({ name: hostile })), { name: hostile });
  const html = reportHtml({ ...data, organization: { ...data.organization, id: hostile } }, packGraph(graph), { js: 'void 0', css: '' });
  assert.equal(html.match(/<\/script>/g)!.length, 3);
  assert.ok(!html.includes('<script>alert'));
});

test('the hub/spoke example as applied: every cell of the fleet matrix ok, from the snapshot', () => {
  const examples = join(repoRoot, 'examples');
  const org = parseOrg(join(examples, 'org.json'), readFileSync(join(examples, 'org.json'), 'utf8'));
  const index = indexOrg(org);
  const loaded = parseSpec(join(examples, 'hub-spoke.yaml'), readFileSync(join(examples, 'hub-spoke.yaml'), 'utf8'), index);
  const desired = buildDesired(loaded.spec, index, loaded.specName).state;
  const snapshot = desiredSnapshot(org, desired);
  const applied = buildGraph(snapshot);
  const audit = auditSnapshot(snapshot, { desired, graph: applied });
  const { fleet } = reportData({ org: index, graph: applied, audit, desired, version: 'test', generatedAt: new Date(0) });
  assert.equal(fleet!.accounts.length, new Set(desired.roles.map((r) => r.accountId)).size);
  assert.deepEqual(new Set(fleet!.accounts.flatMap((a) => a.cells.filter((c) => c !== null).map((c) => c.status))), new Set(['ok']));
});
