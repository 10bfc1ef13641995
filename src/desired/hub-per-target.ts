// Micetro reads the roles it may assume from its group's inline policies, one policy per role (its
// setup guide: "a managed policy will not work"). A group hub with group.policyPerTarget gets exactly
// that: one inline policy per target role ARN, spread over the hub group and as many further groups
// (<group>-2, <group>-3, …) as their inline budgets need, up to the groups a member may join.
import { policySize, type PolicyDocument } from '../policy/document.js';
import { roleArn } from './arn.js';
import { IAM_LIMITS } from './limits.js';
import { single } from './trust.js';
import type { HubPolicyRecipe, HubPolicySet, HubSpoke } from './types.js';

const ACCOUNT_ID_LENGTH = 12;
/** Room the policy name prefix keeps so that <prefix>-<account id>-<role name> fits any role name. */
const PREFIX_LENGTH = IAM_LIMITS.policyName - ACCOUNT_ID_LENGTH - IAM_LIMITS.roleName - 2;

/** The inline policy name for one target: the hub's policy name (cut to fit), the account and the role. */
function perTargetPolicyName(policyName: string, accountId: string, roleName: string): string {
  return `${policyName.slice(0, PREFIX_LENGTH)}-${accountId}-${roleName}`;
}

/** The further groups are <group>-<n> from 2 on: the first group is the hub's own. */
function extraGroupName(groupName: string, n: number): string {
  return `${groupName}-${n}`;
}

/** Every further group a per-target hub may have had: a plan must find the ones no longer needed. */
export function possibleExtraGroups(groupName: string): string[] {
  return Array.from({ length: IAM_LIMITS.groupsPerUser - 1 }, (_, i) => extraGroupName(groupName, i + 2)).filter((name) => name.length <= IAM_LIMITS.groupName);
}

/**
 * One inline policy per target, filled into groups in account and role order, each group's inline
 * policies within `recipe.limit`; the recipe's extra statements are one more policy, <policyName>,
 * in the hub group. Never managed policies. A problem when more groups are needed than a member may
 * join, or when a further group's name would be too long.
 */
export function perTargetPolicies(recipe: HubPolicyRecipe, spokes: HubSpoke[]): HubPolicySet {
  // By name: account id, then role.
  const targets = spokes
    .flatMap((spoke) => spoke.accountIds.map((accountId) => ({ name: perTargetPolicyName(recipe.policyName, accountId, spoke.roleName), accountId, spoke })))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const empty: HubPolicySet = { strategy: 'per-target', policies: {}, managedPolicies: {}, extraGroups: [] };
  if (!targets.length) return empty;

  const groups: { policies: [string, PolicyDocument][]; size: number }[] = [{ policies: [], size: 0 }];
  const add = (name: string, doc: PolicyDocument) => {
    const size = policySize(doc);
    let group = groups.at(-1)!;
    if (group.policies.length && group.size + size > recipe.limit) groups.push((group = { policies: [], size: 0 }));
    group.policies.push([name, doc]);
    group.size += size;
  };
  if (recipe.extra.length) add(recipe.policyName, { Version: '2012-10-17', Statement: recipe.extra });
  for (const { name, accountId, spoke } of targets) {
    add(name, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: single(spoke.actions), Resource: roleArn(accountId, spoke.path, spoke.roleName) }] });
  }

  const size = groups.reduce((n, g) => n + g.size, 0);
  const lastName = extraGroupName(recipe.principalName, groups.length);
  if (groups.length > IAM_LIMITS.groupsPerUser) {
    return {
      ...empty,
      problem:
        `group.policyPerTarget needs one inline policy per target: ${targets.length} targets take ${size} characters, ` +
        `more than the ${IAM_LIMITS.groupsPerUser} groups a member may join hold (${recipe.limit} characters of inline policy each); ` +
        'target fewer accounts, or split the targets between two hubs with their own members (Micetro reads only inline group policies: a managed policy will not work)',
    };
  }
  if (groups.length > 1 && lastName.length > IAM_LIMITS.groupName) {
    return { ...empty, problem: `group.policyPerTarget needs ${groups.length} groups, but ${lastName} is longer than the ${IAM_LIMITS.groupName} characters IAM allows in a group name: shorten the group name` };
  }
  return {
    ...empty,
    policies: Object.fromEntries(groups[0]!.policies),
    extraGroups: groups.slice(1).map((g, i) => ({ name: extraGroupName(recipe.principalName, i + 2), policies: Object.fromEntries(g.policies) })),
  };
}
