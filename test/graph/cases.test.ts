// Hand-made organizations (cases/*.json): the graph has exactly the listed edges, each with its
// conditions and risk, and the indexed builder agrees with the exhaustive reference.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import type { Org } from '../../src/org/schema.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { edgeLines, exhaustiveGraph } from './exhaustive.js';
import { buildSnapshot, testOrg, type CaseAccount } from './snapshot-builder.js';

interface GraphCase {
  description: string;
  orgPolicies?: Org['policies'];
  accounts: Record<string, CaseAccount>;
  /** Every edge of the graph, as `from -> to [action] summary {risk}`. */
  edges: string[];
  warnings?: string[];
}

const dir = join(import.meta.dirname, 'cases');

describe('graph cases', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GraphCase;
    it(`${file}: ${c.description}`, () => {
      const snapshot = buildSnapshot(testOrg(c.orgPolicies ?? []), c.accounts);
      const graph = buildGraph(snapshot);
      assert.deepEqual(edgeLines(graph), [...c.edges].sort());
      assert.deepEqual(edgeLines(exhaustiveGraph(snapshot)), edgeLines(graph));
      assert.deepEqual(graph.warnings, c.warnings ?? []);
    });
    it(`${file}: the same graph when documents are URL-encoded text (as the IAM API returns them)`, () => {
      const snapshot = buildSnapshot(testOrg(c.orgPolicies ?? []), c.accounts);
      assert.deepEqual(edgeLines(buildGraph(urlEncoded(snapshot))), edgeLines(buildGraph(snapshot)));
    });
  }
});

/** readSnapshot decodes documents; a Snapshot built another way may still carry the API's text. */
function urlEncoded(snapshot: Snapshot): Snapshot {
  const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
  const inline = (list: { PolicyName: string; PolicyDocument: unknown }[]) => list.map((p) => ({ ...p, PolicyDocument: encode(p.PolicyDocument) }));
  return {
    ...snapshot,
    accounts: snapshot.accounts.map(({ accountId, details }) => ({
      accountId,
      details: {
        ...details,
        UserDetailList: details.UserDetailList.map((u) => ({ ...u, UserPolicyList: inline(u.UserPolicyList) })),
        GroupDetailList: details.GroupDetailList.map((g) => ({ ...g, GroupPolicyList: inline(g.GroupPolicyList) })),
        RoleDetailList: details.RoleDetailList.map((r) => ({ ...r, AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument), RolePolicyList: inline(r.RolePolicyList) })),
        Policies: details.Policies.map((p) => ({ ...p, PolicyVersionList: p.PolicyVersionList.map((v) => ({ ...v, Document: encode(v.Document) })) })),
      },
    })),
  } as unknown as Snapshot;
}
