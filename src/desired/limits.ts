// IAM quotas crossrole enforces on every document it generates.
export const IAM_LIMITS = {
  /** Aggregate inline policy characters (whitespace not counted) per principal kind. */
  inlinePerRole: 10_240,
  inlinePerUser: 2_048,
  inlinePerGroup: 5_120,
  managedPolicy: 6_144,
  /** Managed policies per role: the most a quota request can raise limits.managedPoliciesPerRole to. */
  managedPerRoleMax: 20,
  /** Managed policies attached per user or group (roles: the spec's limits.managedPoliciesPerRole). */
  managedPerUserOrGroup: 10,
  /** Groups a user may belong to. */
  groupsPerUser: 10,
  roleName: 64,
  /** Policy and group names. */
  policyName: 128,
  groupName: 128,
} as const;

export function inlineLimitFor(kind: 'role' | 'user' | 'group'): number {
  return kind === 'role' ? IAM_LIMITS.inlinePerRole : kind === 'user' ? IAM_LIMITS.inlinePerUser : IAM_LIMITS.inlinePerGroup;
}
