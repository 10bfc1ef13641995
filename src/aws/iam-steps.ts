// One plan step → one IAM call. Apply decides nothing here: the plan already ordered the steps.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand,
  CreateRoleCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Step } from '../plan/types.js';

const json = (document: unknown) => JSON.stringify(document);
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export async function runStep(iam: IAMClient, step: Step): Promise<void> {
  switch (step.op) {
    case 'CreateRole':
      await iam.send(
        new CreateRoleCommand({
          RoleName: step.roleName,
          Path: step.path,
          AssumeRolePolicyDocument: json(step.trustPolicy),
          MaxSessionDuration: step.maxSessionDuration,
          ...(step.description !== undefined && { Description: step.description }),
          ...(step.permissionsBoundary !== undefined && { PermissionsBoundary: step.permissionsBoundary }),
          Tags: tagList(step.tags),
        }),
      );
      return;
    case 'UpdateAssumeRolePolicy':
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: step.roleName, PolicyDocument: json(step.trustPolicy) }));
      return;
    case 'PutRolePolicy':
      await iam.send(new PutRolePolicyCommand({ RoleName: step.roleName, PolicyName: step.policyName, PolicyDocument: json(step.document) }));
      return;
    case 'DeleteRolePolicy':
      await iam.send(new DeleteRolePolicyCommand({ RoleName: step.roleName, PolicyName: step.policyName }));
      return;
    case 'AttachRolePolicy':
      await iam.send(new AttachRolePolicyCommand({ RoleName: step.roleName, PolicyArn: step.policyArn }));
      return;
    case 'DetachRolePolicy':
      await iam.send(new DetachRolePolicyCommand({ RoleName: step.roleName, PolicyArn: step.policyArn }));
      return;
    case 'PutRolePermissionsBoundary':
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: step.roleName, PermissionsBoundary: step.policyArn }));
      return;
    case 'DeleteRolePermissionsBoundary':
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: step.roleName }));
      return;
    case 'UpdateRole':
      await iam.send(new UpdateRoleCommand({ RoleName: step.roleName, MaxSessionDuration: step.maxSessionDuration, ...(step.description !== undefined && { Description: step.description }) }));
      return;
    case 'TagRole':
      await iam.send(new TagRoleCommand({ RoleName: step.roleName, Tags: tagList(step.tags) }));
      return;
    case 'UntagRole':
      await iam.send(new UntagRoleCommand({ RoleName: step.roleName, TagKeys: step.tagKeys }));
      return;
    case 'DeleteRole':
      await iam.send(new DeleteRoleCommand({ RoleName: step.roleName }));
      return;
    case 'CreateInstanceProfile':
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: step.profileName, Path: step.path, Tags: tagList(step.tags) }));
      return;
    case 'AddRoleToInstanceProfile':
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: step.profileName, RoleName: step.roleName }));
      return;
    case 'RemoveRoleFromInstanceProfile':
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: step.profileName, RoleName: step.roleName }));
      return;
    case 'DeleteInstanceProfile':
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: step.profileName }));
      return;
    case 'PutHubPolicy':
      if (step.kind === 'role') await iam.send(new PutRolePolicyCommand({ RoleName: step.principalName, PolicyName: step.policyName, PolicyDocument: json(step.document) }));
      else if (step.kind === 'user') await iam.send(new PutUserPolicyCommand({ UserName: step.principalName, PolicyName: step.policyName, PolicyDocument: json(step.document) }));
      else await iam.send(new PutGroupPolicyCommand({ GroupName: step.principalName, PolicyName: step.policyName, PolicyDocument: json(step.document) }));
      return;
    case 'AttachHubPolicy':
      if (step.kind === 'role') await iam.send(new AttachRolePolicyCommand({ RoleName: step.principalName, PolicyArn: step.policyArn }));
      else if (step.kind === 'user') await iam.send(new AttachUserPolicyCommand({ UserName: step.principalName, PolicyArn: step.policyArn }));
      else await iam.send(new AttachGroupPolicyCommand({ GroupName: step.principalName, PolicyArn: step.policyArn }));
      return;
    case 'DetachHubPolicy':
      if (step.kind === 'role') await iam.send(new DetachRolePolicyCommand({ RoleName: step.principalName, PolicyArn: step.policyArn }));
      else if (step.kind === 'user') await iam.send(new DetachUserPolicyCommand({ UserName: step.principalName, PolicyArn: step.policyArn }));
      else await iam.send(new DetachGroupPolicyCommand({ GroupName: step.principalName, PolicyArn: step.policyArn }));
      return;
    case 'CreateGroup':
      await iam.send(new CreateGroupCommand({ GroupName: step.groupName, Path: step.path }));
      return;
    case 'AddUserToGroup':
      await iam.send(new AddUserToGroupCommand({ GroupName: step.groupName, UserName: step.userName }));
      return;
    case 'CreatePolicy':
      await iam.send(new CreatePolicyCommand({ PolicyName: step.policyName, Path: step.path, PolicyDocument: json(step.document), Tags: tagList(step.tags) }));
      return;
    case 'CreatePolicyVersion':
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: step.policyArn, PolicyDocument: json(step.document), SetAsDefault: true }));
      return;
    case 'DeletePolicyVersion':
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: step.policyArn, VersionId: step.versionId }));
      return;
    case 'DeletePolicy':
      await iam.send(new DeletePolicyCommand({ PolicyArn: step.policyArn }));
      return;
    case 'DeleteHubPolicy':
      if (step.kind === 'role') await iam.send(new DeleteRolePolicyCommand({ RoleName: step.principalName, PolicyName: step.policyName }));
      else if (step.kind === 'user') await iam.send(new DeleteUserPolicyCommand({ UserName: step.principalName, PolicyName: step.policyName }));
      else await iam.send(new DeleteGroupPolicyCommand({ GroupName: step.principalName, PolicyName: step.policyName }));
      return;
  }
}
