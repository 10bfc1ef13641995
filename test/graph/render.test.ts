// Pictures and JSON of the graph: clusters per account, risky edges marked, --account filtering.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { renderGraph, type GraphJson } from '../../src/graph/render.js';
import { buildSnapshot, testOrg } from './snapshot-builder.js';

const load = (file: string) => {
  const c = JSON.parse(readFileSync(join(import.meta.dirname, 'cases', file), 'utf8'));
  return buildGraph(buildSnapshot(testOrg(c.orgPolicies ?? []), c.accounts));
};
const outside = load('outside-and-federated.json');
const chain = load('hub-spoke-chain.json');

describe('render', () => {
  it('dot: one cluster per account, outside accounts dashed, risky edges red and dashed, conditions as labels', () => {
    const dot = renderGraph(outside, 'dot');
    assert.match(dot, /^digraph crossrole \{/);
    assert.match(dot, /subgraph "cluster_222222222222" \{\n {4}label="security \(222222222222\)";/);
    assert.match(dot, /subgraph "cluster_777777777777" \{\n {4}label="777777777777, outside the organization"; style=dashed; color=red;/);
    const vendor = outside.find('arn:aws:iam::222222222222:role/Vendor')!.index;
    const outsider = outside.find('arn:aws:iam::888888888888:root')!.index;
    assert.match(dot, new RegExp(`n${outsider} -> n${vendor} \\[tooltip="[^"]*risky: account 888888888888[^"]*", color=red, fontcolor=red, style=dashed\\];`));
    const vendor999 = outside.find('arn:aws:iam::999999999999:root')!.index;
    assert.match(dot, new RegExp(`n${vendor999} -> n${vendor} \\[tooltip="[^"]*", label="needs sts:ExternalId = v-123"\\];`));
    assert.match(dot, /n\d+ \[label="anyone \(\*\)", shape=doubleoctagon/);
  });

  it('dot: group memberships as dotted lines', () => {
    const dot = renderGraph(chain, 'dot');
    const alice = chain.find('arn:aws:iam::222222222222:user/alice')!.index;
    const admins = chain.find('arn:aws:iam::222222222222:group/admins')!.index;
    assert.match(dot, new RegExp(`n${alice} -> n${admins} \\[style=dotted, arrowhead=none, label="member"\\];`));
  });

  it('mermaid: a subgraph per account, risky links styled red', () => {
    const mermaid = renderGraph(outside, 'mermaid');
    assert.match(mermaid, /^flowchart LR\n/);
    assert.match(mermaid, /subgraph a222222222222\["security \(222222222222\)"\]/);
    assert.match(mermaid, /-\.->\|"risky: any AWS principal \(#quot;\*#quot;\) may assume it/);
    assert.match(mermaid, /\n {2}linkStyle [\d,]+ stroke:red,color:red\n$/);
  });

  it('json: nodes, edges with structured conditions, memberships', () => {
    const json = JSON.parse(renderGraph(chain, 'json')) as GraphJson;
    assert.equal(json.organizationId, 'o-abcdefghij');
    assert.equal(json.edges.length, chain.edgeCount);
    const admin = json.edges.find((e) => e.from === 'arn:aws:iam::222222222222:user/alice' && e.to === 'arn:aws:iam::333333333333:role/Admin')!;
    assert.equal(admin.summary, 'needs aws:MultiFactorAuthPresent = true');
    assert.equal(admin.conditions[0]![0]!.key, 'aws:MultiFactorAuthPresent');
    assert.deepEqual(json.memberships, [{ user: 'arn:aws:iam::222222222222:user/alice', group: 'arn:aws:iam::222222222222:group/admins' }]);
    assert.ok(json.nodes.some((n) => n.arn === 'arn:aws:iam::222222222222:user/people/bob'), 'principals nothing reaches are drawn too');
  });

  it('--account keeps only what touches the account', () => {
    const json = JSON.parse(renderGraph(chain, 'json', { account: '333333333333' })) as GraphJson;
    assert.deepEqual(json.edges.map((e) => `${e.from} -> ${e.to}`).sort(), [
      'arn:aws:iam::222222222222:role/crossrole/Hub -> arn:aws:iam::333333333333:role/crossrole/Spoke',
      'arn:aws:iam::222222222222:root -> arn:aws:iam::333333333333:role/Admin',
      'arn:aws:iam::222222222222:user/alice -> arn:aws:iam::333333333333:role/Admin',
      'arn:aws:iam::333333333333:role/crossrole/Spoke -> arn:aws:iam::333333333333:role/Deep',
    ]);
    assert.deepEqual(json.memberships, []);
    assert.ok(!json.nodes.some((n) => n.arn === 'arn:aws:iam::222222222222:user/people/bob'));
  });
});
