import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parsePolicy, type ParseOptions, type PolicyKind } from '../../src/policy/parse.js';
import type { Finding } from '../../src/policy/types.js';
import { repoRoot } from '../helpers/paths.js';

interface GrammarCase {
  name: string;
  kind?: PolicyKind;
  /** The whole document, or `statement` wrapped in a 2012-10-17 policy. */
  policy?: unknown;
  statement?: unknown;
  /** `SEVERITY CODE path.joined.by.dots` for every finding, in any order. */
  expect: string[];
  /** Whether a policy comes back (default yes): only errors that leave no single meaning drop it. */
  hasPolicy?: boolean;
}

const grammarDir = `${repoRoot}/test/policy/grammar`;
for (const file of readdirSync(grammarDir).filter((f) => f.endsWith('.json')).sort()) {
  const cases = JSON.parse(readFileSync(`${grammarDir}/${file}`, 'utf8')) as GrammarCase[];
  for (const c of cases) {
    test(`grammar ${file}: ${c.name}`, () => {
      const input = 'statement' in c ? { Version: '2012-10-17', Statement: [c.statement] } : c.policy;
      const { policy, findings } = parsePolicy(input, c.kind ? { kind: c.kind } : {});
      const got = findings.map((f) => `${f.severity} ${f.code} ${f.path.join('.')}`.trim());
      assert.deepEqual([...got].sort(), [...c.expect].sort());
      const hasPolicy = c.hasPolicy ?? true;
      assert.equal(policy !== undefined, hasPolicy, hasPolicy ? 'expected a policy' : 'expected no policy');
      for (const f of findings) assertLocated(f, input);
    });
  }
}

/** Findings inside a statement name it (index and Sid) and the element; every finding has a message. */
function assertLocated(f: Finding, input: unknown): void {
  assert.ok(f.message.length > 10, `${f.code} has a message`);
  if (f.path[0] !== 'Statement' || f.path.length === 1) return;
  const doc = input as { Statement: unknown };
  const listed = Array.isArray(doc.Statement);
  const index = listed ? (f.path[1] as number) : 0;
  assert.equal(f.statementIndex, index, `${f.code} names statement ${index}`);
  const raw = (listed ? (doc.Statement as unknown[])[index] : doc.Statement) as { Sid?: unknown };
  assert.equal(f.sid, typeof raw.Sid === 'string' ? raw.Sid : undefined, `${f.code} names the Sid`);
  const element = f.path[listed ? 2 : 1];
  if (typeof element === 'string') assert.equal(f.element, element, `${f.code} names the element`);
  else assert.ok(f.element, `${f.code} at a statement names the missing element`);
}

interface NormalizeCase {
  name: string;
  input: unknown;
  options?: ParseOptions;
  original?: unknown;
  expect: unknown;
}

const normalizeCases = parse(readFileSync(`${repoRoot}/test/policy/normalize-cases.yaml`, 'utf8')) as NormalizeCase[];
for (const c of normalizeCases) {
  test(`normalize: ${c.name}`, () => {
    const { policy } = parsePolicy(c.input, c.options);
    assert.ok(policy, 'a policy comes back');
    const { original, ...normalized } = policy;
    assert.deepEqual(normalized, c.expect);
    assert.deepEqual(original, c.original ?? (typeof c.input === 'string' ? original : c.input));
  });
}

test('an object input is kept as the original, not copied', () => {
  const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
  assert.equal(parsePolicy(doc).policy?.original, doc);
});

test('normalized lists are copies: changing them leaves the document alone', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] };
  const statement = parsePolicy(doc).policy!.statements[0]!;
  statement.action!.push('s3:PutObject');
  assert.deepEqual(doc.Statement[0]!.Action, ['s3:GetObject']);
});

test('findings of a URL-encoded document point into the decoded document', () => {
  const encoded = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'X', Effect: 'Allow', Action: 's3', Resource: '*' }] }));
  const { findings } = parsePolicy(encoded);
  assert.deepEqual(
    findings.map((f) => [f.code, f.statementIndex, f.sid, f.element, f.path]),
    [['INVALID_ACTION', 0, 'X', 'Action', ['Statement', 0, 'Action']]],
  );
});

test('a key given twice in JSON text is an error at the second one (IAM refuses the document)', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}';
  const { findings } = parsePolicy(text);
  assert.deepEqual(
    findings.map((f) => [f.severity, f.code, f.path.join('.'), f.statementIndex, f.sid]),
    [['ERROR', 'DUPLICATE_KEY', 'Statement.0.Effect', 0, 'A']],
  );
});
