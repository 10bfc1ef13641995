// Reachability and the queries on a small chained organization: alice → A → {B, C} → D, with a
// cycle between B and C, an MFA condition on the hop into D, and an outside account into A.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { UserError } from '../../src/errors.js';
import { pathsBetween, reachableRoles, whoCanAssume } from '../../src/graph/queries.js';
import { reachFrom, reachTo, shortestPaths } from '../../src/graph/reach.js';
import { resolveNode } from '../../src/graph/lookup.js';
import { buildSnapshot, testOrg } from './snapshot-builder.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const assumeAny = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
const trust = (principals: string[], condition?: unknown) => doc({ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
const arn = (name: string) => `arn:aws:iam::222222222222:role/${name}`;
const ALICE = 'arn:aws:iam::222222222222:user/alice';
const OUTSIDER = 'arn:aws:iam::999999999999:root';

const graph = buildGraph(
  buildSnapshot(testOrg(), {
    '222222222222': {
      users: [{ UserName: 'alice', Inline: [assumeAny] }],
      roles: [
        { RoleName: 'A', Trust: doc({ Effect: 'Allow', Principal: { AWS: [ALICE, OUTSIDER] }, Action: 'sts:AssumeRole' }), Inline: [assumeAny] },
        { RoleName: 'B', Path: '/chain/', Trust: trust([arn('A'), arn('C')]), Inline: [assumeAny] },
        { RoleName: 'C', Trust: trust([arn('A'), arn('B')]), Inline: [assumeAny] },
        { RoleName: 'D', Trust: trust([arn('B'), arn('C')], { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
        { RoleName: 'Island', Trust: trust([]) },
      ],
    },
  }),
);
const node = (arnText: string) => graph.find(arnText)!.index;

describe('reachability', () => {
  it('forward: hops from the source, each node once despite the B ⇄ C cycle', () => {
    const reach = reachFrom(graph, [node(ALICE)]);
    const hops = Object.fromEntries(reach.reached.map((n) => [graph.nodes[n]!.name, reach.hops[n]]));
    assert.deepEqual(hops, { A: 1, B: 2, C: 2, D: 3 });
    assert.equal(reach.hops[node(arn('Island'))], -1);
  });

  it('backward: who can reach D, nearest first', () => {
    const reach = reachTo(graph, [node(arn('D'))]);
    assert.deepEqual(
      reach.reached.map((n) => `${graph.nodes[n]!.name}:${reach.hops[n]}`),
      ['B:1', 'C:1', 'A:2', 'alice:3', '999999999999:3'],
    );
  });

  it('maxHops stops the search', () => {
    const reach = reachFrom(graph, [node(ALICE)], { maxHops: 2 });
    assert.equal(reach.hops[node(arn('D'))], -1);
    assert.equal(reach.hops[node('arn:aws:iam::222222222222:role/chain/B')], 2);
  });

  it('every shortest path, up to the limit, caller first', () => {
    const reach = reachFrom(graph, [node(ALICE)]);
    const names = (path: number[]) => [graph.nodes[graph.edgeFrom(path[0]!)]!.name, ...path.map((e) => graph.nodes[graph.edgeTo(e)]!.name)].join('>');
    assert.deepEqual(shortestPaths(graph, reach, node(arn('D')), 5).map(names).sort(), ['alice>A>B>D', 'alice>A>C>D']);
    assert.equal(shortestPaths(graph, reach, node(arn('D')), 1).length, 1);
    assert.deepEqual(shortestPaths(graph, reach, node(ALICE)), [[]]);
    assert.deepEqual(shortestPaths(graph, reach, node(arn('Island'))), []);
  });
});

describe('queries', () => {
  it('who-can-assume lists principals with their paths and the conditions of every hop', () => {
    const result = whoCanAssume(graph, arn('D'), { maxPaths: 2 });
    assert.equal(result.role.arn, arn('D'));
    const alice = result.principals.find((p) => p.node.arn === ALICE)!;
    assert.equal(alice.hops, 3);
    assert.equal(alice.paths.length, 2);
    assert.equal(alice.paths[0]!.conditions, 'needs aws:MultiFactorAuthPresent = true');
    assert.deepEqual(alice.paths[0]!.hops.map((h) => h.summary), ['allowed unconditionally', 'allowed unconditionally', 'needs aws:MultiFactorAuthPresent = true']);
    const outsider = result.principals.find((p) => p.node.arn === OUTSIDER)!;
    assert.equal(outsider.node.inOrg, false);
    assert.equal(outsider.paths[0]!.risky, true);
    assert.match(outsider.paths[0]!.hops[0]!.risk!, /outside the organization/);
  });

  it('who-can-assume with --max-hops 1 keeps direct callers only', () => {
    assert.deepEqual(whoCanAssume(graph, arn('D'), { maxHops: 1 }).principals.map((p) => p.node.name).sort(), ['B', 'C']);
  });

  it('reach lists roles and accounts', () => {
    const result = reachableRoles(graph, ALICE);
    // Nearest first, then by ARN (role/C sorts before role/chain/B).
    assert.deepEqual(result.roles.map((r) => `${r.node.name}:${r.hops}`), ['A:1', 'C:2', 'B:2', 'D:3']);
    assert.deepEqual(result.accounts, [{ accountId: '222222222222', accountName: 'security', inOrg: true, roles: 4 }]);
  });

  it('path: shortest paths or none', () => {
    assert.equal(pathsBetween(graph, ALICE, arn('D'), { maxPaths: 3 }).hops, 3);
    const none = pathsBetween(graph, ALICE, arn('Island'));
    assert.equal(none.hops, null);
    assert.deepEqual(none.paths, []);
  });

  it('finds roles without their path, sessions, account ids', () => {
    assert.equal(resolveNode(graph, 'arn:aws:iam::222222222222:role/B').arn, 'arn:aws:iam::222222222222:role/chain/B');
    assert.equal(resolveNode(graph, 'arn:aws:sts::222222222222:assumed-role/B/session').arn, 'arn:aws:iam::222222222222:role/chain/B');
    assert.equal(resolveNode(graph, '999999999999').kind, 'account');
    assert.equal(resolveNode(graph, 'Security').accountId, '222222222222');
    assert.throws(() => resolveNode(graph, 'securty'), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /did you mean "security"\?/.test(e.message));
  });

  it('unknown ARNs and wrong kinds are user errors (exit 2) with a did-you-mean', () => {
    assert.throws(
      () => whoCanAssume(graph, 'arn:aws:iam::222222222222:role/Islnd'),
      (e: unknown) => e instanceof UserError && e.exitCode === 2 && /not in the snapshot; did you mean "arn:aws:iam::222222222222:role\/Island"\?/.test(e.message),
    );
    assert.throws(() => whoCanAssume(graph, ALICE), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /is a user, expected a role/.test(e.message));
  });
});
