// who-can-assume, reach, path and graph as a user runs them, on a snapshot written to a temp dir.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { PathResult, ReachResult, WhoCanAssumeResult } from '../../src/graph/queries.js';
import type { GraphJson } from '../../src/graph/render.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { buildSnapshot, testOrg } from '../graph/snapshot-builder.js';
import { crossrole } from '../helpers/cli.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const ALICE = 'arn:aws:iam::222222222222:user/alice';
const HUB = 'arn:aws:iam::222222222222:role/hub/Hub';
const ADMIN = 'arn:aws:iam::333333333333:role/Admin';
const VENDOR = 'arn:aws:iam::333333333333:role/Vendor';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-graph-cli-'));
writeSnapshot(
  dir,
  buildSnapshot(testOrg(), {
    '222222222222': {
      users: [{ UserName: 'alice', Inline: [doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: HUB })] }],
      roles: [{ RoleName: 'Hub', Path: '/hub/', Trust: doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), Inline: [doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin' })] }],
    },
    '333333333333': {
      roles: [
        { RoleName: 'Admin', Trust: doc({ Effect: 'Allow', Principal: { AWS: HUB }, Action: 'sts:AssumeRole' }) },
        { RoleName: 'Vendor', Trust: doc({ Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 'sts:AssumeRole' }) },
      ],
    },
  }),
);
const run = (...args: string[]) => crossrole([...args, '--snapshot', dir]);

describe('crossrole who-can-assume', () => {
  test('a table of principals, hops, paths and conditions', () => {
    const r = run('who-can-assume', ADMIN);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^arn:aws:iam::333333333333:role\/Admin in workload \(333333333333\) can be assumed by 2 principals\n/);
    assert.match(r.stdout, /^1 +role arn:aws:iam::222222222222:role\/hub\/Hub +security \(222222222222\) +none$/m);
    assert.match(r.stdout, /^2 +user arn:aws:iam::222222222222:user\/alice +security \(222222222222\) +needs aws:MultiFactorAuthPresent = true$/m);
    assert.match(r.stdout, /^ +via arn:aws:iam::222222222222:user\/alice -> arn:aws:iam::222222222222:role\/hub\/Hub -> arn:aws:iam::333333333333:role\/Admin$/m);
  });

  test('--json and --max-hops', () => {
    const r = run('who-can-assume', ADMIN, '--json', '--max-hops', '1');
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as WhoCanAssumeResult;
    assert.deepEqual(result.principals.map((p) => [p.node.arn, p.hops]), [[HUB, 1]]);
    assert.equal(result.principals[0]!.paths[0]!.hops[0]!.action, 'sts:AssumeRole');
  });

  test('an unknown role: exit 2 with a did-you-mean; a bad --max-hops: exit 2', () => {
    const r = run('who-can-assume', 'arn:aws:iam::333333333333:role/Admn');
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').at(-1), 'arn:aws:iam::333333333333:role/Admn is not in the snapshot; did you mean "arn:aws:iam::333333333333:role/Admin"?');
    assert.equal(run('who-can-assume', ADMIN, '--max-hops', 'zero').status, 2);
  });
});

describe('crossrole reach and path', () => {
  test('reach: every role and account, risky outside trusts marked', () => {
    const r = run('reach', '999999999999', '--json');
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as ReachResult;
    assert.deepEqual(result.roles.map((x) => x.node.arn), [VENDOR]);
    assert.match(result.roles[0]!.paths[0]!.hops[0]!.risk!, /outside the organization and needs no sts:ExternalId/);
    const table = run('reach', ALICE);
    assert.match(table.stdout, /can reach 2 roles in 2 accounts/);
  });

  test('path: hops with their conditions; no path exits 1', () => {
    const r = run('path', ALICE, ADMIN);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: 2 hops, 1 shortest path shown\n/);
    assert.match(r.stdout, /1\) arn:aws:iam::222222222222:user\/alice -> arn:aws:iam::222222222222:role\/hub\/Hub \[sts:AssumeRole\]: needs aws:MultiFactorAuthPresent = true/);
    const none = run('path', ALICE, VENDOR, '--json');
    assert.equal(none.status, 1);
    assert.equal((JSON.parse(none.stdout) as PathResult).hops, null);
  });
});

describe('crossrole graph', () => {
  test('dot, mermaid and json; --account filters', () => {
    const dot = run('graph', '--format', 'dot');
    assert.equal(dot.status, 0, dot.stderr);
    assert.match(dot.stdout, /subgraph "cluster_999999999999" \{\n {4}label="999999999999, outside the organization"; style=dashed; color=red;/);
    assert.match(run('graph', '--format', 'mermaid').stdout, /^flowchart LR\n/);
    const json = JSON.parse(run('graph', '--format', 'json', '--account', '222222222222').stdout) as GraphJson;
    assert.deepEqual(json.edges.map((e) => `${e.from} -> ${e.to}`).sort(), [`${HUB} -> ${ADMIN}`, `${ALICE} -> ${HUB}`]);
  });

  test('a bad format or an unknown account exits 2', () => {
    assert.equal(run('graph', '--format', 'png').status, 2);
    const r = run('graph', '--account', '555555555555');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^555555555555 is not in the snapshot$/m);
  });

  test('--account takes the account name org.json gives, with a did-you-mean', () => {
    const byName = run('graph', '--format', 'json', '--account', 'Security');
    assert.equal(byName.status, 0, byName.stderr);
    assert.equal(byName.stdout, run('graph', '--format', 'json', '--account', '222222222222').stdout);
    const typo = run('graph', '--account', 'securty');
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /^securty is not in the snapshot; did you mean "security"\?$/m);
  });
});
