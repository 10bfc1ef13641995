// packStatements on small statements with capacities at exact sizes: a document holds up to exactly
// its capacity (commas counted), statements split by their items where they cross a document's end
// (parts after the first are Sid…Part<n>), documents stay empty when nothing fits them, and the
// whole set is refused when the capacities run out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packStatements, wholeDocument, type HubStatement } from '../../src/desired/hub-pack.js';
import { single } from '../../src/desired/trust.js';
import { policySize, type PolicyDocument, type Statement } from '../../src/policy/document.js';

const arn = (n: number) => `arn:aws:iam::${String(n).padStart(12, '1')}:role/Spoke`;
const listing = (sid: string | undefined, count: number, from = 0): HubStatement => ({
  items: Array.from({ length: count }, (_, i) => arn(from + i)),
  make: (items) => ({ ...(sid !== undefined && { Sid: sid }), Effect: 'Allow', Action: 'sts:AssumeRole', Resource: single(items) }),
});
const fixed = (sid: string): HubStatement => ({ items: [], make: () => ({ Sid: sid, Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }) });
const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const statement = (s: HubStatement, items = s.items) => s.make(items);

describe('packStatements', () => {
  test('statements that fit one document exactly stay whole in it', () => {
    const a = listing('A', 3);
    const b = fixed('List');
    const whole = wholeDocument([a, b]);
    assert.deepEqual(whole, doc(statement(a), statement(b)));
    assert.deepEqual(packStatements([a, b], [policySize(whole)]), [whole]);
  });

  test('one character less and the unsplittable statement moves to the next document, or the set does not fit', () => {
    const a = listing('A', 3);
    const b = fixed('List');
    const capacity = policySize(wholeDocument([a, b])) - 1;
    assert.deepEqual(packStatements([a, b], [capacity, 1000]), [doc(statement(a)), doc(statement(b))]);
    assert.equal(packStatements([a, b], [capacity]), undefined);
  });

  test('a statement crossing a document\'s end is split by its items, the parts numbered after the first', () => {
    const a = listing('A', 3);
    const two = doc(statement(a, a.items.slice(0, 2)));
    const packed = packStatements([a], [policySize(two), policySize(two)]);
    assert.deepEqual(packed, [two, doc({ ...statement(a, a.items.slice(2)), Sid: 'APart2' })]);
    const one = policySize(doc({ ...statement(a, a.items.slice(2)), Sid: 'APart3' }));
    assert.deepEqual(packStatements([a], [one, one, one])?.map((d) => d?.Statement), [
      [statement(a, a.items.slice(0, 1))],
      [{ ...statement(a, a.items.slice(1, 2)), Sid: 'APart2' }],
      [{ ...statement(a, a.items.slice(2)), Sid: 'APart3' }],
    ]);
  });

  test('parts of a statement without a Sid get none', () => {
    const a = listing(undefined, 2);
    const one = doc(statement(a, a.items.slice(0, 1)));
    assert.deepEqual(packStatements([a], [policySize(one), policySize(one)]), [one, doc(statement(a, a.items.slice(1)))]);
  });

  test('a document too small for anything stays empty (undefined) and the next one takes the statements', () => {
    const a = listing('A', 2);
    const whole = wholeDocument([a]);
    assert.deepEqual(packStatements([a], [policySize(doc(statement(a, []))) - 1, policySize(whole)]), [undefined, whole]);
  });

  test('the comma between two statements counts', () => {
    const a = listing('A', 1);
    const b = listing('B', 1, 5);
    const both = wholeDocument([a, b]);
    assert.deepEqual(packStatements([a, b], [policySize(both)]), [both]);
    assert.deepEqual(packStatements([a, b], [policySize(both) - 1, 1000]), [doc(statement(a)), doc(statement(b))]);
    const c = listing('C', 1, 7);
    const three = wholeDocument([a, b, c]);
    assert.deepEqual(packStatements([a, b, c], [policySize(three)]), [three]);
    assert.deepEqual(packStatements([a, b, c], [policySize(three) - 1, 1000]), [doc(statement(a), statement(b)), doc(statement(c))]);
  });

  test('capacities that cannot hold every item refuse the set', () => {
    const a = listing('A', 3);
    const one = doc(statement(a, a.items.slice(0, 1)));
    assert.equal(packStatements([a], [policySize(one), policySize(one)]), undefined);
    assert.deepEqual(packStatements([], [10]), [undefined]);
  });
});
