// Readable requirement text for discovery mode, e.g. `needs sts:ExternalId = resoto-7f3a`,
// `needs aws:SourceIp in 10.0.0.0/8`, `must not have aws:SourceIp in 10.0.0.0/8`.
import type { ConditionClause } from '../types.js';
import { positiveBase, type OperatorInfo } from './operators.js';

const WORDS: Record<string, string> = {
  StringEquals: '=',
  StringNotEquals: '!=',
  StringEqualsIgnoreCase: '= (ignoring case)',
  StringNotEqualsIgnoreCase: '!= (ignoring case)',
  StringLike: 'like',
  StringNotLike: 'not like',
  NumericEquals: '=',
  NumericNotEquals: '!=',
  NumericLessThan: '<',
  NumericLessThanEquals: '<=',
  NumericGreaterThan: '>',
  NumericGreaterThanEquals: '>=',
  DateEquals: '=',
  DateNotEquals: '!=',
  DateLessThan: 'before',
  DateLessThanEquals: 'at or before',
  DateGreaterThan: 'after',
  DateGreaterThanEquals: 'at or after',
  Bool: '=',
  BinaryEquals: '=',
  IpAddress: 'in',
  NotIpAddress: 'not in',
  ArnEquals: '=',
  ArnLike: 'like',
  ArnNotEquals: '!=',
  ArnNotLike: 'not like',
};

/** The negated operator for each positive one that has one (StringLike → StringNotLike). */
const NEGATION: Record<string, string> = Object.fromEntries(
  Object.keys(WORDS)
    .filter((base) => positiveBase(base) !== base)
    .map((base) => [positiveBase(base), base]),
);

/** `= a`, `like a or b`; negated operators hold when no value matches: `!= any of a, b`. */
function predicate(base: string, values: readonly string[]): string {
  const word = WORDS[base]!;
  // A suffix such as "(ignoring case)" reads better after the values.
  const [verb, suffix] = word.includes(' (') ? [word.slice(0, word.indexOf(' (')), word.slice(word.indexOf(' ('))] : [word, ''];
  if (values.length === 1) return `${verb} ${values[0]}${suffix}`;
  const list = positiveBase(base) === base ? values.join(' or ') : `any of ${values.join(', ')}`;
  return `${verb} ${list}${suffix}`;
}

function nullPredicate(values: readonly string[]): string {
  return values.map((v) => (v.toLowerCase() === 'true' ? 'absent' : 'present')).join(' or ');
}

/**
 * Text for a clause whose key the request did not give. Allow blocks (negated false): the
 * request needs the clause to hold. Deny blocks (negated true): the request must keep the
 * clause from holding; where that takes a value rather than an absence, the text names the
 * value needed (Deny on StringNotEquals sts:ExternalId X → `needs sts:ExternalId = X`).
 */
export function requirementText(clause: ConditionClause, info: OperatorInfo, negated: boolean): string {
  const { key, values } = clause;
  if (info.base === 'Null') {
    if (!negated) return `needs ${key} ${nullPredicate(values)}`;
    const flipped = values.map((v) => (v.toLowerCase() === 'true' ? 'false' : 'true'));
    return values.length === 1 ? `needs ${key} ${nullPredicate(flipped)}` : `must not have ${key} ${nullPredicate(values)}`;
  }
  const subject = info.set === 'ForAllValues' ? `every value of ${key}` : info.set === 'ForAnyValue' ? `some value of ${key}` : key;
  if (!negated) return `needs ${subject} ${predicate(info.base, values)}`;
  if (!info.set) {
    // Not meeting a negated operator means the key is present and matches the positive one.
    if (info.negated) return `needs ${key} ${predicate(positiveBase(info.base), values)}`;
    // Not meeting a positive …IfExists operator means the key is present and matches none.
    if (info.ifExists) {
      if (info.base === 'Bool' && values.length === 1 && /^(true|false)$/i.test(values[0]!)) {
        return `needs ${key} = ${values[0]!.toLowerCase() === 'true' ? 'false' : 'true'}`;
      }
      const negation = NEGATION[info.base];
      return negation ? `needs ${key} ${predicate(negation, values)}` : `needs ${key} present and not ${predicate(info.base, values)}`;
    }
  }
  return `must not have ${subject} ${predicate(info.base, values)}`;
}
