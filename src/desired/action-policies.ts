// A spoke role's compressed action list → its policies within the role's quotas: one inline policy
// while the role's aggregate inline characters hold, the rest in customer managed policies that
// crossrole creates in each account and attaches, counted with the spec's managed policies against
// the managed-policies-per-role quota. Pure: the patterns come compressed (src/permissions/).
import { documentOf, packDocuments } from '../permissions/documents.js';
import { statementsOf, type PolicyDocument } from '../policy/document.js';
import { IAM_LIMITS } from './limits.js';
import { emptyRecord } from '../data-record.js';

/** The inline policy that holds the part of a role's action list the inline budget takes. */
export const ACTION_INLINE_POLICY = 'crossrole-actions';
/** Where crossrole creates spoke roles' customer managed policies (the hub's are directly under /crossrole/). */
export const SPOKE_POLICY_PATH = '/crossrole/roles/';

/** A role's action list, compressed. */
export interface RoleActions {
  /** Action patterns granting exactly the list (or, with allowExtra read, `extra` besides). */
  patterns: string[];
  /** Distinct actions listed. */
  actions: number;
  /** Catalog actions the patterns grant beyond the list. */
  extra: string[];
}

export interface ActionPolicies {
  /** The inline part, under ACTION_INLINE_POLICY, when the inline budget takes any. */
  inline?: PolicyDocument;
  /** Customer managed policies by name (<role>-actions-<n>). */
  managed: Record<string, PolicyDocument>;
  /** Set when they do not fit the role's quotas: why, for the user. */
  problem?: string;
}

export interface RoleBudget {
  roleName: string;
  /** Characters the spec's own inline policies take. */
  inlineUsed: number;
  /** Managed policies the spec attaches. */
  managedUsed: number;
  /** limits.managedPoliciesPerRole. */
  managedLimit: number;
}

export function spokePolicyName(roleName: string, index: number): string {
  return `${roleName}-actions-${index + 1}`;
}

/** The ARN of a spoke's customer managed policy, `${AccountId}` standing for the account when none is given. */
export function spokePolicyArn(policyName: string, accountId = '${AccountId}'): string {
  return `arn:aws:iam::${accountId}:policy${SPOKE_POLICY_PATH}${policyName}`;
}

/** Whether a policy ARN is at crossrole's path for spoke policies (in an account, not `${AccountId}`). */
export function isSpokePolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:policy\//.test(arn) && arn.slice(arn.indexOf(':policy/') + ':policy'.length).startsWith(SPOKE_POLICY_PATH);
}

export function actionPolicies(patterns: readonly string[], budget: RoleBudget): ActionPolicies {
  const inlineRoom = IAM_LIMITS.inlinePerRole - budget.inlineUsed;
  const longest = Math.max(...patterns.map((p) => JSON.stringify(documentOf([p])).length));
  // The largest document the inline budget takes goes inline; the rest is packed again for managed policies.
  const inlineDocs = patterns.length && longest <= inlineRoom ? packDocuments(patterns, inlineRoom) : [];
  const inline = inlineDocs.reduce<PolicyDocument | undefined>((best, d) => (best === undefined || size(d) > size(best) ? d : best), undefined);
  const inlined = new Set(inline ? actionsOf(inline) : []);
  const rest = patterns.filter((p) => !inlined.has(p));
  const managedDocs = rest.length ? packDocuments(rest, IAM_LIMITS.managedPolicy) : [];
  const managed = emptyRecord<PolicyDocument>();
  managedDocs.forEach((d, i) => (managed[spokePolicyName(budget.roleName, i)] = d));
  const total = budget.managedUsed + managedDocs.length;
  const problem =
    total > budget.managedLimit
      ? `the action list needs ${managedDocs.length} customer managed ${managedDocs.length === 1 ? 'policy' : 'policies'} of ${IAM_LIMITS.managedPolicy} characters besides ${inline ? `the inline policy ${ACTION_INLINE_POLICY}` : 'the role\'s inline policies'}; with the ${budget.managedUsed} managed ${budget.managedUsed === 1 ? 'policy' : 'policies'} of permissions.managed that is ${total}, over the ${budget.managedLimit} per role (limits.managedPoliciesPerRole, raisable to ${IAM_LIMITS.managedPerRoleMax}): list fewer actions, set allowExtra: read, or attach fewer managed policies`
      : undefined;
  return { ...(inline && { inline }), managed, ...(problem !== undefined && { problem }) };
}

function actionsOf(document: PolicyDocument): string[] {
  return statementsOf(document).flatMap((s) => [s.Action ?? []].flat());
}

function size(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}
