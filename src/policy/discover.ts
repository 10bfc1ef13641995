// Discovery mode: instead of yes/no, the conditions under which a request would be allowed
// ("needs sts:ExternalId = resoto-7f3a"), or that it never is. Keys absent from the context are
// treated as what the caller could still supply; everything else evaluates as in `evaluate`.
// The answer is a disjunction of alternatives, each a conjunction of requirements.
import type { CompiledPolicy } from './compile.js';
import { evaluate, needsResourcePolicy, serviceException, type CompiledPolicySet, type EvaluationRequest, type Layer } from './evaluate.js';
import { parseArn } from './match.js';
import { notPrincipalExcludes, principalInfo, type PrincipalInfo, type PrincipalMatch } from './principal.js';
import { contextView, type ContextView, type Requirement } from './types.js';
import { unresolvedVariable } from './variables.js';

export type Alternatives = Requirement[][];

export type DiscoveryResult =
  | { possible: true; alternatives: Alternatives; summary: string }
  | { possible: false; reason: string; blockedBy?: { layer: Layer; level?: number } };

/** Upper bound on alternatives kept while combining layers (beyond it the answer is truncated). */
const MAX_ALTERNATIVES = 64;
const ALWAYS: Alternatives = [[]];
const NEVER: Alternatives = [];

interface LayerScan {
  /** Alternatives under which some Allow statement applies, each with how the Principal named the caller. */
  allow: { requirements: Requirement[]; match?: PrincipalMatch }[];
  /** Conjunction of "escape this Deny" constraints; each entry is a disjunction. */
  escapes: Alternatives[];
  /** A Deny that applies whatever the caller supplies. */
  deniedBy?: string;
}

export function discover(request: EvaluationRequest, policies: CompiledPolicySet, context: ContextView = contextView(request.context ?? {})): DiscoveryResult {
  const exception = serviceException(request.action.toLowerCase(), request.resource);
  if (exception) return exception.decision === 'Allowed' ? { possible: true, alternatives: ALWAYS, summary: exception.reason } : { possible: false, reason: exception.reason };
  const principal = principalInfo(request.principal, request.principalType);
  const iamPrincipal = principal.type === 'AWS';
  const hasBoundary = !!policies.permissionBoundary;
  const scan = (policy: CompiledPolicy, checkPrincipal: boolean): LayerScan => scanPolicy(policy, request, principal, context, checkPrincipal, hasBoundary);
  const scanAll = (list: CompiledPolicy[]): LayerScan => merge(list.map((p) => scan(p, false)));

  const scpApplies = iamPrincipal && !policies.principalIsManagementAccount && !principal.serviceLinked;
  const rcpApplies = !policies.resourceIsManagementAccount && !principal.serviceLinked;
  const layers: { layer: Layer; level?: number; scan: LayerScan }[] = [
    ...(scpApplies ? (policies.scps ?? []).map((level, l) => ({ layer: 'scp' as const, level: l, scan: scanAll(level) })) : []),
    ...(rcpApplies ? (policies.rcps ?? []).map((level, l) => ({ layer: 'rcp' as const, level: l, scan: scanAll(level) })) : []),
  ];
  const identity = iamPrincipal ? scanAll(policies.identityPolicies ?? []) : undefined;
  const boundary = iamPrincipal && policies.permissionBoundary ? scan(policies.permissionBoundary, false) : undefined;
  const session = iamPrincipal && policies.sessionPolicy ? scan(policies.sessionPolicy, false) : undefined;
  const resource = policies.resourcePolicy ? scan(policies.resourcePolicy, true) : undefined;

  const all = [...layers.map((l) => l.scan), identity, boundary, session, resource].filter((s): s is LayerScan => s !== undefined);
  const hardDeny = all.find((s) => s.deniedBy);
  if (hardDeny) return { possible: false, reason: `explicitly denied by ${hardDeny.deniedBy} whatever the request carries` };

  // SCP levels must each allow; RCPs only deny (RCPFullAWSAccess allows at every level).
  let result: Alternatives = ALWAYS;
  for (const l of layers) if (l.layer === 'scp') result = and(result, allowed(l.scan));

  const anyResource = resource ? allowed(resource) : NEVER;
  if (!iamPrincipal) result = and(result, anyResource);
  else {
    const identityAllowed = principal.kind === 'root' ? ALWAYS : allowed(identity!);
    const boundaryAllowed = boundary ? allowed(boundary) : ALWAYS;
    const sessionAllowed = session ? allowed(session) : ALWAYS;
    // ARNs without an account field (S3 buckets and objects) leave it unknown, not "another account".
    const resourceAccount = request.resourceAccount ?? (parseArn(request.resource)?.account || undefined);
    const sameAccount = resourceAccount === undefined || principal.account === undefined || resourceAccount === principal.account;
    const identityPath = and(and(identityAllowed, boundaryAllowed), sessionAllowed);
    if (!sameAccount) result = and(result, and(identityPath, anyResource));
    else {
      const required = needsResourcePolicy(request.action, request.resource);
      let paths = required ? and(identityPath, anyResource) : identityPath;
      // A resource policy that names the caller stands on its own (subject to boundary/session rules).
      for (const alt of resource?.allow ?? []) {
        if (!alt.match || alt.match === 'account') continue;
        let path: Alternatives = [alt.requirements];
        const namesUser = alt.match === 'user' || (alt.match === 'wildcard' && principal.kind === 'user');
        if (alt.match !== 'session' && !namesUser) path = and(path, boundaryAllowed);
        if (alt.match !== 'session') path = and(path, sessionAllowed);
        paths = or(paths, path);
      }
      result = and(result, paths);
    }
  }
  for (const s of all) for (const escape of s.escapes) result = and(result, escape);

  if (result.length === 0) {
    // Nothing the caller can supply helps: report what blocks it as evaluate explains it.
    const { explanation } = evaluate(request, policies, context);
    return { possible: false, reason: explanation.decision === 'Allowed' ? 'no combination of request keys satisfies every policy' : explanation.reason, ...(explanation.blockedBy && { blockedBy: explanation.blockedBy }) };
  }
  return { possible: true, alternatives: result, summary: describeAlternatives(result) };
}

function scanPolicy(policy: CompiledPolicy, request: EvaluationRequest, principal: PrincipalInfo, context: ContextView, checkPrincipal: boolean, hasBoundary: boolean): LayerScan {
  const out: LayerScan = { allow: [], escapes: [] };
  for (const s of policy.statementsFor(request.action.toLowerCase())) {
    let match: PrincipalMatch | undefined;
    if (checkPrincipal) {
      if (s.principal) {
        match = s.principal.match(principal);
        if (match === undefined) continue;
      } else if (s.notPrincipal) {
        if (notPrincipalExcludes(s.notPrincipal.matcher, s.notPrincipal.block, principal, hasBoundary)) continue;
        match = 'wildcard';
      }
    }
    // A variable without a value makes the statement not apply (see unresolvedVariable).
    if (s.variables.length !== 0 && unresolvedVariable(s.variables, context)) continue;
    if (!s.resource(request.resource, context)) continue;
    const deny = s.effect === 'Deny';
    const outcome = s.conditions.discover(context, deny);
    if (outcome.kind === 'false') continue;
    const where = s.source.sid ? `statement ${s.source.index} (${s.source.sid}) of ${policy.name}` : `statement ${s.source.index} of ${policy.name}`;
    if (deny) {
      if (outcome.kind === 'true') out.deniedBy ??= where;
      // The Deny applies only if all its clauses hold: failing any one of them escapes it.
      else out.escapes.push(outcome.requirements.map((r) => [r]));
    } else out.allow.push({ requirements: outcome.kind === 'true' ? [] : outcome.requirements, ...(match && { match }) });
  }
  return out;
}

function merge(scans: LayerScan[]): LayerScan {
  const deniedBy = scans.find((s) => s.deniedBy)?.deniedBy;
  return { allow: scans.flatMap((s) => s.allow), escapes: scans.flatMap((s) => s.escapes), ...(deniedBy && { deniedBy }) };
}

function allowed(scan: LayerScan): Alternatives {
  return simplify(scan.allow.map((a) => a.requirements));
}

function and(a: Alternatives, b: Alternatives): Alternatives {
  const out: Alternatives = [];
  for (const x of a) {
    for (const y of b) {
      const both = unique([...x, ...y]);
      if (!contradicts(both)) out.push(both);
    }
  }
  return simplify(out);
}

/**
 * Whether the requirements ask for a predicate to hold and not to hold: `needs K = v` (an Allow's
 * clause, or a Deny's negated clause that must fail) beside `must not have K = v` (a Deny's clause
 * that must fail). Requirement texts state the predicate the same way whichever policy asked.
 */
function contradicts(requirements: Requirement[]): boolean {
  const held = new Set(requirements.map((r) => r.text));
  return requirements.some((r) => r.text.startsWith(MUST_NOT) && held.has(`needs ${r.text.slice(MUST_NOT.length)}`));
}

const MUST_NOT = 'must not have ';

function or(a: Alternatives, b: Alternatives): Alternatives {
  return simplify([...a, ...b]);
}

function unique(requirements: Requirement[]): Requirement[] {
  const seen = new Map<string, Requirement>();
  for (const r of requirements) seen.set(r.text, r);
  return [...seen.values()].sort((x, y) => x.text.localeCompare(y.text));
}

/** Drops alternatives that demand more than another alternative (absorption), then caps the count. */
function simplify(alternatives: Alternatives): Alternatives {
  const keyed = alternatives.map((alt) => ({ alt, texts: new Set(alt.map((r) => r.text)) })).sort((x, y) => x.texts.size - y.texts.size);
  const kept: typeof keyed = [];
  for (const candidate of keyed) {
    if (!kept.some((k) => [...k.texts].every((t) => candidate.texts.has(t)))) kept.push(candidate);
  }
  return kept.slice(0, MAX_ALTERNATIVES).map((k) => k.alt);
}

export function describeAlternatives(alternatives: Alternatives): string {
  if (alternatives.some((a) => a.length === 0)) return 'allowed unconditionally';
  return alternatives.map((a) => a.map((r) => r.text).join(' and ')).join('; or ');
}
