// Policies compiled once (actions, resources, principals, conditions) for fast repeated evaluation.
import { compileConditions, conditionTemplates, type CompiledConditions } from './conditions/index.js';
import { compileLowercaseActionMatcher, compileResourceMatcher } from './match.js';
import { parsePolicy, refusesDocument, type PolicyKind } from './parse.js';
import { compilePrincipalBlock, type PrincipalMatcher } from './principal.js';
import type { ContextView, NormalizedStatement, ParsedPolicy, PrincipalBlock } from './types.js';
import { InvalidPolicyError } from './errors.js';
import { parseTemplate, templateVariables, type StatementVariable } from './variables.js';

export interface CompiledStatement {
  source: NormalizedStatement;
  effect: 'Allow' | 'Deny';
  /** Takes the action lower-cased (once per request by the evaluator). */
  action(lowercaseAction: string): boolean;
  resource(resource: string, context: ContextView): boolean;
  principal: PrincipalMatcher | undefined;
  notPrincipal: { matcher: PrincipalMatcher; block: PrincipalBlock } | undefined;
  conditions: CompiledConditions;
  /** Policy variables of Resource, NotResource and Condition: one without a value makes the whole statement not apply. */
  variables: readonly StatementVariable[];
}

export interface CompiledPolicy {
  /** A name for explanations, e.g. `identityPolicies[0]` or `scps[1][0]`. */
  name: string;
  parsed: ParsedPolicy;
  statements: CompiledStatement[];
  /** The statements whose Action/NotAction covers a (lower-cased) action, cached per action. */
  statementsFor(lowercaseAction: string): readonly CompiledStatement[];
}

/** Distinct actions remembered per policy; far above what any organization asks about. */
const ACTION_CACHE_LIMIT = 4096;

/** Anything a caller may hand the engine: a document (object or JSON/URL-encoded string), parsed or compiled. */
export type PolicyInput = unknown;

export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === 'object' && value !== null && 'statements' in value && 'parsed' in value;
}

/** `kind` applies the grammar of what the policy is attached to (an identity policy without Resource is refused, as IAM does). */
export function compilePolicy(input: PolicyInput, name: string, kind?: PolicyKind): CompiledPolicy {
  if (isCompiledPolicy(input)) return input;
  const { policy, findings } = parsePolicy(input, kind ? { kind } : {});
  const errors = findings.filter(refusesDocument);
  if (!policy || errors.length) throw new InvalidPolicyError(name, errors);
  const variables = policy.version === '2012-10-17';
  const matchAll = () => true;
  const statements: CompiledStatement[] = policy.statements.map((s) => {
    const action = s.action ? compileLowercaseActionMatcher(s.action) : undefined;
    const notAction = s.notAction ? compileLowercaseActionMatcher(s.notAction) : undefined;
    const resource = s.resource ? compileResourceMatcher(s.resource, variables) : undefined;
    const notResource = s.notResource ? compileResourceMatcher(s.notResource, variables) : undefined;
    return {
      source: s,
      effect: s.effect,
      action: action ?? (notAction ? (a: string) => !notAction(a) : matchAll),
      resource: resource ?? (notResource ? (r: string, c: ContextView) => !notResource(r, c) : matchAll),
      // Both keys always present: one object shape for every statement keeps evaluation monomorphic.
      principal: s.principal ? compilePrincipalBlock(s.principal) : undefined,
      notPrincipal: s.notPrincipal ? { matcher: compilePrincipalBlock(s.notPrincipal), block: s.notPrincipal } : undefined,
      conditions: compileConditions(s.conditions, variables),
      variables: statementVariables(s, variables),
    };
  });
  // Requests repeat a handful of actions: filter statements by action once per action, not per request.
  const byAction = new Map<string, readonly CompiledStatement[]>();
  // Consecutive requests almost always ask the same action (an audit asks sts:AssumeRole for
  // every pair): answer those without a map lookup.
  let lastAction = '';
  let lastStatements: readonly CompiledStatement[] = [];
  return {
    name,
    parsed: policy,
    statements,
    statementsFor(lowercaseAction) {
      if (lowercaseAction === lastAction) return lastStatements;
      let hit = byAction.get(lowercaseAction);
      if (!hit) {
        if (byAction.size >= ACTION_CACHE_LIMIT) byAction.clear();
        hit = statements.filter((s) => s.action(lowercaseAction));
        byAction.set(lowercaseAction, hit);
      }
      lastAction = lowercaseAction;
      lastStatements = hit;
      return hit;
    },
  };
}

const NO_VARIABLES: readonly StatementVariable[] = [];

function statementVariables(s: NormalizedStatement, variablesEnabled: boolean): readonly StatementVariable[] {
  if (!variablesEnabled) return NO_VARIABLES;
  const resources = [...(s.resource ?? []), ...(s.notResource ?? [])].map((r) => parseTemplate(r, true));
  const found = templateVariables([...resources, ...conditionTemplates(s.conditions, true)]);
  return found.length ? found : NO_VARIABLES;
}
