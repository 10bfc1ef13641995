// IAM's exception to the evaluation logic: service-linked roles (path /aws-service-role/) and
// AWS-reserved roles (path /aws-reserved/…, such as IAM Identity Center's AWSReservedSSO_* roles)
// are managed by their service; no identity grant lets anyone change their policies, trust or
// existence through IAM. Service-linked roles are deleted only by iam:DeleteServiceLinkedRole.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
// https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
import { parseArn } from '../match.js';

/** IAM actions that change a role's permissions, trust or existence (lower-case). */
const ROLE_CHANGES = new Set(
  [
    'AttachRolePolicy',
    'DetachRolePolicy',
    'PutRolePolicy',
    'DeleteRolePolicy',
    'UpdateAssumeRolePolicy',
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
    'UpdateRole',
    'DeleteRole',
  ].map((a) => `iam:${a.toLowerCase()}`),
);

const PROTECTED_PATH = /^role\/(aws-service-role|aws-reserved)\//;

/** Why the (lower-cased) action cannot change the resource whatever the policies say, or undefined. */
export function unchangeableRoleReason(lowercaseAction: string, resource: string): string | undefined {
  if (!ROLE_CHANGES.has(lowercaseAction)) return undefined;
  const arn = parseArn(resource);
  const path = arn?.service === 'iam' ? PROTECTED_PATH.exec(arn.resource) : null;
  if (!path) return undefined;
  const kind = path[1] === 'aws-service-role' ? 'a service-linked role' : 'an AWS-reserved role';
  return `${resource} is ${kind}: IAM permissions cannot change it`;
}
