// Admin-equivalence of a role's permissions, decided by the policy engine in discovery mode (a
// condition the caller could meet counts as met) over the role's identity policies, its
// permissions boundary and the SCP levels of its account.
//
// Admin-equivalent: "*" on "*", "iam:*" on "*", or one of the privilege-escalation combinations
// in ESCALATIONS. Sources: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and
// Mitigation" (methods 1, 3, 9, 12, 14, 15, 16, 18, 20, 21, and the new-user variant of 4/7/10),
// and the escalation checks of NCC Group's PMapper (ECS, CodeBuild, SageMaker). Methods that
// work only given some other privileged resource (SetDefaultPolicyVersion back to an older
// version, UpdateFunctionCode or UpdateDevEndpoint of an existing function or endpoint, keys or
// login profiles of existing users) are left out: they say nothing about the role alone.
//
// Each action is probed on one kind of resource: "*" itself for actions on arbitrary resources,
// the role's own ARN for self-modification, its customer managed policies for
// CreatePolicyVersion, and a probe ARN at the default path for roles to pass or re-trust and
// users to create. A grant scoped to specific other resources therefore does not count.
import { compilePolicy, type CompiledPolicy } from '../policy/compile.js';
import { compileLowercaseActionMatcher } from '../policy/match.js';
import { principalContext } from '../policy/context.js';
import { principalInfo } from '../policy/principal.js';
import { discover } from '../policy/discover.js';
import type { CompiledPolicySet } from '../policy/evaluate.js';
import { contextView, type ContextView } from '../policy/types.js';
import { policyLevels } from '../org/policy-levels.js';
import type { RoleDetail } from '../snapshot/schema.js';
import type { SnapshotAccount } from '../snapshot/types.js';
import { PerDocument } from './documents.js';
import type { AdminGrant } from './finding.js';
import type { AuditScope } from './scope.js';

type Target = 'any' | 'self' | 'managed' | 'role' | 'user';

interface Check {
  kind: AdminGrant['kind'];
  /** Every action must be allowed, each on its target. */
  probes: { action: string; target: Target }[];
  description: string;
}

/** Actions no pattern short of a wildcard over every service (or every IAM action) matches. */
const ANY_SERVICE_ACTION = 'crossrole-audit-probe:AnyAction';
const ANY_IAM_ACTION = 'iam:CrossroleAuditProbe';
const PROBE_NAME = 'crossrole-audit-probe';

const passRoleWith = (actions: string[], what: string): Check => ({
  kind: 'escalation',
  probes: [{ action: 'iam:PassRole', target: 'role' }, ...actions.map((action) => ({ action, target: 'any' as const }))],
  description: `can pass any role to a service it controls (iam:PassRole with ${actions.join(' and ')}: ${what})`,
});

const newUserWith = (grant: string, what: string): Check => ({
  kind: 'escalation',
  probes: ['iam:CreateUser', grant, 'iam:CreateAccessKey'].map((action) => ({ action, target: 'user' as const })),
  description: `can create a user, ${what} and use its keys (iam:CreateUser, ${grant}, iam:CreateAccessKey)`,
});

const CHECKS: Check[] = [
  { kind: 'full', probes: [{ action: ANY_SERVICE_ACTION, target: 'any' }, { action: ANY_IAM_ACTION, target: 'any' }], description: 'allows every action on every resource ("*" on "*")' },
  { kind: 'iam', probes: [{ action: ANY_IAM_ACTION, target: 'any' }], description: 'allows every IAM action on every resource (iam:*)' },
  // Escalations, ordered roughly by how directly they lead to admin.
  { kind: 'escalation', probes: [{ action: 'iam:AttachRolePolicy', target: 'self' }], description: 'can attach any managed policy, AdministratorAccess included, to itself (iam:AttachRolePolicy)' },
  { kind: 'escalation', probes: [{ action: 'iam:PutRolePolicy', target: 'self' }], description: 'can give itself any inline policy (iam:PutRolePolicy)' },
  { kind: 'escalation', probes: [{ action: 'iam:CreatePolicyVersion', target: 'managed' }], description: 'can rewrite a customer managed policy attached to itself (iam:CreatePolicyVersion)' },
  // Same-account trusts naming a role ARN need no identity policy on the caller's side.
  { kind: 'escalation', probes: [{ action: 'iam:UpdateAssumeRolePolicy', target: 'role' }], description: 'can rewrite the trust policy of other roles, admin roles included, to let itself in (iam:UpdateAssumeRolePolicy)' },
  newUserWith('iam:AttachUserPolicy', 'attach any policy to it'),
  newUserWith('iam:PutUserPolicy', 'give it any inline policy'),
  passRoleWith(['ec2:RunInstances'], 'an instance running as an admin role'),
  passRoleWith(['lambda:CreateFunction', 'lambda:InvokeFunction'], 'a function running as an admin role'),
  passRoleWith(['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], 'a function running as an admin role, triggered by an event source'),
  passRoleWith(['cloudformation:CreateStack'], 'a stack deployed with an admin role'),
  passRoleWith(['glue:CreateDevEndpoint'], 'a Glue endpoint running as an admin role'),
  passRoleWith(['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], 'a pipeline running as an admin role'),
  passRoleWith(['ecs:RegisterTaskDefinition', 'ecs:RunTask'], 'a container task running as an admin role'),
  passRoleWith(['codebuild:CreateProject', 'codebuild:StartBuild'], 'a build running as an admin role'),
  passRoleWith(['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'], 'a notebook running as an admin role'),
];

/**
 * AWS managed policies that decide admin-equivalence, for snapshots that do not carry their
 * documents (GetAccountAuthorizationDetails lists AWS managed policies only when asked to).
 * The documents are AWS's, reduced to their statements that matter here.
 */
const AWS_MANAGED: Record<string, unknown> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  IAMFullAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
    ],
  },
};
const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** Every probed action gets a bit; sts:AssumeRole too, to tell roles that may chain on. */
const ASSUME_ROLE = 'sts:assumerole';
const PROBE_ACTIONS = [...new Set([...CHECKS.flatMap((c) => c.probes.map((p) => p.action.toLowerCase())), ASSUME_ROLE])];
if (PROBE_ACTIONS.length > 31) throw new Error('admin probes exceed a 31-bit mask');
const CHECK_MASKS = CHECKS.map((c) => c.probes.reduce((mask, p) => mask | (1 << PROBE_ACTIONS.indexOf(p.action.toLowerCase())), 0));
const ALL_PROBES = (1 << PROBE_ACTIONS.length) - 1;
const ASSUME_ROLE_BIT = 1 << PROBE_ACTIONS.indexOf(ASSUME_ROLE);
/** The mask of a policy ARN with no document in the snapshot (nor built in): it allows nothing and caps nothing. */
const NO_DOCUMENT = -1;

/** Whether the probe actions of some admin check all lie within `mask`. */
function anyCheckFits(mask: number): boolean {
  for (const check of CHECK_MASKS) if ((check & mask) === check) return true;
  return false;
}

/** Probe actions one action pattern matches; memoized per pattern (a list's mask is the union of its patterns'). */
const patternMasks = new Map<string, number>();
function patternMask(pattern: string): number {
  let mask = patternMasks.get(pattern);
  if (mask === undefined) {
    const matches = compileLowercaseActionMatcher([pattern]);
    mask = 0;
    for (let bit = 0; bit < PROBE_ACTIONS.length; bit++) if (matches(PROBE_ACTIONS[bit]!)) mask |= 1 << bit;
    patternMasks.set(pattern, mask);
  }
  return mask;
}

/** The union of the patterns' masks, or -1 when the value is not a string or a list of strings. */
function patternsMask(value: unknown): number {
  if (typeof value === 'string') return patternMask(value);
  if (!Array.isArray(value)) return -1;
  let mask = 0;
  for (const pattern of value) {
    if (typeof pattern !== 'string') return -1;
    mask |= patternMask(pattern);
  }
  return mask;
}

/**
 * The probe actions a document's Allow statements could allow, read straight from its Action and
 * NotAction lists: no parse, no compile. Anything unusual counts as allowing every probe, so the
 * engine decides those.
 */
function quickMask(document: unknown): number {
  if (typeof document !== 'object' || document === null) return ALL_PROBES;
  const statements = (document as { Statement?: unknown }).Statement;
  if (!Array.isArray(statements)) return statementMask(statements);
  let mask = 0;
  for (const statement of statements) {
    const one = statementMask(statement);
    if (one === ALL_PROBES) return ALL_PROBES;
    mask |= one;
  }
  return mask;
}

function statementMask(statement: unknown): number {
  if (typeof statement !== 'object' || statement === null) return ALL_PROBES;
  const { Effect, Action, NotAction } = statement as Record<string, unknown>;
  if (Effect === 'Deny') return 0;
  if (Effect !== 'Allow') return ALL_PROBES;
  if (NotAction === undefined) {
    const mask = patternsMask(Action);
    return mask === -1 ? ALL_PROBES : mask;
  }
  const excluded = Action === undefined ? patternsMask(NotAction) : -1;
  return excluded === -1 ? ALL_PROBES : ALL_PROBES & ~excluded;
}

interface Compiled {
  policy: CompiledPolicy;
  /** Probe actions some Allow statement's Action/NotAction covers (resources and conditions aside). */
  mask: number;
  /** Names the policy in keys of discovery results. */
  id: number;
  /** No conditions, no policy variables, no principals: what it allows depends on the action and resource alone. */
  contextFree: boolean;
}

interface ScpLevels {
  levels: CompiledPolicy[][];
  /** The levels' policy ids, for keys of discovery results; undefined when some SCP depends on the request context. */
  key: string | undefined;
}

/** What a discovery says about one probe, as far as the admin check reads it. */
interface ProbeResult {
  possible: boolean;
  /** Why it is only possible under conditions (undefined: it is allowed unconditionally). */
  conditions: string | undefined;
}

interface AccountPolicies {
  account: SnapshotAccount;
  /** Default-version documents by policy ARN. */
  managed: Map<string, unknown>;
  /** Quick masks by the ARN roles attach (NO_DOCUMENT: none known for it). */
  masks: Map<string, number>;
}

export interface RolePermissions {
  account: SnapshotAccount;
  role: RoleDetail;
}

export class AdminChecker {
  private readonly compiled = new PerDocument<Compiled | null>((document) => compileWithMask(document, this.compiledCount++));
  private compiledCount = 0;
  /**
   * Discovery results for policy sets that do not look at the request context: they depend on
   * the policies, the action and the resource only (AdministratorAccess in a thousand accounts
   * under the same SCPs is one question).
   */
  private readonly contextFreeResults = new Map<string, ProbeResult>();
  /** Quick masks of managed policy documents, which many roles (and, once the reader shares AWS's, many accounts) share. */
  private readonly quickMasks = new WeakMap<object, number>();
  private readonly accountPolicies = new WeakMap<SnapshotAccount, AccountPolicies>();
  /** The audit goes account by account: the last account's index saves a lookup per role. */
  private current: AccountPolicies | undefined;
  private readonly scpLevels = new Map<string, ScpLevels>();

  constructor(private readonly scope: AuditScope) {}

  /** How the role is admin-equivalent, or undefined when it is not. */
  check({ account, role }: RolePermissions): AdminGrant | undefined {
    // Most roles cannot be admin whatever their conditions and resources say: find out cheaply.
    if (!anyCheckFits(this.quickMaskOf(account, role, true))) return undefined;
    const { managed } = this.policiesOf(account);
    const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
    const boundaryDocument = boundaryArn === undefined ? undefined : (managed.get(boundaryArn) ?? builtin(boundaryArn));

    const identity: Compiled[] = [];
    for (const inline of role.RolePolicyList) this.add(identity, inline.PolicyDocument);
    for (const attached of role.AttachedManagedPolicies) this.add(identity, managed.get(attached.PolicyArn) ?? builtin(attached.PolicyArn));
    let mask = identity.reduce((m, c) => m | c.mask, 0);
    const boundary = boundaryDocument === undefined ? null : this.compiled.get(boundaryDocument);
    if (boundary) mask &= boundary.mask;
    const candidates = CHECKS.filter((_, i) => (CHECK_MASKS[i]! & mask) === CHECK_MASKS[i]);
    if (!candidates.length) return undefined;

    const scps = this.scps(account.accountId);
    const management = account.accountId === this.scope.org.org.managementAccountId;
    const policies: CompiledPolicySet = {
      identityPolicies: identity.map((c) => c.policy),
      permissionBoundary: boundary?.policy ?? null,
      sessionPolicy: null,
      resourcePolicy: null,
      scps: scps.levels,
      rcps: [],
      principalIsManagementAccount: management,
      resourceIsManagementAccount: false,
    };
    const session = sessionArn(role.Arn);
    const { account: principalAccount, serviceLinked } = principalInfo(session);
    // Of the principal, discovery then reads whether it is service-linked (SCPs apply?) and its
    // account, which only matters against a resource's account: "*" has none.
    const contextFree = scps.key !== undefined && identity.every((c) => c.contextFree) && (!boundary || boundary.contextFree);
    const memoKey = contextFree ? `${identity.map((c) => c.id).join(',')}|${boundary?.id ?? ''}|${scps.key}|${management}|${serviceLinked}` : undefined;
    let context: ContextView | undefined;
    const probe = (action: string, resource: string): ProbeResult => {
      const key = memoKey === undefined ? undefined : `${memoKey}|${action}|${resource}${resource === '*' ? '' : `|${principalAccount}`}`;
      const known = key === undefined ? undefined : this.contextFreeResults.get(key);
      if (known) return known;
      context ??= contextView(principalContext(this.scope.org, { arn: session, roleArn: role.Arn, uniqueId: role.RoleId, tags: Object.fromEntries(role.Tags.map((t) => [t.Key, t.Value])) }));
      let found: ProbeResult = NOT_POSSIBLE;
      // Without an identity Allow on the action and resource, discovery (and its explanation of why not) has nothing to find.
      if (identityAllowsAtAll(policies.identityPolicies ?? [], action, resource, context)) {
        const result = discover({ principal: session, action, resource }, policies, context);
        if (result.possible) found = { possible: true, conditions: result.alternatives.some((a) => a.length === 0) ? undefined : result.summary };
      }
      if (key !== undefined) this.contextFreeResults.set(key, found);
      return found;
    };
    for (const check of candidates) {
      const conditions = this.allowed(check, role, managed, probe);
      if (conditions === undefined) continue;
      const actions = check.kind === 'full' ? ['*'] : check.kind === 'iam' ? ['iam:*'] : check.probes.map((p) => p.action);
      // Full access granted as "all but" (Allow with NotAction) reads differently from "*".
      const description = check.kind === 'full' && !grantsStar(identity) ? 'allows every action on every resource except those a NotAction lists, IAM included' : check.description;
      return { kind: check.kind, actions, description: conditions.length ? `${description}, when ${conditions.join('; ')}` : description };
    }
    return undefined;
  }

  /** False when no policy of the role can allow sts:AssumeRole at all (it cannot lead on to other roles). */
  mayAssumeRoles({ account, role }: RolePermissions): boolean {
    return (this.quickMaskOf(account, role, false) & ASSUME_ROLE_BIT) !== 0;
  }

  /**
   * The probe actions the role's policies could allow, capped by its boundary, read from the
   * documents. With `forChecks`, 0 as soon as the boundary alone rules every admin check out.
   */
  private quickMaskOf(account: SnapshotAccount, role: RoleDetail, forChecks: boolean): number {
    const policies = this.policiesOf(account);
    const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
    const boundary = boundaryArn === undefined ? NO_DOCUMENT : this.managedMask(policies, boundaryArn);
    const cap = boundary === NO_DOCUMENT ? ALL_PROBES : boundary;
    if (forChecks && !anyCheckFits(cap)) return 0;
    let quick = 0;
    for (const attached of role.AttachedManagedPolicies) {
      const mask = this.managedMask(policies, attached.PolicyArn);
      if (mask !== NO_DOCUMENT) quick |= mask;
    }
    for (const inline of role.RolePolicyList) quick |= quickMask(inline.PolicyDocument);
    return quick & cap;
  }

  /** The quick mask of a managed policy (the account's or AWS's) by ARN, or NO_DOCUMENT. */
  private managedMask(policies: AccountPolicies, arn: string): number {
    let mask = policies.masks.get(arn);
    if (mask === undefined) {
      const document = policies.managed.get(arn) ?? builtin(arn);
      mask = document === undefined ? NO_DOCUMENT : this.sharedQuickMask(document);
      policies.masks.set(arn, mask);
    }
    return mask;
  }

  /** The conditions under which every probe of the check is allowed (empty: unconditionally), or undefined. */
  private allowed(check: Check, role: RoleDetail, managed: Map<string, unknown>, probe: (action: string, resource: string) => ProbeResult): string[] | undefined {
    const conditions = new Set<string>();
    for (const { action, target } of check.probes) {
      let allowed = false;
      for (const resource of resourcesFor(target, role, managed)) {
        const result = probe(action, resource);
        if (!result.possible) continue;
        allowed = true;
        if (result.conditions !== undefined) conditions.add(result.conditions);
        break;
      }
      if (!allowed) return undefined;
    }
    return [...conditions];
  }

  private sharedQuickMask(document: unknown): number {
    if (typeof document !== 'object' || document === null) return quickMask(document);
    let mask = this.quickMasks.get(document);
    if (mask === undefined) this.quickMasks.set(document, (mask = quickMask(document)));
    return mask;
  }

  private add(list: Compiled[], document: unknown): void {
    if (document === undefined) return;
    const compiled = this.compiled.get(document);
    if (compiled) list.push(compiled);
  }

  /** The account's managed policies (default versions) by ARN, and their quick masks. */
  private policiesOf(account: SnapshotAccount): AccountPolicies {
    if (this.current?.account === account) return this.current;
    let policies = this.accountPolicies.get(account);
    if (!policies) {
      const managed = new Map<string, unknown>();
      for (const p of account.details.Policies) {
        const version = p.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList.find((v) => v.VersionId === p.DefaultVersionId);
        if (version) managed.set(p.Arn, version.Document);
      }
      policies = { account, managed, masks: new Map() };
      this.accountPolicies.set(account, policies);
    }
    return (this.current = policies);
  }

  private scps(accountId: string): ScpLevels {
    let scps = this.scpLevels.get(accountId);
    if (!scps) {
      const levels = policyLevels(this.scope.org, accountId, 'SERVICE_CONTROL_POLICY').map((level) => level.map((document) => this.compiled.get(document)).filter((c): c is Compiled => c !== null));
      const contextFree = levels.every((level) => level.every((c) => c.contextFree));
      scps = { levels: levels.map((level) => level.map((c) => c.policy)), key: contextFree ? levels.map((level) => level.map((c) => c.id).join(',')).join(';') : undefined };
      this.scpLevels.set(accountId, scps);
    }
    return scps;
  }
}

const NOT_POSSIBLE: ProbeResult = Object.freeze({ possible: false, conditions: undefined });

/** Some Allow statement of the identity policies covers the action and applies to the resource (conditions aside). */
function identityAllowsAtAll(identity: readonly CompiledPolicy[], action: string, resource: string, context: ContextView): boolean {
  const lower = action.toLowerCase();
  return identity.some((policy) => policy.statementsFor(lower).some((s) => s.effect === 'Allow' && s.resource(resource, context)));
}

/** Some Allow statement names Action "*" (or "*:*") on Resource "*". */
function grantsStar(identity: readonly Compiled[]): boolean {
  return identity.some((c) => c.policy.statements.some((s) => s.effect === 'Allow' && s.source.action?.some((a) => a === '*' || a === '*:*') && s.source.resource?.includes('*')));
}

function compileWithMask(document: unknown, id: number): Compiled | null {
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(document, 'policy');
  } catch {
    // IAM stores no unreadable policies; one that crossrole cannot read grants nothing here.
    return null;
  }
  let mask = 0;
  for (const s of policy.statements) {
    if (s.effect !== 'Allow') continue;
    PROBE_ACTIONS.forEach((action, bit) => {
      if (s.action(action)) mask |= 1 << bit;
    });
  }
  const contextFree = policy.statements.every(({ source: s }) => s.conditions.length === 0 && !s.principal && !s.notPrincipal && ![...(s.resource ?? []), ...(s.notResource ?? [])].some((r) => r.includes('${')));
  return { policy, mask, id, contextFree };
}

/** AWS managed policies are attached everywhere: look each ARN up once. */
const builtins = new Map<string, unknown>();
function builtin(arn: string): unknown {
  if (!builtins.has(arn)) {
    const name = AWS_MANAGED_ARN.exec(arn)?.[1];
    builtins.set(arn, name === undefined ? undefined : AWS_MANAGED[name]);
  }
  return builtins.get(arn);
}

function resourcesFor(target: Target, role: RoleDetail, managed: Map<string, unknown>): string[] {
  const [, partition = 'aws', , , account = ''] = role.Arn.split(':');
  switch (target) {
    case 'any':
      return ['*'];
    case 'self':
      return [role.Arn];
    case 'managed':
      return role.AttachedManagedPolicies.map((p) => p.PolicyArn).filter((arn) => !AWS_MANAGED_ARN.test(arn) && managed.has(arn));
    case 'role':
      return [`arn:${partition}:iam::${account}:role/${PROBE_NAME}`];
    case 'user':
      return [`arn:${partition}:iam::${account}:user/${PROBE_NAME}`];
  }
}

/** `arn:aws:iam::1:role/path/Name` → `arn:aws:sts::1:assumed-role/Name/crossrole-audit`: who acts with the role's permissions. */
function sessionArn(roleArn: string): string {
  const [, partition = 'aws', , , account = ''] = roleArn.split(':');
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return `arn:${partition}:sts::${account}:assumed-role/${name}/crossrole-audit`;
}
