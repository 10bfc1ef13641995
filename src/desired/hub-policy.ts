// Hub identity policies: the outbound half, allowing exactly the hub's spokes within IAM's quotas.
//
// Three forms name the spokes. `list` names every spoke ARN; it stops fitting around 150 accounts
// for a role hub's inline budget. `pattern` names arn:aws:iam::*:role/<path><name> limited to the
// organization (aws:ResourceOrgID) and, unless the whole organization is covered, to OU subtrees
// (aws:ResourceOrgPaths). Every account that a chosen subtree covers but the spec does not target is
// then denied by ARN, so excluded accounts stay unreachable (suspended accounts refuse all calls and
// are not denied). Which subtrees to allow is chosen to minimize the policy's size (see `cover`).
// `tags`, only where the spec allows it, recognizes spokes by this spec's ownership tags (see
// `tagsForm`). A form's statements fill the inline budget first, then customer managed policies
// (hub-pack.ts). Group hubs for Micetro get one inline policy per target instead (hub-per-target.ts).
import { policySize, type PolicyDocument } from '../policy/document.js';
import { accountsUnder, type OrgIndex } from '../org/model.js';
import type { OrgAccount } from '../org/schema.js';
import { roleArn } from './arn.js';
import { packStatements, wholeDocument, type HubStatement } from './hub-pack.js';
import { perTargetPolicies } from './hub-per-target.js';
import { IAM_LIMITS } from './limits.js';
import { single, sidPart } from './trust.js';
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG, type HubPolicyRecipe, type HubPolicySet, type HubSpoke } from './types.js';

export interface Coverage {
  /** Root or OU ids whose whole subtree is allowed. */
  allowContainers: string[];
  /** Targeted accounts allowed one by one. */
  allowAccounts: string[];
  /** Covered accounts that are not targeted: denied one by one. */
  denyAccounts: string[];
}

type Form = 'list' | 'pattern' | 'tags';

/** One way to name the spokes, as statements to pack. */
interface Candidate {
  form: Form;
  statements: HubStatement[];
  /** What the form names, for the user when nothing fits. */
  detail: string;
}

/** A statement naming ARNs, split by them when it must be. */
function arnStatement(sid: string, effect: 'Allow' | 'Deny', actions: string[], arns: string[]): HubStatement {
  return { items: arns, make: (part) => ({ Sid: sid, Effect: effect, Action: single(actions), Resource: single(part) }) };
}

/** Allows the spoke's name in every account of the organization that meets `equals`, within `paths` (any, when none), split by the paths. */
function inOrgStatement(sid: string, spoke: HubSpoke, equals: Record<string, string>, paths: string[]): HubStatement {
  return {
    items: paths,
    make: (part) => ({
      Sid: sid,
      Effect: 'Allow',
      Action: single(spoke.actions),
      Resource: roleArn('*', spoke.path, spoke.roleName),
      Condition: { StringEquals: equals, ...(part.length && { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': single(part) } }) },
    }),
  };
}

const spokeArns = (spoke: HubSpoke, accountIds: string[]) => accountIds.map((id) => roleArn(id, spoke.path, spoke.roleName));

function listForm(spokes: HubSpoke[]): Candidate {
  const count = spokes.reduce((n, s) => n + s.accountIds.length, 0);
  return { form: 'list', statements: spokes.map((s) => arnStatement(`Assume${sidPart(s.roleName)}`, 'Allow', s.actions, spokeArns(s, s.accountIds))), detail: `${count} spoke ARNs` };
}

/**
 * A spoke a StackSet deploys automatically allows exactly the OUs it follows, so accounts that join
 * them later are reached too; untargeted accounts already in them are denied by ARN.
 */
function followCoverage(index: OrgIndex, spoke: HubSpoke, followOus: string[]): Coverage {
  const targeted = new Set(spoke.accountIds);
  const inside = followOus.flatMap((ou) => accountsUnder(index, ou));
  return {
    allowContainers: [...followOus],
    allowAccounts: spoke.accountIds.filter((id) => !inside.some((a) => a.id === id)).sort(),
    denyAccounts: inside.filter((a) => !targeted.has(a.id) && a.status === 'ACTIVE').map((a) => a.id).sort(),
  };
}

function patternForm(index: OrgIndex, spokes: HubSpoke[]): Candidate {
  const statements: HubStatement[] = [];
  let denied = 0;
  for (const spoke of spokes) {
    const sid = sidPart(spoke.roleName);
    const coverage = spoke.followOus
      ? followCoverage(index, spoke, spoke.followOus)
      : cover(index, new Set(spoke.accountIds), (id) => roleArn(id, spoke.path, spoke.roleName).length);
    const wholeOrg = coverage.allowContainers.some((id) => index.parentOf.get(id) === undefined);
    if (coverage.allowContainers.length) {
      const paths = wholeOrg ? [] : coverage.allowContainers.map((id) => `${index.orgPath.get(id)}*`);
      statements.push(inOrgStatement(`Assume${sid}InOrg`, spoke, { 'aws:ResourceOrgID': index.org.organizationId }, paths));
    }
    if (coverage.allowAccounts.length) statements.push(arnStatement(`Assume${sid}`, 'Allow', spoke.actions, spokeArns(spoke, coverage.allowAccounts)));
    if (coverage.denyAccounts.length) statements.push(arnStatement(`Deny${sid}Untargeted`, 'Deny', spoke.actions, spokeArns(spoke, coverage.denyAccounts)));
    denied += coverage.denyAccounts.length;
  }
  return { form: 'pattern', statements, detail: `${denied} untargeted accounts in the allowed OU subtrees denied one by one` };
}

/**
 * The tags form allows a spoke's name in the organization (aws:ResourceOrgID) on roles carrying this
 * spec's ownership tags (crossrole:managed-by=crossrole and crossrole:spec=<spec>), narrowed when
 * `narrow` to the OU subtrees holding targeted accounts (aws:ResourceOrgPaths, see
 * `orgPathsHolding`), and denies by ARN every role of the spoke's name in `without`. It grants
 * exactly the targeted spokes as long as:
 * - a role of a spoke's path and name carrying these tags sits only in a targeted account. crossrole
 *   tags only the roles it creates or adopts in targeted accounts; but whoever may tag roles in a
 *   member account can make such a role (why the spec must allow this form), and a spoke role left
 *   in an account no longer targeted (a plan without --prune) keeps its tags: pass its ARN in
 *   `without` and it is denied;
 * - the targeted accounts sit where the organization model says, as for the pattern form (an
 *   account moved out of the narrowed subtrees is not reached until the model is read again).
 */
function tagsForm(index: OrgIndex, recipe: HubPolicyRecipe, spokes: HubSpoke[], without: ReadonlySet<string>, narrow: boolean): Candidate {
  const statements: HubStatement[] = [];
  const equals = { 'aws:ResourceOrgID': index.org.organizationId, [`aws:ResourceTag/${OWNER_TAG}`]: OWNER_VALUE, [`aws:ResourceTag/${SPEC_TAG}`]: recipe.specName };
  let paths = 0;
  for (const spoke of spokes) {
    const sid = sidPart(spoke.roleName);
    const within = narrow ? orgPathsHolding(index, new Set(spoke.accountIds)) : [];
    statements.push(inOrgStatement(`Assume${sid}Tagged`, spoke, equals, within));
    const leftOut = [...without].filter((arn) => arn === roleArn(arn.split(':')[4] ?? '', spoke.path, spoke.roleName)).sort();
    if (leftOut.length) statements.push(arnStatement(`Deny${sid}LeftOut`, 'Deny', spoke.actions, leftOut));
    paths += within.length;
  }
  return { form: 'tags', statements, detail: paths ? `roles tagged by this spec in ${paths} OU subtrees` : 'roles tagged by this spec in the organization' };
}

/**
 * The narrowest aws:ResourceOrgPaths patterns holding every targeted account: an OU whose every
 * child subtree holds targets is allowed whole; otherwise only its own accounts (its exact path)
 * and its children's patterns. None when that is a whole root (aws:ResourceOrgID says as much).
 */
function orgPathsHolding(index: OrgIndex, targeted: ReadonlySet<string>): string[] {
  const whole = (id: string) => `${index.orgPath.get(id)}*`;
  // Undefined: no targeted account below.
  const visit = (id: string): string[] | undefined => {
    const children = (index.childOus.get(id) ?? []).map(visit);
    const direct = (index.directAccounts.get(id) ?? []).some((a) => targeted.has(a.id));
    if (!direct && children.every((c) => c === undefined)) return undefined;
    if (children.every((c) => c !== undefined)) return [whole(id)];
    return [...(direct ? [index.orgPath.get(id)!] : []), ...children.flatMap((c) => c ?? [])];
  };
  const perRoot = index.org.roots.map((r) => ({ id: r.id, paths: visit(r.id) ?? [] }));
  return perRoot.some((r) => r.paths[0] === whole(r.id)) ? [] : perRoot.flatMap((r) => r.paths);
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

/**
 * The hub's policies from its recipe, leaving out the spoke ARNs in `without`. A left-out account
 * is simply not targeted any more, so the pattern form denies it by ARN wherever it allows the
 * account's OU subtree (see `cover`) and the tags form denies it by ARN (an ARN in `without` outside
 * the targets is denied there too). The smallest exact set that fits the hub's quotas: with
 * strategy auto, list then pattern inline, then whichever needs fewer customer managed policies,
 * then (policy.tagConditions) the tags form narrowed to OU subtrees, inline then with managed
 * policies, then the tags form without them. When nothing fits, `problem` says why and the set is
 * empty: it must not be applied.
 */
export function hubPolicies(index: OrgIndex, recipe: HubPolicyRecipe, without: ReadonlySet<string> = new Set()): HubPolicySet {
  const spokes = recipe.spokes
    .map((s) => ({ ...s, accountIds: s.accountIds.filter((id) => !without.has(roleArn(id, s.path, s.roleName))) }))
    .filter((s) => s.accountIds.length);
  if (recipe.policyPerTarget) return perTargetPolicies(recipe, spokes);
  if (!spokes.length) return { strategy: 'list', policies: {}, managedPolicies: {}, extraGroups: [] };
  // Automatic deployment reaches accounts that join later: only the organization-path forms admit them.
  const follows = spokes.some((s) => s.followOus);
  // The tags form narrowed to OU subtrees is worth a managed policy more than the plain one is.
  const tags = () => [...(follows ? [] : [[tagsForm(index, recipe, spokes, without, true)]]), [tagsForm(index, recipe, spokes, without, false)]];
  const stages: Candidate[][] =
    recipe.strategy === 'auto'
      ? [follows ? [patternForm(index, spokes)] : [listForm(spokes), patternForm(index, spokes)], ...(recipe.tagConditions ? tags() : [])]
      : recipe.strategy === 'list'
        ? [[listForm(spokes)]]
        : recipe.strategy === 'pattern'
          ? [[patternForm(index, spokes)]]
          : tags();
  const withExtra = (c: Candidate) => [...c.statements, ...recipe.extra.map((s) => ({ items: [], make: () => s }))];
  const inline = [recipe.limit];
  const withManaged = [recipe.limit, ...Array<number>(recipe.managedPolicySlots).fill(IAM_LIMITS.managedPolicy)];
  for (const stage of stages) {
    for (const candidate of stage) {
      const docs = packStatements(withExtra(candidate), inline);
      if (docs) return policySet(recipe, candidate.form, docs);
    }
    let fewest: { form: Form; docs: (PolicyDocument | undefined)[] } | undefined;
    for (const candidate of stage) {
      const docs = packStatements(withExtra(candidate), withManaged);
      if (docs && (!fewest || docs.length < fewest.docs.length)) fewest = { form: candidate.form, docs };
    }
    if (fewest) return policySet(recipe, fewest.form, fewest.docs);
  }
  const tried = stages.flat().map((c) => ({ ...c, size: policySize(wholeDocument(withExtra(c))) }));
  return { strategy: tried[0]!.form, policies: {}, managedPolicies: {}, extraGroups: [], problem: tooLarge(recipe, tried) };
}

/** The first document is the inline policy <policyName>; further ones are managed policies <policyName>-2, -3, …. */
function policySet(recipe: HubPolicyRecipe, strategy: Form, docs: (PolicyDocument | undefined)[]): HubPolicySet {
  const named = (doc: PolicyDocument | undefined, name: string): [string, PolicyDocument][] => (doc ? [[name, doc]] : []);
  return {
    strategy,
    policies: Object.fromEntries(named(docs[0], recipe.policyName)),
    managedPolicies: Object.fromEntries(docs.slice(1).flatMap((doc, i) => named(doc, `${recipe.policyName}-${i + 2}`))),
    extraGroups: [],
  };
}

function tooLarge(recipe: HubPolicyRecipe, tried: (Candidate & { size: number })[]): string {
  // The smaller variant of a form (tags with or without OU paths) speaks for it.
  const smallest = new Map<Form, Candidate & { size: number }>();
  for (const c of tried) {
    const known = smallest.get(c.form);
    if (!known || c.size < known.size) smallest.set(c.form, c);
  }
  const sizes = [...smallest.values()].map((c) => `${c.form} needs ${c.size} characters (${c.detail})`).join(', ');
  const advice: string[] = [];
  if (recipe.strategy !== 'auto') advice.push('use policy.strategy: auto to allow every form');
  if (smallest.has('pattern')) advice.push('target whole OUs (targets.ous) or move the targeted accounts into OUs of their own, so that fewer accounts are named one by one');
  if (recipe.kind === 'role' && recipe.managedPolicySlots < IAM_LIMITS.managedPerRoleMax) advice.push(`raise limits.managedPoliciesPerRole (IAM allows up to ${IAM_LIMITS.managedPerRoleMax} by quota request)`);
  if (!recipe.tagConditions) advice.push('set policy.tagConditions: true to recognize spokes by their ownership tags');
  return (
    `no exact hub policy fits the IAM quotas of a ${recipe.kind} hub (${recipe.limit} characters of inline policy plus ${recipe.managedPolicySlots} customer managed policies of ${IAM_LIMITS.managedPolicy}): ` +
    `${sizes}; ${advice.join('; or ')}`
  );
}
