// A plan is data: what apply will do, step by step, account by account. Apply never re-decides.
import type { DesiredRole } from '../desired/types.js';
import type { PolicyDocument } from '../policy/document.js';

/** One IAM API call, in the order apply must make it. */
export type Step =
  | { op: 'CreateRole'; roleName: string; path: string; description?: string; maxSessionDuration: number; trustPolicy: PolicyDocument; permissionsBoundary?: string; tags: Record<string, string> }
  | { op: 'UpdateAssumeRolePolicy'; roleName: string; trustPolicy: PolicyDocument; /** The trust that lets nobody in, while permissions change. */ lock?: boolean }
  | { op: 'PutRolePolicy'; roleName: string; policyName: string; document: PolicyDocument }
  | { op: 'DeleteRolePolicy'; roleName: string; policyName: string }
  | { op: 'AttachRolePolicy'; roleName: string; policyArn: string }
  | { op: 'DetachRolePolicy'; roleName: string; policyArn: string }
  | { op: 'PutRolePermissionsBoundary'; roleName: string; policyArn: string }
  | { op: 'DeleteRolePermissionsBoundary'; roleName: string }
  | { op: 'UpdateRole'; roleName: string; description?: string; maxSessionDuration: number }
  | { op: 'TagRole'; roleName: string; tags: Record<string, string> }
  | { op: 'UntagRole'; roleName: string; tagKeys: string[] }
  | { op: 'DeleteRole'; roleName: string }
  | { op: 'CreateInstanceProfile'; roleName: string; profileName: string; path: string; tags: Record<string, string> }
  | { op: 'AddRoleToInstanceProfile'; roleName: string; profileName: string }
  | { op: 'RemoveRoleFromInstanceProfile'; roleName: string; profileName: string }
  | { op: 'DeleteInstanceProfile'; roleName: string; profileName: string }
  | { op: 'PutHubPolicy'; kind: 'role' | 'user' | 'group'; principalName: string; policyName: string; document: PolicyDocument }
  | { op: 'DeleteHubPolicy'; kind: 'role' | 'user' | 'group'; principalName: string; policyName: string };

export type ChangeKind = 'create' | 'update' | 'delete' | 'conflict';

/** What changes in one field of a role, for the printed plan. */
export interface FieldChange {
  field: 'trust' | 'inline' | 'managed' | 'boundary' | 'maxSessionDuration' | 'description' | 'instanceProfile' | 'tags';
  /** Inline policy name, managed ARN or tag key, when the field holds several. */
  key?: string;
  before?: unknown;
  after?: unknown;
}

export interface RoleChange {
  kind: ChangeKind;
  accountId: string;
  accountName: string;
  roleName: string;
  arn: string;
  changes: FieldChange[];
  /** For conflicts: why crossrole will not touch the role. */
  reason?: string;
  steps: Step[];
  /** The desired role (create/update), for apply's final check. */
  desired?: DesiredRole;
}

export interface HubChange {
  /** `conflict`: the hub principal does not exist, so its policy cannot be put (no steps). */
  kind: ChangeKind;
  hub: string;
  accountId: string;
  policyName: string;
  before?: PolicyDocument;
  after?: PolicyDocument;
  reason?: string;
  steps: Step[];
  /**
   * Spoke role ARNs changed by this plan that this hub's policy names: apply puts the policy only
   * after all of them succeeded, so the hub never reaches a spoke that is still half-changed.
   */
  dependsOn: string[];
  /** Spoke ARNs the policy leaves out: roles crossrole does not own, or in accounts it could not read. */
  leftOut?: string[];
}

/** Something crossrole owns that the spec no longer wants, kept because prune is off. */
export interface RetainedResource {
  kind: 'role' | 'hubPolicy';
  accountId: string;
  /** Role name, or the hub's inline policy name. */
  name: string;
  arn?: string;
  hub?: string;
}

export interface Plan {
  version: 1;
  specName: string;
  /** Hash of the desired state the plan was made for: apply refuses a plan made for another spec. */
  desiredHash: string;
  roles: RoleChange[];
  hubs: HubChange[];
  /** Accounts that could not be read: nothing is planned for them. */
  unreadable: { accountId: string; error: string }[];
  retained: RetainedResource[];
  /** What already matches the spec: roles, the accounts they are in, and hub policies. */
  matching: { roles: number; accounts: number; hubPolicies: number };
  /** Roles and hub policies alike; `unchanged` counts desired ones that already match. */
  summary: { create: number; update: number; delete: number; conflict: number; unchanged: number };
}
