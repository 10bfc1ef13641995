// The access graph's vocabulary: who (nodes) can assume which role (edges), under which conditions.
import type { Alternatives } from '../policy/discover.js';

/**
 * - `user`, `role`: IAM principals (read from the snapshot, or only named by a trust when their
 *   account was not collected: `inSnapshot` false, identity unknown and taken as allowing).
 * - `group`: IAM groups; not principals, linked to their users by memberships only.
 * - `account`: "any principal that account allows" (a trust naming the account root or id).
 * - `service`: an AWS service principal (`ec2.amazonaws.com`).
 * - `federated`: a SAML or OIDC provider (`arn:aws:iam::…:saml-provider/X`, `accounts.google.com`).
 * - `anyone`: `"*"`, every AWS principal anywhere.
 */
export type NodeKind = 'user' | 'role' | 'group' | 'account' | 'service' | 'federated' | 'anyone';

export type AssumeAction = 'sts:AssumeRole' | 'sts:AssumeRoleWithSAML' | 'sts:AssumeRoleWithWebIdentity';

export interface GraphNode {
  /** Position in `AccessGraph.nodes`; edges refer to nodes by it. */
  index: number;
  kind: NodeKind;
  /**
   * The node's key, as a trust policy would name it: user/role/group ARN (with path), account root
   * ARN (`arn:aws:iam::111111111111:root`), service name, provider ARN or name, or `*`.
   */
  arn: string;
  /** Role/user/group name, account name (else id), service or provider name, `anyone`. */
  name: string;
  /** The account the node belongs to (undefined for services, `*` and providers named without an ARN). */
  accountId: string | undefined;
  /** The node's account belongs to the organization. */
  inOrg: boolean;
  /** Read from a collected account of the snapshot (users, roles, groups, accounts). */
  inSnapshot: boolean;
}

/** What a caller must bring for one edge: alternatives (OR) of requirements (AND); `[[]]` = nothing. */
export interface EdgeLabel {
  conditions: Alternatives;
  /** `allowed unconditionally`, or e.g. `needs sts:ExternalId = x; or needs aws:MultiFactorAuthPresent = true`. */
  summary: string;
}

export interface GraphEdge {
  index: number;
  /** Caller node index. */
  from: number;
  /** Role node index. */
  to: number;
  action: AssumeAction;
  conditions: Alternatives;
  summary: string;
  /** Why the edge is risky (anyone, an outside account without sts:ExternalId, …), else undefined. */
  risk: string | undefined;
}

/** A user's membership of a group (node indexes). */
export interface Membership {
  user: number;
  group: number;
}
