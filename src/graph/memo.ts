// One caller asks about many roles that share a trust document (every lambda role of an account,
// every role trusting the account root): the engine's answer is the same for all of them unless
// something role-specific takes part. The role takes part through exactly three things: its ARN
// (statements whose Resource is not "*"), its account (same- or cross-account rules, RCPs, the
// aws:Resource… keys) and its tags. So the answer is remembered per (trust document, account,
// which of the caller's ARN-specific statements match), and not remembered at all where tags or
// policy variables in conditions could take part.
import type { CompiledPolicy, CompiledStatement } from '../policy/compile.js';
import type { Alternatives } from '../policy/discover.js';
import type { ContextView } from '../policy/types.js';
import { callerContext, decideEdge, layered, relevant, roleContext } from './decide.js';
import type { CallerFacts, GraphModel, RoleFacts } from './model.js';

const NO_EDGE: Alternatives = [];

export class CallerDecisions {
  readonly #model: GraphModel;
  readonly caller: CallerFacts;
  readonly #keys: ContextView;
  readonly #action: string;
  /** The caller's statements (identity, boundary, SCPs) whose match depends on the role's ARN; undefined when tags may take part. */
  readonly #specific: CompiledStatement[] | undefined;
  readonly #memo = new Map<string, Alternatives>();

  constructor(model: GraphModel, caller: CallerFacts) {
    this.#model = model;
    this.caller = caller;
    this.#keys = callerContext(model.org, caller);
    this.#action = caller.action.toLowerCase();
    const { identity, boundary } = caller.policies();
    const layers = [...identity, ...(boundary ? [boundary] : []), ...(caller.account?.inOrg ? caller.account.scps.flat() : [])];
    this.#specific = [];
    for (const policy of layers) {
      const shape = shapeOf(policy, this.#action);
      if (shape.tags) {
        this.#specific = undefined;
        break;
      }
      this.#specific.push(...shape.specific);
    }
  }

  /** The conditions under which the caller can assume the role, or undefined when it cannot. */
  decide(role: RoleFacts): Alternatives | undefined {
    if (!relevant(this.caller, role)) return undefined;
    const roleKeys = roleContext(this.#model.org, role);
    const key = this.#memoKey(role, roleKeys);
    const known = key === undefined ? undefined : this.#memo.get(key);
    if (known !== undefined) return known === NO_EDGE ? undefined : known;
    const answer = decideEdge(this.caller, this.#keys, role, roleKeys);
    if (key !== undefined) this.#memo.set(key, answer ?? NO_EDGE);
    return answer;
  }

  #memoKey(role: RoleFacts, roleKeys: ContextView): string | undefined {
    if (this.#specific === undefined) return undefined;
    let key = sharedKey(role, this.#action);
    if (key === undefined) return undefined;
    if (this.#specific.length) {
      const context = layered(this.#keys, roleKeys);
      for (const s of this.#specific) key += s.resource(role.arn, context) ? '1' : '0';
    }
    return key;
  }
}

/**
 * `<trust id>:<account>:` when the trust and the account's RCPs answer alike for every role of the
 * account with this trust, else undefined. Remembered per role for sts:AssumeRole, the action of
 * nearly every caller.
 */
const sharedKeys = new WeakMap<RoleFacts, string | null>();

function sharedKey(role: RoleFacts, action: string): string | undefined {
  const cached = action === ASSUME_ROLE ? sharedKeys.get(role) : undefined;
  if (cached !== undefined) return cached ?? undefined;
  let shared = isShared(shapeOf(role.trust, action));
  for (const level of role.account.rcps) for (const policy of level) shared &&= isShared(shapeOf(policy, action));
  const key = shared ? `${policyId(role.trust)}:${role.account.id}:` : null;
  if (action === ASSUME_ROLE) sharedKeys.set(role, key);
  return key ?? undefined;
}

const ASSUME_ROLE = 'sts:assumerole';

function isShared(shape: Shape): boolean {
  return !shape.tags && shape.specific.length === 0;
}

interface Shape {
  /** Statements covering the action whose Resource is not "*" (or that use NotResource). */
  specific: CompiledStatement[];
  /** A condition on resource tags, or a policy variable in a condition value. */
  tags: boolean;
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
    shape = { specific: [], tags: false };
    for (const s of policy.statementsFor(action)) {
      const resource = s.source.resource;
      if (s.source.notResource || (resource && (resource.length !== 1 || resource[0] !== '*'))) shape.specific.push(s);
      for (const c of s.source.conditions) if (/^(?:aws|iam):resourcetag\//i.test(c.key) || c.values.some((v) => v.includes('${'))) shape.tags = true;
    }
    byAction.set(action, shape);
  }
  return shape;
}
