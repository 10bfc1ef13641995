// The verify cases' situations: test/plan's (spokes, their observed copies, the hub's inline
// policies, SCPs and RCPs) plus what only the hub check and the policy engine look at: a group hub
// and its members, a policy set held as a customer managed policy or in a further group, the
// organization's management account, and a second hub.
import { groupArn, roleArn, userArn } from '../../src/desired/arn.js';
import { HUB_MANAGED_POLICY_PATH } from '../../src/desired/hub-names.js';
import { hubPolicies } from '../../src/desired/hub-policy.js';
import type { DesiredHub, DesiredState } from '../../src/desired/types.js';
import { indexOrg, type OrgIndex } from '../../src/org/model.js';
import type { ObservedHub, ObservedManagedPolicy, ObservedPrincipal, ObservedState } from '../../src/observe/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { buildCase, type CaseFile, type Situation } from '../plan/fixture.js';

export interface VerifySituation extends Situation {
  /** The declared hub, changed: a group hub with members; its policy set as the customer managed policy <policyName>-2 (`managed`) or in the further group <principal>-2 (`extraGroup`). */
  hubAs?: { kind?: 'group'; members?: string[]; managed?: boolean; extraGroup?: boolean };
  /** What IAM holds of the hub besides the inline policies `hub` sets; by default as declared. */
  hubSeen?: {
    /** The hub was not observed at all. */
    absent?: boolean;
    /** Group members (default: the declared ones). */
    members?: string[];
    /** Declared members that are no user of the hub account. */
    missingMembers?: string[];
    /** crossrole's customer managed policies by name (default: the declared ones), each attached unless in `detached`. */
    managedPolicies?: Record<string, PolicyDocument>;
    detached?: string[];
    /** Managed policies attached besides crossrole's (ARNs). */
    alsoAttached?: string[];
    /** Inline policies it has besides the declared (or `hub`'s) ones. */
    alsoPolicies?: Record<string, PolicyDocument>;
    /** Further groups (default: the declared ones, with the declared members). */
    extraGroups?: Record<string, ObservedPrincipal>;
  };
  /** The organization's management account (default 000000000001, which holds no spoke or hub). */
  managementAccount?: string;
  /** A second role hub OpsHub (policy crossrole-<name>, list form), declared for these spoke accounts and observed as declared. */
  otherHub?: { name: string; accountId: string; spokes: string[] };
}

export function buildVerifyCase(file: CaseFile<Situation>, c: VerifySituation): { desired: DesiredState; observed: ObservedState; org: OrgIndex } {
  const built = buildCase(file, c);
  const { desired, observed } = built;
  const extraAccounts = c.otherHub && !built.org.accountsById.has(c.otherHub.accountId) ? [{ ...built.org.org.accounts[0]!, id: c.otherHub.accountId, name: c.otherHub.name }] : [];
  const org = indexOrg({ ...built.org.org, managementAccountId: c.managementAccount ?? built.org.org.managementAccountId, accounts: [...built.org.org.accounts, ...extraAccounts] });
  desired.managementAccountId = org.org.managementAccountId;
  const [hub] = desired.hubs;
  const [seen] = observed.hubs;
  if (hub && seen) {
    if (c.hubAs) reshapeHub(hub, seen, c.hubAs, c.hub !== false && c.hub?.policies !== undefined);
    seeHub(hub, seen, c.hubSeen ?? {});
    if (c.hubSeen?.absent) observed.hubs.shift();
  }
  if (c.otherHub) {
    const other = otherHub(org, hub!, desired, c.otherHub);
    desired.hubs.push(other);
    observed.hubs.push({ name: other.name, exists: true, policies: structuredClone(other.policies) });
  }
  return { desired, observed, org };
}

function reshapeHub(hub: DesiredHub, seen: ObservedHub, as: NonNullable<VerifySituation['hubAs']>, policiesGiven: boolean): void {
  if (as.kind) {
    hub.kind = as.kind;
    hub.arn = groupArn(hub.accountId, hub.path, hub.principalName);
    hub.recipe = { ...hub.recipe, kind: as.kind };
    delete hub.role;
  }
  hub.members = as.members ?? [];
  hub.memberArns = hub.members.map((m) => userArn(hub.accountId, '/', m));
  if (as.managed) hub.managedPolicies = Object.fromEntries(Object.entries(hub.policies).map(([name, doc]) => [`${name}-2`, doc]));
  if (as.extraGroup) hub.extraGroups = [{ name: `${hub.principalName}-2`, policies: hub.policies }];
  if (as.managed || as.extraGroup) hub.policies = {};
  if (!policiesGiven) seen.policies = structuredClone(hub.policies);
}

function seeHub(hub: DesiredHub, seen: ObservedHub, as: NonNullable<VerifySituation['hubSeen']>): void {
  if (hub.kind === 'group') seen.members = as.members ?? [...hub.members];
  if (as.missingMembers) seen.missingMembers = as.missingMembers;
  const managed = as.managedPolicies ?? hub.managedPolicies;
  if (Object.keys(managed).length) {
    const policies: Record<string, ObservedManagedPolicy> = Object.fromEntries(
      Object.entries(managed).map(([name, document]) => [name, { arn: `arn:aws:iam::${hub.accountId}:policy${HUB_MANAGED_POLICY_PATH}${name}`, document: structuredClone(document), versions: [{ id: 'v1', isDefault: true }] }]),
    );
    seen.managedPolicies = policies;
    seen.attachedPolicyArns = Object.entries(policies).filter(([name]) => !as.detached?.includes(name)).map(([, p]) => p.arn);
  }
  if (as.alsoAttached) seen.attachedPolicyArns = [...(seen.attachedPolicyArns ?? []), ...as.alsoAttached];
  seen.policies = { ...seen.policies, ...structuredClone(as.alsoPolicies ?? {}) };
  const groups = as.extraGroups ?? Object.fromEntries(hub.extraGroups.map((g) => [g.name, { exists: true, members: [...hub.members], policies: structuredClone(g.policies) }]));
  if (Object.keys(groups).length) seen.extraGroups = groups;
}

function otherHub(org: OrgIndex, hub: DesiredHub, desired: DesiredState, spec: NonNullable<VerifySituation['otherHub']>): DesiredHub {
  const principalName = 'OpsHub';
  const spokes = desired.roles.filter((r) => spec.spokes.includes(r.accountId));
  const recipe = { ...hub.recipe, policyName: `crossrole-${spec.name}`, kind: 'role' as const, principalName, spokes: [{ ...hub.recipe.spokes[0]!, accountIds: spokes.map((r) => r.accountId) }] };
  return {
    ...hub,
    name: spec.name,
    accountId: spec.accountId,
    kind: 'role',
    principalName,
    arn: roleArn(spec.accountId, hub.path, principalName),
    members: [],
    memberArns: [],
    ...hubPolicies(org, recipe),
    spokeArns: spokes.map((r) => r.arn),
    recipe,
  };
}
