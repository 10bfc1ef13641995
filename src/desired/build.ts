// (spec, org) → desired state: every spoke role in every targeted account, and each hub's policy.
import { policySize, type PolicyDocument } from '../policy/document.js';
import type { OrgIndex } from '../org/model.js';
import { resolveTargets } from '../org/targets.js';
import type { Spec, TargetsSpec } from '../spec/schema.js';
import { planDeploymentTargets } from './deployment-targets.js';
import { resolveDeploy, type DeployConfig } from './deploy.js';
import type { PathIssue } from '../spec/source.js';
import { roleArn } from './arn.js';
import { shortHash } from './canonical.js';
import { hubPolicies } from './hub-policy.js';
import { hubRoleDefinition } from './hub-role.js';
import { IAM_LIMITS, inlineLimitFor } from './limits.js';
import { ACTION_INLINE_POLICY, actionPolicies, spokePolicyArn, type ActionPolicies, type RoleActions } from './action-policies.js';
import { hubToolStatements } from './tools.js';
import { buildTrustPolicy, hubActions, hubPrincipal, type HubPrincipal } from './trust.js';
import { HASH_TAG, ownershipTags, type DesiredHub, type DesiredRole, type DesiredState, type HubPolicyRecipe, type HubSpoke, type RoleTemplate, type SkippedAccount } from './types.js';

export interface DesiredResult {
  state: DesiredState;
  /** Limit violations and notes, addressed by spec path. */
  issues: PathIssue[];
}

/** `actions`: each spec role's compressed action list (the roles with permissions.actions). */
export function buildDesired(spec: Spec, index: OrgIndex, specName: string, actions: Readonly<Record<string, RoleActions>> = {}): DesiredResult {
  const issues: PathIssue[] = [];
  const deploy = resolveDeploy(spec);
  const principals = new Map<string, HubPrincipal>(Object.entries(spec.hubs).map(([name, hub]) => [name, hubPrincipal(hub)]));

  const templates: RoleTemplate[] = [];
  const roles: DesiredRole[] = [];
  const skipped: SkippedAccount[] = [];
  for (const [name, roleSpec] of Object.entries(spec.roles)) {
    const resolved = resolveTargets(index, roleSpec.targets);
    for (const s of resolved.skipped) skipped.push({ accountId: s.account.id, accountName: s.account.name, role: name, reason: s.reason });
    if (!resolved.accounts.length) issues.push({ path: ['roles', name, 'targets'], severity: 'warning', message: `role "${name}" resolves to no ACTIVE account in the organization` });

    const trustPolicy = buildTrustPolicy(roleSpec, principals);
    issues.push(...checkRoleSizes(spec, name, trustPolicy, roleSpec.permissions.inline));
    const fromActions = roleActionPolicies(spec, name, actions, issues);
    const template: RoleTemplate = {
      name,
      path: roleSpec.path,
      ...(roleSpec.description !== undefined && { description: roleSpec.description }),
      maxSessionDuration: roleSpec.maxSessionDuration,
      trustPolicy,
      inlinePolicies: fromActions?.inline ? { ...roleSpec.permissions.inline, [ACTION_INLINE_POLICY]: fromActions.inline } : roleSpec.permissions.inline,
      managedPolicyArns: [...roleSpec.permissions.managed, ...Object.keys(fromActions?.managed ?? {}).map((policyName) => spokePolicyArn(policyName))],
      ...(fromActions && Object.keys(fromActions.managed).length > 0 && { actionPolicies: fromActions.managed }),
      ...(roleSpec.permissions.boundary !== undefined && { permissionsBoundary: roleSpec.permissions.boundary }),
      ...(wantsInstanceProfile(roleSpec) && { instanceProfile: true }),
      tags: { ...roleSpec.tags, ...ownershipTags(specName) },
      hubs: [...roleSpec.trust.hubs],
      accountIds: resolved.accounts.map((a) => a.id),
      ...(picksByOuAlone(roleSpec.targets) && { ouSelection: { ous: [...roleSpec.targets.ous], excludeOus: [...roleSpec.targets.exclude.ous] } }),
    };
    templates.push(template);
    for (const account of resolved.accounts) roles.push(instantiate(template, roleSpec.adopt, account.id, account.name));
  }
  roles.sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));

  const hubs: DesiredHub[] = [];
  for (const [hubName, hubSpec] of Object.entries(spec.hubs)) {
    const principal = principals.get(hubName)!;
    const spokes: HubSpoke[] = templates
      .filter((t) => t.hubs.includes(hubName) && t.accountIds.length)
      .map((t) => {
        const followOus = autoDeployedOus(deploy, index, t);
        return { roleName: t.name, path: t.path, actions: hubActions(spec.roles[t.name]!), accountIds: t.accountIds, ...(followOus && { followOus }) };
      });
    const followed = spokes.find((s) => s.followOus);
    if (followed && hubSpec.policy.strategy === 'list') {
      issues.push({
        path: ['hubs', hubName, 'policy', 'strategy'],
        message: `strategy list names each spoke account, but role "${followed.roleName}" deploys through a StackSet with automatic deployment, which also reaches accounts that join its OUs later: use strategy auto or pattern (the organization-path form), or set deploy.autoDeployment.enabled: false`,
      });
    }
    if (!spokes.length) {
      issues.push({ path: ['hubs', hubName], atKey: true, severity: 'warning', message: `hub "${hubName}" is trusted by no role with targets; it gets no policy` });
    }
    const extra = hubToolStatements(index.org, { name: hubName, accountId: hubSpec.account }, templates);
    const recipe: HubPolicyRecipe = {
      policyName: hubSpec.policy.name ?? `crossrole-${hubName}`,
      strategy: hubSpec.policy.strategy,
      kind: principal.kind,
      principalName: principal.name,
      limit: inlineLimitFor(principal.kind),
      managedPolicySlots: principal.kind === 'role' ? spec.limits.managedPoliciesPerRole : IAM_LIMITS.managedPerUserOrGroup,
      tagConditions: hubSpec.policy.tagConditions,
      specName,
      policyPerTarget: hubSpec.group?.policyPerTarget ?? false,
      spokes,
      extra,
    };
    const made = hubPolicies(index, recipe);
    if (made.problem) issues.push({ path: ['hubs', hubName], message: made.problem });
    const role = hubRoleDefinition(hubSpec, specName);
    hubs.push({
      name: hubName,
      accountId: hubSpec.account,
      kind: principal.kind,
      principalName: principal.name,
      path: principal.path,
      arn: principal.arn,
      ...(role && { role }),
      members: [...(hubSpec.group?.members ?? [])].sort(),
      memberArns: principal.memberArns,
      trustPrincipals: principal.trustPrincipals,
      strategy: made.strategy,
      policies: made.policies,
      managedPolicies: made.managedPolicies,
      extraGroups: made.extraGroups,
      spokeArns: roles.filter((r) => spokes.some((s) => s.roleName === r.name)).map((r) => r.arn),
      recipe,
    });
  }

  const state: DesiredState = {
    specName,
    organizationId: index.org.organizationId,
    managementAccountId: index.org.managementAccountId,
    regions: [...spec.regions],
    roles,
    templates,
    hubs,
    targets: templates.map((t) => ({ role: t.name, accountIds: t.accountIds })),
    skipped,
  };
  return { state, issues };
}

function instantiate(template: RoleTemplate, adopt: boolean, accountId: string, accountName: string): DesiredRole {
  const role: Omit<DesiredRole, 'tags'> = {
    accountId,
    accountName,
    name: template.name,
    path: template.path,
    arn: roleArn(accountId, template.path, template.name),
    ...(template.description !== undefined && { description: template.description }),
    maxSessionDuration: template.maxSessionDuration,
    trustPolicy: template.trustPolicy,
    inlinePolicies: template.inlinePolicies,
    managedPolicyArns: template.managedPolicyArns.map((arn) => arn.replaceAll('${AccountId}', accountId)),
    ...(template.actionPolicies && { actionPolicies: template.actionPolicies }),
    ...(template.permissionsBoundary !== undefined && { permissionsBoundary: template.permissionsBoundary.replaceAll('${AccountId}', accountId) }),
    ...(template.instanceProfile && { instanceProfile: true }),
    adopt,
  };
  // The hash covers everything crossrole manages, so drift in any part is visible from the tags.
  const { accountName: nameOnly, adopt: adoptOnly, ...hashed } = role;
  return { ...role, tags: { ...template.tags, [HASH_TAG]: shortHash({ ...hashed, tags: template.tags }) } };
}

/** The OUs a StackSet deploys the role to automatically, or undefined when it deploys to listed accounts only. */
function autoDeployedOus(deploy: DeployConfig, index: OrgIndex, template: RoleTemplate): string[] | undefined {
  if (deploy.via !== 'stackset' || !deploy.autoDeployment.enabled) return undefined;
  const targets = planDeploymentTargets(index, template);
  return targets.autoDeployment ? targets.groups.flatMap((g) => g.ous).sort() : undefined;
}

function picksByOuAlone(targets: TargetsSpec): boolean {
  return targets.ous.length > 0 && targets.accounts.length === 0 && Object.keys(targets.tags).length === 0;
}

/** EC2 can use a role only through an instance profile. */
function wantsInstanceProfile(role: Spec['roles'][string]): boolean {
  return role.instanceProfile ?? role.trust.services.some((s) => s.startsWith('ec2.amazonaws.com'));
}

/** The role's action list as policies within its quotas; a list that does not fit is an error at permissions.actions. */
function roleActionPolicies(spec: Spec, name: string, actions: Readonly<Record<string, RoleActions>>, issues: PathIssue[]): ActionPolicies | undefined {
  const permissions = spec.roles[name]!.permissions;
  if (permissions.actions === undefined) return undefined;
  if (!Object.hasOwn(actions, name)) throw new Error(`the action list of role ${name} was not loaded`);
  const listed = actions[name]!;
  const at = ['roles', name, 'permissions', 'actions'];
  const made = actionPolicies(listed.patterns, {
    roleName: name,
    inlineUsed: Object.values(permissions.inline).reduce((n, doc) => n + policySize(doc), 0),
    managedUsed: permissions.managed.length,
    managedLimit: spec.limits.managedPoliciesPerRole,
  });
  if (made.problem !== undefined) issues.push({ path: at, message: made.problem });
  if (listed.extra.length) {
    issues.push({ path: [...at, 'allowExtra'], severity: 'warning', message: `the policies grant ${listed.extra.length} unlisted Read/List ${listed.extra.length === 1 ? 'action' : 'actions'} besides the ${listed.actions} listed (crossrole permissions compress --allow-extra read --json lists them)` });
  }
  return made;
}

function checkRoleSizes(spec: Spec, name: string, trust: PolicyDocument, inline: Record<string, PolicyDocument>): PathIssue[] {
  const issues: PathIssue[] = [];
  const trustSize = policySize(trust);
  if (trustSize > spec.limits.trustPolicySize) {
    issues.push({
      path: ['roles', name, 'trust'],
      message: `the trust policy is ${trustSize} characters, over the limit of ${spec.limits.trustPolicySize}: trust fewer principals, or raise the account quota and set limits.trustPolicySize (at most 4096)`,
    });
  }
  const sizes = Object.entries(inline).map(([policy, doc]) => [policy, policySize(doc)] as const);
  const total = sizes.reduce((n, [, s]) => n + s, 0);
  if (total > IAM_LIMITS.inlinePerRole) {
    issues.push({
      path: ['roles', name, 'permissions', 'inline'],
      message: `inline policies total ${total} characters (${sizes.map(([p, s]) => `${p}: ${s}`).join(', ')}), over IAM's ${IAM_LIMITS.inlinePerRole} per role: move some into managed policies`,
    });
  }
  return issues;
}
