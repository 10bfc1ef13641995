// With --spec: the snapshot against the desired state. Spokes and hubs through the planner (the
// snapshot is the observed state: missing and drifted roles are what a plan would change), and
// shadow access: cross-account trusts into targeted accounts that the spec does not declare.
import { SPOKE_POLICY_PATH } from '../desired/action-policies.js';
import { groupArn } from '../desired/arn.js';
import { HUB_MANAGED_POLICY_PATH, isHubPolicy } from '../desired/hub-names.js';
import { possibleExtraGroups } from '../desired/hub-per-target.js';
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG, type DesiredHub, type DesiredRole, type DesiredState, type HubKind } from '../desired/types.js';
import { decodePolicy, toObservedRole } from '../observe/role-detail.js';
import { isBootstrapRole } from '../org/access-role.js';
import type { ObservedAccount, ObservedHub, ObservedManagedPolicy, ObservedPrincipal, ObservedRole, ObservedState } from '../observe/types.js';
import type { OrgIndex } from '../org/model.js';
import { parsePolicy } from '../policy/parse.js';
import { PRINCIPAL_ACCOUNT } from '../policy/trust-facts.js';
import { makePlan } from '../plan/make.js';
import { updateSteps } from '../plan/steps.js';
import { describeFieldChange } from '../plan/field-change.js';
import type { FieldChange, HubChange } from '../plan/types.js';
import type { GroupDetail, RoleDetail, UserDetail } from '../snapshot/schema.js';
import type { Snapshot, SnapshotAccount } from '../snapshot/types.js';
import type { FindingInput } from './make.js';
import { describeAccount, type AuditScope } from './scope.js';
import type { NamedPrincipal, TrustAnalysis } from './trust.js';

export function spokeFindings(snapshot: Snapshot, desired: DesiredState, org: OrgIndex): FindingInput[] {
  const accounts = new Map(snapshot.accounts.map((a) => [a.accountId, a]));
  const observed = observeSnapshot(accounts, desired);
  const plan = makePlan(desired, observed, { prune: false, org });
  const desiredByArn = new Map(desired.roles.map((r) => [r.arn, r]));
  const out: FindingInput[] = [];
  for (const change of plan.roles) {
    const role = change.desired ?? desiredByArn.get(change.arn) ?? desired.roles.find((r) => r.accountId === change.accountId && r.name === change.roleName);
    if (!role) continue;
    if (change.kind === 'create') out.push(missing(role));
    else if (change.kind === 'update') out.push(...drifted(role, change.changes, change.arn));
    else if (change.kind === 'conflict') {
      const account = observed.accounts.find((a) => a.accountId === change.accountId);
      const found = account?.roles.find((r) => r.arn === change.arn);
      if (found) out.push(...conflicting(role, found, change.reason ?? '', account?.policies ?? {}));
    }
  }
  const unobserved = new Set(plan.unreadable.map((u) => u.accountId));
  for (const role of desired.roles) {
    if (!unobserved.has(role.accountId) || accounts.has(role.accountId)) continue;
    out.push({
      code: 'SPOKE_UNVERIFIED',
      severity: 'info',
      accountId: role.accountId,
      roleArn: role.arn,
      subject: role.name,
      explanation: `The spec declares ${role.name} in account ${role.accountId} (${role.accountName}), and the snapshot holds no file for the account, so whether the role exists and matches is unknown.`,
      remediation: `Collect account ${role.accountId} into the snapshot.`,
    });
  }
  // A hub principal the plan must create (or cannot) is missing; a Micetro hub's further group is not the hub.
  const hubOf = (change: HubChange) => desired.hubs.find((h) => h.name === change.hub)!;
  const isHubPrincipal = (change: HubChange) => change.subject === 'principal' && change.principalName === hubOf(change).principalName;
  const missingHubs = new Set(plan.hubs.filter((c) => isHubPrincipal(c) && (c.kind === 'create' || c.kind === 'conflict')).map((c) => c.hub));
  for (const name of missingHubs) out.push(hubMissing(desired.hubs.find((h) => h.name === name)!));
  for (const change of plan.hubs) {
    const hub = hubOf(change);
    if (missingHubs.has(hub.name) || (change.subject !== 'inline' && change.subject !== 'managed')) continue;
    if (change.kind === 'create' || change.kind === 'update') {
      out.push({
        code: 'HUB_POLICY_DRIFTED',
        severity: 'medium',
        accountId: hub.accountId,
        roleArn: hub.arn,
        subject: change.policyName ?? change.principalName,
        explanation: `The hub ${hub.kind} ${hub.arn} ${change.kind === 'create' ? `has no inline policy ${change.policyName}, so it cannot reach the spokes the spec declares` : `has an inline policy ${change.policyName} that differs from the declared one, so it may reach more or fewer spokes than declared`}.`,
        remediation: 'Run crossrole plan to see the difference and crossrole apply to restore the policy.',
      });
    }
  }
  return out;
}

/** The snapshot read as the planner's observed state: spoke-named and spec-owned roles of targeted accounts, and hubs. */
function observeSnapshot(accounts: Map<string, SnapshotAccount>, desired: DesiredState): ObservedState {
  const names = new Set(desired.roles.map((r) => r.name.toLowerCase()));
  const targeted = [...new Set(desired.roles.map((r) => r.accountId))];
  const observedAccounts: ObservedAccount[] = [];
  for (const accountId of targeted) {
    const account = accounts.get(accountId);
    if (!account) continue;
    const roles = account.details.RoleDetailList.filter((d) => names.has(d.RoleName.toLowerCase()) || ownedBy(d, desired.specName)).map((d) => toObservedRole(accountId, d));
    // Action-list policies as the snapshot holds them; it has no policy tags, so whose they are stays unknown.
    const policies = Object.fromEntries(account.details.Policies.filter((p) => p.Path === SPOKE_POLICY_PATH).map((p) => [p.Arn, { arn: p.Arn, ...policyVersions(p) }]));
    observedAccounts.push({ accountId, roles, policies });
  }
  const hubs: ObservedHub[] = [];
  for (const hub of desired.hubs) {
    const account = accounts.get(hub.accountId);
    if (account) hubs.push(observeHub(account, hub));
  }
  return { accounts: observedAccounts, hubs };
}

function ownedBy(d: RoleDetail, specName: string): boolean {
  const tags = new Map(d.Tags.map((t) => [t.Key, t.Value]));
  return tags.get(OWNER_TAG) === OWNER_VALUE && tags.get(SPEC_TAG) === specName;
}

/** The hub side as a snapshot shows it (GetAccountAuthorizationDetails has no role settings, so the hub role itself is not compared). */
function observeHub(account: SnapshotAccount, hub: DesiredHub): ObservedHub {
  const { details } = account;
  const principal = (kind: HubKind, arn: string) =>
    kind === 'role'
      ? details.RoleDetailList.find((r) => r.Arn === arn)
      : kind === 'user'
        ? details.UserDetailList.find((u) => u.Arn === arn)
        : details.GroupDetailList.find((g) => g.Arn === arn);
  const read = (kind: HubKind, name: string): ObservedPrincipal => {
    const found = principal(kind, kind === 'group' ? groupArn(hub.accountId, hub.path, name) : hub.arn);
    if (!found) return { exists: false, policies: {} };
    const inline = kind === 'role' ? (found as RoleDetail).RolePolicyList : kind === 'user' ? (found as UserDetail).UserPolicyList : (found as GroupDetail).GroupPolicyList;
    const members = kind === 'group' ? details.UserDetailList.filter((u) => u.GroupList.includes(name)).map((u) => u.UserName) : undefined;
    return {
      exists: true,
      policies: Object.fromEntries(inline.filter((p) => isHubPolicy(hub, p.PolicyName)).map((p) => [p.PolicyName, decodePolicy(p.PolicyDocument)])),
      attachedPolicyArns: found.AttachedManagedPolicies.map((p) => p.PolicyArn),
      ...(members && { members }),
    };
  };
  const users = new Set(details.UserDetailList.map((u) => u.UserName));
  const missingMembers = hub.members.filter((m) => !users.has(m));
  const managedPolicies = Object.fromEntries(
    details.Policies.filter((p) => p.Path === HUB_MANAGED_POLICY_PATH && isHubPolicy(hub, policyName(p.Arn))).map((p) => [
      policyName(p.Arn),
      { arn: p.Arn, ...policyVersions(p) },
    ]),
  );
  return {
    name: hub.name,
    ...read(hub.kind, hub.principalName),
    ...(missingMembers.length && { missingMembers }),
    managedPolicies,
    ...(hub.recipe.policyPerTarget && { extraGroups: Object.fromEntries(possibleExtraGroups(hub.principalName).map((name) => [name, read('group', name)])) }),
  };
}

function policyVersions(policy: SnapshotAccount['details']['Policies'][number]): Omit<ObservedManagedPolicy, 'arn'> {
  return {
    document: decodePolicy(policy.PolicyVersionList.find((v) => v.IsDefaultVersion)?.Document),
    versions: policy.PolicyVersionList.map((v) => ({ id: v.VersionId, isDefault: v.IsDefaultVersion })),
  };
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function missing(role: DesiredRole): FindingInput {
  return {
    code: 'SPOKE_MISSING',
    severity: 'high',
    accountId: role.accountId,
    roleArn: role.arn,
    subject: role.name,
    explanation: `The spec declares ${role.name} in account ${role.accountId} (${role.accountName}), and the account has no role of that name: the hub cannot reach this account.`,
    remediation: `Create it: crossrole apply (or deploy the spoke StackSet) for account ${role.accountId}.`,
  };
}

/** Changes that may let in or allow more than declared; the rest only narrow or relabel. */
function widens(change: FieldChange): boolean {
  switch (change.field) {
    case 'trust':
      return true;
    case 'inline':
    case 'managed':
    case 'actionPolicy':
      // `before` is what the account has: a policy it has and the spec does not, or a changed one.
      return change.before !== undefined;
    case 'boundary':
      // A boundary the spec wants and the role lacks (or another one) no longer caps the role.
      return change.after !== undefined;
    default:
      return false;
  }
}

function drifted(role: DesiredRole, changes: FieldChange[], observedArn: string, note = ''): FindingInput[] {
  // The ownership hash is crossrole's bookkeeping (a StackSet-deployed spoke has none).
  const relevant = changes.filter((c) => !(c.field === 'tags' && c.key === HASH_TAG));
  if (!relevant.length) return [];
  const high = relevant.some(widens);
  return [
    {
      code: 'SPOKE_DRIFTED',
      severity: high ? 'high' : 'medium',
      accountId: role.accountId,
      roleArn: observedArn,
      subject: role.name,
      explanation: `${role.name} in account ${role.accountId} (${role.accountName}) differs from the spec: ${relevant.map(describeFieldChange).join('; ')}${note}.${high ? ' It may let in or allow more than declared.' : ''}`,
      remediation: 'Run crossrole plan to see the differences and crossrole apply to restore the declared role.',
    },
  ];
}

/** A role with the spoke's name that crossrole does not own: compared by content, not by tags. */
function conflicting(role: DesiredRole, found: ObservedRole, reason: string, policies: Record<string, ObservedManagedPolicy>): FindingInput[] {
  if (found.path !== role.path) {
    return [
      {
        code: 'SPOKE_DRIFTED',
        severity: 'high',
        accountId: role.accountId,
        roleArn: found.arn,
        subject: role.name,
        explanation: `The spec declares ${role.arn}, and account ${role.accountId} (${role.accountName}) has ${found.arn} instead (${reason}): the hub's policy does not reach it, and its content is not what the spec declares.`,
        remediation: 'Delete the role or change the spec, then crossrole apply.',
      },
    ];
  }
  const content = updateSteps(role, found, policies).changes.filter((c) => c.field !== 'tags');
  return drifted(role, content, found.arn, ` (and it ${reason.replace(/^exists and /, '')})`);
}

function hubMissing(hub: DesiredHub): FindingInput {
  return {
    code: 'HUB_MISSING',
    severity: 'high',
    accountId: hub.accountId,
    roleArn: hub.arn,
    subject: hub.name,
    explanation: `The spec's hub "${hub.name}" is the ${hub.kind} ${hub.arn}, which does not exist in account ${hub.accountId}: no spoke can be reached through it.`,
    remediation: 'Create the hub: crossrole apply, or deploy the hub CloudFormation template from crossrole synth.',
  };
}

/** Accounts the spec lets into its spokes: hub accounts and the accounts its trust policies name. */
export function declaredAccounts(desired: DesiredState): Set<string> {
  const declared = new Set(desired.hubs.map((h) => h.accountId));
  for (const template of desired.templates) {
    for (const s of parsePolicy(template.trustPolicy).policy?.statements ?? []) {
      for (const entry of s.principal?.aws ?? []) {
        const account = PRINCIPAL_ACCOUNT.exec(entry)?.[1];
        if (account) declared.add(account);
      }
    }
  }
  return declared;
}

/**
 * Cross-account trusts in the roles of a targeted account that name undeclared accounts; the
 * bootstrap role's trust in the management account is the organization's own access path.
 */
export function shadowTrustFindings(accountId: string, role: RoleDetail, trust: TrustAnalysis, declared: ReadonlySet<string>, scope: AuditScope, bootstrapRole: string): FindingInput[] {
  const out: FindingInput[] = [];
  const management = scope.org.org.managementAccountId;
  const accessRole = isBootstrapRole(role, bootstrapRole);
  for (const named of trust.named) {
    if (named.account === accountId || declared.has(named.account)) continue;
    const fromManagement = named.account === management;
    if (fromManagement && accessRole) {
      out.push(orgAccessRole(accountId, role, named, scope));
      continue;
    }
    out.push({
      code: 'SHADOW_TRUST',
      severity: fromManagement ? 'low' : 'medium',
      accountId,
      roleArn: role.Arn,
      statement: named.statement,
      subject: named.principal,
      explanation: `${role.RoleName} trusts ${named.principal} of account ${describeAccount(scope, named.account)}, which the spec declares neither as a hub nor as an external account: cross-account access into a managed account that the spec does not show.${fromManagement ? ` The management account's own way in is ${bootstrapRole}, not this role.` : ''}`,
      remediation: `Declare the access in the spec (a hub in ${named.account}, or an external account with an external ID), or remove ${named.principal} from the trust.`,
    });
  }
  return out;
}

function orgAccessRole(accountId: string, role: RoleDetail, named: NamedPrincipal, scope: AuditScope): FindingInput {
  return {
    code: 'ORG_ACCESS_ROLE',
    severity: 'info',
    accountId,
    roleArn: role.Arn,
    statement: named.statement,
    subject: named.principal,
    explanation: `${role.RoleName} trusts ${named.principal} of the management account ${describeAccount(scope, named.account)}: the organization's own way into its accounts (Organizations creates this role with each account), and the bootstrap role crossrole's live commands assume. Expected; listed so the access stays visible.`,
    remediation: `Nothing to fix for crossrole. Keep the principals of the management account that may assume ${role.RoleName} few; its trust in any other account, or in anyone, is reported on its own.`,
  };
}
