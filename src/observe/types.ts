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
  /** Set when the account could not be read (AccessDenied, unreachable); its roles are then unknown. */
  error?: string;
}

export interface ObservedHub {
  name: string;
  /** False when the hub principal (role, user or group) does not exist. */
  exists: boolean;
  /** Inline policies of the hub principal, by name (only those crossrole manages are compared). */
  policies: Record<string, PolicyDocument>;
}

export interface ObservedState {
  accounts: ObservedAccount[];
  hubs: ObservedHub[];
}
