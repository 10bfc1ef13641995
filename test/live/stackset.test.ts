// `plan --via stackset` against moto: a fresh organization plans the StackSet and its instances;
// once the StackSet is made by hand from the planned template (as apply --via stackset will), a
// re-plan has nothing to do for it or its roles, and a role edited out of band is drift. moto
// ignores AutoDeployment, so the spec turns it off.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CloudFormationClient, CreateStackInstancesCommand, CreateStackSetCommand } from '@aws-sdk/client-cloudformation';
import type { Plan } from '../../src/plan/types.js';
import { crossrole as run } from '../helpers/cli.js';
import { UpdateRoleCommand } from '@aws-sdk/client-iam';
import { assumeInto, awsConfig, cliEnv, seedOrg, startMoto, REGION, type Moto, type SeededOrg } from '../helpers/moto.js';

let moto: Moto;
let seeded: SeededOrg;
let dir: string;
const crossrole = (args: string[]) => run([...args, '--endpoint-url', moto.endpoint], dir, cliEnv());

before(async () => {
  moto = await startMoto();
  seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Workloads', children: [{ name: 'Prod', accounts: 2 }] }] });
  dir = mkdtempSync(join(tmpdir(), 'crossrole-stackset-'));
  const hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  writeFileSync(
    join(dir, 'fleet.yaml'),
    [
      'version: 1',
      'name: fleet',
      `hubs: { sec: { account: "${hub}", role: { name: FleetHub } } }`,
      'roles:',
      '  FleetAccess:',
      '    trust: { hubs: [sec] }',
      // No permissions: moto's CloudFormation ignores ManagedPolicyArns, and IAM's read of its inline policies fails.
      `    targets: { ous: [${seeded.ous.Prod}] }`,
      'deploy: { via: stackset, autoDeployment: { enabled: false } }',
      '',
    ].join('\n'),
  );
  const discovered = crossrole(['discover', '--out', 'org.json']);
  assert.equal(discovered.status, 0, discovered.stderr);
});
after(() => moto.stop());

const planJson = (): { status: number | null; plan: Plan } => {
  const result = crossrole(['plan', '--spec', 'fleet.yaml', '--org', 'org.json', '--json']);
  assert.notEqual(result.status, 1, result.stderr + result.stdout);
  return { status: result.status, plan: JSON.parse(result.stdout) as Plan };
};

test('plan --via stackset: the create on a fresh organization, nothing once the StackSet is deployed', async () => {
  const prod = seeded.accounts.filter((a) => a.ouName === 'Prod').map((a) => a.id).sort();
  const first = planJson();
  assert.equal(first.status, 2);
  const [change] = first.plan.stackSets!.stackSets;
  assert.equal(change?.kind, 'create');
  assert.deepEqual(change.addInstances, prod);
  assert.deepEqual(first.plan.roles, [], 'the spokes go through the StackSet, not the API');

  const d = change.desired;
  const cfn = new CloudFormationClient(awsConfig(moto.endpoint));
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: d.name,
      Description: d.description,
      TemplateBody: d.templateBody,
      Parameters: Object.entries(d.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      Tags: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })),
      PermissionModel: d.permissionModel,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
  await cfn.send(new CreateStackInstancesCommand({ StackSetName: d.name, DeploymentTargets: { OrganizationalUnitIds: d.targets.flatMap((g) => g.ous) }, Regions: [REGION] }));

  const again = planJson();
  assert.deepEqual(
    again.plan.stackSets!.stackSets.map((s) => ({ kind: s.kind, fields: s.fields, add: s.addInstances, redeploy: s.redeployInstances })),
    [{ kind: 'unchanged', fields: [], add: [], redeploy: [] }],
  );
  assert.deepEqual(again.plan.stackSets!.drift, []);
  assert.deepEqual(again.plan.roles, []);

  // An out-of-band edit is drift, read with the same role comparison as --via api.
  await (await assumeInto(moto.endpoint, prod[0]!)).iam().send(new UpdateRoleCommand({ RoleName: 'FleetAccess', MaxSessionDuration: 7200 }));
  const drifted = planJson();
  assert.equal(drifted.status, 2);
  assert.deepEqual(drifted.plan.stackSets!.drift.map((d) => ({ account: d.accountId, changes: d.changes })), [{ account: prod[0], changes: [{ field: 'maxSessionDuration', before: 7200, after: 3600 }] }]);
  assert.deepEqual(drifted.plan.stackSets!.stackSets[0]!.redeployInstances, [{ accountId: prod[0], reason: 'its role drifted' }]);
});
