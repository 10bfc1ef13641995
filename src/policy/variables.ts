// Policy variables (${aws:username}, ${aws:PrincipalTag/team, 'default'}, ${*}, ${?}, ${$}).
// A template is parsed once; expanding it per request yields segments whose
// wildcards stay distinguishable from literal `*`/`?` that came from `${*}`/`${?}` or a value.
import type { ContextView } from './types.js';

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; key: string; fallback?: string }
  | { kind: 'literal'; text: string };

/** Text from the policy (its `*`/`?` are wildcards for *Like operators) or literal text. */
export type Segment = { literal: boolean; text: string };

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_BODY = /^\s*([\w:/.@+=,-]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Splits a policy string into text and variables. With variables off (policy Version 2008-10-17
 * or absent) the whole string is text, as IAM treats it.
 */
export function parseTemplate(text: string, variablesEnabled: boolean): TemplatePart[] {
  if (!variablesEnabled || !text.includes('${')) return [{ kind: 'text', text }];
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const body = match[1]!;
    if (body === '*' || body === '?' || body === '$') parts.push({ kind: 'literal', text: body });
    else {
      const parsed = VARIABLE_BODY.exec(body);
      // Malformed `${…}` is not a variable: IAM matches it as plain text.
      if (parsed) parts.push({ kind: 'variable', key: parsed[1]!, ...(parsed[2] !== undefined && { fallback: parsed[2] }) });
      else parts.push({ kind: 'text', text: match[0] });
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

export function hasVariables(parts: readonly TemplatePart[]): boolean {
  return parts.some((p) => p.kind !== 'text');
}

/** Variable names a template uses (lower-case), for discovery and linting. */
export function variableKeys(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((p) => (p.kind === 'variable' ? [p.key.toLowerCase()] : []));
}

/**
 * Substitutes variables from the request context. Undefined when a variable has no value and
 * no default, or its key is multi-valued: the element then cannot match.
 */
export function expandTemplate(parts: readonly TemplatePart[], context: ContextView): Segment[] | undefined {
  const out: Segment[] = [];
  for (const part of parts) {
    if (part.kind === 'text') out.push({ literal: false, text: part.text });
    else if (part.kind === 'literal') out.push({ literal: true, text: part.text });
    else {
      const values = context.get(part.key);
      if (values === undefined || values.length === 0) {
        if (part.fallback === undefined) return undefined;
        out.push({ literal: true, text: part.fallback });
      } else if (values.length > 1 || context.isMultiValued(part.key)) return undefined;
      else out.push({ literal: true, text: values[0]! });
    }
  }
  return out;
}

export function segmentsText(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}

/** A variable a statement uses: its key lower-cased and as written, and its text in the policy (`${aws:username}`). */
export interface StatementVariable {
  key: string;
  name: string;
  text: string;
  hasDefault: boolean;
}

/** The variables of the given templates, each once. */
export function templateVariables(templates: readonly (readonly TemplatePart[])[]): StatementVariable[] {
  const found = new Map<string, StatementVariable>();
  for (const parts of templates) {
    for (const part of parts) {
      if (part.kind !== 'variable') continue;
      const text = part.fallback === undefined ? `\${${part.key}}` : `\${${part.key}, '${part.fallback}'}`;
      found.set(text, { key: part.key.toLowerCase(), name: part.key, text, hasDefault: part.fallback !== undefined });
    }
  }
  return [...found.values()];
}

/**
 * The first variable that cannot be substituted in this request (no value and no default, or
 * several values), or undefined. "If AWS cannot resolve a variable this might cause the entire
 * statement to be invalid": such a statement neither allows nor denies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function unresolvedVariable(variables: readonly StatementVariable[], context: ContextView): StatementVariable | undefined {
  for (const variable of variables) {
    const values = context.getLower(variable.key);
    if (values === undefined || values.length === 0) {
      if (!variable.hasDefault) return variable;
    } else if (values.length > 1 || context.isMultiValued(variable.key)) return variable;
  }
  return undefined;
}

/** Why a variable has no usable value, e.g. "${aws:username} has no value for a role session". */
export function unresolvedText(variable: StatementVariable, context: ContextView, principalKind: string): string {
  if (context.getLower(variable.key)?.length) return `${variable.text} has several values`;
  if (variable.key === 'aws:username' && principalKind !== 'user') return `${variable.text} has no value for ${principalKind === 'role-session' || principalKind === 'role' ? 'a role session' : 'this principal'}`;
  if (variable.key.startsWith('aws:principaltag/')) return `${variable.text} has no value: the principal has no tag ${variable.name.slice(variable.name.indexOf('/') + 1)}`;
  return `${variable.text} has no value in the request context`;
}
