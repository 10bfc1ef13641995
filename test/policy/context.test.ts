// Request-context keys for principals and resources, derived from the fixture organization.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { compilePolicySet, evaluate } from '../../src/policy/evaluate.js';
import { principalContext, resourceContext } from '../../src/policy/context.js';
import { fixture } from '../helpers/paths.js';

const file = fixture('org.json');
const org = indexOrg(parseOrg(file, readFileSync(file, 'utf8')));
const ORG_ID = 'o-abc123defg';
const PROD = `${ORG_ID}/r-ab12/ou-ab12-wkld0001/ou-ab12-prod0001/`;
const PAYMENTS = `${PROD}ou-ab12-paym0001/`;

describe('principalContext', () => {
  test('an IAM user (with a path): name, unique id, tags, org id and path', () => {
    assert.deepEqual(principalContext(org, { arn: 'arn:aws:iam::444444444444:user/division/alice', uniqueId: 'AIDAJQABLZS4A3QDU576Q', tags: { team: 'web', 'cost-center': '42' } }), {
      'aws:PrincipalArn': 'arn:aws:iam::444444444444:user/division/alice',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalAccount': '444444444444',
      'aws:PrincipalOrgID': ORG_ID,
      'aws:PrincipalOrgPaths': [PROD],
      'aws:PrincipalType': 'User',
      'aws:username': 'alice',
      'aws:userid': 'AIDAJQABLZS4A3QDU576Q',
      'aws:PrincipalTag/team': 'web',
      'aws:PrincipalTag/cost-center': '42',
    });
  });

  test('a role session: aws:PrincipalArn is the role ARN with its path, aws:userid is AROA…:session', () => {
    assert.deepEqual(principalContext(org, { arn: 'arn:aws:sts::333333333333:assumed-role/FleetAccess/hub-session', roleArn: 'arn:aws:iam::333333333333:role/crossrole/FleetAccess', uniqueId: 'AROAEXAMPLEID12345678', tags: { env: 'prod' } }), {
      'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/crossrole/FleetAccess',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalAccount': '333333333333',
      'aws:PrincipalOrgID': ORG_ID,
      'aws:PrincipalOrgPaths': [PAYMENTS],
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROAEXAMPLEID12345678:hub-session',
      'aws:PrincipalTag/env': 'prod',
    });
  });

  test('a role session without roleArn: aws:PrincipalArn is still a role ARN, never the session ARN', () => {
    const context = principalContext(org, { arn: 'arn:aws:sts::333333333333:assumed-role/FleetAccess/hub-session' });
    assert.equal(context['aws:PrincipalArn'], 'arn:aws:iam::333333333333:role/FleetAccess');
    assert.equal(context['aws:userid'], undefined, 'no unique id given, none invented');
    assert.equal(context['aws:username'], undefined, 'role sessions have no aws:username');
  });

  test('the account root: type Account, aws:userid is the account id, account directly under the root', () => {
    assert.deepEqual(principalContext(org, { arn: 'arn:aws:iam::111111111111:root' }), {
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:root',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalOrgID': ORG_ID,
      'aws:PrincipalOrgPaths': [`${ORG_ID}/r-ab12/`],
      'aws:PrincipalType': 'Account',
      'aws:userid': '111111111111',
    });
  });

  test('a federated user: aws:userid is account:caller-specified-name', () => {
    const context = principalContext(org, { arn: 'arn:aws:sts::555555555555:federated-user/Bob' });
    assert.equal(context['aws:PrincipalType'], 'FederatedUser');
    assert.equal(context['aws:userid'], '555555555555:Bob');
    assert.equal(context['aws:PrincipalArn'], 'arn:aws:sts::555555555555:federated-user/Bob');
    assert.deepEqual(context['aws:PrincipalOrgPaths'], [`${ORG_ID}/r-ab12/ou-ab12-wkld0001/ou-ab12-dev00001/`]);
  });

  test('an account outside the organization (or no organization): no org keys', () => {
    const outside = principalContext(org, { arn: 'arn:aws:iam::999988887777:role/vendor/Scanner' });
    assert.deepEqual(outside, { 'aws:PrincipalArn': 'arn:aws:iam::999988887777:role/vendor/Scanner', 'aws:PrincipalIsAWSService': false, 'aws:PrincipalAccount': '999988887777', 'aws:PrincipalType': 'AssumedRole' });
    const noOrg = principalContext(undefined, { arn: 'arn:aws:iam::333333333333:user/alice' });
    assert.equal(noOrg['aws:PrincipalOrgID'], undefined);
    assert.equal(noOrg['aws:PrincipalOrgPaths'], undefined);
    assert.equal(noOrg['aws:PrincipalAccount'], '333333333333');
  });

  test('the keys drive evaluation: an org-path trust admits the Payments hub session and rejects an outside one', () => {
    const policies = compilePolicySet({
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${PROD}*` }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/crossrole/*' } } }],
      },
    });
    const request = (arn: string, roleArn: string) => ({ principal: arn, action: 'sts:AssumeRole', resource: 'arn:aws:iam::444444444444:role/Target', context: { ...principalContext(org, { arn, roleArn }), ...resourceContext(org, '444444444444') } });
    assert.equal(evaluate(request('arn:aws:sts::888888888888:assumed-role/Ledger/s', 'arn:aws:iam::888888888888:role/crossrole/Ledger'), policies).decision, 'Allowed');
    assert.equal(evaluate(request('arn:aws:sts::555555555555:assumed-role/Ledger/s', 'arn:aws:iam::555555555555:role/crossrole/Ledger'), policies).decision, 'ImplicitlyDenied');
    assert.equal(evaluate(request('arn:aws:sts::999988887777:assumed-role/Ledger/s', 'arn:aws:iam::999988887777:role/crossrole/Ledger'), policies).decision, 'ImplicitlyDenied');
  });
});

describe('resourceContext', () => {
  test('an account in the organization: account, org id and org path', () => {
    assert.deepEqual(resourceContext(org, '888888888888'), { 'aws:ResourceAccount': '888888888888', 'aws:ResourceOrgID': ORG_ID, 'aws:ResourceOrgPaths': [PAYMENTS] });
    assert.deepEqual(resourceContext(org, '777777777777'), { 'aws:ResourceAccount': '777777777777', 'aws:ResourceOrgID': ORG_ID, 'aws:ResourceOrgPaths': [`${ORG_ID}/r-ab12/ou-ab12-sbox0001/`] });
  });

  test('an account outside the organization, or no organization: only aws:ResourceAccount', () => {
    assert.deepEqual(resourceContext(org, '999988887777'), { 'aws:ResourceAccount': '999988887777' });
    assert.deepEqual(resourceContext(undefined, '333333333333'), { 'aws:ResourceAccount': '333333333333' });
  });
});
