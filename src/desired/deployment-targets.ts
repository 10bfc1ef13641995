// Where a SERVICE_MANAGED StackSet deploys: OU (or root) ids, each with an account filter, that
// reach exactly the targeted accounts. Deploying to an OU reaches its whole subtree, so an OU whose
// subtree holds only targets is named as it is (filter NONE); an OU with a few accounts to leave
// out names them (DIFFERENCE); one with a few targets names those (INTERSECTION). StackSets never
// deploy to the management account, whatever the OU. The OUs chosen never nest, so no account is
// reached twice and the StackSet resource keys every OU once.
import type { RoleTemplate } from './types.js';
import { accountsUnder, type OrgIndex } from '../org/model.js';
import { compareStrings } from '../compare-strings.js';

export type AccountFilter = 'NONE' | 'DIFFERENCE' | 'INTERSECTION';

/** One StackInstancesGroup entry: OUs sharing a filter, with the accounts the filter names. */
export interface TargetGroup {
  filter: AccountFilter;
  ous: string[];
  /** Accounts left out (DIFFERENCE) or the only ones reached (INTERSECTION); none for NONE. */
  accounts: string[];
}

export interface DeploymentTargets {
  /** NONE, DIFFERENCE, INTERSECTION, each when used. */
  groups: TargetGroup[];
  /** Accounts that later join the OUs are targets too (the spec picks by OU alone and the OUs hold nothing it excludes). */
  autoDeployment: boolean;
  /** Why automatic deployment is off. */
  manual?: string;
}

interface Pick {
  ou: string;
  filter: AccountFilter;
}

interface Counts {
  /** Targets in the subtree. */
  reach: number;
  /** Accounts in the subtree that must not get the role: untargeted, or not ACTIVE (a stack instance there fails). */
  avoid: number;
}

/** Template bytes an id costs in a two-space list (quotes, comma, newline, indentation). */
const LIST_ENTRY = 16;
const ACCOUNT_ENTRY = 12 + LIST_ENTRY;

export function planDeploymentTargets(index: OrgIndex, template: RoleTemplate): DeploymentTargets {
  const management = index.org.managementAccountId;
  const targets = new Set(template.accountIds.filter((id) => id !== management));
  const counts = subtreeCounts(index, targets);
  const roots = index.org.roots.map((root) => root.id);

  if (template.ouSelection) {
    const follows = followedSubtrees(index, template.ouSelection);
    const picks: Pick[] = [];
    const excluded = new Set(template.ouSelection.excludeOus);
    const stuck = roots.map((root) => pickWholeSubtrees(index, root, { counts, follows, excluded }, picks)).find((problem) => problem !== undefined);
    if (stuck === undefined) return { groups: groupPicks(index, picks, targets), autoDeployment: picks.length > 0 };
    return { groups: groupPicks(index, cheapestPicks(index, roots, counts), targets), autoDeployment: false, manual: stuck };
  }
  return {
    groups: groupPicks(index, cheapestPicks(index, roots, counts), targets),
    autoDeployment: false,
    manual: 'the spec picks accounts by tag or id, which a StackSet cannot follow',
  };
}

function subtreeCounts(index: OrgIndex, targets: Set<string>): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  const visit = (id: string): Counts => {
    const own: Counts = { reach: 0, avoid: 0 };
    for (const account of index.directAccounts.get(id) ?? []) {
      if (targets.has(account.id)) own.reach++;
      else if (account.id !== index.org.managementAccountId) own.avoid++;
    }
    for (const child of index.childOus.get(id) ?? []) {
      const below = visit(child);
      own.reach += below.reach;
      own.avoid += below.avoid;
    }
    counts.set(id, own);
    return own;
  };
  for (const root of index.org.roots) visit(root.id);
  return counts;
}

/** The cheapest filter for one OU, or none when it reaches nothing it must. */
function filterFor({ reach, avoid }: Counts): { filter: AccountFilter; listed: number } {
  if (avoid === 0) return { filter: 'NONE', listed: 0 };
  // INTERSECTION needs at least one account; DIFFERENCE of everything still deploys to accounts that join later.
  if (reach > 0 && reach < avoid) return { filter: 'INTERSECTION', listed: reach };
  return { filter: 'DIFFERENCE', listed: avoid };
}

const directTargets = (index: OrgIndex, id: string, counts: Map<string, Counts>): boolean =>
  counts.get(id)!.reach > (index.childOus.get(id) ?? []).reduce((n, child) => n + counts.get(child)!.reach, 0);

/**
 * Unconstrained: the fewest template bytes. Below each OU, either the OU itself (cheapest filter)
 * or its child OUs, when no target sits directly in it.
 */
function cheapestPicks(index: OrgIndex, roots: string[], counts: Map<string, Counts>): Pick[] {
  const best = (id: string): { cost: number; picks: Pick[] } => {
    const own = counts.get(id)!;
    if (own.reach === 0) return { cost: 0, picks: [] };
    const { filter, listed } = filterFor(own);
    const here = { cost: id.length + LIST_ENTRY + listed * ACCOUNT_ENTRY, picks: [{ ou: id, filter }] };
    if (directTargets(index, id, counts)) return here;
    const below = (index.childOus.get(id) ?? []).map(best);
    const cost = below.reduce((n, b) => n + b.cost, 0);
    return cost < here.cost ? { cost, picks: below.flatMap((b) => b.picks) } : here;
  };
  return roots.flatMap((root) => best(root).picks);
}

/** Containers whose whole subtree the spec follows: inside its OUs and outside the OUs it excludes. */
function followedSubtrees(index: OrgIndex, selection: NonNullable<RoleTemplate['ouSelection']>): Set<string> {
  const included = new Set(selection.ous);
  const excluded = new Set(selection.excludeOus);
  const followed = new Set<string>();
  const visit = (id: string, inside: boolean): boolean => {
    if (excluded.has(id)) {
      for (const child of index.childOus.get(id) ?? []) visit(child, false);
      return false;
    }
    const here = inside || included.has(id);
    let whole = here;
    for (const child of index.childOus.get(id) ?? []) whole = visit(child, here) && whole;
    if (whole) followed.add(id);
    return whole;
  };
  for (const root of index.org.roots) visit(root.id, false);
  return followed;
}

/**
 * Constrained, so that automatic deployment stays true to the spec: the highest OUs whose whole
 * subtree the spec follows (empty ones too: accounts may join them). Returns why that cannot be
 * exact when a target sits in an OU that also holds an excluded one.
 */
function pickWholeSubtrees(index: OrgIndex, id: string, tree: { counts: Map<string, Counts>; follows: Set<string>; excluded: Set<string> }, picks: Pick[]): string | undefined {
  if (tree.follows.has(id)) {
    picks.push({ ou: id, filter: filterFor(tree.counts.get(id)!).filter });
    return undefined;
  }
  if (directTargets(index, id, tree.counts)) {
    // Targets are never inside an excluded OU, so one lies below: name the first.
    const path = index.orgPath.get(id)!;
    const excluded = [...tree.excluded].filter((ou) => ou !== id && index.orgPath.get(ou)?.startsWith(path)).sort(compareStrings)[0];
    return `targeted accounts sit directly in ${id}, which also holds ${excluded} that the spec excludes (a StackSet deploying to ${id} would also deploy to accounts that join ${excluded} later)`;
  }
  for (const child of index.childOus.get(id) ?? []) {
    const problem = pickWholeSubtrees(index, child, tree, picks);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** One group per filter, OUs and accounts sorted. */
function groupPicks(index: OrgIndex, picks: Pick[], targets: Set<string>): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const filter of ['NONE', 'DIFFERENCE', 'INTERSECTION'] as const) {
    const ous = picks.filter((pick) => pick.filter === filter).map((pick) => pick.ou);
    if (ous.length === 0) continue;
    const accounts: string[] = [];
    if (filter !== 'NONE') {
      for (const ou of ous) {
        for (const account of accountsUnder(index, ou)) {
          if (account.id === index.org.managementAccountId) continue;
          if (targets.has(account.id) === (filter === 'INTERSECTION')) accounts.push(account.id);
        }
      }
    }
    groups.push({ filter, ous: ous.sort(compareStrings), accounts: accounts.sort(compareStrings) });
  }
  return groups;
}
