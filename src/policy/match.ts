// Compiled matchers for the Action and Resource elements. Compile once per policy, call per
// request: exact patterns go in a Set, wildcard patterns are tokenized once (glob.ts), and only
// patterns with policy variables are expanded per call.
import type { ContextView } from './types.js';
import { arnColons, compileGlob, globMatch, matchResource, type Glob } from './glob.js';
import { expandTemplate, hasVariables, parseTemplate, type TemplatePart } from './variables.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; the resource part keeps any further colons. */
export function parseArn(arn: string): Arn | undefined {
  const parts = splitArn(arn);
  if (parts === undefined || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account, resource] = parts as [string, string, string, string, string, string];
  return { partition, service, region, account, resource };
}

/** The six colon-separated fields of an ARN (split on the first five colons), or undefined. */
function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Actions: case-insensitive, `*` and `?` wildcards, service prefix included ("s3:Get*", "*", "iam:*"). */
export function compileActionMatcher(patterns: readonly string[]): (action: string) => boolean {
  const matches = compileLowercaseActionMatcher(patterns);
  return (action) => matches(action.toLowerCase());
}

/** As compileActionMatcher, for callers that lower-case the action once per request. */
export function compileLowercaseActionMatcher(patterns: readonly string[]): (lowercaseAction: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set<string>();
  const globs: Glob[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (WILDCARD.test(pattern)) globs.push(compileGlob([{ literal: false, text: lower }], false));
    else exact.add(lower);
  }
  return (lower) => {
    if (exact.has(lower)) return true;
    for (const glob of globs) if (globMatch(glob, 0, glob.text.length, lower, 0, lower.length)) return true;
    return false;
  };
}

/**
 * Resources: an ARN pattern matches per segment (partition, service, region, account, resource),
 * so a `*` or `?` in the first five segments never matches a colon, while in the resource
 * segment it matches anything, `/` and `:` included. Matching is case-sensitive throughout, as
 * IAM compares ARNs (ArnLike semantics). `*` alone matches every resource. A pattern with fewer
 * than six segments (malformed; parsePolicy reports it) is matched as one glob over the whole string.
 * With variables enabled (policy Version 2012-10-17), `${…}` is substituted from the request
 * context per call; a pattern whose variable has no single value matches nothing.
 */
export function compileResourceMatcher(
  patterns: readonly string[],
  variablesEnabled: boolean,
): (resource: string, context: ContextView) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set<string>();
  const globs: Glob[] = [];
  const templates: TemplatePart[][] = [];
  for (const pattern of patterns) {
    const parts = parseTemplate(pattern, variablesEnabled);
    if (hasVariables(parts)) templates.push(parts);
    else if (WILDCARD.test(pattern)) globs.push(compileGlob([{ literal: false, text: pattern }], true));
    else exact.add(pattern);
  }
  // Reused by every call: a call runs to completion before the next one starts.
  return (resource, context) => {
    if (exact.has(resource)) return true;
    if (globs.length === 0 && templates.length === 0) return false;
    const colons = colonsOf(resource);
    for (const glob of globs) if (matchResource(glob, resource, colons)) return true;
    for (const parts of templates) {
      const segments = expandTemplate(parts, context);
      if (segments !== undefined && matchResource(compileGlob(segments, true), resource, colons)) return true;
    }
    return false;
  };
}

const WILDCARD = /[*?]/;

// Every statement of a decision asks about the same resource: remember its colons once.
const colonScratch = new Int32Array(5);
let lastResource: string | undefined;
let lastColons: Int32Array | undefined;
function colonsOf(resource: string): Int32Array | undefined {
  if (resource !== lastResource) {
    lastResource = resource;
    lastColons = arnColons(resource, colonScratch);
  }
  return lastColons;
}
