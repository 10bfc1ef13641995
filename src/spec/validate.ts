// Checks beyond the schema: cross-references inside the spec and against the organization.
import { ACTION_INLINE_POLICY } from '../desired/action-policies.js';
import type { OrgIndex } from '../org/model.js';
import { managedPolicyProblem } from './managed-policies.js';
import { parsePolicy } from '../policy/parse.js';
import { didYouMean } from './schema-issues.js';
import type { Spec } from './schema.js';
import type { PathIssue } from './source.js';

export const RESERVED_TAG_PREFIX = 'crossrole:';
/** IAM allows 50 tags per role; crossrole's ownership tags take 3 of them. */
const MAX_EXTRA_TAGS = 47;

export function checkSpec(spec: Spec, org?: OrgIndex): PathIssue[] {
  return [...checkHubs(spec, org), ...Object.keys(spec.roles).flatMap((name) => checkRole(spec, name, org)), ...checkDeploy(spec)];
}

function checkDeploy({ deploy }: Spec): PathIssue[] {
  const issues: PathIssue[] = [];
  if (deploy.permissionModel === 'SELF_MANAGED') {
    if (deploy.callAs === 'DELEGATED_ADMIN') issues.push({ path: ['deploy', 'callAs'], message: 'callAs DELEGATED_ADMIN works only with permissionModel SERVICE_MANAGED; a SELF_MANAGED StackSet is made from the account that holds the administration role' });
    if (deploy.autoDeployment?.enabled) issues.push({ path: ['deploy', 'autoDeployment', 'enabled'], message: 'automatic deployment works only with permissionModel SERVICE_MANAGED: a SELF_MANAGED StackSet deploys to the accounts it lists' });
  } else {
    for (const key of ['administrationRoleArn', 'executionRoleName'] as const) {
      if (deploy[key] !== undefined) issues.push({ path: ['deploy', key], atKey: true, message: `${key} is for permissionModel SELF_MANAGED; SERVICE_MANAGED StackSets use the roles AWS Organizations makes` });
    }
  }
  return issues;
}

function checkHubs(spec: Spec, org?: OrgIndex): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [name, hub] of Object.entries(spec.hubs)) {
    const kinds = (['role', 'user', 'group'] as const).filter((k) => hub[k] !== undefined);
    if (kinds.length !== 1) {
      issues.push({
        path: ['hubs', name],
        message: kinds.length ? `hub "${name}" has ${kinds.join(' and ')}; give exactly one of role, user or group` : `hub "${name}" names no principal; give exactly one of role, user or group`,
      });
    }
    if (hub.policy.strategy === 'tags' && !hub.policy.tagConditions) {
      issues.push({ path: ['hubs', name, 'policy', 'strategy'], message: 'strategy tags recognizes spokes by their ownership tags, so anyone who may tag roles could widen the hub: set policy.tagConditions: true to allow it' });
    }
    if (hub.group?.policyPerTarget && hub.policy.strategy !== 'auto') {
      issues.push({ path: ['hubs', name, 'policy', 'strategy'], severity: 'warning', message: `group.policyPerTarget gives one inline policy per target role, so strategy ${hub.policy.strategy} is not used` });
    }
    const trust = hub.role?.trust;
    if (trust && !trust.principals.length && !trust.permissionSets.length && !trust.services.length && !trust.oidc.length) {
      issues.push({ path: ['hubs', name, 'role', 'trust'], message: `hub "${name}"'s role would trust nobody; list principals, permissionSets, services or oidc, or leave trust out to trust the hub account` });
    }
    if (org && !org.accountsById.has(hub.account)) {
      issues.push({ path: ['hubs', name, 'account'], severity: 'warning', message: `hub account ${hub.account} is not in the organization ${org.org.organizationId}` });
    }
  }
  return issues;
}

function checkRole(spec: Spec, name: string, org?: OrgIndex): PathIssue[] {
  const role = spec.roles[name]!;
  const at = (...rest: (string | number)[]) => ['roles', name, ...rest];
  const issues: PathIssue[] = [];
  const hubNames = Object.keys(spec.hubs);

  role.trust.hubs.forEach((hub, i) => {
    if (!spec.hubs[hub]) {
      const known = hubNames.length ? ` (hubs defined: ${hubNames.join(', ')})` : ' (no hubs are defined under hubs:)';
      issues.push({ path: at('trust', 'hubs', i), message: `unknown hub "${hub}"${didYouMean(hub, hubNames) || known}` });
    }
  });
  if (!role.trust.hubs.length && !role.trust.externalAccounts.length && !role.trust.services.length) {
    issues.push({ path: at('trust'), message: `role "${name}" trusts nobody; list at least one of trust.hubs, trust.externalAccounts or trust.services` });
  }
  role.trust.externalAccounts.forEach((ext, i) => {
    if (org?.accountsById.has(ext.account)) {
      issues.push({ path: at('trust', 'externalAccounts', i, 'account'), severity: 'warning', message: `${ext.account} is inside your organization; declare it as a hub instead of a third party` });
    }
  });

  const managedLimit = spec.limits.managedPoliciesPerRole;
  if (role.permissions.managed.length > managedLimit) {
    issues.push({
      path: at('permissions', 'managed'),
      message: `${role.permissions.managed.length} managed policies, but IAM allows ${managedLimit} per role (limits.managedPoliciesPerRole, raisable to 20 by quota request)`,
    });
  }
  // IAM refuses what the policy grammar calls an error for an identity policy (a statement without Resource, …).
  for (const [policyName, document] of Object.entries(role.permissions.inline)) {
    for (const f of parsePolicy(document, { kind: 'identity' }).findings) {
      if (f.severity === 'ERROR') issues.push({ path: at('permissions', 'inline', policyName, ...f.path), message: f.message });
    }
  }
  role.permissions.managed.forEach((arn, i) => {
    if (role.permissions.managed.indexOf(arn) !== i) issues.push({ path: at('permissions', 'managed', i), message: `${arn} is listed twice` });
    const problem = managedPolicyProblem(arn);
    if (problem) issues.push({ path: at('permissions', 'managed', i), ...problem });
  });
  if (role.permissions.actions !== undefined && Object.hasOwn(role.permissions.inline, ACTION_INLINE_POLICY)) {
    issues.push({ path: at('permissions', 'inline', ACTION_INLINE_POLICY), atKey: true, message: `the inline policy name ${ACTION_INLINE_POLICY} is crossrole's for the role's action list (permissions.actions); name this policy otherwise` });
  }
  const boundary = role.permissions.boundary === undefined ? undefined : managedPolicyProblem(role.permissions.boundary);
  if (boundary) issues.push({ path: at('permissions', 'boundary'), ...boundary });

  const tagKeys = Object.keys(role.tags);
  tagKeys.filter((k) => k.toLowerCase().startsWith(RESERVED_TAG_PREFIX)).forEach((k) => issues.push({ path: at('tags', k), atKey: true, message: `tag keys starting with "${RESERVED_TAG_PREFIX}" are reserved for crossrole's ownership tags` }));
  if (tagKeys.length > MAX_EXTRA_TAGS) issues.push({ path: at('tags'), message: `${tagKeys.length} tags; IAM allows 50 per role and crossrole uses 3` });
  for (const [k, v] of Object.entries(role.tags)) {
    if (k.length > 128 || v.length > 256) issues.push({ path: at('tags', k), message: 'a tag key is at most 128 and a value at most 256 characters' });
  }

  const t = role.targets;
  if (!t.ous.length && !t.accounts.length && !Object.keys(t.tags).length && !t.managementAccount) {
    issues.push({ path: at('targets'), message: `role "${name}" targets no accounts; give targets.ous (a root id r-… for the whole organization), targets.accounts, targets.tags or targets.managementAccount` });
  }
  if (org) issues.push(...checkTargetsInOrg(org, spec, name));
  return issues;
}

function checkTargetsInOrg(org: OrgIndex, spec: Spec, name: string): PathIssue[] {
  const role = spec.roles[name]!;
  const t = role.targets;
  const at = (...rest: (string | number)[]) => ['roles', name, 'targets', ...rest];
  const issues: PathIssue[] = [];
  const containerIds = [...org.parentOf.keys()];
  const accountIds = [...org.accountsById.keys()];
  const checkContainer = (id: string, path: (string | number)[]) => {
    if (!org.parentOf.has(id)) issues.push({ path, message: `${id} is not a root or OU of organization ${org.org.organizationId}${didYouMean(id, containerIds)}` });
  };
  const checkAccount = (id: string, path: (string | number)[]) => {
    if (!org.accountsById.has(id)) issues.push({ path, message: `account ${id} is not in organization ${org.org.organizationId}${didYouMean(id, accountIds)}` });
  };
  t.ous.forEach((id, i) => checkContainer(id, at('ous', i)));
  t.exclude.ous.forEach((id, i) => checkContainer(id, at('exclude', 'ous', i)));
  t.exclude.accounts.forEach((id, i) => checkAccount(id, at('exclude', 'accounts', i)));
  t.accounts.forEach((id, i) => {
    checkAccount(id, at('accounts', i));
    if (id === org.org.managementAccountId && !t.managementAccount) {
      issues.push({ path: at('accounts', i), message: `${id} is the management account; set targets.managementAccount: true to target it` });
    }
  });
  for (const [hubName, hub] of Object.entries(spec.hubs)) {
    if (hub.role?.name === name && role.trust.hubs.length) {
      issues.push({ path: ['roles', name], atKey: true, severity: 'warning', message: `spoke role "${name}" has the same name as hub "${hubName}"'s role; in account ${hub.account} they would collide if it is targeted` });
    }
  }
  return issues;
}
