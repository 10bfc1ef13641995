// Condition blocks compiled once and evaluated per request, following the IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//
// - Clauses AND together. A clause's values OR together: the clause holds when a request value
//   matches one of them. Negated operators (StringNotEquals, NotIpAddress, …) are NOR: "a logical
//   NOR … returns true only if all values evaluate to false".
// - Absent key: "the values do not match and the condition is false. If the policy condition
//   requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key
//   is not present, the condition is true." …IfExists: "If the key is not present, evaluate the
//   condition element as true." Null "true" holds when the key is absent, "false" when present.
//   A key given with no values (an empty list) counts as absent.
// - ForAllValues: every request value must match one policy value (negated: match none); true
//   "if there are no context keys in the request or if the context key value resolves to a null
//   dataset, such as an empty string". ForAnyValue: at least one request value must (negated: at
//   least one must NOT match any policy value); "if the key does not exist, the condition returns
//   false", and likewise for a null dataset. (The guide's ForAllValues:StringNotLike example
//   table lists an absent key as "No match", contradicting the rule stated on the same page and
//   in the set-operator reference; the stated rule is followed.)
// - A multivalued key without a set operator: the guide says only that "multivalued context keys
//   require a condition set operator" and defines no other behaviour. Here such a clause compares
//   each request value: a positive operator holds when any value matches, a negated one when none
//   does, so a one-element list behaves exactly like a single value. Linting flags the usage.
// - A request value that is not of the operator's type (a non-numeric value for NumericEquals, a
//   value that is not an ARN for ArnLike) satisfies neither the operator nor its negation.
import type { ConditionClause, ConditionOutcome, ContextView, Requirement } from '../types.js';
import { requirementText } from './describe.js';
import { valueMatcher, type ValueMatcher } from './matchers.js';
import { familyOf, isKnownOperator, operatorInfo, positiveBase, type OperatorInfo } from './operators.js';
import { parseTemplate, type TemplatePart } from '../variables.js';

export { isKnownOperator, operatorInfo };
export type { OperatorInfo };

export interface CompiledConditions {
  /** Normal evaluation: do all clauses hold for this request context? */
  test(context: ContextView): boolean;
  /**
   * Discovery mode: clauses whose key is absent from the context become requirements instead of
   * being evaluated; clauses whose key is present evaluate normally (any false → `false`), and so
   * do clauses whose key the context gives with no values: a key known to be absent (a tag the
   * principal or resource does not carry), which the request cannot supply.
   * - Allow blocks (`negated` false): an absent-key clause is a requirement only when it would be
   *   false without the key (StringNotEquals or …IfExists on an absent key is simply true). The
   *   block holds when the request meets every requirement.
   * - Deny blocks (`negated` true): every absent-key clause is a requirement, because the request
   *   could supply the key; each says what keeps that clause from holding. The Deny applies only
   *   if all its clauses hold, so meeting any one requirement keeps it from applying.
   */
  discover(context: ContextView, negated: boolean): ConditionOutcome;
}

interface Clause {
  /** Lower-cased once here, so lookups use ContextView.getLower. */
  key: string;
  /** The clause's result when the key is absent (or has no values). */
  absent: boolean;
  /** The clause's result for the values the request gives (at least one). */
  present(values: readonly string[], context: ContextView): boolean;
  requirements: [Requirement, Requirement];
}

const TRUE: ConditionOutcome = { kind: 'true' };
const FALSE: ConditionOutcome = { kind: 'false' };

export function compileConditions(clauses: readonly ConditionClause[], variablesEnabled: boolean): CompiledConditions {
  const compiled = clauses.map((clause) => compileClause(clause, variablesEnabled));
  return {
    test(context) {
      for (let i = 0; i < compiled.length; i++) {
        const clause = compiled[i]!;
        const values = context.getLower(clause.key);
        if (values === undefined || values.length === 0 ? !clause.absent : !clause.present(values, context)) return false;
      }
      return true;
    },
    discover(context, negated) {
      const requirements: Requirement[] = [];
      for (const clause of compiled) {
        const values = context.getLower(clause.key);
        if (values === undefined) {
          if (negated || !clause.absent) requirements.push(clause.requirements[negated ? 1 : 0]);
        } else if (values.length === 0 ? !clause.absent : !clause.present(values, context)) return FALSE;
      }
      return requirements.length === 0 ? TRUE : { kind: 'needs', requirements };
    },
  };
}

function compileClause(clause: ConditionClause, variablesEnabled: boolean): Clause {
  const info = operatorInfo(clause.operator);
  if (!info) throw new Error(`Unknown condition operator "${clause.operator}" (key ${clause.key})`);
  // Built once and handed out on every discovery call, so frozen against callers' edits.
  const requirement = (negated: boolean): Requirement =>
    Object.freeze({
      key: clause.key,
      operator: clause.operator,
      values: Object.freeze([...clause.values]) as string[],
      negated,
      text: requirementText(clause, info, negated),
    });
  const common = { key: clause.key.toLowerCase(), requirements: [requirement(false), requirement(true)] as [Requirement, Requirement] };
  if (info.base === 'Null') {
    const whenAbsent = clause.values.some((v) => v.toLowerCase() === 'true');
    const whenPresent = clause.values.some((v) => v.toLowerCase() === 'false');
    return { ...common, absent: whenAbsent, present: () => whenPresent };
  }
  const absent = info.ifExists || info.set === 'ForAllValues' || (info.set === undefined && info.negated);
  const present = presentEvaluator(info, valueMatcher(positiveBase(info.base), clause.values, variablesEnabled), absent);
  return { ...common, absent, present };
}

function presentEvaluator(info: OperatorInfo, matcher: ValueMatcher, absent: boolean): Clause['present'] {
  // Per request value: positive operators need a match (1), negated ones need "matches none" (0);
  // a value of the wrong type (-1) satisfies neither.
  const wanted = info.negated ? 0 : 1;
  const every = info.set === 'ForAllValues' || (info.set === undefined && info.negated);
  return (values, context) => {
    // A set operator over a null dataset (an empty string) answers as for an absent key.
    if (info.set && values.length === 1 && values[0] === '') return absent;
    if (every) {
      for (let i = 0; i < values.length; i++) if (matcher(values[i]!, context) !== wanted) return false;
      return true;
    }
    for (let i = 0; i < values.length; i++) if (matcher(values[i]!, context) === wanted) return true;
    return false;
  };
}

/** Condition values that hold policy variables: "Policy variables – Supported" only for String, Boolean and ARN operators. */
export function conditionTemplates(clauses: readonly ConditionClause[], variablesEnabled: boolean): TemplatePart[][] {
  if (!variablesEnabled) return [];
  return clauses.flatMap((clause) => {
    const info = operatorInfo(clause.operator);
    const family = info && info.base !== 'Null' ? familyOf(positiveBase(info.base)) : undefined;
    return family === 'string' || family === 'bool' || family === 'arn' ? clause.values.map((v) => parseTemplate(v, true)) : [];
  });
}
