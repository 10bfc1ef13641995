// Behaviour of the individual renderers beyond the golden files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { DesiredState } from '../../src/desired/types.js';
import { canonicalPolicy, type Json } from '../../src/synth/format.js';
import { synthesize } from '../../src/synth/index.js';
import { cfnLint } from './fixtures/cfn-lint.js';
import { org, state } from './fixtures/state.js';

const files = synthesize(state, org);
// JSON.parse: the tests navigate the generated templates freely.
const json = (path: string) => JSON.parse(files.get(path) ?? assert.fail(`missing ${path}`));

/** Evaluates the few intrinsics the spoke trust uses, with every parameter at its default. */
function resolveDefaults(value: Json, parameters: Record<string, { Type: string; Default: string }>): Json {
  if (Array.isArray(value)) return value.map((item) => resolveDefaults(item, parameters));
  if (typeof value !== 'object' || value === null) return value;
  if ('Ref' in value) {
    const parameter = parameters[value.Ref as string]!;
    return parameter.Type === 'CommaDelimitedList' ? parameter.Default.split(',') : parameter.Default;
  }
  if ('Fn::Join' in value) {
    const [separator, items] = resolveDefaults(value['Fn::Join']!, parameters) as [string, Json[]];
    return items.flat().join(separator);
  }
  if ('Fn::Split' in value) {
    const [separator, text] = resolveDefaults(value['Fn::Split']!, parameters) as [string, string];
    return text.split(separator);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDefaults(item, parameters)]));
}

test('spoke trust policies are the desired ones once the hub parameters take their defaults', () => {
  for (const template of state.templates) {
    const spoke = json(`cloudformation/spoke-${template.name}.template.json`);
    const trust = spoke.Resources.SpokeRole.Properties.AssumeRolePolicyDocument as Json;
    assert.deepEqual(resolveDefaults(trust, spoke.Parameters), canonicalPolicy(template.trustPolicy), template.name);
  }
  assert.equal(json('cloudformation/spoke-CrossroleAudit.template.json').Parameters.HubPrincipalArn.Type, 'String');
  assert.equal(json('cloudformation/spoke-CrossroleDeploy.template.json').Parameters.HubPrincipalArns.Type, 'CommaDelimitedList');
  assert.equal(json('cloudformation/spoke-VendorReadOnly.template.json').Parameters.HubPrincipalArn, undefined);
});

test('hubs split over statements get one parameter per statement set, and mixed principals survive', () => {
  const collector = 'arn:aws:iam::111111111111:role/crossrole/crossrole-collector';
  const deployer = 'arn:aws:iam::111111111111:user/deployer';
  const vendor = 'arn:aws:iam::999999999999:root';
  const variant: DesiredState = structuredClone(state);
  const deploy = variant.templates.find((template) => template.name === 'CrossroleDeploy')!;
  deploy.trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Collector', Effect: 'Allow', Principal: { AWS: collector }, Action: 'sts:AssumeRole' },
      { Sid: 'Ci', Effect: 'Allow', Principal: { AWS: deployer }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } },
      { Sid: 'Both', Effect: 'Allow', Principal: { AWS: [vendor, deployer, collector] }, Action: 'sts:TagSession' },
    ],
  };
  const out = synthesize(variant, org);
  const spoke = JSON.parse(out.get('cloudformation/spoke-CrossroleDeploy.template.json')!);
  assert.deepEqual(Object.keys(spoke.Parameters), ['HubPrincipalArn1', 'HubPrincipalArn2', 'HubPrincipalArns3', 'RoleName']);
  const trust = spoke.Resources.SpokeRole.Properties.AssumeRolePolicyDocument;
  assert.deepEqual(trust.Statement[0].Principal.AWS, { Ref: 'HubPrincipalArn1' });
  assert.deepEqual(trust.Statement[1].Principal.AWS, { Ref: 'HubPrincipalArn2' });
  const expected = canonicalPolicy(deploy.trustPolicy) as { Statement: { Principal: { AWS: string[] } }[] };
  expected.Statement[2]!.Principal.AWS = [collector, deployer, vendor];
  assert.deepEqual(resolveDefaults(trust, spoke.Parameters), expected);

  const dir = mkdtempSync(join(tmpdir(), 'crossrole-synth-'));
  try {
    for (const name of ['spoke', 'stackset']) {
      writeFileSync(join(dir, `${name}.json`), out.get(`cloudformation/${name}-CrossroleDeploy.template.json`)!);
    }
    const { status, output } = cfnLint(dir, ['spoke.json', 'stackset.json']);
    assert.equal(status, 0, output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('managed policy ARNs with ${AccountId} become Fn::Sub on the deploying account', () => {
  const properties = json('cloudformation/spoke-CrossroleAudit.template.json').Resources.SpokeRole.Properties;
  assert.deepEqual(properties.ManagedPolicyArns, [
    'arn:aws:iam::aws:policy/SecurityAudit',
    { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:policy/crossrole/audit-extra' },
  ]);
  assert.deepEqual(properties.PermissionsBoundary, { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:policy/crossrole-boundary' });
  assert.deepEqual(properties.Tags.map((tag: { Key: string }) => tag.Key), ['crossrole:managed-by', 'crossrole:role', 'crossrole:spec', 'team']);
});

test('StackSets name OUs whole, filter accounts only where the OUs reach more than the targets, and deploy to one region', () => {
  const serviceManaged = (role: string) => {
    const props = json(`cloudformation/stackset-${role}.template.json`).Resources.SpokeStackSet.Properties;
    return props.StackInstancesGroup['Fn::If'][1].map((group: { DeploymentTargets: Json }) => group.DeploymentTargets);
  };
  // The management account (in the root) is never deployed to, so the root reaches exactly the targets.
  assert.deepEqual(serviceManaged('CrossroleAudit'), [{ OrganizationalUnitIds: ['r-ab12'] }]);
  assert.deepEqual(serviceManaged('CrossroleDeploy'), [{ OrganizationalUnitIds: ['ou-ab12-prod0001'] }]);
  // 222222222222 and 444444444444 of four members: the root without the two others.
  assert.deepEqual(serviceManaged('MicetroDNS'), [{ OrganizationalUnitIds: ['r-ab12'], AccountFilterType: 'DIFFERENCE', Accounts: ['111111111111', '333333333333'] }]);
  // The one account of the dev OU, picked by tag: the OU, but no automatic deployment.
  assert.deepEqual(serviceManaged('VendorReadOnly'), [{ OrganizationalUnitIds: ['ou-ab12-dev00001'] }]);
  const autoDeployment = (role: string) => json(`cloudformation/stackset-${role}.template.json`).Resources.SpokeStackSet.Properties.AutoDeployment['Fn::If'][1].Enabled;
  assert.deepEqual(['CrossroleAudit', 'CrossroleDeploy', 'MicetroDNS', 'VendorReadOnly'].map(autoDeployment), [true, true, false, false]);
  const parameters = json('cloudformation/stackset-CrossroleAudit.template.json').Parameters;
  assert.equal(parameters.Regions.Default, 'eu-central-1');
  assert.equal(parameters.HubPrincipalArn.Default, 'arn:aws:iam::111111111111:role/crossrole/crossrole-collector');
});

test('hub templates create a role hub as apply does, a group hub with its members, and attach policies to existing users', () => {
  const collector = json('cloudformation/hub-collector.template.json');
  assert.equal(collector.Resources.HubRole.Type, 'AWS::IAM::Role');
  const hubRole = state.hubs.find((hub) => hub.name === 'collector')!.role!;
  assert.deepEqual(collector.Resources.HubRole.Properties.AssumeRolePolicyDocument, canonicalPolicy(hubRole.trustPolicy));
  assert.equal(collector.Resources.HubRole.Properties.MaxSessionDuration, hubRole.maxSessionDuration);
  assert.equal(collector.Resources.HubRole.Condition, 'CreateHubRole');
  // With CreateHubRole=false the policy goes onto the existing role of the same name.
  assert.deepEqual(collector.Resources.Policycrossrolecollector.Properties.Roles, [{ 'Fn::If': ['CreateHubRole', { Ref: 'HubRole' }, 'crossrole-collector'] }]);
  const ci = json('cloudformation/hub-ci.template.json');
  assert.deepEqual(ci.Resources.Policycrossroleci.Properties.Users, [{ Ref: 'HubUserName' }]);
  // Customer managed policies: one per entry, named as the entry, under /crossrole/, attached the same way.
  const managed = ci.Resources.ManagedPolicycrossroleci2;
  assert.equal(managed.Type, 'AWS::IAM::ManagedPolicy');
  assert.deepEqual({ ...managed.Properties, PolicyDocument: undefined }, { ManagedPolicyName: 'crossrole-ci-2', Path: '/crossrole/', PolicyDocument: undefined, Users: [{ Ref: 'HubUserName' }] });
  assert.deepEqual(managed.Properties.PolicyDocument, canonicalPolicy(state.hubs.find((hub) => hub.name === 'ci')!.managedPolicies['crossrole-ci-2']!));
  const ops = json('cloudformation/hub-ops.template.json');
  const group = { 'Fn::If': ['CreateHubGroup', { Ref: 'HubGroup' }, 'micetro-admins'] };
  assert.deepEqual(ops.Resources.Policycrossroleops.Properties.Groups, [group]);
  assert.deepEqual(ops.Resources.HubGroupMembers.Properties, { GroupName: group, Users: ['alice', 'bob'] });
  assert.equal(ci.Resources.HubRole, undefined);

  const idle: DesiredState = structuredClone(state);
  for (const hub of idle.hubs) hub.policies = {};
  assert.ok(synthesize(idle, org).has('cloudformation/hub-ci.template.json'), 'a user hub with a managed policy alone gets a template');
  for (const hub of idle.hubs) hub.managedPolicies = {};
  const out = synthesize(idle, org);
  assert.ok(out.has('cloudformation/hub-collector.template.json'), 'a role hub still gets its role');
  assert.ok(!out.has('cloudformation/hub-ci.template.json'), 'nothing to deploy for a user hub without policies');
});

test('aws-config: unique sanitized profile names, hub chaining, external_id only for third parties', () => {
  const config = files.get('aws-config')!;
  const profiles = [...config.matchAll(/^\[profile (.+)\]$/gm)].map((match) => match[1]);
  assert.equal(new Set(profiles).size, profiles.length);
  for (const name of profiles) assert.match(name!, /^[A-Za-z0-9_.-]+$/);
  assert.ok(profiles.includes('Shared-Services-111111111111.CrossroleAudit'));
  assert.ok(profiles.includes('Shared-Services-333333333333.CrossroleAudit'));
  assert.ok(profiles.includes('prod.CrossroleAudit'));
  assert.ok(profiles.includes('dev-Bob-s.CrossroleAudit'));
  const section = (name: string): string => config.split('\n\n').find((block) => block.startsWith(`[profile ${name}]`)) ?? '';
  // Deploy trusts collector and ci: the first hub wins.
  assert.match(section('prod.CrossroleDeploy'), /^source_profile = crossrole-hub-collector$/m);
  assert.doesNotMatch(section('prod.CrossroleAudit'), /external_id/);
  assert.match(section('dev-Bob-s.VendorReadOnly'), /^external_id = vendor's-id:42$/m);
  assert.match(section('crossrole-hub-ci'), /# configure credentials for the hub principal here/);
  assert.match(section('crossrole-hub-collector'), /^source_profile = default$/m);
});

test('resoto: a hub that may not list the organization gets the targeted accounts listed', () => {
  const audit = parseYaml(files.get('resoto/worker-CrossroleAudit.yaml')!);
  assert.deepEqual(audit.resotoworker.collector, ['aws']);
  assert.deepEqual(audit.aws, { role: 'crossrole/CrossroleAudit', scrape_org: false, account: ['111111111111', '222222222222', '333333333333', '444444444444'] });
  assert.match(files.get('resoto/worker-CrossroleAudit.yaml')!, /^# Account 111111111111 is neither the management account nor a delegated administrator/m);
});

test('resoto: a hub that may list the organization scrapes it; assume_current only when the hub account is a target, never without do_not_scrape_current', () => {
  const scraping = synthesize(state, { ...org, delegatedAdministrators: ['111111111111'] });
  const audit = parseYaml(scraping.get('resoto/worker-CrossroleAudit.yaml')!);
  const deploy = parseYaml(scraping.get('resoto/worker-CrossroleDeploy.yaml')!);
  assert.equal(audit.aws.role, 'crossrole/CrossroleAudit');
  for (const config of [audit, deploy]) assert.equal(config.aws.scrape_org, true);
  assert.equal(audit.aws.assume_current, true);
  assert.equal(deploy.aws.assume_current, false);
  for (const config of [audit, deploy]) assert.equal(config.aws.do_not_scrape_current, true);
  assert.deepEqual(deploy.aws.scrape_exclude_account, ['100000000000', '111111111111', '444444444444']);
});

test('a single hub-trusted role gets plain tool paths', () => {
  const single: DesiredState = { ...state, templates: state.templates.filter((template) => template.name === 'CrossroleDeploy' || template.hubs.length === 0) };
  const out = synthesize(single, org);
  const toolPaths = [...out.keys()].filter((path) => path.startsWith('spinnaker/') || path.startsWith('resoto/'));
  assert.deepEqual(toolPaths, ['resoto/worker.yaml', 'spinnaker/clouddriver-accounts.yml', 'spinnaker/halyard.sh']);
  const clouddriver = parseYaml(out.get('spinnaker/clouddriver-accounts.yml')!);
  assert.deepEqual(
    clouddriver.aws.accounts.map((account: { name: string; accountId: string }) => [account.name, account.accountId]),
    [
      ['prod', '222222222222'],
      ['shared-services-333333333333', '333333333333'],
    ],
  );
  assert.match(out.get('spinnaker/halyard.sh')!, /--assume-role 'role\/CrossroleDeploy' --regions 'eu-central-1,us-east-1'$/m);
});

test('halyard uses the role path and Spinnaker-valid account names', () => {
  const script = files.get('spinnaker/CrossroleAudit/halyard.sh')!;
  assert.match(script, /--assume-role 'role\/crossrole\/CrossroleAudit'/);
  for (const match of script.matchAll(/account add '([^']+)'/g)) assert.match(match[1]!, /^[a-z0-9]+([-a-z0-9_]*[a-z0-9])?$/);
  assert.match(script, /\nhal config provider aws enable\n$/);
});

test('micetro: one inline policy per spoke role, for group hubs only', () => {
  const micetro = [...files.keys()].filter((path) => path.startsWith('micetro/'));
  assert.deepEqual(micetro, ['micetro/group-policies/ops/222222222222-MicetroDNS.json', 'micetro/group-policies/ops/444444444444-MicetroDNS.json']);
  assert.deepEqual(json(micetro[0]!).Statement, [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/MicetroDNS' }]);
});

test('policy files per hub and per account role', () => {
  assert.deepEqual(json('policies/accounts/444444444444/CrossroleAudit/managed.json'), {
    managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::444444444444:policy/crossrole/audit-extra'],
    permissionsBoundary: 'arn:aws:iam::444444444444:policy/crossrole-boundary',
  });
  assert.equal(json('policies/accounts/222222222222/CrossroleDeploy/managed.json').permissionsBoundary, null);
  assert.ok(files.has('policies/accounts/222222222222/MicetroDNS/inline-route53.json'));
  assert.ok(files.has('policies/hubs/collector/crossrole-collector.json'));
});

test('an action list\'s policies: ManagedPolicy resources the role refers to (cfn-lint clean), listed in managed.json, created before apply.sh attaches them', () => {
  const name = 'CrossroleAudit-actions-1';
  const document = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: ['ec2:Describe*Attribute', 's3:*tLocation'], Resource: '*' }] };
  const withList = <R extends { name: string; managedPolicyArns: string[]; accountId?: string }>(r: R): R =>
    r.name === 'CrossroleAudit' ? { ...r, managedPolicyArns: [...r.managedPolicyArns, `arn:aws:iam::${r.accountId ?? '${AccountId}'}:policy/crossrole/roles/${name}`], actionPolicies: { [name]: document } } : r;
  const variant: DesiredState = { ...state, roles: state.roles.map(withList), templates: state.templates.map(withList) };
  const out = synthesize(variant, org);
  const spoke = JSON.parse(out.get('cloudformation/spoke-CrossroleAudit.template.json')!);
  assert.deepEqual(spoke.Resources.ActionPolicy1, { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: name, Path: '/crossrole/roles/', PolicyDocument: canonicalPolicy(document) } });
  assert.deepEqual(spoke.Resources.SpokeRole.Properties.ManagedPolicyArns.at(-1), { Ref: 'ActionPolicy1' });
  const role = variant.roles.find((r) => r.name === 'CrossroleAudit')!;
  const managed = JSON.parse(out.get(`policies/accounts/${role.accountId}/CrossroleAudit/managed.json`)!);
  assert.deepEqual(managed.actionPolicies, { [name]: canonicalPolicy(document) });
  const script = out.get('aws-cli/apply.sh')!;
  const arn = `arn:aws:iam::${role.accountId}:policy/crossrole/roles/${name}`;
  assert.ok(script.indexOf(`aws iam create-policy --policy-name '${name}' --path /crossrole/roles/`) < script.indexOf(`attach-role-policy --role-name 'CrossroleAudit' --policy-arn '${arn}'`));
  const dir = mkdtempSync(join(tmpdir(), 'crossrole-synth-'));
  try {
    for (const kind of ['spoke', 'stackset']) writeFileSync(join(dir, `${kind}.json`), out.get(`cloudformation/${kind}-CrossroleAudit.template.json`)!);
    const { status, output } = cfnLint(dir, ['spoke.json', 'stackset.json']);
    assert.equal(status, 0, output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
