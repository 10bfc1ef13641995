import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { personFromArn, personFromCi, profileName, stsName, templateProblems } from '../../src/creds/names.js';
import { joinWords, quoteWord, splitWords } from '../../src/creds/shell-words.js';

const fields = { account_name: 'payments-prod', account_id: '210987654321', role: 'FleetAccess', hub: 'security' };

describe('profile name templates', () => {
  test('placeholders are filled in and the result is a valid profile name', () => {
    assert.equal(profileName('{account_name}.{role}', fields), 'payments-prod.FleetAccess');
    assert.equal(profileName('{hub}/{account_id} {role}', fields), 'security-210987654321-FleetAccess');
    assert.equal(profileName('{account_name}.{role}', { ...fields, account_name: 'Payments (EU)' }), 'Payments-EU-.FleetAccess');
  });

  test('unknown placeholders, a template without an account and stray braces are refused', () => {
    assert.deepEqual(templateProblems('{account_name}.{role}'), []);
    assert.match(templateProblems('{account}.{role}').join(), /unknown placeholder \{account\}.*\{account_name\}/);
    assert.match(templateProblems('{role}').join(), /names no account/);
    assert.match(templateProblems('{account_id}.{role').join(), /unbalanced/);
  });
});

describe('who acts', () => {
  const cases: [string, string][] = [
    ['arn:aws:iam::222222222222:user/alice', 'alice'],
    ['arn:aws:iam::222222222222:user/people/eng/alice', 'alice'],
    ['arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_0123abcd/alice@example.com', 'alice@example.com'],
    ['arn:aws:sts::222222222222:federated-user/bob', 'bob'],
    ['arn:aws:iam::222222222222:root', 'root-222222222222'],
  ];
  for (const [arn, person] of cases) test(`${arn} → ${person}`, () => assert.equal(personFromArn(arn), person));

  test('CI: the actor, prefixed by the CI system', () => {
    assert.equal(personFromCi({ GITHUB_ACTOR: 'octocat' }), 'github-octocat');
    assert.equal(personFromCi({ GITLAB_USER_LOGIN: 'jdoe' }), 'gitlab-jdoe');
    assert.equal(personFromCi({}), undefined);
  });

  test('session names keep to STS characters and lengths', () => {
    assert.equal(stsName('Jane Doe (ops)'), 'Jane-Doe-ops');
    assert.equal(stsName('x'), 'crossrole-x');
    assert.equal(stsName('a'.repeat(80)).length, 64);
    assert.match(stsName('ünïcode'), /^[\w+=,.@-]{2,64}$/);
  });
});

describe('shell words', () => {
  test('plain words stay bare, others are single-quoted', () => {
    assert.equal(quoteWord('arn:aws:iam::1:role/crossrole/FleetHub'), 'arn:aws:iam::1:role/crossrole/FleetHub');
    assert.equal(quoteWord('/opt/my tools/crossrole'), "'/opt/my tools/crossrole'");
    assert.equal(quoteWord("it's"), `'it'"'"'s'`);
  });

  test('split is the inverse of join, as shlex.split would read it', () => {
    const words = ['/opt/my tools/node', '--import', 'file:///x/tsx.mjs', "it's", '', 'a"b', 'credentials'];
    assert.deepEqual(splitWords(joinWords(words)), words);
    assert.deepEqual(splitWords(`a "b c" d\\ e 'f'g`), ['a', 'b c', 'd e', 'fg']);
    assert.equal(splitWords(`a 'open`), undefined);
  });
});
