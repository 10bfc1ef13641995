// AWS's policy evaluation logic: explicit deny anywhere wins; SCP levels must each allow (RCPs
// only deny: their one Allow, RCPFullAWSAccess, is attached everywhere and cannot be detached);
// then identity, resource, boundary and session policies combine by the same-account and
// cross-account rules. Every decision comes with the statements and the layer that decided it.
import { compilePolicy, type CompiledPolicy, type CompiledStatement, type PolicyInput } from './compile.js';
import { parseArn } from './match.js';
import { notPrincipalExcludes, principalInfo, type PrincipalInfo, type PrincipalMatch, type PrincipalType } from './principal.js';
import { contextView, type ContextValue, type ContextView, type Decision } from './types.js';
import { keyPolicyRequired } from './services/kms.js';
import { alwaysAllowedReason, trustPolicyRequired } from './services/sts.js';
import { unchangeableRoleReason } from './services/iam.js';
import { unresolvedText, unresolvedVariable } from './variables.js';

export type Layer = 'scp' | 'rcp' | 'identity' | 'resource' | 'boundary' | 'session';

export interface EvaluationRequest {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
  principalType?: PrincipalType;
  /** The resource's account when its ARN has none (S3 buckets, for example). */
  resourceAccount?: string;
}

export interface PolicySet<P = PolicyInput> {
  identityPolicies?: P[];
  permissionBoundary?: P | null;
  sessionPolicy?: P | null;
  resourcePolicy?: P | null;
  /** One array of policies per level, root first, account last. */
  scps?: P[][];
  rcps?: P[][];
  principalIsManagementAccount?: boolean;
  resourceIsManagementAccount?: boolean;
}

export type CompiledPolicySet = PolicySet<CompiledPolicy>;

export interface StatementRef {
  layer: Layer;
  /** SCP/RCP level (0 = root). */
  level?: number;
  policy: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

export interface Explanation {
  decision: Decision;
  /** One sentence a person can act on. */
  reason: string;
  /** The layer (and level) that denied, for denials. */
  blockedBy?: { layer: Layer; level?: number };
  /** Statements that matched the request, allow and deny, in evaluation order. */
  matched: StatementRef[];
}

export interface EvaluationResult {
  decision: Decision;
  explanation: Explanation;
}

/** Compiles every policy of a set once, naming each for explanations. */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  return {
    identityPolicies: (set.identityPolicies ?? []).map((p, i) => compilePolicy(p, `identityPolicies[${i}]`, 'identity')),
    permissionBoundary: set.permissionBoundary ? compilePolicy(set.permissionBoundary, 'permissionBoundary', 'identity') : null,
    sessionPolicy: set.sessionPolicy ? compilePolicy(set.sessionPolicy, 'sessionPolicy', 'identity') : null,
    resourcePolicy: set.resourcePolicy ? compilePolicy(set.resourcePolicy, 'resourcePolicy', 'resource') : null,
    scps: (set.scps ?? []).map((level, l) => level.map((p, i) => compilePolicy(p, `scps[${l}][${i}]`, 'scp'))),
    rcps: (set.rcps ?? []).map((level, l) => level.map((p, i) => compilePolicy(p, `rcps[${l}][${i}]`, 'rcp'))),
    principalIsManagementAccount: set.principalIsManagementAccount ?? false,
    resourceIsManagementAccount: set.resourceIsManagementAccount ?? false,
  };
}

/** What one layer (or level) said: counts, the first allowing/denying statement, and for resource policies how the caller was named. */
interface Tally {
  layer: Layer;
  level?: number;
  allows: number;
  denies: number;
  allowPolicy?: CompiledPolicy;
  allowStatement?: CompiledStatement;
  denyPolicy?: CompiledPolicy;
  denyStatement?: CompiledStatement;
  principalMatch?: PrincipalMatch;
}

interface Outcome {
  decision: Decision;
  blockedBy?: { layer: Layer; level?: number };
  /** Explanation text, only when tracing (building strings per decision would dominate the cost). */
  reason?: string;
}

const emptyContext = contextView({});

/**
 * Evaluates one request. The decision is computed without recording anything; the explanation is
 * built on first access by evaluating again with tracing on (same inputs, same answer).
 */
export function evaluate(request: EvaluationRequest, policies: CompiledPolicySet, context: ContextView = request.context ? contextView(request.context) : emptyContext): EvaluationResult {
  return new LazyResult(decide(request, policies, context, undefined).decision, request, policies, context);
}

class LazyResult implements EvaluationResult {
  #explanation: Explanation | undefined;
  constructor(
    readonly decision: Decision,
    private readonly request: EvaluationRequest,
    private readonly policies: CompiledPolicySet,
    private readonly context: ContextView,
  ) {}

  get explanation(): Explanation {
    if (!this.#explanation) {
      const trace: StatementRef[] = [];
      const notes: string[] = [];
      const traced = decide(this.request, this.policies, this.context, trace, notes);
      const reason = notes.length ? `${traced.reason ?? ''} (${notes.join('; ')})` : (traced.reason ?? '');
      this.#explanation = { decision: traced.decision, reason, ...(traced.blockedBy && { blockedBy: traced.blockedBy }), matched: trace };
    }
    return this.#explanation;
  }

  toJSON(): { decision: Decision; explanation: Explanation } {
    return { decision: this.decision, explanation: this.explanation };
  }
}

/** With `trace`, records the statements that matched; with `notes`, why statements covering the action do not apply. */
function decide(request: EvaluationRequest, policies: CompiledPolicySet, context: ContextView, trace: StatementRef[] | undefined, notes?: string[]): Outcome {
  const principal = cachedPrincipal(request.principal, request.principalType);
  const resourceArn = cachedArn(request.resource);
  // S3 ARNs have an empty account field: unknown, not another account.
  const resourceAccount = request.resourceAccount ?? (resourceArn?.account || undefined);
  const iamPrincipal = principal.type === 'AWS';
  // Decisions run millions of times: reuse the probe, tallies and lists (decide never nests).
  const probe = scratch.probe;
  probe.action = lowercaseAction(request.action);
  probe.resource = request.resource;
  probe.principal = principal;
  probe.context = context;
  probe.hasBoundary = !!policies.permissionBoundary;
  probe.trace = trace;
  probe.notes = notes;
  scratch.used = 0;
  // Service exceptions that no policy changes (services/*.ts).
  const serviceRule = serviceException(probe.action, request.resource);
  if (serviceRule) return serviceRule;

  // Organization policies: SCPs bound the principal's account, RCPs the resource's account.
  const scpApplies = iamPrincipal && !policies.principalIsManagementAccount && !principal.serviceLinked;
  const rcpApplies = !policies.resourceIsManagementAccount && !principal.serviceLinked;
  const { scpLevels, rcpLevels } = scratch;
  scpLevels.length = 0;
  rcpLevels.length = 0;
  if (scpApplies && policies.scps) for (let l = 0; l < policies.scps.length; l++) scpLevels.push(tallyAll(probe, policies.scps[l]!, 'scp', l));
  if (rcpApplies && policies.rcps) for (let l = 0; l < policies.rcps.length; l++) rcpLevels.push(tallyAll(probe, policies.rcps[l]!, 'rcp', l));
  const identity = iamPrincipal ? tallyAll(probe, policies.identityPolicies ?? [], 'identity') : undefined;
  const boundary = iamPrincipal && policies.permissionBoundary ? tallyOne(probe, policies.permissionBoundary, 'boundary') : undefined;
  const session = iamPrincipal && policies.sessionPolicy ? tallyOne(probe, policies.sessionPolicy, 'session') : undefined;
  const resource = policies.resourcePolicy ? tallyOne(probe, policies.resourcePolicy, 'resource', true) : undefined;

  // Explicit deny anywhere wins, reported in evaluation order (organization levels first).
  const denier =
    firstDenying(scpLevels) ?? firstDenying(rcpLevels) ?? (identity?.denies ? identity : boundary?.denies ? boundary : session?.denies ? session : resource?.denies ? resource : undefined);
  if (denier) return { decision: 'ExplicitlyDenied', blockedBy: denier.level === undefined ? { layer: denier.layer } : { layer: denier.layer, level: denier.level }, ...(trace && { reason: `explicitly denied by ${describe(denier.denyPolicy!, denier.denyStatement!)}` }) };
  const missingScp = firstWithoutAllow(scpLevels);
  if (missingScp >= 0) return denied({ layer: 'scp', level: missingScp }, trace && `no SCP at level ${missingScp} (${levelName(missingScp, scpLevels.length)}) allows ${request.action}`);

  const resourceAllows = (resource?.allows ?? 0) > 0;
  if (!iamPrincipal) {
    // Services and external identity providers have no identity policies: the resource policy decides.
    return resourceAllows ? allowed(trace && `allowed by ${allowText(resource!)}`) : denied({ layer: 'resource' }, trace && `no statement of the resource policy allows ${principal.arn}`);
  }

  // The account root user has every identity permission (only SCPs and resource policies limit it).
  const identityAllows = principal.kind === 'root' || identity!.allows > 0;
  const boundaryOk = !boundary || boundary.allows > 0;
  const sessionOk = !session || session.allows > 0;
  const sameAccount = resourceAccount === undefined || principal.account === undefined || resourceAccount === principal.account;
  const identityText = () => (identity!.allows > 0 ? allowText(identity!) : `the root user's full access to account ${principal.account}`);

  if (!sameAccount || (!resourceAllows && needsResourcePolicy(request.action, request.resource))) {
    // Cross-account (or a role trust / key policy that does not allow): both sides must allow.
    const missing = !identityAllows ? 'identity' : !boundaryOk ? 'boundary' : !sessionOk ? 'session' : !resourceAllows ? 'resource' : undefined;
    if (missing) return denied({ layer: missing }, trace && missingReason(missing, request, principal, sameAccount));
    return allowed(trace && `allowed by ${identityText()} and ${allowText(resource!)}`);
  }

  // Same account: a resource policy that names the principal itself needs no identity policy.
  const byName = resource?.principalMatch;
  if (resourceAllows && byName && byName !== 'account') {
    // "*" names everyone: for an IAM user we read it as naming the user (the docs are silent).
    const boundaryBypassed = byName === 'session' || byName === 'user' || (byName === 'wildcard' && principal.kind === 'user');
    const sessionBypassed = byName === 'session';
    const missing = !(boundaryBypassed || boundaryOk) ? 'boundary' : !(sessionBypassed || sessionOk) ? 'session' : undefined;
    if (!missing) return allowed(trace && `allowed by ${allowText(resource!)}, which names the principal`);
    if (!identityAllows) return denied({ layer: missing }, trace && missingReason(missing, request, principal, true));
  }
  const missing = !identityAllows ? 'identity' : !boundaryOk ? 'boundary' : !sessionOk ? 'session' : undefined;
  if (missing) return denied({ layer: missing }, trace && missingReason(missing, request, principal, true));
  return allowed(trace && `allowed by ${identityText()}`);
}

/** The decision AWS makes whatever the policies say (services/*.ts), or undefined. */
export function serviceException(lowercaseAction: string, resource: string): { decision: Decision; reason: string } | undefined {
  const always = alwaysAllowedReason(lowercaseAction);
  if (always) return { decision: 'Allowed', reason: always };
  const unchangeable = unchangeableRoleReason(lowercaseAction, resource);
  if (unchangeable) return { decision: 'ImplicitlyDenied', reason: unchangeable };
  return undefined;
}

function firstDenying(levels: Tally[]): Tally | undefined {
  for (const t of levels) if (t.denies > 0) return t;
  return undefined;
}

function firstWithoutAllow(levels: Tally[]): number {
  for (let i = 0; i < levels.length; i++) if (levels[i]!.allows === 0) return i;
  return -1;
}

function denied(blockedBy: { layer: Layer; level?: number }, reason: string | undefined): Outcome {
  return reason === undefined ? { decision: 'ImplicitlyDenied', blockedBy } : { decision: 'ImplicitlyDenied', blockedBy, reason };
}

const ALLOWED: Outcome = { decision: 'Allowed' };

function allowed(reason: string | undefined): Outcome {
  return reason === undefined ? ALLOWED : { decision: 'Allowed', reason };
}

function allowText(t: Tally): string {
  return describe(t.allowPolicy!, t.allowStatement!);
}

interface Probe {
  /** Lower-cased once per request: action matching is case-insensitive. */
  action: string;
  resource: string;
  principal: PrincipalInfo;
  context: ContextView;
  hasBoundary: boolean;
  trace: StatementRef[] | undefined;
  notes: string[] | undefined;
}

function tallyAll(probe: Probe, list: readonly CompiledPolicy[], layer: Layer, level?: number): Tally {
  const tally = takeTally(layer, level);
  for (let i = 0; i < list.length; i++) addTally(tally, probe, list[i]!, false);
  return tally;
}

function tallyOne(probe: Probe, policy: CompiledPolicy, layer: Layer, checkPrincipal = false): Tally {
  const tally = takeTally(layer, undefined);
  addTally(tally, probe, policy, checkPrincipal);
  return tally;
}

const scratch = {
  probe: { action: '', resource: '', principal: undefined as unknown as PrincipalInfo, context: emptyContext, hasBoundary: false, trace: undefined, notes: undefined } as Probe,
  pool: [] as Tally[],
  used: 0,
  scpLevels: [] as Tally[],
  rcpLevels: [] as Tally[],
};

function takeTally(layer: Layer, level: number | undefined): Tally {
  let tally = scratch.pool[scratch.used];
  if (!tally) {
    tally = { layer, level, allows: 0, denies: 0, allowPolicy: undefined, allowStatement: undefined, denyPolicy: undefined, denyStatement: undefined, principalMatch: undefined };
    scratch.pool.push(tally);
  }
  scratch.used++;
  tally.layer = layer;
  tally.level = level;
  tally.allows = 0;
  tally.denies = 0;
  tally.allowPolicy = tally.allowStatement = tally.denyPolicy = tally.denyStatement = tally.principalMatch = undefined;
  return tally;
}

function addTally(tally: Tally, probe: Probe, policy: CompiledPolicy, checkPrincipal: boolean): void {
  const statements = policy.statementsFor(probe.action);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    if (statement.variables.length !== 0) {
      const unresolved = unresolvedVariable(statement.variables, probe.context);
      if (unresolved) {
        probe.notes?.push(`${describe(policy, statement)} does not apply: ${unresolvedText(unresolved, probe.context, probe.principal.kind)}`);
        continue;
      }
    }
    const match = statementMatches(statement, probe, checkPrincipal);
    if (match === false) continue;
    if (probe.trace) probe.trace.push(refOf(policy, statement, tally.layer, tally.level));
    if (statement.effect === 'Deny') {
      if (tally.denies++ === 0) {
        tally.denyPolicy = policy;
        tally.denyStatement = statement;
      }
    } else {
      if (tally.allows++ === 0) {
        tally.allowPolicy = policy;
        tally.allowStatement = statement;
      }
      if (typeof match === 'string' && strength(match) > strength(tally.principalMatch)) tally.principalMatch = match;
    }
  }
}

/** Does the statement (already known to cover the action) apply? For resource policies, returns how the Principal element named the caller. */
function statementMatches(s: CompiledStatement, probe: Probe, checkPrincipal: boolean): PrincipalMatch | boolean {
  let match: PrincipalMatch | boolean = true;
  if (checkPrincipal) {
    if (s.principal) {
      const m = s.principal.match(probe.principal);
      if (m === undefined) return false;
      match = m;
    } else if (s.notPrincipal) {
      if (notPrincipalExcludes(s.notPrincipal.matcher, s.notPrincipal.block, probe.principal, probe.hasBoundary)) return false;
      match = 'wildcard';
    }
  }
  if (!s.resource(probe.resource, probe.context)) return false;
  if (!s.conditions.test(probe.context)) return false;
  return match;
}

function refOf(policy: CompiledPolicy, statement: CompiledStatement, layer: Layer, level: number | undefined): StatementRef {
  const { source, effect } = statement;
  return { layer, ...(level !== undefined && { level }), policy: policy.name, statementIndex: source.index, ...(source.sid !== undefined && { sid: source.sid }), effect };
}

function describe(policy: CompiledPolicy, statement: CompiledStatement): string {
  return describeRef(refOf(policy, statement, 'identity', undefined));
}

// Principals and resources repeat across millions of decisions: parse each string once.
const CACHE_LIMIT = 100_000;
const principalCache = new Map<string, PrincipalInfo>();
const arnCache = new Map<string, ReturnType<typeof parseArn> | null>();
const actionCache = new Map<string, string>();

/** One lower-cased string per action, so per-policy action caches hash it once. */
function lowercaseAction(action: string): string {
  let lower = actionCache.get(action);
  if (lower === undefined) {
    if (actionCache.size >= CACHE_LIMIT) actionCache.clear();
    lower = action.toLowerCase();
    actionCache.set(action, lower);
  }
  return lower;
}

let lastPrincipal: { arn: string; type: PrincipalType | undefined; info: PrincipalInfo } | undefined;

function cachedPrincipal(arn: string, type: PrincipalType | undefined): PrincipalInfo {
  // Audits ask about one principal against many resources: the last one is the likely one.
  if (lastPrincipal && lastPrincipal.arn === arn && lastPrincipal.type === type) return lastPrincipal.info;
  const key = type ? `${type} ${arn}` : arn;
  let info = principalCache.get(key);
  if (!info) {
    if (principalCache.size >= CACHE_LIMIT) principalCache.clear();
    info = principalInfo(arn, type);
    principalCache.set(key, info);
  }
  lastPrincipal = { arn, type, info };
  return info;
}

function cachedArn(resource: string): ReturnType<typeof parseArn> {
  let arn = arnCache.get(resource);
  if (arn === undefined) {
    if (arnCache.size >= CACHE_LIMIT) arnCache.clear();
    arn = parseArn(resource) ?? null;
    arnCache.set(resource, arn);
  }
  return arn ?? undefined;
}

const STRENGTH: Record<PrincipalMatch, number> = { account: 1, wildcard: 2, role: 3, service: 3, federated: 3, user: 4, session: 5 };
function strength(match: PrincipalMatch | undefined): number {
  return match === undefined ? 0 : STRENGTH[match];
}

/**
 * Role trust policies (for the STS actions that use them) and KMS key policies must allow even
 * within the account; other actions on roles and keys follow the ordinary rules.
 */
/** Whether the resource's own policy must allow the request even within its account (services/*.ts). */
export function needsResourcePolicy(action: string, resource: string): boolean {
  const arn = parseArn(resource);
  return arn !== undefined && (keyPolicyRequired(arn) || trustPolicyRequired(action, arn));
}

function missingReason(layer: Layer, request: EvaluationRequest, principal: PrincipalInfo, sameAccount: boolean): string {
  switch (layer) {
    case 'identity':
      return `no identity policy of ${principal.arn} allows ${request.action} on ${request.resource}${sameAccount ? '' : ' (cross-account access needs both sides)'}`;
    case 'resource':
      return `the resource policy of ${request.resource} does not allow ${principal.arn}`;
    case 'boundary':
      return `the permissions boundary does not allow ${request.action}`;
    case 'session':
      return `the session policy does not allow ${request.action}`;
    default:
      return `${layer} does not allow ${request.action}`;
  }
}

function levelName(level: number, levels: number): string {
  return level === 0 ? 'root' : level === levels - 1 ? 'account' : 'OU';
}

export function describeRef(ref: StatementRef): string {
  const statement = ref.sid ? `statement ${ref.statementIndex} (${ref.sid})` : `statement ${ref.statementIndex}`;
  return `${statement} of ${ref.policy}`;
}

