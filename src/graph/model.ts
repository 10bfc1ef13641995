// A snapshot read into what edges are decided with: per account its SCP and RCP levels, per caller
// its identity policies and boundary (compiled on demand), per role its trust and whom that trust
// names. Every node of the graph is created here; the edges come later (build.ts).
import { indexOrg, type OrgIndex } from '../org/model.js';
import { policyLevels } from '../org/policy-levels.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { parseArn } from '../policy/match.js';
import type { PrincipalType } from '../policy/principal.js';
import type { AccountAuthorizationDetails } from '../snapshot/schema.js';
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

  constructor(
    readonly node: number,
    readonly detail: PrincipalDetail,
    readonly account: AccountFacts,
    readonly grants: readonly string[],
    private readonly source: AccountPolicies,
  ) {}

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

export function readModel(snapshot: Snapshot): GraphModel {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const cache = new PolicyCache(warn);
  const shared: SharedPolicies = { cache, managedGrants: new Map(), warn };
  const org = indexOrg(snapshot.org);
  const table = new NodeTable();
  const accounts = new Map<string, AccountFacts>();
  const callers: (CallerFacts | undefined)[] = [];
  const principalsByAccount = new Map<string, number[]>();
  const memberships: Membership[] = [];
  const collected = new Map(snapshot.accounts.map((a) => [a.accountId, a.details]));
  const orgPolicies = (id: string, kind: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): CompiledPolicy[][] =>
    policyLevels(org, id, kind).map((level) => level.flatMap((doc) => cache.document(doc, `${kind === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} of account ${id}`, `organization policy for account ${id}`) ?? []));
  const unknownIdentity: CallerPolicies = { identity: [cache.document(UNKNOWN_IDENTITY, 'unknown identity policies (taken as allowing)', 'built-in')!], boundary: null };

  /** The account's facts and node, created on first mention. */
  const account = (id: string, partition: string): AccountFacts => {
    const known = accounts.get(id);
    if (known) return known;
    const orgAccount = org.accountsById.get(id);
    const inOrg = orgAccount !== undefined;
    const facts: AccountFacts = {
      id,
      node: table.add('account', rootArn(partition, id), orgAccount?.name ?? id, id, inOrg, collected.has(id)),
      inOrg,
      collected: collected.has(id),
      isManagement: id === org.org.managementAccountId,
      partition,
      scps: inOrg ? orgPolicies(id, 'SERVICE_CONTROL_POLICY') : [],
      rcps: inOrg ? orgPolicies(id, 'RESOURCE_CONTROL_POLICY') : [],
    };
    accounts.set(id, facts);
    callers[facts.node] = simpleCaller(facts.node, 'account', table.nodes[facts.node]!.arn, 'AWS', 'sts:AssumeRole', facts);
    return facts;
  };

  for (const a of [...org.org.accounts].sort((x, y) => x.id.localeCompare(y.id))) account(a.id, partitionOf(collected.get(a.id)));
  for (const { accountId, details } of snapshot.accounts) account(accountId, partitionOf(details));

  // Pass 1: users, groups and roles of collected accounts; what their policies grant.
  const roleNodes: number[] = [];
  for (const { accountId, details } of snapshot.accounts) {
    const acct = accounts.get(accountId)!;
    const policies = new AccountPolicies(accountId, details, shared);
    const own: number[] = [];
    principalsByAccount.set(accountId, own);
    const groups = new Map<string, number>();
    for (const g of details.GroupDetailList) groups.set(g.GroupName, table.add('group', g.Arn, g.GroupName, accountId, acct.inOrg, true));
    const principal = (kind: 'user' | 'role', detail: PrincipalDetail, name: string): number => {
      const node = table.add(kind, detail.Arn, name, accountId, acct.inOrg, true);
      own.push(node);
      policies.checkManaged(detail);
      callers[node] = new PrincipalCaller(node, detail, acct, policies.grants(detail), policies);
      return node;
    };
    for (const u of details.UserDetailList) {
      const node = principal('user', u, u.UserName);
      for (const name of u.GroupList) {
        const group = groups.get(name);
        if (group === undefined) warn(`${u.Arn}: group ${name} is not in the snapshot of account ${accountId}, its policies are ignored`);
        else memberships.push({ user: node, group });
      }
    }
    for (const r of details.RoleDetailList) roleNodes.push(principal('role', r, r.RoleName));
  }

  // Pass 2: trusts, creating nodes for whom they name beyond the snapshot.
  let anyone: number | undefined;
  const anyoneNode = (): number => {
    if (anyone === undefined) {
      anyone = table.add('anyone', '*', 'anyone', undefined, false, false);
      callers[anyone] = simpleCaller(anyone, 'anyone', ANYONE_PRINCIPAL, 'AWS', 'sts:AssumeRole', undefined);
    }
    return anyone;
  };
  /** The node a trust's AWS principal ARN names, or the reason it names nobody. */
  const namedPrincipal = (arn: string): number | string | undefined => {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
    const kind = parsed.resource.startsWith('role/') ? 'role' : parsed.resource.startsWith('user/') ? 'user' : undefined;
    if (!kind) return undefined; // sessions and federated users name one session, never a whole principal
    const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
    const known = table.find(arn) ?? (kind === 'role' ? table.findRole(parsed.account, name) : undefined);
    if (known !== undefined) return known;
    const acct = account(parsed.account, parsed.partition);
    if (acct.collected) return `names ${arn}, which is not in the snapshot of account ${parsed.account} (it names nobody)`;
    const node = table.add(kind, arn, name, parsed.account, acct.inOrg, false);
    callers[node] ??= simpleCaller(node, 'principal', arn, 'AWS', 'sts:AssumeRole', acct, unknownIdentity, EVERYTHING);
    return node;
  };
  const service = (name: string): number => {
    const node = table.add('service', name, name, undefined, false, false);
    callers[node] ??= simpleCaller(node, 'service', name, 'Service', 'sts:AssumeRole', undefined);
    return node;
  };
  const federated = (provider: string): number => {
    const parsed = parseArn(provider);
    const accountId = parsed && /^\d{12}$/.test(parsed.account) ? parsed.account : undefined;
    const name = parsed ? parsed.resource.slice(parsed.resource.indexOf('/') + 1) : provider;
    const node = table.add('federated', provider, name, accountId, accountId !== undefined && org.accountsById.has(accountId), false);
    callers[node] ??= simpleCaller(node, 'federated', provider, 'Federated', provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity', undefined);
    return node;
  };
  /** Whom a trust names, worked out once per distinct trust document (most repeat across roles and accounts). */
  const namesByTrust = new Map<CompiledPolicy, { names: TrustNames; nobody: string[] }>();
  const namesOf = (trust: CompiledPolicy): { names: TrustNames; nobody: string[] } => {
    const known = namesByTrust.get(trust);
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
          account(parsed.account, parsed.partition);
          addUnique(names.accounts, parsed.account);
        } else {
          const node = namedPrincipal(entry);
          if (typeof node === 'number') addUnique(names.principals, node);
          else if (node !== undefined) nobody.push(node);
        }
      }
      for (const name of block.service) addUnique(names.services, service(name.toLowerCase()));
      for (const provider of block.federated) addUnique(names.federated, federated(provider));
    }
    if (names.wildcard) anyoneNode();
    const entry = { names, nobody };
    namesByTrust.set(trust, entry);
    return entry;
  };

  const roles: RoleFacts[] = [];
  let r = 0;
  for (const { accountId, details } of snapshot.accounts) {
    const acct = accounts.get(accountId)!;
    for (const role of details.RoleDetailList) {
      const node = roleNodes[r++]!;
      const where = `${role.Arn} trust policy`;
      const trust = cache.document(role.AssumeRolePolicyDocument, 'trust policy', where);
      if (!trust) continue;
      const { names, nobody } = namesOf(trust);
      for (const reason of nobody) warn(`${where}: ${reason}`);
      roles.push({ node, arn: role.Arn, account: acct, trust, names, tags: role.Tags });
    }
  }

  return { org, table, accounts, callers, roles, principalsByAccount, memberships, warnings };
}

function addUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** The partition of an account's ARNs (`aws`, `aws-cn`, `aws-us-gov`); `aws` when nothing says. */
function partitionOf(details: AccountAuthorizationDetails | undefined): string {
  const arn = details?.RoleDetailList[0]?.Arn ?? details?.UserDetailList[0]?.Arn;
  return (arn && parseArn(arn)?.partition) || 'aws';
}
