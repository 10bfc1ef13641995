// On a generated organization, every planted problem and every chain the generator builds shows up
// in the graph, with the conditions and risks it should have.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { reachFrom, reachTo, shortestPaths } from '../../src/graph/reach.js';
import { generateSnapshot, HUB_ROLE, SPOKE_ROLE } from '../../src/snapshot/synthetic.js';
import { edgeLines, exhaustiveGraph } from './exhaustive.js';

const { snapshot, planted } = generateSnapshot({ accounts: 24, rolesPerAccount: 16, usersPerAccount: 6 });
const graph = buildGraph(snapshot);
const nodeOf = (arn: string) => {
  const node = graph.find(arn);
  assert.ok(node, `${arn} is in the graph`);
  return node;
};
const callersOf = (roleArn: string) => [...graph.incoming(nodeOf(roleArn).index)].map((e) => graph.edge(e));

describe('graph of a generated snapshot', () => {
  it('has exactly the edges of the exhaustive check', () => {
    assert.deepEqual(edgeLines(graph), edgeLines(exhaustiveGraph(snapshot)));
  });

  it('shows every planted problem', () => {
    assert.ok(planted.length >= 9);
    for (const problem of planted) {
      const edges = callersOf(problem.roleArn);
      const from = (e: { from: number }) => graph.nodes[e.from]!;
      const why = `${problem.code} ${problem.roleArn}: ${edgeLines(graph).filter((l) => l.includes(` -> ${problem.roleArn} `)).join('; ')}`;
      switch (problem.code) {
        case 'ROLE_ASSUMABLE_BY_ANYONE':
          assert.ok(edges.some((e) => from(e).kind === 'anyone' && e.risk), why);
          break;
        case 'NOT_PRINCIPAL_ALLOW':
          assert.ok(edges.some((e) => from(e).kind === 'anyone'), why);
          break;
        case 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID':
          assert.ok(edges.some((e) => !from(e).inOrg && from(e).kind === 'role' && /needs no sts:ExternalId/.test(e.risk ?? '')), why);
          break;
        case 'EXTERNAL_ACCOUNT_ROOT_TRUST':
          assert.ok(edges.some((e) => from(e).kind === 'account' && !from(e).inOrg && /sts:ExternalId/.test(e.summary) && !e.risk), why);
          break;
        case 'TRUST_TO_DELETED_PRINCIPAL':
          assert.deepEqual(edges, [], why);
          break;
        case 'FEDERATED_TRUST_UNCONSTRAINED':
          assert.ok(edges.some((e) => from(e).kind === 'federated' && e.risk), why);
          break;
        case 'EXTERNAL_PATH_TO_ADMIN': {
          const admin = nodeOf(problem.roleArn.replace(/vendor-automation$/, 'ops-admin'));
          const reach = reachTo(graph, [admin.index]);
          const outsider = reach.reached.map((n) => graph.nodes[n]!).find((n) => !n.inOrg && n.kind === 'role');
          assert.ok(outsider, why);
          assert.equal(reach.hops[outsider.index], 2);
          const [path] = shortestPaths(graph, reach, outsider.index);
          assert.deepEqual(path!.map((e) => graph.nodes[graph.edgeTo(e)]!.name), ['vendor-automation', 'ops-admin']);
          assert.match(graph.edge(path![0]!).summary, /sts:ExternalId/);
          break;
        }
      }
    }
  });

  it('the hub reaches the spoke in every collected account', () => {
    const hubAccount = snapshot.accounts.find((a) => a.details.RoleDetailList.some((r) => r.RoleName === HUB_ROLE.name))!.accountId;
    const reach = reachFrom(graph, [nodeOf(`arn:aws:iam::${hubAccount}:role${HUB_ROLE.path}${HUB_ROLE.name}`).index]);
    for (const { accountId } of snapshot.accounts) assert.equal(reach.hops[nodeOf(`arn:aws:iam::${accountId}:role${SPOKE_ROLE.path}${SPOKE_ROLE.name}`).index], 1, accountId);
  });

  it('GitHub Actions reaches Admin through the deployer in every account, each hop with its conditions', () => {
    for (const { accountId } of snapshot.accounts) {
      const github = nodeOf(`arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`);
      const reach = reachFrom(graph, [github.index]);
      const admin = nodeOf(`arn:aws:iam::${accountId}:role/Admin`);
      assert.equal(reach.hops[admin.index], 3, accountId);
      const [path] = shortestPaths(graph, reach, admin.index);
      assert.deepEqual(path!.map((e) => graph.nodes[graph.edgeTo(e)]!.name), ['github-actions-ci', 'deployer', 'Admin']);
      assert.match(graph.edge(path![0]!).summary, /token\.actions\.githubusercontent\.com:sub like repo:/);
    }
  });
});
