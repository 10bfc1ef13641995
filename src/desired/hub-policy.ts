// Hub identity policy: the outbound half, allowing exactly the hub's spokes within IAM size limits.
//
// `list` names every spoke ARN; it stops fitting around 150 accounts for a role hub. `pattern` names
// arn:aws:iam::*:role/<path><name> limited to the organization (aws:ResourceOrgID) and, unless the
// whole organization is covered, to OU subtrees (aws:ResourceOrgPaths). Every account that a chosen
// subtree covers but the spec does not target is then denied by ARN, so excluded accounts stay
// unreachable (suspended accounts refuse all calls and are not denied). Which subtrees to allow is chosen to minimize the policy's size (see `cover`).
import { policySize, type PolicyDocument, type Statement } from '../policy/document.js';
import { accountsUnder, type OrgIndex } from '../org/model.js';
import type { OrgAccount } from '../org/schema.js';
import { roleArn } from './arn.js';
import { single, sidPart } from './trust.js';
import type { HubPolicyRecipe, HubPolicySet, HubSpoke } from './types.js';

export type { HubSpoke } from './types.js';

export interface Coverage {
  /** Root or OU ids whose whole subtree is allowed. */
  allowContainers: string[];
  /** Targeted accounts allowed one by one. */
  allowAccounts: string[];
  /** Covered accounts that are not targeted: denied one by one. */
  denyAccounts: string[];
}

export function listPolicy(spokes: HubSpoke[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: spokes.map((s) => ({
      Sid: `Assume${sidPart(s.roleName)}`,
      Effect: 'Allow',
      Action: single(s.actions),
      Resource: single(s.accountIds.map((id) => roleArn(id, s.path, s.roleName))),
    })),
  };
}

export function patternPolicy(index: OrgIndex, spokes: HubSpoke[]): PolicyDocument {
  const statements: Statement[] = [];
  for (const spoke of spokes) {
    const sid = sidPart(spoke.roleName);
    const arn = (id: string) => roleArn(id, spoke.path, spoke.roleName);
    const coverage = cover(index, new Set(spoke.accountIds), (id) => arn(id).length);
    const wholeOrg = coverage.allowContainers.some((id) => index.parentOf.get(id) === undefined);
    if (coverage.allowContainers.length) {
      const condition: NonNullable<Statement['Condition']> = { StringEquals: { 'aws:ResourceOrgID': index.org.organizationId } };
      if (!wholeOrg) condition['ForAnyValue:StringLike'] = { 'aws:ResourceOrgPaths': single(coverage.allowContainers.map((id) => `${index.orgPath.get(id)}*`)) };
      statements.push({ Sid: `Assume${sid}InOrg`, Effect: 'Allow', Action: single(spoke.actions), Resource: roleArn('*', spoke.path, spoke.roleName), Condition: condition });
    }
    if (coverage.allowAccounts.length) {
      statements.push({ Sid: `Assume${sid}`, Effect: 'Allow', Action: single(spoke.actions), Resource: single(coverage.allowAccounts.map(arn)) });
    }
    if (coverage.denyAccounts.length) {
      statements.push({ Sid: `Deny${sid}Untargeted`, Effect: 'Deny', Action: single(spoke.actions), Resource: single(coverage.denyAccounts.map(arn)) });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

interface Subtree {
  targeted: number;
  others: OrgAccount[];
  best: Coverage;
  cost: number;
}

/**
 * Chooses, per subtree, the cheaper of: allow the whole subtree and deny its untargeted accounts, or
 * recurse into child OUs and allow the targeted accounts sitting directly in it by ARN. Costs are
 * characters in the policy, so the result is the smallest policy of this shape.
 */
export function cover(index: OrgIndex, targeted: Set<string>, arnLength: (accountId: string) => number): Coverage {
  const entryCost = (text: number) => text + 3; // quotes and comma
  const visit = (id: string): Subtree => {
    const children = (index.childOus.get(id) ?? []).map(visit);
    const direct = index.directAccounts.get(id) ?? [];
    const directTargeted = direct.filter((a) => targeted.has(a.id));
    // Suspended and closing accounts refuse every call, so covering them costs nothing and they need no deny.
    const others = [...direct.filter((a) => !targeted.has(a.id) && a.status === 'ACTIVE'), ...children.flatMap((c) => c.others)];
    const count = directTargeted.length + children.reduce((n, c) => n + c.targeted, 0);
    const splitCost = directTargeted.reduce((n, a) => n + entryCost(arnLength(a.id)), 0) + children.reduce((n, c) => n + c.cost, 0);
    const split: Coverage = {
      allowContainers: children.flatMap((c) => c.best.allowContainers),
      allowAccounts: [...directTargeted.map((a) => a.id), ...children.flatMap((c) => c.best.allowAccounts)],
      denyAccounts: children.flatMap((c) => c.best.denyAccounts),
    };
    if (count === 0) return { targeted: 0, others, best: split, cost: 0 };
    const isRoot = index.parentOf.get(id) === undefined;
    // The root needs no path condition (aws:ResourceOrgID alone); an OU costs its path.
    const pathCost = isRoot ? 0 : entryCost(index.orgPath.get(id)!.length + 1);
    const allowCost = pathCost + others.reduce((n, a) => n + entryCost(arnLength(a.id)), 0);
    if (allowCost < splitCost) return { targeted: count, others, best: { allowContainers: [id], allowAccounts: [], denyAccounts: others.map((a) => a.id) }, cost: allowCost };
    return { targeted: count, others, best: split, cost: splitCost };
  };
  const result: Coverage = { allowContainers: [], allowAccounts: [], denyAccounts: [] };
  for (const root of index.org.roots) {
    const { best } = visit(root.id);
    result.allowContainers.push(...best.allowContainers);
    result.allowAccounts.push(...best.allowAccounts);
    result.denyAccounts.push(...best.denyAccounts);
  }
  // Targeted accounts outside every root (not in the org index) can only be listed.
  const inOrg = new Set(index.org.roots.flatMap((r) => accountsUnder(index, r.id).map((a) => a.id)));
  for (const id of targeted) if (!inOrg.has(id)) result.allowAccounts.push(id);
  result.allowAccounts.sort();
  result.denyAccounts.sort();
  return result;
}

export type HubStrategy = 'auto' | 'list' | 'pattern';

export interface HubPolicyChoice {
  strategy: 'list' | 'pattern';
  document: PolicyDocument;
  size: number;
  /** Set when even the chosen strategy does not fit: why, for the user. */
  problem?: string;
}

/** `extra`: statements the hub needs besides assuming its spokes (tools.ts); they count toward the limit. */
export function chooseHubPolicy(index: OrgIndex, spokes: HubSpoke[], requested: HubStrategy, limit: number, extra: Statement[] = []): HubPolicyChoice {
  const withExtra = (document: PolicyDocument): PolicyDocument => ({ ...document, Statement: [...[document.Statement].flat(), ...extra] });
  const list = () => {
    const document = withExtra(listPolicy(spokes));
    return { strategy: 'list' as const, document, size: policySize(document) };
  };
  const pattern = () => {
    const document = withExtra(patternPolicy(index, spokes));
    return { strategy: 'pattern' as const, document, size: policySize(document) };
  };
  let choice: HubPolicyChoice;
  if (requested === 'list') choice = list();
  else if (requested === 'pattern') choice = pattern();
  else {
    const listed = list();
    choice = listed.size <= limit ? listed : pattern();
  }
  if (choice.size > limit) {
    const accounts = spokes.reduce((n, s) => n + s.accountIds.length, 0);
    const advice =
      choice.strategy === 'list'
        ? 'use policy.strategy: pattern (or auto)'
        : 'the targeted accounts are scattered among untargeted ones, so too many must be denied one by one; target whole OUs (targets.ous) or move the accounts into OUs of their own';
    choice.problem = `the hub identity policy needs ${choice.size} characters for ${accounts} spokes with strategy ${choice.strategy}, over the IAM limit of ${limit}: ${advice}`;
  }
  return choice;
}

/**
 * The hub's policies from its recipe, leaving out the spoke ARNs in `without`. A left-out account
 * is simply not targeted any more, so the pattern form denies it by ARN wherever it allows the
 * account's OU subtree (see `cover`).
 */
export function hubPolicies(index: OrgIndex, recipe: HubPolicyRecipe, without: ReadonlySet<string> = new Set()): HubPolicySet {
  const spokes = recipe.spokes
    .map((s) => ({ ...s, accountIds: s.accountIds.filter((id) => !without.has(roleArn(id, s.path, s.roleName))) }))
    .filter((s) => s.accountIds.length);
  const none = { managedPolicies: {}, extraGroups: [] };
  if (!spokes.length) return { strategy: 'list', policies: {}, ...none };
  const choice = chooseHubPolicy(index, spokes, recipe.strategy === 'tags' ? 'pattern' : recipe.strategy, recipe.limit, recipe.extra);
  return { strategy: choice.strategy, policies: { [recipe.policyName]: choice.document }, ...none, ...(choice.problem !== undefined && { problem: choice.problem }) };
}
