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
  const PEOPLE = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  const TAGS = { 'crossrole:managed-by': 'crossrole', 'crossrole:spec': 'fleet' };

  test('by default the hub account may assume it (and set a source identity), as synth\'s hub template', () => {
    assert.deepEqual(hubRoleDefinition(hubWith({}), 'fleet'), {
      maxSessionDuration: 3600,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'HubAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: PEOPLE }] },
      tags: TAGS,
    });
  });

  test('the spec names who: principals, permission sets, services and CI through OIDC, each list once and sorted', () => {
    const role = hubRoleDefinition(
      hubWith({
        description: 'the hub',
        maxSessionDuration: 7200,
        trust: {
          principals: ['arn:aws:iam::222222222222:role/z', 'arn:aws:iam::222222222222:role/ci-deploy', 'arn:aws:iam::222222222222:role/z'],
          permissionSets: ['Zeta', 'PlatformEngineer', 'Zeta'],
          services: ['pods.eks.amazonaws.com', 'lambda.amazonaws.com', 'ec2.amazonaws.com', 'lambda.amazonaws.com'],
          oidc: [
            { provider: 'token.actions.githubusercontent.com', subjects: ['repo:acme/infra:ref:refs/heads/main', 'repo:acme/app:*', 'repo:acme/app:*'] },
            { provider: 'gitlab.example.com', audience: 'crossrole', subjects: ['project_path:acme/x:ref_type:branch:ref:main'] },
          ],
        },
      }),
      'fleet',
    )!;
    const sso = (name: string) => `arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${name}_*`;
    assert.deepEqual(role, {
      description: 'the hub',
      maxSessionDuration: 7200,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Principals', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::222222222222:role/ci-deploy', 'arn:aws:iam::222222222222:role/z'] }, Action: PEOPLE },
          { Sid: 'PermissionSets', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: PEOPLE, Condition: { ArnLike: { 'aws:PrincipalArn': [sso('PlatformEngineer'), sso('Zeta')] } } },
          {
            Sid: 'Oidc1',
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:*', 'repo:acme/infra:ref:refs/heads/main'] } },
          },
          {
            Sid: 'Oidc2',
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/gitlab.example.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'gitlab.example.com:aud': 'crossrole' }, StringLike: { 'gitlab.example.com:sub': 'project_path:acme/x:ref_type:branch:ref:main' } },
          },
          { Sid: 'Services', Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
          // EKS Pod Identity tags its sessions.
          { Sid: 'ServicesTaggingSessions', Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        ],
      },
      // EC2 uses a role only through an instance profile.
      instanceProfile: true,
      tags: TAGS,
    });
    assert.ok(!trustedPrincipals(role.trustPolicy).includes('*'));
    assert.deepEqual(parsePolicy(role.trustPolicy, { kind: 'trust' }).findings.filter((f) => f.severity === 'ERROR'), []);
  });

  test('a trust of services alone has only their statements; an instance profile comes with EC2 unless the spec says no', () => {
    const services = (list: string[], instanceProfile?: boolean) => hubRoleDefinition(hubWith({ ...(instanceProfile !== undefined && { instanceProfile }), trust: { services: list } }), 'fleet')!;
    assert.deepEqual(services(['pods.eks.amazonaws.com']).trustPolicy.Statement, [{ Sid: 'ServicesTaggingSessions', Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    assert.deepEqual(services(['lambda.amazonaws.com']).trustPolicy.Statement, [{ Sid: 'Services', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.equal(services(['lambda.amazonaws.com']).instanceProfile, undefined);
    assert.equal(services(['ec2.amazonaws.com.cn']).instanceProfile, true, 'EC2 in the China partitions');
    assert.equal(services(['ec2.amazonaws.com'], false).instanceProfile, undefined);
    assert.equal(hubRoleDefinition(hubWith({ instanceProfile: true }), 'fleet')!.instanceProfile, true);
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
