import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_MANAGED_POLICIES } from '../../src/policy/aws-managed-policies.js';
import { managedPolicyProblem } from '../../src/spec/managed-policies.js';

const aws = (policy: string, partition = 'aws') => `arn:${partition}:iam::aws:policy/${policy}`;

test('the list holds AWS managed policies with their paths', () => {
  assert.ok(AWS_MANAGED_POLICIES.length > 1000);
  for (const policy of ['ReadOnlyAccess', 'job-function/ViewOnlyAccess', 'service-role/AWS_ConfigRole']) assert.ok(AWS_MANAGED_POLICIES.includes(policy), policy);
});

test('listed policies and customer managed policies are not questioned', () => {
  assert.equal(managedPolicyProblem(aws('ReadOnlyAccess')), undefined);
  assert.equal(managedPolicyProblem(aws('job-function/ViewOnlyAccess', 'aws-us-gov')), undefined);
  assert.equal(managedPolicyProblem('arn:aws:iam::123456789012:policy/ReadOnlyAcess'), undefined);
  assert.equal(managedPolicyProblem('arn:aws:iam::${AccountId}:policy/ReadOnlyAcess'), undefined);
});

test('misspellings are errors naming the policy meant: a letter off or swapped, another case, another path', () => {
  for (const [written, meant] of [
    ['ReadOnlyAcess', 'ReadOnlyAccess'],
    ['ReadOnlyAcecss', 'ReadOnlyAccess'],
    ['readonlyaccess', 'ReadOnlyAccess'],
    ['ViewOnlyAccess', 'job-function/ViewOnlyAccess'],
    ['service-role/ReadOnlyAccess', 'ReadOnlyAccess'],
  ]) {
    assert.deepEqual(managedPolicyProblem(aws(written!, 'aws-cn')), { severity: 'error', message: `${aws(written!, 'aws-cn')} is not an AWS managed policy; did you mean ${aws(meant!, 'aws-cn')}?` });
  }
});

test('names the list lacks that are no typo are warnings: AWS may have added them since (another version, a longer name)', () => {
  for (const written of ['CloudWatchFullAccessV3', 'ReadOnlyAccessV2', 'BrandNewPolicyOfAws']) {
    assert.equal(managedPolicyProblem(aws(written))?.severity, 'warning', written);
  }
  assert.match(managedPolicyProblem(aws('BrandNewPolicyOfAws'))!.message, /is not among the AWS managed policies crossrole knows \(AWS's list of \d{4}-\d\d-\d\d\); check the name$/);
});
