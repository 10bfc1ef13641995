// A plan is data: what apply will do, step by step, account by account. Apply never re-decides.
import type { DesiredRole, HubKind } from '../desired/types.js';
import type { PolicyDocument } from '../policy/document.js';
import type { StackSetPlan } from './stackset.js';

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
  | { op: 'PutHubPolicy'; kind: HubKind; principalName: string; policyName: string; document: PolicyDocument }
  | { op: 'DeleteHubPolicy'; kind: HubKind; principalName: string; policyName: string }
  | { op: 'CreateGroup'; groupName: string; path: string }
  | { op: 'AddUserToGroup'; groupName: string; userName: string }
  | { op: 'CreatePolicy'; policyName: string; path: string; document: PolicyDocument; tags: Record<string, string> }
  | { op: 'CreatePolicyVersion'; policyArn: string; document: PolicyDocument }
  | { op: 'DeletePolicyVersion'; policyArn: string; versionId: string }
  | { op: 'DeletePolicy'; policyArn: string }
  | { op: 'AttachHubPolicy'; kind: HubKind; principalName: string; policyArn: string }
  | { op: 'DetachHubPolicy'; kind: HubKind; principalName: string; policyArn: string };

export type ChangeKind = 'create' | 'update' | 'delete' | 'conflict';

/** What changes in one field of a role, for the printed plan. */
export interface FieldChange {
  field: 'trust' | 'inline' | 'managed' | 'actionPolicy' | 'boundary' | 'maxSessionDuration' | 'description' | 'instanceProfile' | 'tags';
  /** Inline policy name, managed ARN, action-list policy name or tag key, when the field holds several. */
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

/**
 * What changes on the hub side: the hub principal (a role crossrole creates or keeps in shape, a
 * group it creates), a group's members, an inline policy, or a customer managed policy.
 */
export type HubSubject = 'principal' | 'members' | 'inline' | 'managed';

export interface HubChange {
  /** `conflict`: crossrole cannot make this part (a user hub or a group member that does not exist, a policy set that no longer fits); no steps. */
  kind: ChangeKind;
  hub: string;
  accountId: string;
  subject: HubSubject;
  /** The principal's kind and name this change is on (a Micetro hub's further groups are principals too). */
  principalKind: HubKind;
  principalName: string;
  /** The policy's name (inline and managed changes). */
  policyName?: string;
  /** Principal updates: what differs (trust, session, description, instance profile). Members: the users added. */
  changes?: FieldChange[];
  members?: string[];
  before?: PolicyDocument;
  after?: PolicyDocument;
  /** Conflicts: why crossrole cannot make it; a Micetro hub's further group: why it is needed. */
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
  /** Role name, or the hub's policy name. */
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
  /** `--via stackset`: what the StackSets do; `roles` then holds only the API's changes and the conflicts. */
  stackSets?: StackSetPlan;
}
