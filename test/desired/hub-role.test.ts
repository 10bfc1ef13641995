// The hub role crossrole creates: who may assume it is what the spec says, never "*", and the
// trust is a valid trust policy by the policy grammar.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hubRoleDefinition } from '../../src/desired/hub-role.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { specSchema } from '../../src/spec/schema.js';
import { trustedPrincipals } from '../../src/plan/field-change.js';

const hubWith = (role: Record<string, unknown>) =>
  specSchema.parse({ version: 1, hubs: { h: { account: '222222222222', role: { name: 'Hub', ...role } } }, roles: {} }).hubs.h!;

describe('hub role definition', () => {
  test('by default the hub account may assume it (and set a source identity), as synth\'s hub template', () => {
    const role = hubRoleDefinition(hubWith({}), 'fleet')!;
    assert.deepEqual(trustedPrincipals(role.trustPolicy), ['arn:aws:iam::222222222222:root']);
    assert.deepEqual(role.tags, { 'crossrole:managed-by': 'crossrole', 'crossrole:spec': 'fleet' });
    assert.equal(role.instanceProfile, undefined);
  });

  test('the spec names who: principals, permission sets, services and CI through OIDC', () => {
    const role = hubRoleDefinition(
      hubWith({
        maxSessionDuration: 7200,
        trust: {
          principals: ['arn:aws:iam::222222222222:role/ci-deploy'],
          permissionSets: ['PlatformEngineer'],
          services: ['ec2.amazonaws.com', 'pods.eks.amazonaws.com'],
          oidc: [{ provider: 'token.actions.githubusercontent.com', subjects: ['repo:acme/infra:ref:refs/heads/main'] }],
        },
      }),
      'fleet',
    )!;
    const statements = [role.trustPolicy.Statement].flat();
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ['Principals', 'PermissionSets', 'Oidc1', 'Services', 'ServicesTaggingSessions'],
    );
    assert.deepEqual(statements[1]!.Condition, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_PlatformEngineer_*' } });
    assert.deepEqual(statements[2], {
      Sid: 'Oidc1',
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } },
    });
    assert.deepEqual(statements[4]!.Action, ['sts:AssumeRole', 'sts:TagSession'], 'EKS Pod Identity tags its sessions');
    assert.equal(role.instanceProfile, true, 'EC2 uses a role only through an instance profile');
    assert.equal(role.maxSessionDuration, 7200);
    assert.ok(!trustedPrincipals(role.trustPolicy).includes('*'));
    assert.deepEqual(parsePolicy(role.trustPolicy, { kind: 'trust' }).findings.filter((f) => f.severity === 'ERROR'), []);
  });

  test('an OIDC trust must name subjects, and not only wildcards', () => {
    for (const subjects of [[], ['*'], ['**?']]) {
      const parsed = specSchema.safeParse({ version: 1, hubs: { h: { account: '222222222222', role: { name: 'Hub', trust: { oidc: [{ provider: 'token.actions.githubusercontent.com', subjects }] } } } }, roles: {} });
      assert.ok(!parsed.success, JSON.stringify(subjects));
    }
  });

  test('user and group hubs have no role to create', () => {
    const spec = specSchema.parse({ version: 1, hubs: { u: { account: '222222222222', user: { name: 'ci' } } }, roles: {} });
    assert.equal(hubRoleDefinition(spec.hubs.u!, 'fleet'), undefined);
  });
});
