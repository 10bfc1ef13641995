// The role AWS Organizations creates at path / in every account it creates, trusting the
// management account: how the management account enters member accounts, and the bootstrap role
// crossrole's live commands assume (--bootstrap-role names another, e.g. AWSControlTowerExecution).
export const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';

/** Whether a role is the bootstrap role `[path/]name` as crossrole assumes it (arn:…:role/<bootstrap role>): same path and name. */
export function isBootstrapRole(role: { Path: string; RoleName: string }, bootstrapRole: string): boolean {
  return `${role.Path}${role.RoleName}` === `/${bootstrapRole}`;
}
