// Steps on a customer managed policy crossrole owns (a hub's, or a spoke role's action list): a new
// default version, or the policy's removal. IAM keeps at most 5 versions and deletes a policy only
// once every non-default version is gone.
import type { ObservedManagedPolicy } from '../observe/types.js';
import type { PolicyDocument } from '../policy/document.js';
import type { Step } from './types.js';

/** IAM keeps at most this many versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5;

/** The oldest non-default version makes room before the new default is made. */
export function newVersionSteps(found: ObservedManagedPolicy, document: PolicyDocument): Step[] {
  const steps: Step[] = [];
  if (found.versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = found.versions.find((v) => !v.isDefault);
    if (oldest) steps.push({ op: 'DeletePolicyVersion', policyArn: found.arn, versionId: oldest.id });
  }
  steps.push({ op: 'CreatePolicyVersion', policyArn: found.arn, document });
  return steps;
}

/** A detached policy, stripped of its versions and deleted. */
export function deletePolicySteps(found: ObservedManagedPolicy): Step[] {
  return [...found.versions.filter((v) => !v.isDefault).map((v): Step => ({ op: 'DeletePolicyVersion', policyArn: found.arn, versionId: v.id })), { op: 'DeletePolicy', policyArn: found.arn }];
}
