// Condition operator names: `[ForAllValues:|ForAnyValue:]<base>[IfExists]`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//
// Names are matched case-sensitively, exactly as the IAM User Guide spells them: the guide never
// says operator names are case-insensitive (it does say so for condition key names), so a
// differently cased name is reported as unknown rather than guessed at.

export type SetOperator = 'ForAllValues' | 'ForAnyValue';

export interface OperatorInfo {
  base: string;
  ifExists: boolean;
  set?: SetOperator;
  /** Negated matching (StringNotEquals, NotIpAddress, …): several values combine as NOR. */
  negated: boolean;
}

export type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** Base operator → family and, for negated operators, the positive operator they negate. */
const BASES: Record<string, { family: Family; negates?: string }> = {
  StringEquals: { family: 'string' },
  StringNotEquals: { family: 'string', negates: 'StringEquals' },
  StringEqualsIgnoreCase: { family: 'string' },
  StringNotEqualsIgnoreCase: { family: 'string', negates: 'StringEqualsIgnoreCase' },
  StringLike: { family: 'string' },
  StringNotLike: { family: 'string', negates: 'StringLike' },
  NumericEquals: { family: 'numeric' },
  NumericNotEquals: { family: 'numeric', negates: 'NumericEquals' },
  NumericLessThan: { family: 'numeric' },
  NumericLessThanEquals: { family: 'numeric' },
  NumericGreaterThan: { family: 'numeric' },
  NumericGreaterThanEquals: { family: 'numeric' },
  DateEquals: { family: 'date' },
  DateNotEquals: { family: 'date', negates: 'DateEquals' },
  DateLessThan: { family: 'date' },
  DateLessThanEquals: { family: 'date' },
  DateGreaterThan: { family: 'date' },
  DateGreaterThanEquals: { family: 'date' },
  Bool: { family: 'bool' },
  BinaryEquals: { family: 'binary' },
  IpAddress: { family: 'ip' },
  NotIpAddress: { family: 'ip', negates: 'IpAddress' },
  ArnEquals: { family: 'arn' },
  ArnLike: { family: 'arn' },
  ArnNotEquals: { family: 'arn', negates: 'ArnEquals' },
  ArnNotLike: { family: 'arn', negates: 'ArnLike' },
  Null: { family: 'null' },
};

const SET_PREFIX = /^(ForAllValues|ForAnyValue):/;

export function operatorInfo(operator: string): OperatorInfo | undefined {
  const set = SET_PREFIX.exec(operator)?.[1] as SetOperator | undefined;
  let base = set ? operator.slice(set.length + 1) : operator;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const known = Object.hasOwn(BASES, base) ? BASES[base] : undefined;
  if (!known) return undefined;
  // "You can add IfExists to the end of any condition operator name except the Null condition";
  // Null tests presence, not values, so a set qualifier has nothing to iterate either.
  if (known.family === 'null' && (ifExists || set)) return undefined;
  return { base, ifExists, ...(set && { set }), negated: known.negates !== undefined };
}

export function isKnownOperator(operator: string): boolean {
  return operatorInfo(operator) !== undefined;
}

export function familyOf(base: string): Family {
  return BASES[base]!.family;
}

/** The positive operator a negated one negates (StringNotLike → StringLike); the base itself otherwise. */
export function positiveBase(base: string): string {
  return BASES[base]!.negates ?? base;
}
