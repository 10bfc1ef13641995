// One collected account's identity policies: where a user's or role's policies come from (inline,
// attached managed, its groups'), what they allow on sts:AssumeRole (read from the documents, for
// the caller index), and compiled only when a decision needs them: most principals never do.
import type { CompiledPolicy } from '../policy/compile.js';
import { decodeDocument, type AccountAuthorizationDetails, type GroupDetail, type ManagedPolicyDetail, type RoleDetail, type UserDetail } from '../snapshot/schema.js';
import { assumeRolePatterns } from './grant-index.js';
import type { PolicyCache } from './policy-cache.js';

export interface CallerPolicies {
  identity: CompiledPolicy[];
  boundary: CompiledPolicy | null;
}

export type PrincipalDetail = UserDetail | RoleDetail;

const NONE: readonly string[] = [];

/** What all accounts share: compiled documents and the grants of managed policy versions. */
export interface SharedPolicies {
  cache: PolicyCache;
  managedGrants: Map<string, readonly string[]>;
  warn(message: string): void;
}

export class AccountPolicies {
  readonly #managed = new Map<string, ManagedPolicyDetail>();
  readonly #groups = new Map<string, GroupDetail>();
  readonly #groupGrants = new Map<string, readonly string[]>();
  readonly #missing = new Set<string>();

  constructor(
    private readonly accountId: string,
    details: AccountAuthorizationDetails,
    private readonly shared: SharedPolicies,
  ) {
    for (const p of details.Policies) this.#managed.set(p.Arn, p);
    for (const g of details.GroupDetailList) this.#groups.set(g.GroupName, g);
  }

  /** Resource patterns under which the principal's identity policies (groups' included) may allow sts:AssumeRole. */
  grants(principal: PrincipalDetail): readonly string[] {
    let patterns: Set<string> | undefined;
    const add = (found: readonly string[]) => {
      for (const pattern of found) (patterns ??= new Set()).add(pattern);
    };
    for (const p of inlineOf(principal)) add(assumeRolePatterns(decoded(p.PolicyDocument)));
    for (const p of principal.AttachedManagedPolicies) add(this.#managedGrants(p.PolicyArn, principal.Arn));
    if (isUser(principal)) for (const name of principal.GroupList) add(this.#groupGrantsOf(name));
    return patterns ? [...patterns] : NONE;
  }

  /** The principal's identity policies and boundary, compiled. */
  policies(principal: PrincipalDetail): CallerPolicies {
    const identity: CompiledPolicy[] = [];
    const add = (policy: CompiledPolicy | undefined) => policy && identity.push(policy);
    const own = (where: string, inline: { PolicyName: string; PolicyDocument: unknown }[], attached: { PolicyArn: string }[]) => {
      for (const p of inline) add(this.shared.cache.document(p.PolicyDocument, `inline policy ${p.PolicyName}`, `${where} inline policy ${p.PolicyName}`));
      for (const p of attached) add(this.#compileManaged(p.PolicyArn, where));
    };
    own(principal.Arn, inlineOf(principal), principal.AttachedManagedPolicies);
    if (isUser(principal)) {
      for (const name of principal.GroupList) {
        const group = this.#groups.get(name);
        if (group) own(group.Arn, group.GroupPolicyList, group.AttachedManagedPolicies);
      }
    }
    const boundaryArn = principal.PermissionsBoundary?.PermissionsBoundaryArn;
    return { identity, boundary: (boundaryArn !== undefined && this.#compileManaged(boundaryArn, `${principal.Arn} permissions boundary`)) || null };
  }

  /** Warns (once per account and ARN) when the snapshot lacks a principal's managed policy. */
  checkManaged(principal: PrincipalDetail): void {
    for (const p of principal.AttachedManagedPolicies) this.#version(p.PolicyArn, principal.Arn);
    const boundary = principal.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary !== undefined) this.#version(boundary, `${principal.Arn} permissions boundary`);
  }

  #groupGrantsOf(name: string): readonly string[] {
    let found = this.#groupGrants.get(name);
    if (!found) {
      const group = this.#groups.get(name);
      const patterns = new Set<string>();
      for (const p of group?.GroupPolicyList ?? []) for (const pattern of assumeRolePatterns(decoded(p.PolicyDocument))) patterns.add(pattern);
      for (const p of group?.AttachedManagedPolicies ?? []) for (const pattern of this.#managedGrants(p.PolicyArn, group!.Arn)) patterns.add(pattern);
      found = patterns.size ? [...patterns] : NONE;
      this.#groupGrants.set(name, found);
    }
    return found;
  }

  #managedGrants(arn: string, where: string): readonly string[] {
    const version = this.#version(arn, where);
    if (!version) return NONE;
    const key = `${arn}@${version.VersionId}`;
    let found = this.shared.managedGrants.get(key);
    if (!found) {
      found = assumeRolePatterns(decoded(version.Document));
      this.shared.managedGrants.set(key, found);
    }
    return found;
  }

  #compileManaged(arn: string, where: string): CompiledPolicy | undefined {
    const version = this.#version(arn, where);
    return version && this.shared.cache.managed(arn, version.VersionId, version.Document, `${where}: ${arn}`);
  }

  #version(arn: string, where: string): ManagedPolicyDetail['PolicyVersionList'][number] | undefined {
    const detail = this.#managed.get(arn);
    const version = detail?.PolicyVersionList.find((v) => v.VersionId === detail.DefaultVersionId) ?? detail?.PolicyVersionList.find((v) => v.IsDefaultVersion);
    if (!version && !this.#missing.has(arn)) {
      this.#missing.add(arn);
      this.shared.warn(`${where}: managed policy ${arn} is not in the snapshot of account ${this.accountId}, ignored`);
    }
    return version;
  }
}

export function isUser(principal: PrincipalDetail): principal is UserDetail {
  return 'UserId' in principal;
}

function inlineOf(principal: PrincipalDetail): { PolicyName: string; PolicyDocument: unknown }[] {
  return isUser(principal) ? principal.UserPolicyList : principal.RolePolicyList;
}

/** Documents the raw API returns URL-encoded are read as objects. */
function decoded(document: unknown): unknown {
  return typeof document === 'string' ? (decodeDocument(document) ?? document) : document;
}
