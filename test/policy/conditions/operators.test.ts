// Operator names, grammar helpers and the shape of discovery requirements.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileConditions, isKnownOperator, operatorInfo } from '../../../src/policy/conditions/index.js';
import { contextView } from '../../../src/policy/types.js';

const BASES = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']);

describe('operatorInfo', () => {
  test('every documented operator, with IfExists and set qualifiers', () => {
    for (const base of BASES) {
      const negated = NEGATED.has(base);
      assert.deepEqual(operatorInfo(base), { base, ifExists: false, negated });
      assert.deepEqual(operatorInfo(`${base}IfExists`), { base, ifExists: true, negated });
      assert.deepEqual(operatorInfo(`ForAllValues:${base}`), { base, ifExists: false, set: 'ForAllValues', negated });
      assert.deepEqual(operatorInfo(`ForAnyValue:${base}IfExists`), { base, ifExists: true, set: 'ForAnyValue', negated });
    }
  });

  test('Null takes no IfExists and no set qualifier', () => {
    assert.deepEqual(operatorInfo('Null'), { base: 'Null', ifExists: false, negated: false });
    for (const op of ['NullIfExists', 'ForAllValues:Null', 'ForAnyValue:Null']) assert.equal(isKnownOperator(op), false, op);
  });

  test('unknown and misspelled names', () => {
    for (const op of ['', 'StringEqual', 'stringequals', 'STRINGEQUALS', 'ForAllValue:StringEquals', 'ForAnyValues:StringLike', 'StringLikeIfexists', 'IfExists', 'ForAllValues:', 'toString', 'constructor', 'StringEqualsIfExistsIfExists']) {
      assert.equal(isKnownOperator(op), false, op);
      assert.equal(operatorInfo(op), undefined, op);
    }
    assert.equal(isKnownOperator('ForAnyValue:StringLikeIfExists'), true);
  });
});

describe('compileConditions', () => {
  test('throws on an unknown operator, naming it', () => {
    assert.throws(() => compileConditions([{ operator: 'StringEqualz', key: 'aws:username', values: ['a'] }], true), /StringEqualz/);
  });

  test('requirements carry the clause as written', () => {
    const clause = { operator: 'StringEquals', key: 'sts:ExternalId', values: ['resoto-7f3a'] };
    const compiled = compileConditions([clause], true);
    assert.deepEqual(compiled.discover(contextView({}), false), {
      kind: 'needs',
      requirements: [{ key: 'sts:ExternalId', operator: 'StringEquals', values: ['resoto-7f3a'], negated: false, text: 'needs sts:ExternalId = resoto-7f3a' }],
    });
    const deny = compiled.discover(contextView({}), true);
    assert.equal(deny.kind, 'needs');
    assert.deepEqual(deny.kind === 'needs' && deny.requirements.map((r) => [r.negated, r.text]), [[true, 'must not have sts:ExternalId = resoto-7f3a']]);
  });

  test('requirements do not share the caller\'s value arrays', () => {
    const values = ['a'];
    const compiled = compileConditions([{ operator: 'StringEquals', key: 'k', values }], true);
    values.push('b');
    const outcome = compiled.discover(contextView({}), false);
    assert.deepEqual(outcome.kind === 'needs' && outcome.requirements[0]!.values, ['a']);
    assert.equal(compiled.test(contextView({ k: 'b' })), false);
  });

  test('variables are read from each request', () => {
    const compiled = compileConditions([{ operator: 'StringLike', key: 's3:prefix', values: ['home/${aws:username}/*'] }], true);
    assert.equal(compiled.test(contextView({ 's3:prefix': 'home/alice/x', 'aws:username': 'alice' })), true);
    assert.equal(compiled.test(contextView({ 's3:prefix': 'home/alice/x', 'aws:username': 'bob' })), false);
    assert.equal(compiled.test(contextView({ 's3:prefix': 'home/bob/x', 'aws:username': 'bob' })), true);
  });
});
