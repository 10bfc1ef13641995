// Builds desired and observed states from the compact YAML cases in this folder.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { roleArn } from '../../src/desired/arn.js';
import { shortHash } from '../../src/desired/canonical.js';
import { hubPolicies } from '../../src/desired/hub-policy.js';
import { HASH_TAG, OWNER_TAG, OWNER_VALUE, SPEC_TAG, type DesiredHub, type DesiredRole, type DesiredState, type HubPolicyRecipe, type RoleDefinition } from '../../src/desired/types.js';
import { indexOrg, type OrgIndex } from '../../src/org/model.js';
import type { OrgPolicy } from '../../src/org/schema.js';
import type { ObservedHubRole, ObservedManagedPolicy, ObservedRole, ObservedState, UnknownField } from '../../src/observe/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { FieldChange, Step } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/paths.js';

type RolePatch = Partial<RoleDefinition> & { adopt?: boolean };

export interface ObservedRoleSpec {
  /** Start from the desired role of that account (as IAM reads it back), or from the base role without crossrole's tags. */
  like: 'desired' | 'base';
  name?: string;
  set?: Partial<RoleDefinition>;
  /** Merged into the tags; null removes a tag. */
  tags?: Record<string, string | null>;
  drop?: (keyof RoleDefinition)[];
  /** Fields the reader could not see (GetAccountAuthorizationDetails). */
  unknownFields?: UnknownField[];
  /** The instance profiles holding the role, when not just its own (made from `instanceProfile`). */
  instanceProfiles?: { name: string; path: string }[];
}

export interface HubObserved {
  exists?: boolean;
  /** Defaults to the desired policies (no change). */
  policies?: Record<string, PolicyDocument>;
  /** The hub role as read (trust, tags, settings). */
  role?: Omit<ObservedHubRole, 'instanceProfiles'>;
}

export interface Case {
  name: string;
  desired: ({ account: string } & RolePatch)[];
  observed: Record<string, ObservedRoleSpec[] | { error: string }>;
  hub?: HubObserved | false;
  hubStrategy?: 'list' | 'pattern';
  /** The spec's hub policy name, when not the default crossrole-<hub>. */
  hubPolicyName?: string;
  prune?: boolean;
  /** Action-list policies (customer managed) each account holds, as observed. */
  policies?: Record<string, ObservedManagedPolicy[]>;
  /** SCPs and RCPs of the case organization (every case account sits directly under the root r-test). */
  orgPolicies?: OrgPolicy[];
  expect: {
    /** `changes`: each as changeText writes it. */
    roles?: { account: string; role: string; kind: string; steps?: string[]; changes?: string[]; reason?: string }[];
    hubs?: { subject?: string; policy?: string; kind: string; steps?: string[]; dependsOn?: string[]; reason?: string }[];
    unreadable?: { accountId: string; error: string }[];
    retained?: { kind: string; accountId: string; name: string }[];
    summary?: Record<string, number>;
  };
}

/** The situation a case sets up; each kind of case file adds its own `expect`. */
export type Situation = Omit<Case, 'expect'>;

/** A case file: the spec, accounts, base role and hub every case of it shares, and its cases. */
export interface CaseFile<C extends Situation = Case> {
  spec: string;
  accounts: Record<string, string>;
  base: RoleDefinition;
  hub: Omit<DesiredHub, 'policies' | 'spokeArns' | 'arn' | 'memberArns' | 'trustPrincipals' | 'strategy'> & { policyName: string };
  cases: C[];
}

/** A case file of test/plan, or of another folder under test/ (`verify/cases.yaml`). */
export function loadCases<C extends Situation = Case>(file: string): CaseFile<C> {
  return parse(readFileSync(`${repoRoot}/test/${file.includes('/') ? file : `plan/${file}`}`, 'utf8')) as CaseFile<C>;
}

export function desiredRole(file: CaseFile<Situation>, entry: { account: string } & RolePatch): DesiredRole {
  const { account, adopt, ...patch } = entry;
  const def: RoleDefinition = { ...structuredClone(file.base), ...patch, tags: { ...file.base.tags, ...patch.tags, [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: file.spec } };
  // YAML null removes a field of the base role.
  for (const key of Object.keys(def) as (keyof RoleDefinition)[]) if (def[key] === null) delete def[key];
  const { tags, ...hashed } = def;
  return {
    ...def,
    accountId: account,
    accountName: file.accounts[account] ?? '',
    arn: roleArn(account, def.path, def.name),
    adopt: adopt ?? false,
    tags: { ...tags, [HASH_TAG]: shortHash({ ...hashed, accountId: account }) },
  };
}

/** Every case account directly under one root. */
export function caseOrg(file: CaseFile<Situation>, policies: OrgPolicy[] = []): OrgIndex {
  const accounts = [...new Set([...Object.keys(file.accounts), file.hub.accountId])].sort();
  return indexOrg({
    organizationId: 'o-testorg0001',
    managementAccountId: '000000000001',
    roots: [{ id: 'r-test', name: 'Root' }],
    organizationalUnits: [],
    accounts: [{ id: '000000000001', name: 'management' }, ...accounts.map((id) => ({ id, name: file.accounts[id] ?? id }))].map((a) => ({ ...a, status: 'ACTIVE' as const, parentId: 'r-test', tags: {} })),
    policies,
  });
}

export function buildCase(file: CaseFile<Situation>, c: Situation): { desired: DesiredState; observed: ObservedState; org: OrgIndex } {
  const org = caseOrg(file, c.orgPolicies);
  const roles = c.desired.map((d) => desiredRole(file, d)).sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
  const recipe: HubPolicyRecipe = {
    policyName: c.hubPolicyName ?? file.hub.policyName,
    strategy: c.hubStrategy ?? 'list',
    kind: file.hub.kind,
    principalName: file.hub.principalName,
    limit: 10_240,
    managedPolicySlots: 10,
    tagConditions: false,
    specName: file.spec,
    policyPerTarget: false,
    spokes: roles.length ? [{ roleName: file.base.name, path: file.base.path, actions: ['sts:AssumeRole'], accountIds: roles.map((r) => r.accountId) }] : [],
    extra: [],
  };
  const made = hubPolicies(org, recipe);
  const hubs: DesiredHub[] =
    c.hub === false
      ? []
      : [
          {
            name: file.hub.name,
            accountId: file.hub.accountId,
            kind: file.hub.kind,
            principalName: file.hub.principalName,
            path: file.hub.path,
            arn: `arn:aws:iam::${file.hub.accountId}:${file.hub.kind}${file.hub.path}${file.hub.principalName}`,
            ...(file.hub.kind === 'role' && {
              role: {
                maxSessionDuration: 3600,
                trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${file.hub.accountId}:root` }, Action: 'sts:AssumeRole' }] },
                tags: { [OWNER_TAG]: OWNER_VALUE, [SPEC_TAG]: file.spec },
              },
            }),
            members: [],
            memberArns: [],
            trustPrincipals: [],
            ...made,
            spokeArns: roles.map((r) => r.arn),
            recipe,
          },
        ];
  const desired: DesiredState = { specName: file.spec, organizationId: 'o-test', managementAccountId: '000000000001', regions: ['us-east-1'], roles, templates: [], hubs, targets: [], skipped: [] };

  const accounts = Object.entries(c.observed).map(([accountId, spec]) => {
    if (!Array.isArray(spec)) return { accountId, roles: [], error: spec.error };
    const policies = c.policies?.[accountId];
    return { accountId, roles: spec.map((r) => observedRole(file, roles, accountId, r)), ...(policies && { policies: Object.fromEntries(policies.map((p) => [p.arn, p])) }) };
  });
  const seenHub = c.hub || {};
  const observedHubs = hubs.map((h) => ({ name: h.name, exists: seenHub.exists ?? true, policies: structuredClone(seenHub.policies ?? h.policies), ...(seenHub.role && { role: { instanceProfiles: [], ...seenHub.role } }) }));
  return { desired, observed: { accounts, hubs: observedHubs }, org };
}

function observedRole(file: CaseFile<Situation>, roles: DesiredRole[], accountId: string, spec: ObservedRoleSpec): ObservedRole {
  const name = spec.name ?? file.base.name;
  // A name no desired role has gets the base role's desired copy, renamed (an owned leftover).
  const desired = roles.find((r) => r.accountId === accountId && r.name === name) ?? roles.find((r) => r.accountId === accountId && r.name === file.base.name);
  const from: RoleDefinition = spec.like === 'desired' ? { ...structuredClone(desired ?? fail(`no desired role in ${accountId}`)), name } : { ...structuredClone(file.base), name };
  const role: RoleDefinition = { ...from, ...structuredClone(spec.set ?? {}) };
  for (const [k, v] of Object.entries(spec.tags ?? {})) {
    if (v === null) delete role.tags[k];
    else role.tags[k] = v;
  }
  for (const key of spec.drop ?? []) delete role[key];
  return {
    name: role.name,
    path: role.path,
    ...(role.description !== undefined && { description: role.description }),
    maxSessionDuration: role.maxSessionDuration,
    trustPolicy: role.trustPolicy,
    inlinePolicies: role.inlinePolicies,
    managedPolicyArns: role.managedPolicyArns,
    ...(role.permissionsBoundary !== undefined && { permissionsBoundary: role.permissionsBoundary }),
    ...(role.instanceProfile && { instanceProfile: true }),
    instanceProfiles: spec.instanceProfiles ?? (role.instanceProfile ? [{ name: role.name, path: role.path }] : []),
    ...(spec.unknownFields && { unknownFields: spec.unknownFields }),
    tags: role.tags,
    accountId,
    arn: roleArn(accountId, role.path, role.name),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** A step as the cases write it: the operation and what it acts on, without the role name. */
export function stepText(step: Step): string {
  switch (step.op) {
    case 'UpdateAssumeRolePolicy':
      return step.lock ? 'UpdateAssumeRolePolicy locked' : 'UpdateAssumeRolePolicy';
    case 'PutRolePolicy':
    case 'DeleteRolePolicy':
    case 'PutHubPolicy':
    case 'DeleteHubPolicy':
      return `${step.op} ${step.policyName}`;
    case 'AttachRolePolicy':
    case 'DetachRolePolicy':
    case 'PutRolePermissionsBoundary':
      return `${step.op} ${step.policyArn}`;
    case 'TagRole':
      return `TagRole ${Object.keys(step.tags).join(',')}`;
    case 'UntagRole':
      return `UntagRole ${step.tagKeys.join(',')}`;
    default:
      return step.op;
  }
}

/** A field change as the cases write it: the field, its key, and what it was and becomes (a policy as `policy`, the desired hash as `<hash>`). */
export function changeText(change: FieldChange, desiredHash?: string): string {
  // The desired role's hash changes with the base role: the cases write it as <hash>.
  const show = (v: unknown) => (v === undefined ? '(none)' : v === desiredHash ? '<hash>' : typeof v === 'object' ? 'policy' : JSON.stringify(v));
  return `${change.field}${change.key === undefined ? '' : ` ${change.key}`}: ${show(change.before)} → ${show(change.after)}`;
}
