// Value matchers: does one request value match any of a clause's policy values? Policy values are
// compiled once; only values holding policy variables are expanded (and compiled) per check.
// Each family has its own closure so V8 keeps every call site monomorphic.
import type { ContextView } from '../types.js';
import { expandTemplate, parseTemplate, segmentsText, type Segment, type TemplatePart } from '../variables.js';
import { arnGlobMatches, compileGlob, globMatches, type Glob } from '../glob.js';
import { isArn } from './arn.js';
import { cidrContains, parseAddress, parseCidr, type Cidr } from './ip.js';
import { familyOf } from './operators.js';
import { parseBase64, parseBool, parseDate, parseNumber } from './values.js';

/** 1: matches one of the policy values; 0: matches none; -1: not a value of the operator's type. */
export type Match = 1 | 0 | -1;
export type ValueMatcher = (value: string, context: ContextView) => Match;

type Compile<C> = (segments: readonly Segment[]) => C | undefined;

/** A policy value with variables, and its last expansion: consecutive requests usually repeat it. */
interface Templated<C> {
  parts: TemplatePart[];
  last: Segment[] | undefined;
  compiled: C | undefined;
}

interface Compiled<C> {
  fixed: C[];
  templated: Templated<C>[];
}

/**
 * Policy values that are not of the operator's type (NumericEquals "ten") can never match and are
 * dropped. "Policy variables – Supported" holds for String, Boolean and ARN operators only; for
 * the others `${…}` is plain text.
 */
function compileValues<C>(values: readonly string[], variables: boolean, compile: Compile<C>): Compiled<C> {
  const fixed: C[] = [];
  const templated: Templated<C>[] = [];
  for (const value of values) {
    const parts = parseTemplate(value, variables);
    const segments = staticSegments(parts);
    if (!segments) templated.push({ parts, last: undefined, compiled: undefined });
    else {
      const compiled = compile(segments);
      if (compiled !== undefined) fixed.push(compiled);
    }
  }
  return { fixed, templated };
}

/** Policy text without variables as segments (`${*}` and friends are literal); undefined otherwise. */
function staticSegments(parts: readonly TemplatePart[]): Segment[] | undefined {
  const out: Segment[] = [];
  for (const part of parts) {
    if (part.kind === 'variable') return undefined;
    out.push({ literal: part.kind === 'literal', text: part.text });
  }
  return out;
}

/**
 * The policy value for this request, or undefined when a variable has no value: "the value is
 * effectively null. There is no equal or like value."
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function expand<C>(value: Templated<C>, compile: Compile<C>, context: ContextView): C | undefined {
  const segments = expandTemplate(value.parts, context);
  if (!segments) return undefined;
  // Segments line up one to one with the template's parts, so equal texts mean an equal expansion.
  const last = value.last;
  if (last && last.every((s, i) => s.text === segments[i]!.text)) return value.compiled;
  value.last = segments;
  value.compiled = compile(segments);
  return value.compiled;
}

function equalsMatcher(values: readonly string[], variables: boolean, ignoreCase: boolean): ValueMatcher {
  const compile = ignoreCase ? (s: readonly Segment[]) => segmentsText(s).toLowerCase() : segmentsText;
  const { fixed, templated } = compileValues(values, variables, compile);
  return (value, context) => {
    const v = ignoreCase ? value.toLowerCase() : value;
    for (let i = 0; i < fixed.length; i++) if (fixed[i] === v) return 1;
    for (let i = 0; i < templated.length; i++) if (expand(templated[i]!, compile, context) === v) return 1;
    return 0;
  };
}

function likeMatcher(values: readonly string[], variables: boolean): ValueMatcher {
  const compile = (segments: readonly Segment[]) => compileGlob(segments, false);
  const { fixed, templated } = compileValues(values, variables, compile);
  return (value, context) => {
    for (let i = 0; i < fixed.length; i++) if (globMatches(fixed[i]!, value)) return 1;
    for (let i = 0; i < templated.length; i++) {
      const glob: Glob | undefined = expand(templated[i]!, compile, context);
      if (glob && globMatches(glob, value)) return 1;
    }
    return 0;
  };
}

const comparisons: Record<string, (request: number, policy: number) => boolean> = {
  Equals: (r, p) => r === p,
  LessThan: (r, p) => r < p,
  LessThanEquals: (r, p) => r <= p,
  GreaterThan: (r, p) => r > p,
  GreaterThanEquals: (r, p) => r >= p,
};

/** Numeric and date operators: the request value compared with each policy value. */
function orderedMatcher(values: readonly string[], read: (text: string) => number | undefined, compare: (request: number, policy: number) => boolean): ValueMatcher {
  const { fixed } = compileValues(values, false, (s) => read(segmentsText(s)));
  return (value) => {
    const v = read(value);
    if (v === undefined) return -1;
    for (let i = 0; i < fixed.length; i++) if (compare(v, fixed[i]!)) return 1;
    return 0;
  };
}

function boolMatcher(values: readonly string[], variables: boolean): ValueMatcher {
  const compile = (s: readonly Segment[]) => parseBool(segmentsText(s));
  const { fixed, templated } = compileValues(values, variables, compile);
  return (value, context) => {
    const v = parseBool(value);
    if (v === undefined) return -1;
    for (let i = 0; i < fixed.length; i++) if (fixed[i] === v) return 1;
    for (let i = 0; i < templated.length; i++) if (expand(templated[i]!, compile, context) === v) return 1;
    return 0;
  };
}

function binaryMatcher(values: readonly string[]): ValueMatcher {
  const { fixed } = compileValues(values, false, (s) => parseBase64(segmentsText(s)));
  return (value) => {
    const v = parseBase64(value);
    if (v === undefined) return -1;
    for (let i = 0; i < fixed.length; i++) if (fixed[i]!.equals(v)) return 1;
    return 0;
  };
}

// Scratch space for the request address being checked: checks run synchronously, one at a time.
const address = new Uint32Array(4);

function ipMatcher(values: readonly string[]): ValueMatcher {
  const { fixed } = compileValues<Cidr>(values, false, (s) => parseCidr(segmentsText(s)));
  return (value) => {
    const family = parseAddress(value, address);
    if (family === 0) return -1;
    for (let i = 0; i < fixed.length; i++) if (cidrContains(fixed[i]!, family, address)) return 1;
    return 0;
  };
}

function arnMatcher(values: readonly string[], variables: boolean): ValueMatcher {
  const compile = (segments: readonly Segment[]) => compileGlob(segments, true);
  const { fixed, templated } = compileValues(values, variables, compile);
  // Reused by every call: a call runs to completion before the next one starts.
  const scratch = new Int32Array(5);
  return (value, context) => {
    // A pattern only matches six components, so the ARN check can wait for a miss.
    for (let i = 0; i < fixed.length; i++) if (arnGlobMatches(fixed[i]!, value, scratch)) return 1;
    for (let i = 0; i < templated.length; i++) {
      const pattern = expand(templated[i]!, compile, context);
      if (pattern !== undefined && arnGlobMatches(pattern, value, scratch)) return 1;
    }
    return isArn(value) ? 0 : -1;
  };
}

/** A matcher for the positive form of an operator (StringLike for StringNotLike). */
export function valueMatcher(positiveBase: string, values: readonly string[], variablesEnabled: boolean): ValueMatcher {
  switch (familyOf(positiveBase)) {
    case 'string':
      if (positiveBase === 'StringLike') return likeMatcher(values, variablesEnabled);
      return equalsMatcher(values, variablesEnabled, positiveBase === 'StringEqualsIgnoreCase');
    case 'numeric':
      return orderedMatcher(values, parseNumber, comparisons[positiveBase.slice('Numeric'.length)]!);
    case 'date':
      return orderedMatcher(values, parseDate, comparisons[positiveBase.slice('Date'.length)]!);
    case 'bool':
      return boolMatcher(values, variablesEnabled);
    case 'binary':
      return binaryMatcher(values);
    case 'ip':
      return ipMatcher(values);
    case 'arn':
      return arnMatcher(values, variablesEnabled);
    case 'null':
      throw new Error('Null compares no values');
  }
}
