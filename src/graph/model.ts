// A snapshot read into what edges are decided with: per account its SCP and RCP levels, per caller
// its identity policies and boundary (compiled on demand), per role its trust and whom that trust
// names. Every node of the graph is created here (ModelParts), either all at once for the whole
// graph (readModel, then build.ts) or as a search meets them (lazy.ts).
import { indexOrg, type OrgIndex } from '../org/model.js';
import { missingScpWarning, policyLevels } from '../org/policy-levels.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { parseArn } from '../policy/match.js';
import type { PrincipalType } from '../policy/principal.js';
import type { AccountAuthorizationDetails, RoleDetail } from '../snapshot/schema.js';
import type { Snapshot } from '../snapshot/types.js';
import { AccountPolicies, isUser, type CallerPolicies, type PrincipalDetail, type SharedPolicies } from './account-policies.js';
import { NodeTable, rootArn } from './nodes.js';
import { PolicyCache } from './policy-cache.js';
import type { AssumeAction, Membership } from './types.js';

export type { CallerPolicies } from './account-policies.js';

export interface AccountFacts {
  id: string;
  /** The account's node ("any principal this account allows"). */
  node: number;
  inOrg: boolean;
  collected: boolean;
  isManagement: boolean;
  partition: string;
  scps: CompiledPolicy[][];
  rcps: CompiledPolicy[][];
}

export type CallerKind = 'principal' | 'account' | 'service' | 'federated' | 'anyone';

/** Everything needed to evaluate a request made by one node. */
export interface CallerFacts {
  readonly node: number;
  readonly kind: CallerKind;
  /** The principal the engine evaluates: user/role ARN, account root, service, provider. */
  readonly principal: string;
  readonly principalType: PrincipalType;
  readonly action: AssumeAction;
  /** Identity policies and boundary, compiled on first use: most principals are never a candidate caller. */
  policies(): CallerPolicies;
  /** Resource patterns under which its identity policies may allow sts:AssumeRole (principals only). */
  readonly grants: readonly string[];
  /** The caller's account (its SCPs apply when it is in the organization). */
  readonly account: AccountFacts | undefined;
  /** Users: the AIDA… id (aws:userid). A role session's id carries its session name, unknown here. */
  readonly uniqueId: string | undefined;
  readonly tags: Record<string, string> | undefined;
}

/** Whom a trust policy's Allow statements for the assume actions name. */
export interface TrustNames {
  /** `"*"`, `{"AWS": "*"}`, NotPrincipal, or no principal element at all. */
  wildcard: boolean;
  /** Accounts named by root ARN or id. */
  accounts: string[];
  /** User and role nodes named by ARN (roles by account and name). */
  principals: number[];
  services: number[];
  federated: number[];
}

export interface RoleFacts {
  node: number;
  arn: string;
  account: AccountFacts;
  trust: CompiledPolicy;
  names: TrustNames;
  tags: readonly { Key: string; Value: string }[];
}

export interface GraphModel {
  org: OrgIndex;
  table: NodeTable;
  accounts: Map<string, AccountFacts>;
  /** Caller facts by node index (undefined for groups). */
  callers: (CallerFacts | undefined)[];
  /** Roles with a readable trust policy: the possible edge targets. */
  roles: RoleFacts[];
  /** Collected users and roles by account id (node indexes). */
  principalsByAccount: Map<string, number[]>;
  memberships: Membership[];
  warnings: string[];
}

const ASSUME_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'];

/** Principals named by a trust in an account that was not collected: their identity policies are unknown, taken as allowing. */
const UNKNOWN_IDENTITY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

/** `"*"`: evaluated as the root of an account nobody names, so only wildcard trusts let it in. */
export const ANYONE_PRINCIPAL = 'arn:aws:iam::000000000000:root';

const NO_POLICIES: CallerPolicies = { identity: [], boundary: null };
const NONE: readonly string[] = [];
const EVERYTHING: readonly string[] = ['*'];

/** A user or role of a collected account: its policies compiled, and its tags read, only when asked. */
class PrincipalCaller implements CallerFacts {
  readonly kind = 'principal';
  readonly principalType = 'AWS';
  readonly action = 'sts:AssumeRole';
  #policies: CallerPolicies | undefined;
  #tags: Record<string, string> | undefined;

  #grants: readonly string[] | undefined;

  constructor(
    readonly node: number,
    readonly detail: PrincipalDetail,
    readonly account: AccountFacts,
    private readonly source: AccountPolicies,
  ) {}

  get grants(): readonly string[] {
    return (this.#grants ??= this.source.grants(this.detail));
  }

  get principal(): string {
    return this.detail.Arn;
  }

  get uniqueId(): string | undefined {
    return isUser(this.detail) ? this.detail.UserId : undefined;
  }

  get tags(): Record<string, string> {
    return (this.#tags ??= Object.fromEntries(this.detail.Tags.map((t) => [t.Key, t.Value])));
  }

  policies(): CallerPolicies {
    return (this.#policies ??= this.source.policies(this.detail));
  }
}

/** A caller with no identity policies of its own (accounts, services, providers, anyone) or unknown ones. */
function simpleCaller(node: number, kind: CallerKind, principal: string, principalType: PrincipalType, action: AssumeAction, account: AccountFacts | undefined, policies = NO_POLICIES, grants = NONE): CallerFacts {
  return { node, kind, principal, principalType, action, policies: () => policies, grants, account, uniqueId: undefined, tags: undefined };
}

/** One collected account: its details, and (made on first use) its policies and principals by ARN and role name. */
interface CollectedAccount {
  details: AccountAuthorizationDetails;
  policies?: AccountPolicies;
  principals?: Map<string, { kind: 'user' | 'role'; detail: PrincipalDetail }>;
}

/**
 * The parts of a model, each made once, when first asked for: account facts and nodes, collected
 * users and roles as callers, nodes for what trusts name, and role facts. readModel asks for all of
 * them in a fixed order (so node numbers are stable); a lazy search only for what it meets.
 */
export class ModelParts {
  readonly warnings: string[] = [];
  readonly org: OrgIndex;
  readonly table = new NodeTable();
  readonly accounts = new Map<string, AccountFacts>();
  readonly callers: (CallerFacts | undefined)[] = [];
  readonly #cache: PolicyCache;
  readonly #shared: SharedPolicies;
  readonly #collected: Map<string, CollectedAccount>;
  readonly #unknownIdentity: CallerPolicies;
  readonly #namesByTrust = new Map<CompiledPolicy, { names: TrustNames; nobody: string[] }>();
  #anyone: number | undefined;

  constructor(snapshot: Snapshot) {
    const warn = (message: string) => this.warnings.push(message);
    this.#cache = new PolicyCache(warn);
    this.#shared = { cache: this.#cache, managedGrants: new Map(), warn };
    this.org = indexOrg(snapshot.org);
    const missingScps = missingScpWarning(this.org);
    if (missingScps) warn(missingScps);
    this.#collected = new Map(snapshot.accounts.map((a) => [a.accountId, { details: a.details }]));
    this.#unknownIdentity = { identity: [this.#cache.document(UNKNOWN_IDENTITY, 'unknown identity policies (taken as allowing)', 'built-in')!], boundary: null };
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** The account's facts and node, created on first mention. */
  account(id: string, partition = partitionOf(this.#collected.get(id)?.details)): AccountFacts {
    const known = this.accounts.get(id);
    if (known) return known;
    const orgAccount = this.org.accountsById.get(id);
    const inOrg = orgAccount !== undefined;
    const collected = this.#collected.has(id);
    const facts: AccountFacts = {
      id,
      node: this.table.add('account', rootArn(partition, id), orgAccount?.name ?? id, id, inOrg, collected),
      inOrg,
      collected,
      isManagement: id === this.org.org.managementAccountId,
      partition,
      scps: inOrg ? this.#orgPolicies(id, 'SERVICE_CONTROL_POLICY') : [],
      rcps: inOrg ? this.#orgPolicies(id, 'RESOURCE_CONTROL_POLICY') : [],
    };
    this.accounts.set(id, facts);
    this.callers[facts.node] = simpleCaller(facts.node, 'account', this.table.nodes[facts.node]!.arn, 'AWS', 'sts:AssumeRole', facts);
    return facts;
  }

  /** The policies of a collected account. */
  accountPolicies(accountId: string): AccountPolicies {
    const collected = this.#collected.get(accountId)!;
    return (collected.policies ??= new AccountPolicies(accountId, collected.details, this.#shared));
  }

  /** The node of a collected user or role, created (with its caller facts) on first use. */
  principal(accountId: string, kind: 'user' | 'role', detail: PrincipalDetail): number {
    const known = this.table.find(detail.Arn);
    if (known !== undefined) return known;
    const account = this.account(accountId);
    const node = this.table.add(kind, detail.Arn, isUser(detail) ? detail.UserName : detail.RoleName, accountId, account.inOrg, true);
    this.callers[node] = new PrincipalCaller(node, detail, account, this.accountPolicies(accountId));
    return node;
  }

  anyone(): number {
    if (this.#anyone === undefined) {
      this.#anyone = this.table.add('anyone', '*', 'anyone', undefined, false, false);
      this.callers[this.#anyone] = simpleCaller(this.#anyone, 'anyone', ANYONE_PRINCIPAL, 'AWS', 'sts:AssumeRole', undefined);
    }
    return this.#anyone;
  }

  service(name: string): number {
    const node = this.table.add('service', name, name, undefined, false, false);
    this.callers[node] ??= simpleCaller(node, 'service', name, 'Service', 'sts:AssumeRole', undefined);
    return node;
  }

  federated(provider: string): number {
    const parsed = parseArn(provider);
    const accountId = parsed && /^\d{12}$/.test(parsed.account) ? parsed.account : undefined;
    const name = parsed ? parsed.resource.slice(parsed.resource.indexOf('/') + 1) : provider;
    const node = this.table.add('federated', provider, name, accountId, accountId !== undefined && this.org.accountsById.has(accountId), false);
    this.callers[node] ??= simpleCaller(node, 'federated', provider, 'Federated', provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity', undefined);
    return node;
  }

  /** The node a trust's AWS principal ARN names, or the reason it names nobody. */
  namedPrincipal(arn: string): number | string | undefined {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
    const kind = parsed.resource.startsWith('role/') ? 'role' : parsed.resource.startsWith('user/') ? 'user' : undefined;
    if (!kind) return undefined; // sessions and federated users name one session, never a whole principal
    const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
    const known = this.table.find(arn) ?? (kind === 'role' ? this.table.findRole(parsed.account, name) : undefined);
    if (known !== undefined) return known;
    const acct = this.account(parsed.account, parsed.partition);
    if (acct.collected) {
      const found = this.#collectedPrincipal(parsed.account, kind === 'role' ? `role ${name}` : arn);
      return found ? this.principal(parsed.account, found.kind, found.detail) : `names ${arn}, which is not in the snapshot of account ${parsed.account} (it names nobody)`;
    }
    const node = this.table.add(kind, arn, name, parsed.account, acct.inOrg, false);
    this.callers[node] ??= simpleCaller(node, 'principal', arn, 'AWS', 'sts:AssumeRole', acct, this.#unknownIdentity, EVERYTHING);
    return node;
  }

  /** Ids of the collected accounts. */
  collectedAccounts(): IterableIterator<string> {
    return this.#collected.keys();
  }

  /** The nodes of a collected account's users and roles. */
  collectedPrincipals(accountId: string): number[] {
    const { details } = this.#collected.get(accountId)!;
    return [...details.UserDetailList.map((u) => this.principal(accountId, 'user', u)), ...details.RoleDetailList.map((r) => this.principal(accountId, 'role', r))];
  }

  /** A collected user by ARN, or role by `role <name>` (trusts name roles whatever their path). */
  #collectedPrincipal(accountId: string, key: string): { kind: 'user' | 'role'; detail: PrincipalDetail } | undefined {
    const collected = this.#collected.get(accountId)!;
    if (!collected.principals) {
      const principals = (collected.principals = new Map());
      for (const u of collected.details.UserDetailList) principals.set(u.Arn, { kind: 'user', detail: u });
      for (const r of collected.details.RoleDetailList) principals.set(`role ${r.RoleName}`, { kind: 'role', detail: r });
    }
    return collected.principals.get(key);
  }

  /** A role's trust read into whom it names, or undefined when the trust cannot be read. */
  role(accountId: string, detail: RoleDetail): RoleFacts | undefined {
    const where = `${detail.Arn} trust policy`;
    const trust = this.#cache.document(detail.AssumeRolePolicyDocument, 'trust policy', where);
    if (!trust) return undefined;
    const { names, nobody } = this.#namesOf(trust);
    for (const reason of nobody) this.warn(`${where}: ${reason}`);
    return { node: this.principal(accountId, 'role', detail), arn: detail.Arn, account: this.account(accountId), trust, names, tags: detail.Tags };
  }

  /** Whom a trust names, worked out once per distinct trust document (most repeat across roles and accounts). */
  #namesOf(trust: CompiledPolicy): { names: TrustNames; nobody: string[] } {
    const known = this.#namesByTrust.get(trust);
    if (known) return known;
    const names: TrustNames = { wildcard: false, accounts: [], principals: [], services: [], federated: [] };
    const nobody: string[] = [];
    for (const s of trust.statements) {
      if (s.effect !== 'Allow' || !ASSUME_ACTIONS.some((a) => s.action(a))) continue;
      const block = s.source.principal;
      if (!block || block.wildcard) {
        names.wildcard = true;
        if (!block) continue;
      }
      for (const entry of block.aws) {
        if (entry === '*') names.wildcard = true;
        const parsed = parseArn(entry);
        if (parsed?.service === 'iam' && parsed.resource === 'root' && /^\d{12}$/.test(parsed.account)) {
          this.account(parsed.account, parsed.partition);
          addUnique(names.accounts, parsed.account);
        } else {
          const node = this.namedPrincipal(entry);
          if (typeof node === 'number') addUnique(names.principals, node);
          else if (node !== undefined) nobody.push(node);
        }
      }
      for (const name of block.service) addUnique(names.services, this.service(name.toLowerCase()));
      for (const provider of block.federated) addUnique(names.federated, this.federated(provider));
    }
    if (names.wildcard) this.anyone();
    const entry = { names, nobody };
    this.#namesByTrust.set(trust, entry);
    return entry;
  }

  #orgPolicies(id: string, kind: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): CompiledPolicy[][] {
    return policyLevels(this.org, id, kind).map((level) => level.flatMap((doc) => this.#cache.document(doc, `${kind === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} of account ${id}`, `organization policy for account ${id}`) ?? []));
  }
}

/** Every node and role of the snapshot, numbered in a fixed order: accounts, then each collected account's groups, users and roles, then whom trusts name. */
export function readModel(snapshot: Snapshot): GraphModel {
  const parts = new ModelParts(snapshot);
  const { org, table, callers } = parts;
  const principalsByAccount = new Map<string, number[]>();
  const memberships: Membership[] = [];

  for (const a of [...org.org.accounts].sort((x, y) => x.id.localeCompare(y.id))) parts.account(a.id);
  for (const { accountId } of snapshot.accounts) parts.account(accountId);

  // Pass 1: users, groups and roles of collected accounts; what their policies grant.
  for (const { accountId, details } of snapshot.accounts) {
    const acct = parts.accounts.get(accountId)!;
    const policies = parts.accountPolicies(accountId);
    const own: number[] = [];
    principalsByAccount.set(accountId, own);
    const groups = new Map<string, number>();
    for (const g of details.GroupDetailList) groups.set(g.GroupName, table.add('group', g.Arn, g.GroupName, accountId, acct.inOrg, true));
    const principal = (kind: 'user' | 'role', detail: PrincipalDetail): number => {
      const node = parts.principal(accountId, kind, detail);
      own.push(node);
      policies.checkManaged(detail);
      void callers[node]!.grants;
      return node;
    };
    for (const u of details.UserDetailList) {
      const node = principal('user', u);
      for (const name of u.GroupList) {
        const group = groups.get(name);
        if (group === undefined) parts.warn(`${u.Arn}: group ${name} is not in the snapshot of account ${accountId}, its policies are ignored`);
        else memberships.push({ user: node, group });
      }
    }
    for (const r of details.RoleDetailList) principal('role', r);
  }

  // Pass 2: trusts, creating nodes for whom they name beyond the snapshot.
  const roles: RoleFacts[] = [];
  for (const { accountId, details } of snapshot.accounts) {
    for (const role of details.RoleDetailList) {
      const facts = parts.role(accountId, role);
      if (facts) roles.push(facts);
    }
  }

  return { org, table, accounts: parts.accounts, callers, roles, principalsByAccount, memberships, warnings: parts.warnings };
}

function addUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** The partition of an account's ARNs (`aws`, `aws-cn`, `aws-us-gov`); `aws` when nothing says. */
function partitionOf(details: AccountAuthorizationDetails | undefined): string {
  const arn = details?.RoleDetailList[0]?.Arn ?? details?.UserDetailList[0]?.Arn;
  return (arn && parseArn(arn)?.partition) || 'aws';
}
