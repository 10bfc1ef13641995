// A snapshot read into what edges are decided with: per account its SCP and RCP levels, per caller
// its identity policies and boundary, per role its trust and whom that trust names. Every node of
// the graph is created here; the edges come later (build.ts).
import { indexOrg, type OrgIndex } from '../org/model.js';
import { policyLevels } from '../org/policy-levels.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { parseArn } from '../policy/match.js';
import type { PrincipalType } from '../policy/principal.js';
import { decodeDocument, type AccountAuthorizationDetails, type ManagedPolicyDetail } from '../snapshot/schema.js';
import type { Snapshot } from '../snapshot/types.js';
import { assumeRolePatterns } from './grant-index.js';
import { NodeTable, rootArn } from './nodes.js';
import { PolicyCache } from './policy-cache.js';
import type { AssumeAction, Membership } from './types.js';

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

export interface CallerPolicies {
  identity: CompiledPolicy[];
  boundary: CompiledPolicy | null;
}

/** A policy document where the snapshot has it, compiled only when needed. */
interface PolicySource {
  document: unknown;
  name: string;
  where: string;
  /** Managed policies: compiled once per ARN and version across accounts. */
  managed?: { arn: string; versionId: string };
}

/** Everything needed to evaluate a request made by one node. */
export interface CallerFacts {
  node: number;
  kind: CallerKind;
  /** The principal the engine evaluates: user/role ARN, account root, service, provider. */
  principal: string;
  principalType: PrincipalType;
  action: AssumeAction;
  /** Identity policies and boundary, compiled on first use: most principals are never a candidate caller. */
  policies(): CallerPolicies;
  /** Resource patterns under which its identity policies may allow sts:AssumeRole (principals only). */
  grants: readonly string[];
  /** The caller's account (its SCPs apply when it is in the organization). */
  account: AccountFacts | undefined;
  /** Users: the AIDA… id (aws:userid). A role session's id carries its session name, unknown here. */
  uniqueId: string | undefined;
  tags: Record<string, string> | undefined;
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
  tags: Record<string, string>;
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

export function readModel(snapshot: Snapshot): GraphModel {
  const warnings: string[] = [];
  const cache = new PolicyCache((message) => warnings.push(message));
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
  const compileSource = (source: PolicySource): CompiledPolicy | undefined =>
    source.managed ? cache.managed(source.managed.arn, source.managed.versionId, source.document, source.where) : cache.document(source.document, source.name, source.where);
  const lazyPolicies = (identity: PolicySource[], boundary: PolicySource | undefined): (() => CallerPolicies) => {
    let compiled: CallerPolicies | undefined;
    return () => (compiled ??= { identity: identity.flatMap((source) => compileSource(source) ?? []), boundary: (boundary && compileSource(boundary)) ?? null });
  };
  const grantsByManaged = new Map<string, string[]>();
  const grantsOf = (sources: PolicySource[]): readonly string[] => {
    const patterns = new Set<string>();
    for (const source of sources) {
      const key = source.managed && `${source.managed.arn}@${source.managed.versionId}`;
      let found = key === undefined ? undefined : grantsByManaged.get(key);
      if (!found) {
        found = assumeRolePatterns(source.document);
        if (key !== undefined) grantsByManaged.set(key, found);
      }
      for (const pattern of found) patterns.add(pattern);
    }
    return patterns.size ? [...patterns] : NONE;
  };

  const addCaller = (facts: CallerFacts): void => {
    callers[facts.node] = facts;
  };

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
    addCaller({ node: facts.node, kind: 'account', principal: table.nodes[facts.node]!.arn, principalType: 'AWS', action: 'sts:AssumeRole', policies: () => NO_POLICIES, grants: NONE, account: facts, uniqueId: undefined, tags: undefined });
    return facts;
  };

  for (const a of [...org.org.accounts].sort((x, y) => x.id.localeCompare(y.id))) account(a.id, partitionOf(collected.get(a.id)));
  for (const { accountId, details } of snapshot.accounts) account(accountId, partitionOf(details));

  // Pass 1: users, groups and roles of collected accounts, with their identity policies.
  const pendingTrusts: { facts: Omit<RoleFacts, 'trust' | 'names'>; document: unknown; where: string }[] = [];
  for (const { accountId, details } of snapshot.accounts) {
    const acct = accounts.get(accountId)!;
    const own: number[] = [];
    principalsByAccount.set(accountId, own);
    const managed = new Map<string, ManagedPolicyDetail>(details.Policies.map((p) => [p.Arn, p]));
    const managedSource = (arn: string, where: string): PolicySource | undefined => {
      const detail = managed.get(arn);
      const version = detail?.PolicyVersionList.find((v) => v.VersionId === detail.DefaultVersionId) ?? detail?.PolicyVersionList.find((v) => v.IsDefaultVersion);
      if (!detail || !version) {
        warnings.push(`${where}: managed policy ${arn} is not in the account's snapshot, ignored`);
        return undefined;
      }
      return { document: decoded(version.Document), name: arn, where: `${where}: ${arn}`, managed: { arn, versionId: version.VersionId } };
    };
    const sourcesOf = (inline: { PolicyName: string; PolicyDocument: unknown }[], attached: { PolicyArn: string }[], where: string): PolicySource[] => [
      ...inline.map((p) => ({ document: decoded(p.PolicyDocument), name: `inline policy ${p.PolicyName}`, where: `${where} inline policy ${p.PolicyName}` })),
      ...attached.flatMap((p) => managedSource(p.PolicyArn, where) ?? []),
    ];
    const boundaryOf = (arn: string | undefined, where: string): PolicySource | undefined => (arn === undefined ? undefined : managedSource(arn, `${where} permissions boundary`));
    const principal = (node: number, arn: string, identity: PolicySource[], boundary: PolicySource | undefined, uniqueId: string | undefined, tags: Record<string, string>): void =>
      addCaller({ node, kind: 'principal', principal: arn, principalType: 'AWS', action: 'sts:AssumeRole', policies: lazyPolicies(identity, boundary), grants: grantsOf(identity), account: acct, uniqueId, tags });

    const groups = new Map<string, { node: number; sources: PolicySource[] }>();
    for (const g of details.GroupDetailList) {
      const node = table.add('group', g.Arn, g.GroupName, accountId, acct.inOrg, true);
      groups.set(g.GroupName, { node, sources: sourcesOf(g.GroupPolicyList, g.AttachedManagedPolicies, g.Arn) });
    }
    for (const u of details.UserDetailList) {
      const node = table.add('user', u.Arn, u.UserName, accountId, acct.inOrg, true);
      own.push(node);
      const identity = sourcesOf(u.UserPolicyList, u.AttachedManagedPolicies, u.Arn);
      for (const name of u.GroupList) {
        const group = groups.get(name);
        if (!group) {
          warnings.push(`${u.Arn}: group ${name} is not in the account's snapshot, its policies are ignored`);
          continue;
        }
        memberships.push({ user: node, group: group.node });
        identity.push(...group.sources);
      }
      principal(node, u.Arn, identity, boundaryOf(u.PermissionsBoundary?.PermissionsBoundaryArn, u.Arn), u.UserId, tagMap(u.Tags));
    }
    for (const r of details.RoleDetailList) {
      const node = table.add('role', r.Arn, r.RoleName, accountId, acct.inOrg, true);
      own.push(node);
      const tags = tagMap(r.Tags);
      principal(node, r.Arn, sourcesOf(r.RolePolicyList, r.AttachedManagedPolicies, r.Arn), boundaryOf(r.PermissionsBoundary?.PermissionsBoundaryArn, r.Arn), undefined, tags);
      pendingTrusts.push({ facts: { node, arn: r.Arn, account: acct, tags }, document: r.AssumeRolePolicyDocument, where: `${r.Arn} trust policy` });
    }
  }

  // Pass 2: trusts, creating nodes for whom they name beyond the snapshot.
  let anyone: number | undefined;
  const anyoneNode = (): number => {
    if (anyone === undefined) {
      anyone = table.add('anyone', '*', 'anyone', undefined, false, false);
      addCaller({ node: anyone, kind: 'anyone', principal: ANYONE_PRINCIPAL, principalType: 'AWS', action: 'sts:AssumeRole', policies: () => NO_POLICIES, grants: NONE, account: undefined, uniqueId: undefined, tags: undefined });
    }
    return anyone;
  };
  const namedPrincipal = (arn: string, where: string): number | undefined => {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
    const kind = parsed.resource.startsWith('role/') ? 'role' : parsed.resource.startsWith('user/') ? 'user' : undefined;
    if (!kind) return undefined; // sessions and federated users name one session, never a whole principal
    const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
    const known = kind === 'role' ? table.findRole(parsed.account, name) : table.find(arn);
    if (known !== undefined) return known;
    const acct = account(parsed.account, parsed.partition);
    if (acct.collected) {
      warnings.push(`${where}: names ${arn}, which is not in the snapshot of account ${parsed.account} (it names nobody)`);
      return undefined;
    }
    const node = table.add(kind, arn, name, parsed.account, acct.inOrg, false);
    if (callers[node] === undefined) addCaller({ node, kind: 'principal', principal: arn, principalType: 'AWS', action: 'sts:AssumeRole', policies: () => unknownIdentity, grants: EVERYTHING, account: acct, uniqueId: undefined, tags: undefined });
    return node;
  };
  const service = (name: string): number => {
    const node = table.add('service', name, name, undefined, false, false);
    if (callers[node] === undefined) addCaller({ node, kind: 'service', principal: name, principalType: 'Service', action: 'sts:AssumeRole', policies: () => NO_POLICIES, grants: NONE, account: undefined, uniqueId: undefined, tags: undefined });
    return node;
  };
  const federated = (provider: string): number => {
    const parsed = parseArn(provider);
    const accountId = parsed && /^\d{12}$/.test(parsed.account) ? parsed.account : undefined;
    const name = parsed ? parsed.resource.slice(parsed.resource.indexOf('/') + 1) : provider;
    const node = table.add('federated', provider, name, accountId, accountId !== undefined && org.accountsById.has(accountId), false);
    const action = provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
    if (callers[node] === undefined) addCaller({ node, kind: 'federated', principal: provider, principalType: 'Federated', action, policies: () => NO_POLICIES, grants: NONE, account: undefined, uniqueId: undefined, tags: undefined });
    return node;
  };

  const roles: RoleFacts[] = [];
  for (const { facts, document, where } of pendingTrusts) {
    const trust = cache.document(document, 'trust policy', where);
    if (!trust) continue;
    const names: TrustNames = { wildcard: false, accounts: [], principals: [], services: [], federated: [] };
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
          const node = namedPrincipal(entry, where);
          if (node !== undefined) addUnique(names.principals, node);
        }
      }
      for (const name of block.service) addUnique(names.services, service(name.toLowerCase()));
      for (const provider of block.federated) addUnique(names.federated, federated(provider));
    }
    if (names.wildcard) anyoneNode();
    roles.push({ ...facts, trust, names });
  }

  return { org, table, accounts, callers, roles, principalsByAccount, memberships, warnings };
}

/** Documents the raw API returns URL-encoded are decoded once, here. */
function decoded(document: unknown): unknown {
  return typeof document === 'string' ? (decodeDocument(document) ?? document) : document;
}

function addUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

function tagMap(tags: { Key: string; Value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[t.Key] = t.Value;
  return out;
}

/** The partition of an account's ARNs (`aws`, `aws-cn`, `aws-us-gov`); `aws` when nothing says. */
function partitionOf(details: AccountAuthorizationDetails | undefined): string {
  const arn = details?.RoleDetailList[0]?.Arn ?? details?.UserDetailList[0]?.Arn;
  return (arn && parseArn(arn)?.partition) || 'aws';
}
