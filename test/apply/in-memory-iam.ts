// An in-memory IAM behind apply's own interfaces (ApplyTarget, RoleOperations): roles with trust,
// inline and managed policies, boundary and tags, hub principals with inline policies, and the
// errors IAM gives (NoSuchEntity, EntityAlreadyExists, DeleteConflict, LimitExceeded, …).
import type { AccountSession, ApplyTarget, RoleOperations } from '../../src/apply/types.js';
import { roleArn } from '../../src/desired/arn.js';
import type { DesiredHub, DesiredState } from '../../src/desired/types.js';
import type { ObservedRole, ObservedState } from '../../src/observe/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { Step } from '../../src/plan/types.js';

export class IamError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface Role {
  name: string;
  path: string;
  description?: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  inline: Map<string, PolicyDocument>;
  managed: Set<string>;
  boundary?: string;
  tags: Map<string, string>;
}

export interface InstanceProfile {
  name: string;
  path: string;
  tags: Map<string, string>;
  /** Role names (IAM allows one). */
  roles: string[];
}

export interface Mutation {
  accountId: string;
  step: Step;
}

const clone = <T>(value: T): T => structuredClone(value);

export class InMemoryIam {
  /** accountId → lower-case role name → role (IAM role names ignore case). */
  readonly roles = new Map<string, Map<string, Role>>();
  /** accountId → lower-case instance profile name → profile (names ignore case). */
  readonly profiles = new Map<string, Map<string, InstanceProfile>>();
  /** `<account>/<kind>/<name>` → inline policies of an existing hub principal. */
  readonly hubs = new Map<string, Map<string, PolicyDocument>>();
  /** `<account>/<group>/<user>` for users added to hub groups. */
  readonly members = new Set<string>();
  /** Customer managed policies that exist (AWS managed ones always do). */
  readonly policies = new Set<string>();
  readonly unreadable = new Map<string, string>();
  /** Called after every successful mutation. */
  readonly listeners: ((m: Mutation) => void)[] = [];
  /** Lets a test fail a call before IAM sees it. */
  fault?: (m: Mutation) => Error | undefined;
  calls = 0;

  account(accountId: string): Map<string, Role> {
    let roles = this.roles.get(accountId);
    if (!roles) this.roles.set(accountId, (roles = new Map()));
    return roles;
  }

  role(accountId: string, name: string): Role | undefined {
    return this.roles.get(accountId)?.get(name.toLowerCase());
  }

  profilesIn(accountId: string): Map<string, InstanceProfile> {
    let profiles = this.profiles.get(accountId);
    if (!profiles) this.profiles.set(accountId, (profiles = new Map()));
    return profiles;
  }

  putRole(accountId: string, role: ObservedRole | Omit<ObservedRole, 'accountId' | 'arn'>): void {
    this.account(accountId).set(role.name.toLowerCase(), {
      name: role.name,
      path: role.path,
      ...(role.description !== undefined && { description: role.description }),
      maxSessionDuration: role.maxSessionDuration,
      trustPolicy: clone(role.trustPolicy),
      inline: new Map(Object.entries(clone(role.inlinePolicies))),
      managed: new Set(role.managedPolicyArns),
      ...(role.permissionsBoundary !== undefined && { boundary: role.permissionsBoundary }),
      tags: new Map(Object.entries(role.tags)),
    });
    for (const arn of [...role.managedPolicyArns, ...(role.permissionsBoundary ? [role.permissionsBoundary] : [])]) this.policies.add(arn);
    for (const p of role.instanceProfiles) this.profilesIn(accountId).set(p.name.toLowerCase(), { name: p.name, path: p.path, tags: new Map(), roles: [role.name] });
  }

  addHub(accountId: string, kind: string, name: string, policies: Record<string, PolicyDocument> = {}): void {
    this.hubs.set(`${accountId}/${kind}/${name}`, new Map(Object.entries(clone(policies))));
  }

  target(): ApplyTarget {
    return {
      open: async (accountId): Promise<AccountSession> => {
        const error = this.unreadable.get(accountId);
        if (error) throw new IamError('AccessDenied', error);
        return { accountId, iam: this.operations(accountId) };
      },
    };
  }

  operations(accountId: string): RoleOperations {
    return {
      run: async (step) => {
        await Promise.resolve();
        this.calls++;
        const fault = this.fault?.({ accountId, step });
        if (fault) throw fault;
        this.apply(accountId, step);
        for (const listener of this.listeners) listener({ accountId, step });
      },
      roleTags: async (roleName) => {
        const role = this.role(accountId, roleName);
        return role ? Object.fromEntries(role.tags) : undefined;
      },
      instanceProfile: async (profileName) => {
        const profile = this.profilesIn(accountId).get(profileName.toLowerCase());
        return profile ? { tags: Object.fromEntries(profile.tags), roles: [...profile.roles] } : undefined;
      },
    };
  }

  private apply(accountId: string, step: Step): void {
    if (step.op === 'PutHubPolicy' || step.op === 'DeleteHubPolicy') {
      const key = `${accountId}/${step.kind}/${step.principalName}`;
      // A hub role created by the plan holds its policies like any hub principal.
      if (step.kind === 'role' && !this.hubs.has(key) && this.role(accountId, step.principalName)) this.hubs.set(key, new Map());
      const hub = this.hubs.get(key);
      if (!hub) throw new IamError('NoSuchEntity', `The ${step.kind} with name ${step.principalName} cannot be found.`);
      if (step.op === 'PutHubPolicy') hub.set(step.policyName, clone(step.document));
      else if (!hub.delete(step.policyName)) throw new IamError('NoSuchEntity', `The policy ${step.policyName} cannot be found.`);
      return;
    }
    if (step.op === 'CreateGroup') {
      const key = `${accountId}/group/${step.groupName}`;
      if (this.hubs.has(key)) throw new IamError('EntityAlreadyExists', `Group with name ${step.groupName} already exists.`);
      this.hubs.set(key, new Map());
      return;
    }
    if (step.op === 'AddUserToGroup') {
      if (!this.hubs.has(`${accountId}/group/${step.groupName}`)) throw new IamError('NoSuchEntity', `The group with name ${step.groupName} cannot be found.`);
      this.members.add(`${accountId}/${step.groupName}/${step.userName}`);
      return;
    }
    if ('policyArn' in step && !('roleName' in step)) throw new Error(`${step.op} is not modelled in memory`);
    if (step.op === 'CreatePolicy') throw new Error('CreatePolicy is not modelled in memory');
    if (step.op === 'CreateRole') {
      if (this.role(accountId, step.roleName)) throw new IamError('EntityAlreadyExists', `Role with name ${step.roleName} already exists.`);
      checkSession(step.maxSessionDuration);
      if (step.permissionsBoundary) this.requirePolicy(step.permissionsBoundary);
      if (Object.keys(step.tags).length > 50) throw new IamError('LimitExceeded', 'too many tags');
      this.account(accountId).set(step.roleName.toLowerCase(), {
        name: step.roleName,
        path: step.path,
        ...(step.description !== undefined && { description: step.description }),
        maxSessionDuration: step.maxSessionDuration,
        trustPolicy: clone(step.trustPolicy),
        inline: new Map(),
        managed: new Set(),
        ...(step.permissionsBoundary !== undefined && { boundary: step.permissionsBoundary }),
        tags: new Map(Object.entries(step.tags)),
      });
      return;
    }
    if (step.op === 'CreateInstanceProfile' || step.op === 'DeleteInstanceProfile' || step.op === 'RemoveRoleFromInstanceProfile') {
      this.applyToProfile(accountId, step);
      return;
    }
    const role = this.role(accountId, step.roleName);
    if (!role) throw new IamError('NoSuchEntity', `The role with name ${step.roleName} cannot be found.`);
    switch (step.op) {
      case 'AddRoleToInstanceProfile': {
        const profile = this.profilesIn(accountId).get(step.profileName.toLowerCase());
        if (!profile) throw new IamError('NoSuchEntity', `Instance profile ${step.profileName} cannot be found.`);
        if (profile.roles.length) throw new IamError('LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
        profile.roles.push(role.name);
        return;
      }
      case 'UpdateAssumeRolePolicy':
        role.trustPolicy = clone(step.trustPolicy);
        return;
      case 'PutRolePolicy':
        role.inline.set(step.policyName, clone(step.document));
        return;
      case 'DeleteRolePolicy':
        if (!role.inline.delete(step.policyName)) throw new IamError('NoSuchEntity', `The role policy with name ${step.policyName} cannot be found.`);
        return;
      case 'AttachRolePolicy':
        this.requirePolicy(step.policyArn);
        if (!role.managed.has(step.policyArn) && role.managed.size >= 10) throw new IamError('LimitExceeded', 'Cannot exceed quota for PoliciesPerRole: 10');
        role.managed.add(step.policyArn);
        return;
      case 'DetachRolePolicy':
        if (!role.managed.delete(step.policyArn)) throw new IamError('NoSuchEntity', `Policy ${step.policyArn} was not found.`);
        return;
      case 'PutRolePermissionsBoundary':
        this.requirePolicy(step.policyArn);
        role.boundary = step.policyArn;
        return;
      case 'DeleteRolePermissionsBoundary':
        if (role.boundary === undefined) throw new IamError('NoSuchEntity', 'The role has no permissions boundary.');
        delete role.boundary;
        return;
      case 'UpdateRole':
        checkSession(step.maxSessionDuration);
        // IAM reads an empty description back as none.
        if (step.description) role.description = step.description;
        else if (step.description === '') delete role.description;
        role.maxSessionDuration = step.maxSessionDuration;
        return;
      case 'TagRole':
        for (const [k, v] of Object.entries(step.tags)) role.tags.set(k, v);
        if (role.tags.size > 50) throw new IamError('LimitExceeded', 'too many tags');
        return;
      case 'UntagRole':
        for (const k of step.tagKeys) role.tags.delete(k);
        return;
      case 'DeleteRole':
        if (role.inline.size || role.managed.size) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
        if (this.profilesOf(accountId, role.name).length) throw new IamError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
        this.account(accountId).delete(step.roleName.toLowerCase());
        return;
    }
  }

  private applyToProfile(accountId: string, step: Extract<Step, { op: 'CreateInstanceProfile' | 'DeleteInstanceProfile' | 'RemoveRoleFromInstanceProfile' }>): void {
    const profiles = this.profilesIn(accountId);
    const key = step.profileName.toLowerCase();
    const profile = profiles.get(key);
    if (step.op === 'CreateInstanceProfile') {
      if (profile) throw new IamError('EntityAlreadyExists', `Instance Profile ${step.profileName} already exists.`);
      profiles.set(key, { name: step.profileName, path: step.path, tags: new Map(Object.entries(step.tags)), roles: [] });
      return;
    }
    if (!profile) throw new IamError('NoSuchEntity', `Instance profile ${step.profileName} cannot be found.`);
    if (step.op === 'DeleteInstanceProfile') {
      if (profile.roles.length) throw new IamError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
      profiles.delete(key);
      return;
    }
    const index = profile.roles.findIndex((r) => r.toLowerCase() === step.roleName.toLowerCase());
    if (index < 0) throw new IamError('NoSuchEntity', `Role ${step.roleName} is not in instance profile ${step.profileName}.`);
    profile.roles.splice(index, 1);
  }

  /** Instance profiles holding a role. */
  profilesOf(accountId: string, roleName: string): InstanceProfile[] {
    return [...this.profilesIn(accountId).values()].filter((p) => p.roles.some((r) => r.toLowerCase() === roleName.toLowerCase()));
  }

  private requirePolicy(arn: string): void {
    if (!arn.startsWith('arn:aws:iam::aws:policy/') && !this.policies.has(arn)) throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  }

  /** What the observe stage would read: every role in the accounts, plus the hubs. */
  observe(accountIds: string[], hubs: DesiredHub[]): ObservedState {
    return {
      accounts: [...new Set(accountIds)].sort().map((accountId) => {
        const error = this.unreadable.get(accountId);
        if (error) return { accountId, roles: [], error };
        return { accountId, roles: [...this.account(accountId).values()].map((r) => observedRole(accountId, r, this.profilesOf(accountId, r.name))) };
      }),
      hubs: hubs
        .filter((h) => !this.unreadable.has(h.accountId))
        .map((h) => {
          const policies = this.hubs.get(`${h.accountId}/${h.kind}/${h.principalName}`);
          return { name: h.name, exists: policies !== undefined, policies: Object.fromEntries(clone([...(policies ?? [])])) };
        }),
    };
  }
}

/** An IAM holding what `observed` says, where every policy the desired state names exists. */
export function seeded(desired: DesiredState, observed: ObservedState): InMemoryIam {
  const iam = new InMemoryIam();
  for (const account of observed.accounts) {
    if (account.error !== undefined) iam.unreadable.set(account.accountId, account.error);
    for (const role of account.roles) iam.putRole(account.accountId, role);
  }
  for (const hub of desired.hubs) {
    const seen = observed.hubs.find((h) => h.name === hub.name);
    if (seen?.exists) iam.addHub(hub.accountId, hub.kind, hub.principalName, seen.policies);
    // A hub role crossrole keeps in shape is an IAM role like the spokes.
    if (seen?.role) iam.putRole(hub.accountId, { ...seen.role, accountId: hub.accountId, name: hub.principalName, inlinePolicies: {}, managedPolicyArns: [] });
  }
  for (const role of desired.roles) for (const arn of [...role.managedPolicyArns, role.permissionsBoundary ?? []].flat()) iam.policies.add(arn);
  return iam;
}

export function observedRole(accountId: string, r: Role, profiles: InstanceProfile[] = []): ObservedRole {
  return {
    accountId,
    arn: roleArn(accountId, r.path, r.name),
    name: r.name,
    path: r.path,
    ...(r.description !== undefined && { description: r.description }),
    maxSessionDuration: r.maxSessionDuration,
    trustPolicy: clone(r.trustPolicy),
    inlinePolicies: Object.fromEntries(clone([...r.inline])),
    managedPolicyArns: [...r.managed].sort(),
    ...(r.boundary !== undefined && { permissionsBoundary: r.boundary }),
    instanceProfile: profiles.some((p) => p.name === r.name && p.path === r.path),
    instanceProfiles: profiles.map((p) => ({ name: p.name, path: p.path })),
    tags: Object.fromEntries(r.tags),
  };
}

function checkSession(seconds: number): void {
  if (seconds < 3600 || seconds > 43200) throw new IamError('ValidationError', 'MaxSessionDuration must be between 3600 and 43200 seconds');
}
