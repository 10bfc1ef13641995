// Observed state: what exists in AWS, in the same shapes as the desired state.
import type { PolicyDocument } from '../policy/document.js';
import type { RoleDefinition } from '../desired/types.js';

/** A role as read from IAM (GetAccountAuthorizationDetails or GetRole + list calls). */
export interface ObservedRole extends RoleDefinition {
  accountId: string;
  arn: string;
  /** IAM's unique id (AROA…). */
  roleId?: string;
  /** Every instance profile that holds the role (a role in any of them cannot be deleted). */
  instanceProfiles: { name: string; path: string }[];
  /**
   * Fields the reader could not see and that must not be compared: GetAccountAuthorizationDetails
   * returns no MaxSessionDuration or Description (the live reader gets them from ListRoles; a
   * snapshot may lack them, and older snapshots the instance profiles); the ownership hash tag
   * still covers them.
   */
  unknownFields?: UnknownField[];
}

export type UnknownField = 'maxSessionDuration' | 'description' | 'instanceProfile';

export interface ObservedAccount {
  accountId: string;
  /** Roles crossrole cares about: every role whose name a spoke role uses, and every role tagged as owned by this spec. */
  roles: ObservedRole[];
  /**
   * Customer managed policies for spoke roles' action lists (path /crossrole/roles/), by ARN: those
   * the spec wants in the account and those its roles have attached. Absent: none read.
   */
  policies?: Record<string, ObservedManagedPolicy>;
  /** Set when the account could not be read (AccessDenied, unreachable); its roles are then unknown. */
  error?: string;
}

/** A hub role as read from IAM: what crossrole keeps in shape when it owns the role. */
export type ObservedHubRole = Pick<ObservedRole, 'arn' | 'path' | 'trustPolicy' | 'tags' | 'maxSessionDuration' | 'description' | 'instanceProfiles'>;

/** A customer managed policy crossrole made for a hub or a spoke role's action list. */
export interface ObservedManagedPolicy {
  arn: string;
  /** Spoke policies read live: their tags (ownership, as on roles); undefined when not read (hub policies, snapshots). */
  tags?: Record<string, string>;
  /** The default version's document. */
  document: PolicyDocument;
  /** Version ids, oldest first (IAM keeps at most 5). */
  versions: { id: string; isDefault: boolean }[];
}

/** An IAM principal of a hub as read: the hub principal itself, or a further group of a Micetro hub. */
export interface ObservedPrincipal {
  /** False when the principal (role, user or group) does not exist. */
  exists: boolean;
  /** Inline policies crossrole manages on it (its names), by name. */
  policies: Record<string, PolicyDocument>;
  /** Groups: user names in the group. */
  members?: string[];
  /** Managed policy ARNs attached to it. */
  attachedPolicyArns?: string[];
}

export interface ObservedHub extends ObservedPrincipal {
  name: string;
  /** Role hubs that exist: the role itself. Undefined when the reader cannot see it (snapshots). */
  role?: ObservedHubRole;
  /** Group hubs: listed members that are no IAM user of the hub account. */
  missingMembers?: string[];
  /** crossrole's customer managed policies for this hub, by name. */
  managedPolicies?: Record<string, ObservedManagedPolicy>;
  /** Group hubs: further groups (Micetro) by name. */
  extraGroups?: Record<string, ObservedPrincipal>;
}

export interface ObservedState {
  accounts: ObservedAccount[];
  hubs: ObservedHub[];
}
