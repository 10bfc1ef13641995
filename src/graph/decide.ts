// The one rule for an edge: may this caller assume this role, and what must it bring? Both sides go
// through the policy engine in discovery mode: identity policies, boundary and the SCP levels of
// the caller's account; the trust and the RCP levels of the role's account. Request keys known
// for the caller (its ARN, account, organization, tags) and the role (account, organization,
// tags) are evaluated; everything else (ExternalId, MFA, source IP, session tags …) becomes a
// requirement the caller must meet.
import type { OrgIndex } from '../org/model.js';
import { principalContext, resourceContext } from '../policy/context.js';
import { principalInfo } from '../policy/principal.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { discover, type Alternatives } from '../policy/discover.js';
import { evaluate, type CompiledPolicySet, type EvaluationRequest } from '../policy/evaluate.js';
import { contextView, type ContextValue, type ContextView } from '../policy/types.js';
import type { AccountFacts, CallerFacts, RoleFacts } from './model.js';

/** Only AWS's own TLS endpoints serve STS: every request is over TLS. */
const TRANSPORT: Record<string, ContextValue> = { 'aws:SecureTransport': 'true' };

/**
 * Discovery treats an absent key as one the caller could still supply, but a caller known to be
 * outside the organization cannot supply its organization id: such callers carry a value no
 * organization id can equal (ids are `o-` and letters and digits only), so `aws:PrincipalOrgID =
 * o-…` fails for them instead of becoming a requirement.
 */
const OUTSIDE_ORGANIZATION: Record<string, ContextValue> = { 'aws:PrincipalOrgID': 'o-outside-the-organization', 'aws:PrincipalOrgPaths': ['o-outside-the-organization/'] };

/** Request keys a caller brings, the same for every role it asks about. */
export function callerContext(org: OrgIndex, caller: CallerFacts): ContextView {
  const outside = caller.account?.inOrg ? {} : OUTSIDE_ORGANIZATION;
  switch (caller.kind) {
    case 'principal': {
      const keys = contextView({ ...outside, ...principalContext(org, { arn: caller.principal, ...(caller.uniqueId && { uniqueId: caller.uniqueId }), ...(caller.tags && { tags: caller.tags }) }), ...TRANSPORT });
      // A user's principal tags are its own tags, all known; a role session may carry session tags too.
      return caller.tags && principalInfo(caller.principal).kind === 'user' ? withAbsentTags(keys, PRINCIPAL_TAG_KEY) : keys;
    }
    case 'account': {
      // "Any principal of the account": its account and organization are known, nothing else.
      const { 'aws:PrincipalArn': _arn, 'aws:PrincipalType': _type, 'aws:userid': _id, ...known } = principalContext(org, { arn: caller.principal });
      return contextView({ ...outside, ...known, ...TRANSPORT });
    }
    case 'service':
      return contextView({ ...outside, 'aws:PrincipalIsAWSService': true, 'aws:PrincipalServiceName': caller.principal, ...TRANSPORT });
    case 'federated':
      return contextView({ ...outside, ...TRANSPORT });
    case 'anyone':
      // Anyone may be inside the organization too: its organization stays a requirement.
      return contextView({ 'aws:PrincipalIsAWSService': false, ...TRANSPORT });
  }
}

/** Request keys of a role as a resource: its account, organization and tags. */
export function roleContext(org: OrgIndex, role: RoleFacts): ContextView {
  let account = accountKeys.get(role.account);
  if (!account) accountKeys.set(role.account, (account = contextView(resourceContext(org, role.account.id))));
  return new ResourceKeys(account, role.tags);
}

const accountKeys = new WeakMap<AccountFacts, ContextView>();
const TAG_KEY = /^(?:aws|iam):resourcetag\//;
const PRINCIPAL_TAG_KEY = /^aws:principaltag\//;
/** A key known to be absent: discovery evaluates it as absent instead of asking the caller for it. */
const ABSENT: readonly string[] = [];

/** Tag keys (lower-case pattern) the view lacks are known to be absent: the tags were read whole. */
function withAbsentTags(view: ContextView, tagKey: RegExp): ContextView {
  const getLower = (key: string) => view.getLower(key) ?? (tagKey.test(key) ? ABSENT : undefined);
  return { get: (key) => getLower(key.toLowerCase()), getLower, isMultiValued: (key) => view.isMultiValued(key), keys: () => view.keys() };
}

/** A role's keys without a map per role: the account's keys are shared, tags looked up when asked. */
class ResourceKeys implements ContextView {
  #tags: Map<string, readonly string[]> | undefined;
  constructor(
    private readonly account: ContextView,
    private readonly tags: readonly { Key: string; Value: string }[],
  ) {}

  get(key: string): readonly string[] | undefined {
    return this.getLower(key.toLowerCase());
  }

  getLower(key: string): readonly string[] | undefined {
    return this.account.getLower(key) ?? (TAG_KEY.test(key) ? (this.#tagValues().get(key.slice(key.indexOf('/') + 1)) ?? ABSENT) : undefined);
  }

  isMultiValued(key: string): boolean {
    return this.account.isMultiValued(key);
  }

  keys(): string[] {
    return [...this.account.keys(), ...this.tags.flatMap((t) => [`aws:ResourceTag/${t.Key}`, `iam:ResourceTag/${t.Key}`])];
  }

  #tagValues(): Map<string, readonly string[]> {
    return (this.#tags ??= new Map(this.tags.map((t) => [t.Key.toLowerCase(), [t.Value]])));
  }
}

/** Caller keys first, then the role's (the two never share a key). */
export function layered(caller: ContextView, role: ContextView): ContextView {
  return {
    get: (key) => caller.get(key) ?? role.get(key),
    getLower: (key) => caller.getLower(key) ?? role.getLower(key),
    isMultiValued: (key) => caller.isMultiValued(key) || role.isMultiValued(key),
    keys: () => [...caller.keys(), ...role.keys()],
  };
}

/**
 * Whether a caller's node can stand for the caller in this trust at all. An account node is "any
 * principal of that account", so it counts only where a trust names the account; services and
 * providers count where a trust names them. `*` and NotPrincipal let all of them in too, but that
 * is what the anyone node stands for (principals with nodes of their own still get their edges).
 */
export function relevant(caller: CallerFacts, role: RoleFacts): boolean {
  switch (caller.kind) {
    case 'account':
      return role.names.accounts.includes(caller.account!.id);
    case 'service':
      return role.names.services.includes(caller.node);
    case 'federated':
      return role.names.federated.includes(caller.node);
    case 'anyone':
      return role.names.wildcard;
    case 'principal':
      return true;
  }
}

const UNCONDITIONAL: Alternatives = [[]];

/** The request and policy set the engine evaluates for one (caller, role) pair. */
export function edgeRequest(caller: CallerFacts, role: RoleFacts): { request: EvaluationRequest; policies: CompiledPolicySet } {
  const { identity, boundary } = caller.policies();
  return {
    request: { principal: caller.principal, principalType: caller.principalType, action: caller.action, resource: role.arn },
    policies: {
      identityPolicies: identity,
      permissionBoundary: boundary,
      sessionPolicy: null,
      resourcePolicy: role.trust,
      scps: caller.account?.inOrg ? caller.account.scps : [],
      rcps: role.account.rcps,
      principalIsManagementAccount: caller.account?.isManagement ?? false,
      resourceIsManagementAccount: role.account.isManagement,
    },
  };
}

/** The conditions under which the caller can assume the role, or undefined when it cannot. */
export function decideEdge(caller: CallerFacts, callerKeys: ContextView, role: RoleFacts, roleKeys: ContextView): Alternatives | undefined {
  if (!relevant(caller, role)) return undefined;
  const { request, policies } = edgeRequest(caller, role);
  const context = layered(callerKeys, roleKeys);
  // Discovery only differs from plain evaluation where a condition asks for a key the request does
  // not carry; most requests have none, and evaluation is many times cheaper.
  if (allKeysKnown(policies, caller.action.toLowerCase(), context)) return evaluate(request, policies, context).decision === 'Allowed' ? UNCONDITIONAL : undefined;
  const answer = discover(request, policies, context);
  return answer.possible ? answer.alternatives : undefined;
}

function allKeysKnown(policies: CompiledPolicySet, action: string, context: ContextView): boolean {
  const known = (policy: CompiledPolicy | null | undefined): boolean => {
    if (!policy) return true;
    for (const key of conditionKeys(policy, action)) if (context.getLower(key) === undefined) return false;
    return true;
  };
  return (
    policies.identityPolicies!.every(known) && known(policies.permissionBoundary) && known(policies.resourcePolicy) && policies.scps!.every((level) => level.every(known)) && policies.rcps!.every((level) => level.every(known))
  );
}

/** Lower-cased condition keys of the policy's statements that cover the action, once per policy and action. */
const keysByPolicy = new WeakMap<CompiledPolicy, Map<string, readonly string[]>>();
const NO_KEYS: readonly string[] = [];

function conditionKeys(policy: CompiledPolicy, action: string): readonly string[] {
  let byAction = keysByPolicy.get(policy);
  if (!byAction) keysByPolicy.set(policy, (byAction = new Map()));
  let keys = byAction.get(action);
  if (!keys) {
    const found = new Set<string>();
    for (const s of policy.statementsFor(action)) for (const c of s.source.conditions) found.add(c.key.toLowerCase());
    keys = found.size ? [...found] : NO_KEYS;
    byAction.set(action, keys);
  }
  return keys;
}
