// Most decisions repeat. One caller asks about many roles that share a trust document (every lambda
// role of an account, every role trusting the account root), and callers of one account often
// carry the same policies (a group's members, roles made from one template). The engine's answer
// only changes with what takes part in it:
// - the role, through its ARN (statements whose Resource is not "*"), its account (same- or
//   cross-account rules, RCPs, aws:Resource… keys) and its tags;
// - the caller, through its kind and account, its policies, and whatever tells it from its
//   neighbours: its ARN in a Principal or NotPrincipal, or a condition on its ARN, user name or
//   id, tags, or a policy variable.
// So answers are remembered per caller under (trust, account, which of the caller's ARN-specific
// statements match), and shared between users or roles of one profile (kind, account, the same
// compiled policies) where nothing tells them apart; nothing is remembered where role tags or
// variables in conditions could take part.
import type { CompiledPolicy, CompiledStatement } from '../policy/compile.js';
import type { Alternatives } from '../policy/discover.js';
import { contextView, type ContextView } from '../policy/types.js';
import { callerContext, decideEdge, layered, relevant, roleContext } from './decide.js';
import type { OrgIndex } from '../org/model.js';
import type { AccountFacts, CallerFacts, RoleFacts } from './model.js';

const NO_EDGE: Alternatives = [];
const NO_KEYS = contextView({});

/** Answers shared between callers of one profile (profile → memo), for one build. */
export type SharedDecisions = Map<string, Map<string, Alternatives>>;

export class CallerDecisions {
  readonly caller: CallerFacts;
  readonly #org: OrgIndex;
  #keys: ContextView | undefined;
  readonly #action: string;
  /** The caller's statements (identity, boundary, SCPs) whose match depends on the role's ARN; undefined when role tags may take part. */
  readonly #specific: CompiledStatement[] | undefined;
  /** Some ARN-specific statement has a policy variable: the mask needs the request's keys. */
  readonly #variables: boolean;
  /** The memo of the caller's profile; undefined when something in the caller's own policies tells it apart. */
  readonly #profileMemo: Map<string, Alternatives> | undefined;
  /** `<account>/<name>` when the caller is a role: trusts name roles whatever their path. */
  readonly #roleKey: string | undefined;
  readonly #memo = new Map<string, Alternatives>();

  constructor(org: OrgIndex, caller: CallerFacts, shared: SharedDecisions) {
    this.#org = org;
    this.caller = caller;
    this.#action = caller.action.toLowerCase();
    const { identity, boundary } = caller.policies();
    const layers = [...identity, ...(boundary ? [boundary] : []), ...(caller.account?.inOrg ? caller.account.scps.flat() : [])];
    let specific: CompiledStatement[] | undefined = [];
    let callerKeys = false;
    for (const policy of layers) {
      const shape = shapeOf(policy, this.#action);
      if (shape.roleTags) specific = undefined;
      else specific?.push(...shape.specific);
      callerKeys ||= shape.callerKeys;
    }
    this.#specific = specific;
    this.#variables = !!specific?.some((s) => [...(s.source.resource ?? []), ...(s.source.notResource ?? [])].some((r) => r.includes('${')));
    if (caller.kind === 'principal' && !callerKeys) {
      const profile = profileOf(caller, identity, boundary);
      this.#profileMemo = shared.get(profile);
      if (!this.#profileMemo) shared.set(profile, (this.#profileMemo = new Map()));
    }
    this.#roleKey = roleKeyOf(caller.principal);
  }

  /** The conditions under which the caller can assume the role, or undefined when it cannot. */
  decide(role: RoleFacts): Alternatives | undefined {
    if (!relevant(this.caller, role)) return undefined;
    const side = roleSideOf(role, this.#action);
    const key = this.#memoKey(role, side);
    if (key === undefined) return this.#decide(role);
    const memo = this.#profileMemo !== undefined && !this.#named(side) ? this.#profileMemo : this.#memo;
    const known = memo.get(key);
    if (known !== undefined) return known === NO_EDGE ? undefined : known;
    const answer = this.#decide(role);
    memo.set(key, answer ?? NO_EDGE);
    return answer;
  }

  /** The trust or an RCP tells this caller from others of its profile. */
  #named(side: RoleSide): boolean {
    if (side.callerKeys) return true;
    for (const named of side.named) if (named === this.caller.principal || (this.#roleKey !== undefined && roleKeyOf(named) === this.#roleKey)) return true;
    return false;
  }

  #decide(role: RoleFacts): Alternatives | undefined {
    return decideEdge(this.caller, this.#callerKeys(), role, roleContext(this.#org, role));
  }

  #callerKeys(): ContextView {
    return (this.#keys ??= callerContext(this.#org, this.caller));
  }

  #memoKey(role: RoleFacts, side: RoleSide): string | undefined {
    if (this.#specific === undefined || side.key === undefined) return undefined;
    if (this.#specific.length === 0) return side.key;
    const context = this.#variables ? layered(this.#callerKeys(), roleContext(this.#org, role)) : NO_KEYS;
    let key = side.key;
    for (const s of this.#specific) key += s.resource(role.arn, context) ? '1' : '0';
    return key;
  }
}

/** Kind, account, service-linked or not, and the compiled policies (by identity). */
function profileOf(caller: CallerFacts, identity: CompiledPolicy[], boundary: CompiledPolicy | null): string {
  const kind = caller.principal.includes(':role/aws-service-role/') ? 'service-linked' : caller.principal.includes(':role/') ? 'role' : caller.principal.includes(':user/') ? 'user' : caller.kind;
  return `${kind}:${caller.account?.id ?? ''}:${identity.map(policyId).join(',')}:${boundary ? policyId(boundary) : ''}`;
}

interface RoleSide {
  /** `<trust id>:<account>:`, or undefined when the answer may differ between roles with this trust in this account. */
  key: string | undefined;
  /** Users and roles the trust or an RCP names in Principal or NotPrincipal. */
  named: string[];
  /** A condition on the caller's own keys or a policy variable in the trust or an RCP. */
  callerKeys: boolean;
}

/** Per trust, account and action: roles sharing all three answer alike. */
const roleSides = new WeakMap<CompiledPolicy, Map<string, RoleSide>>();

function roleSideOf(role: RoleFacts, action: string): RoleSide {
  let byAccount = roleSides.get(role.trust);
  if (!byAccount) roleSides.set(role.trust, (byAccount = new Map()));
  const at = action === ASSUME_ROLE ? role.account.id : `${role.account.id} ${action}`;
  let side = byAccount.get(at);
  if (!side) {
    const trust = shapeOf(role.trust, action);
    const rcps = rcpSideOf(role.account, action);
    side = {
      key: rcps.key !== undefined && !trust.roleTags && trust.specific.length === 0 ? `${policyId(role.trust)}:${rcps.key}` : undefined,
      named: rcps.named.length ? [...trust.named, ...rcps.named] : trust.named,
      callerKeys: trust.callerKeys || rcps.callerKeys,
    };
    byAccount.set(at, side);
  }
  return side;
}

/** The RCP half of a role side, once per account and action; its key is `<account>:`. */
const rcpSides = new WeakMap<AccountFacts, Map<string, RoleSide>>();

function rcpSideOf(account: AccountFacts, action: string): RoleSide {
  let byAction = rcpSides.get(account);
  if (!byAction) rcpSides.set(account, (byAction = new Map()));
  let side = byAction.get(action);
  if (!side) {
    const shapes = account.rcps.flat().map((p) => shapeOf(p, action));
    side = {
      key: shapes.every((s) => !s.roleTags && s.specific.length === 0) ? `${account.id}:` : undefined,
      named: shapes.flatMap((s) => s.named),
      callerKeys: shapes.some((s) => s.callerKeys),
    };
    byAction.set(action, side);
  }
  return side;
}

const ASSUME_ROLE = 'sts:assumerole';

interface Shape {
  /** Statements covering the action whose Resource is not "*" (or that use NotResource). */
  specific: CompiledStatement[];
  /** A condition on resource tags, or a policy variable in a condition value. */
  roleTags: boolean;
  /** Users and roles named in Principal or NotPrincipal (not accounts, not "*"). */
  named: string[];
  /** A condition on the caller's own keys, or a policy variable anywhere. */
  callerKeys: boolean;
}

/** Request keys that differ between callers of one account with the same policies. */
const CALLER_KEY = /^aws:(?:principalarn|userid|username|principaltag\/|principalservicename)/i;

/** `<account>/<name>` of a role ARN (the engine matches roles by name, whatever the path). */
function roleKeyOf(arn: string): string | undefined {
  const m = /^arn:[^:]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

const shapes = new WeakMap<CompiledPolicy, Map<string, Shape>>();
const ids = new WeakMap<CompiledPolicy, number>();
let nextId = 0;

function policyId(policy: CompiledPolicy): number {
  let id = ids.get(policy);
  if (id === undefined) ids.set(policy, (id = nextId++));
  return id;
}

function shapeOf(policy: CompiledPolicy, action: string): Shape {
  let byAction = shapes.get(policy);
  if (!byAction) shapes.set(policy, (byAction = new Map()));
  let shape = byAction.get(action);
  if (!shape) {
    shape = { specific: [], roleTags: false, named: [], callerKeys: false };
    for (const s of policy.statementsFor(action)) {
      const { resource, notResource, conditions, principal, notPrincipal } = s.source;
      if (notResource || (resource && (resource.length !== 1 || resource[0] !== '*'))) shape.specific.push(s);
      if ([...(resource ?? []), ...(notResource ?? [])].some((r) => r.includes('${'))) shape.callerKeys = true;
      for (const p of [...(principal?.aws ?? []), ...(notPrincipal?.aws ?? [])]) if (p !== '*' && !p.endsWith(':root')) shape.named.push(p);
      for (const c of conditions) {
        const variable = c.values.some((v) => v.includes('${'));
        if (variable || /^(?:aws|iam):resourcetag\//i.test(c.key)) shape.roleTags = true;
        if (variable || CALLER_KEY.test(c.key)) shape.callerKeys = true;
      }
    }
    byAction.set(action, shape);
  }
  return shape;
}
