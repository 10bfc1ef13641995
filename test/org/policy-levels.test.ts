// Organization policy levels as AWS has them: every root, OU and account holds at least one SCP
// (a level the data attaches nothing to is FullAWSAccess, with one warning), RCP levels hold only
// what is attached (RCPs only deny), and a policy type the organization has not enabled is no layer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/build.js';
import { whoCanAssume } from '../../src/graph/queries.js';
import { indexOrg } from '../../src/org/model.js';
import { missingScpWarning, policyLevels } from '../../src/org/policy-levels.js';
import { orgSchema, type Org } from '../../src/org/schema.js';
import { buildSnapshot, testOrg } from '../graph/snapshot-builder.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const FULL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const DENY_LEAVE = doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' });
const RCP_DENY = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } });
const scp = (name: string, document: Record<string, unknown>, targets: string[]): Org['policies'][number] => ({ id: `p-${name}`, type: 'SERVICE_CONTROL_POLICY', name, document, targets });
const rcp = (name: string, document: Record<string, unknown>, targets: string[]): Org['policies'][number] => ({ id: `p-${name}`, type: 'RESOURCE_CONTROL_POLICY', name, document, targets });
const withTypes = (org: Org, types: string[]): Org => ({ ...org, roots: org.roots.map((r) => ({ ...r, policyTypes: types.map((type) => ({ type, status: 'ENABLED' as const })) })) });

// 333333333333 sits in OU Workloads under the root: levels root, Workloads, the account.
const WORKLOAD = '333333333333';

describe('SCP levels', () => {
  it('FullAWSAccess on the root only: the OU and account levels without attachment are FullAWSAccess, and one warning names them', () => {
    const index = indexOrg(testOrg([scp('FullAWSAccess', FULL, ['r-ab12']), scp('DenyLeave', DENY_LEAVE, ['ou-ab12-wkld0001'])]));
    assert.deepEqual(policyLevels(index, WORKLOAD, 'SERVICE_CONTROL_POLICY'), [[FULL], [DENY_LEAVE], [FULL]]);
    const warning = missingScpWarning(index)!;
    assert.match(warning, /^org\.json attaches no SCP to Sandbox \(ou-ab12-sbox0001\), management \(111111111111\), security \(222222222222\), workload \(333333333333\), sandbox \(444444444444\): read as FullAWSAccess \(unrestricted\)/);
    assert.doesNotMatch(warning, /Root|Workloads/, 'levels with an attachment are not named');
  });

  it('every level attached: no warning, the levels as attached', () => {
    const index = indexOrg(testOrg([scp('FullAWSAccess', FULL, ['r-ab12', 'ou-ab12-wkld0001', 'ou-ab12-sbox0001', '111111111111', '222222222222', '333333333333', '444444444444'])]));
    assert.equal(missingScpWarning(index), undefined);
    assert.deepEqual(policyLevels(index, WORKLOAD, 'SERVICE_CONTROL_POLICY'), [[FULL], [FULL], [FULL]]);
  });

  it('the warning names ten nodes and counts the rest', () => {
    const org = testOrg([scp('FullAWSAccess', FULL, ['r-ab12'])]);
    const accounts = Array.from({ length: 12 }, (_, i) => ({ id: String(500000000000 + i), name: `extra-${i}`, parentId: 'r-ab12', status: 'ACTIVE' as const, tags: {} }));
    assert.match(missingScpWarning(indexOrg({ ...org, accounts: [...org.accounts, ...accounts] }))!, /, extra-3 \(500000000003\) and 8 more: /);
  });

  it('policy type recorded as not enabled: no SCP layer and no warning, whatever org.json lists', () => {
    const index = indexOrg(withTypes(testOrg([scp('DenyLeave', DENY_LEAVE, ['r-ab12'])]), ['RESOURCE_CONTROL_POLICY']));
    assert.deepEqual(policyLevels(index, WORKLOAD, 'SERVICE_CONTROL_POLICY'), []);
    assert.equal(missingScpWarning(index), undefined);
  });

  it('policy type recorded as enabled but no SCP in the data: every level FullAWSAccess, every node named', () => {
    const index = indexOrg(withTypes(testOrg(), ['SERVICE_CONTROL_POLICY']));
    assert.deepEqual(policyLevels(index, WORKLOAD, 'SERVICE_CONTROL_POLICY'), [[FULL], [FULL], [FULL]]);
    assert.match(missingScpWarning(index)!, /^org\.json attaches no SCP to Root \(r-ab12\), Workloads/);
  });

  it('no policy types recorded and no SCP listed: no layer, no warning (as before)', () => {
    const index = indexOrg(testOrg());
    assert.deepEqual(policyLevels(index, WORKLOAD, 'SERVICE_CONTROL_POLICY'), []);
    assert.equal(missingScpWarning(index), undefined);
  });
});

describe('RCP levels', () => {
  it('hold only what is attached (RCPs only deny: no RCPFullAWSAccess needed)', () => {
    const index = indexOrg(testOrg([rcp('SecureTransport', RCP_DENY, ['ou-ab12-wkld0001'])]));
    assert.deepEqual(policyLevels(index, WORKLOAD, 'RESOURCE_CONTROL_POLICY'), [[], [RCP_DENY], []]);
  });

  it('policy type recorded as not enabled: no RCP layer', () => {
    const index = indexOrg(withTypes(testOrg([rcp('SecureTransport', RCP_DENY, ['r-ab12'])]), ['SERVICE_CONTROL_POLICY']));
    assert.deepEqual(policyLevels(index, WORKLOAD, 'RESOURCE_CONTROL_POLICY'), []);
  });
});

describe('org.json policy types', () => {
  it('old files without policyTypes stay valid; recorded ones are read', () => {
    const base = { organizationId: 'o-abcdefghij', managementAccountId: '111111111111', accounts: [{ id: '111111111111', name: 'management', parentId: 'r-ab12' }] };
    assert.equal(orgSchema.parse({ ...base, roots: [{ id: 'r-ab12', name: 'Root' }] }).roots[0]!.policyTypes, undefined);
    const types = [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }];
    assert.deepEqual(orgSchema.parse({ ...base, roots: [{ id: 'r-ab12', name: 'Root', policyTypes: types }] }).roots[0]!.policyTypes, types);
    assert.equal(orgSchema.safeParse({ ...base, roots: [{ id: 'r-ab12', name: 'Root', policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ON' }] }] }).success, false);
  });
});

describe('who-can-assume with FullAWSAccess on the root only', () => {
  it('finds the principals (the OU and account levels are not "nothing allowed") and warns once', () => {
    const snapshot = buildSnapshot(testOrg([scp('FullAWSAccess', FULL, ['r-ab12'])]), {
      '222222222222': { users: [{ UserName: 'alice', Inline: [doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })] }] },
      '333333333333': { roles: [{ RoleName: 'Deploy', Trust: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole' }) }] },
    });
    const graph = buildGraph(snapshot);
    assert.deepEqual(whoCanAssume(graph, 'arn:aws:iam::333333333333:role/Deploy').principals.map((p) => p.node.name).sort(), ['alice', 'security']);
    assert.equal(graph.warnings.filter((w) => w.includes('attaches no SCP')).length, 1);
  });
});
