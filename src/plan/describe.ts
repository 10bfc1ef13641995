// One line per step, for progress output, journals and tests.
import type { Step } from './types.js';

export function describeStep(step: Step): string {
  switch (step.op) {
    case 'CreateRole':
      return `CreateRole ${step.roleName}`;
    case 'UpdateAssumeRolePolicy':
      return `UpdateAssumeRolePolicy ${step.roleName}${step.lock ? ' (locked)' : ''}`;
    case 'PutRolePolicy':
    case 'DeleteRolePolicy':
      return `${step.op} ${step.roleName} ${step.policyName}`;
    case 'AttachRolePolicy':
    case 'DetachRolePolicy':
    case 'PutRolePermissionsBoundary':
      return `${step.op} ${step.roleName} ${step.policyArn}`;
    case 'TagRole':
      return `TagRole ${step.roleName} ${Object.keys(step.tags).join(',')}`;
    case 'UntagRole':
      return `UntagRole ${step.roleName} ${step.tagKeys.join(',')}`;
    case 'CreateInstanceProfile':
    case 'AddRoleToInstanceProfile':
    case 'RemoveRoleFromInstanceProfile':
    case 'DeleteInstanceProfile':
      return `${step.op} ${step.profileName}${step.op === 'AddRoleToInstanceProfile' || step.op === 'RemoveRoleFromInstanceProfile' ? ` ${step.roleName}` : ''}`;
    case 'PutHubPolicy':
    case 'DeleteHubPolicy':
      return `${step.op} ${step.kind}/${step.principalName} ${step.policyName}`;
    case 'AttachHubPolicy':
    case 'DetachHubPolicy':
      return `${step.op} ${step.kind}/${step.principalName} ${step.policyArn}`;
    case 'CreateGroup':
      return `CreateGroup ${step.groupName}`;
    case 'AddUserToGroup':
      return `AddUserToGroup ${step.groupName} ${step.userName}`;
    case 'CreatePolicy':
      return `CreatePolicy ${step.path}${step.policyName}`;
    case 'CreatePolicyVersion':
    case 'DeletePolicy':
      return `${step.op} ${step.policyArn}`;
    case 'DeletePolicyVersion':
      return `DeletePolicyVersion ${step.policyArn} ${step.versionId}`;
    default:
      return `${step.op} ${step.roleName}`;
  }
}
