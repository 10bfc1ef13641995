import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { compileActionMatcher, compileResourceMatcher, parseArn } from '../../src/policy/match.js';
import { contextView, type ContextValue } from '../../src/policy/types.js';
import { repoRoot } from '../helpers/paths.js';

interface MatchCase {
  name: string;
  patterns: string[];
  variables?: boolean;
  context?: Record<string, ContextValue>;
  match?: string[];
  noMatch?: string[];
}

interface Cases {
  actions: MatchCase[];
  resources: MatchCase[];
  arns: { arn: string; expect: ReturnType<typeof parseArn> | null }[];
}

const cases = parse(readFileSync(`${repoRoot}/test/policy/match-cases.yaml`, 'utf8')) as Cases;

function expectations(c: MatchCase): [string, boolean][] {
  return [...(c.match ?? []).map((v): [string, boolean] => [v, true]), ...(c.noMatch ?? []).map((v): [string, boolean] => [v, false])];
}

for (const c of cases.actions) {
  const matcher = compileActionMatcher(c.patterns);
  for (const [action, expected] of expectations(c)) {
    test(`action ${c.name}: ${JSON.stringify(action)} ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matcher(action), expected);
    });
  }
}

// A variable with an empty default changes nothing but forces the per-call (expanded) path, so
// every static case also checks that path against the precompiled one.
const FORCE_EXPANDED = "${crossrole:unset, ''}";

for (const c of cases.resources) {
  const context = contextView(c.context ?? {});
  const variables = c.variables ?? false;
  const matcher = compileResourceMatcher(c.patterns, variables);
  const plain = !variables && !c.patterns.some((p) => p.includes('${'));
  const expanded = plain ? compileResourceMatcher(c.patterns.map((p) => p + FORCE_EXPANDED), true) : undefined;
  for (const [resource, expected] of expectations(c)) {
    test(`resource ${c.name}: ${JSON.stringify(resource)} ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matcher(resource, context), expected);
      if (expanded) assert.equal(expanded(resource, context), expected, 'expanded path agrees');
    });
  }
}

for (const c of cases.arns) {
  test(`parseArn ${JSON.stringify(c.arn)}`, () => {
    assert.deepEqual(parseArn(c.arn), c.expect ?? undefined);
  });
}

test('a compiled resource matcher reads the context of each call', () => {
  const matcher = compileResourceMatcher(['arn:aws:s3:::home/${aws:username}/*'], true);
  assert.equal(matcher('arn:aws:s3:::home/alice/x', contextView({ 'aws:username': 'alice' })), true);
  assert.equal(matcher('arn:aws:s3:::home/alice/x', contextView({ 'aws:username': 'bob' })), false);
  assert.equal(matcher('arn:aws:s3:::home/bob/x', contextView({ 'aws:username': 'bob' })), true);
});

test('long wildcard patterns match in linear-ish time', () => {
  const matcher = compileResourceMatcher(['arn:aws:s3:::b/*a*a*a*a*a*a*a*a*a*a*b', 'arn:aws:s3:::c/${aws:username}*a*a*a*a*a*a*a*a*b'], true);
  const context = contextView({ 'aws:username': 'u' });
  const started = performance.now();
  assert.equal(matcher(`arn:aws:s3:::b/${'a'.repeat(5000)}`, context), false);
  assert.equal(matcher(`arn:aws:s3:::c/u${'a'.repeat(5000)}`, context), false);
  assert.ok(performance.now() - started < 1000, 'no catastrophic backtracking');
});
