// Desired state: what crossrole wants to exist. Observed state (a later stage) uses the same shapes.
import type { PolicyDocument, Statement } from '../policy/document.js';

export const OWNER_TAG = 'crossrole:managed-by';
export const OWNER_VALUE = 'crossrole';
export const SPEC_TAG = 'crossrole:spec';
export const HASH_TAG = 'crossrole:hash';

/** The tags that mark what crossrole made, and for which spec. */
export function ownershipTags(specName: string): Record<string, string> {
  return { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: specName };
}

/** The spec that owns what carries these tags, or undefined when crossrole does not own it. */
export function owningSpec(tags: Record<string, string>): string | undefined {
  return tags[OWNER_TAG] === OWNER_VALUE ? tags[SPEC_TAG] : undefined;
}

/** What a spoke role is, wherever it lives. */
export interface RoleDefinition {
  /** Spec key of the role. */
  name: string;
  path: string;
  description?: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  /** Inline policies by name. */
  inlinePolicies: Record<string, PolicyDocument>;
  managedPolicyArns: string[];
  /**
   * Customer managed policies crossrole creates in the role's account from its action list (path
   * /crossrole/roles/), by name; their ARNs are among managedPolicyArns. Left out when none, so
   * roles without an action list hash as before.
   */
  actionPolicies?: Record<string, PolicyDocument>;
  permissionsBoundary?: string;
  /**
   * An instance profile of the role's own name and path holds the role (EC2 can only use a role
   * through one). Left out rather than false when not wanted, so roles without one hash as before.
   */
  instanceProfile?: boolean;
  /** Ownership tags plus the spec's extra tags. */
  tags: Record<string, string>;
}

/** One spoke role in one account. */
export interface DesiredRole extends RoleDefinition {
  accountId: string;
  accountName: string;
  arn: string;
  /** Take over an existing role of this name that crossrole does not own. */
  adopt: boolean;
}

export type HubKind = 'role' | 'user' | 'group';

/** One spoke role as a hub policy names it: the role, the actions the hub needs, and its accounts. */
export interface HubSpoke {
  roleName: string;
  path: string;
  actions: string[];
  /** Targeted account ids. */
  accountIds: string[];
  /**
   * OU (or root) ids a StackSet deploys this role to automatically, accounts joining them later
   * included: the hub policy must allow these subtrees by organization path, never list accounts.
   */
  followOus?: string[];
}

/**
 * How a hub's policies are made, kept with the hub so that a plan can make them again without the
 * spokes it must leave out (a role crossrole does not own, an account it could not read).
 */
export interface HubPolicyRecipe {
  /** Name of the first policy; further ones get -2, -3, …. */
  policyName: string;
  /** The spec's `policy.strategy`. */
  strategy: 'auto' | 'list' | 'pattern' | 'tags';
  kind: HubKind;
  /** The hub principal's name (a group hub's extra groups are named after it). */
  principalName: string;
  /** IAM's aggregate inline policy quota for the hub's kind. */
  limit: number;
  /** Customer managed policies crossrole may attach to the hub principal (its quota). */
  managedPolicySlots: number;
  /** The spec allows the tags form (`policy.tagConditions`). */
  tagConditions: boolean;
  /** The spec name: the value of the spokes' crossrole:spec tag, which the tags form matches. */
  specName: string;
  /** Group hubs for Micetro: one inline policy per target role, spread over groups as needed. */
  policyPerTarget: boolean;
  spokes: HubSpoke[];
  /** Statements the hub needs besides assuming its spokes (tools.ts); they count toward the limit. */
  extra: Statement[];
}

/** How a hub policy set names its spokes. */
export type HubPolicyStrategy = 'list' | 'pattern' | 'tags' | 'per-target';

/** The policies that let a hub assume exactly its spokes, in the smallest form its quotas hold. */
export interface HubPolicySet {
  strategy: HubPolicyStrategy;
  /**
   * Inline policies on the hub principal, by name: <policyName>; with per-target, one
   * <policyName cut to 50>-<account id>-<role> per target and <policyName> for the extra
   * statements. None when the hub has no spoke left.
   */
  policies: Record<string, PolicyDocument>;
  /** Customer managed policies crossrole creates in the hub account (path /crossrole/) and attaches to the hub principal, by name: <policyName>-2, -3, …. */
  managedPolicies: Record<string, PolicyDocument>;
  /** Group hubs with policyPerTarget: further groups (<group>-2, …) with their inline policies; the hub's members join each. */
  extraGroups: { name: string; policies: Record<string, PolicyDocument> }[];
  /** Set when no form fits the hub's quotas: exactly why, for the user. The set is then empty and must not be applied. */
  problem?: string;
}

/** A hub role crossrole creates when missing (and keeps in shape when it owns it). */
export interface HubRoleDefinition {
  description?: string;
  maxSessionDuration: number;
  /** Who may assume the hub role: the hub account by default, or the spec's principals and services. */
  trustPolicy: PolicyDocument;
  instanceProfile?: boolean;
  /** Ownership tags. */
  tags: Record<string, string>;
}

/** The identity half: the hub principal and the policies that let it assume exactly its spokes. */
export interface DesiredHub extends HubPolicySet {
  name: string;
  accountId: string;
  kind: HubKind;
  principalName: string;
  path: string;
  /** ARN of the role, user or group. */
  arn: string;
  /** Role hubs: the role crossrole creates when missing. */
  role?: HubRoleDefinition;
  /** Group hubs: the user names to add to the group (they must exist). */
  members: string[];
  /** For group hubs with listed members: their user ARNs. */
  memberArns: string[];
  /** ARNs that spoke trust policies name for this hub. */
  trustPrincipals: string[];
  /** Spoke role ARNs this hub must be able to assume. */
  spokeArns: string[];
  recipe: HubPolicyRecipe;
}

/**
 * A spoke role independent of any account: what CloudFormation and StackSets deploy. Managed
 * policy ARNs may contain `${AccountId}`; tags lack the per-account hash.
 */
export interface RoleTemplate extends RoleDefinition {
  /** Hub names this role trusts. */
  hubs: string[];
  /** Targeted ACTIVE account ids, sorted. */
  accountIds: string[];
  /**
   * The spec's OUs when it picks accounts by OU alone (no tags, no account ids): accounts that join
   * them later, outside the excluded OUs, are targets too, so a StackSet may deploy to them
   * automatically. Absent when the spec picks by tag or id, which a StackSet cannot follow.
   */
  ouSelection?: { ous: string[]; excludeOus: string[] };
}

export interface SkippedAccount {
  accountId: string;
  accountName: string;
  role: string;
  reason: string;
}

export interface RoleTargets {
  role: string;
  accountIds: string[];
}

export interface DesiredState {
  specName: string;
  organizationId: string;
  managementAccountId: string;
  regions: string[];
  /** Every spoke role, sorted by role name then account id. */
  roles: DesiredRole[];
  /** One per spec role, in spec order. */
  templates: RoleTemplate[];
  hubs: DesiredHub[];
  targets: RoleTargets[];
  skipped: SkippedAccount[];
}
