// Snapshot directories: layout rules (account file names, accounts outside the org, missing
// accounts), every bad file reported at once, UTF-16 output of Windows PowerShell.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InvalidInputError, UserError } from '../../src/errors.js';
import { readSnapshot, type ReadProgress } from '../../src/snapshot/read.js';
import { formatDiagnostic } from '../../src/spec/source.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-read-'));
after(() => rmSync(root, { recursive: true, force: true }));
const validCase = join(repoRoot, 'test', 'snapshot', 'cases', 'valid', 'cli-output.json');
const invalidCase = (name: string) => join(repoRoot, 'test', 'snapshot', 'cases', 'invalid', name);

let dirs = 0;
/** The account of the valid case file's users, groups, roles and policies. */
const CASE_ACCOUNT = '111122223333';

/**
 * A snapshot dir with the fixture org and the given account files (name → source file or text).
 * A source file's entities are moved into the account its name says, as collect would have read them.
 */
function snapshotDir(files: Record<string, string | { text: Buffer }>): string {
  const dir = join(root, `s${dirs++}`);
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  copyFileSync(fixture('org.json'), join(dir, 'org.json'));
  for (const [name, from] of Object.entries(files)) {
    const text = typeof from === 'string' ? Buffer.from(readFileSync(from, 'utf8').replaceAll(CASE_ACCOUNT, name.slice(0, 12))) : from.text;
    writeFileSync(join(dir, 'accounts', name), text);
  }
  return dir;
}

const messages = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, String(error));
    return error.diagnostics.map(formatDiagnostic);
  }
  assert.fail('expected an InvalidInputError');
};

test('accounts are read in id order, missing org accounts listed, other files ignored', () => {
  const dir = snapshotDir({
    '333333333333.json': validCase,
    '111111111111.json': validCase,
    '.222222222222.json.tmp-123': { text: Buffer.from('{') },
    'README.md': { text: Buffer.from('notes') },
  });
  const seen: ReadProgress[] = [];
  const snapshot = readSnapshot(dir, { onAccount: (p) => seen.push(p) });
  assert.deepEqual(snapshot.accounts.map((a) => a.accountId), ['111111111111', '333333333333']);
  assert.deepEqual(snapshot.missing, ['222222222222', '444444444444', '555555555555', '666666666666', '777777777777', '888888888888']);
  assert.equal(snapshot.org.organizationId, 'o-abc123defg');
  assert.equal(snapshot.accounts[1]!.details.RoleDetailList[0]!.RoleName, 'deploy');
  assert.deepEqual(seen.map((p) => `${p.accountId} ${p.done}/${p.total}`), ['111111111111 1/2', '333333333333 2/2']);
});

test('a .json file not named by an account id, or by an account outside the org, is an error', () => {
  const dir = snapshotDir({ 'prod.json': validCase, '999999999999.json': validCase, '111111111111.json': validCase });
  const accounts = join(dir, 'accounts');
  assert.deepEqual(messages(() => readSnapshot(dir)), [
    `${join(accounts, '999999999999.json')}: error: account 999999999999 is not in org.json (organization o-abc123defg); refresh org.json (crossrole discover) or remove the file`,
    `${join(accounts, 'prod.json')}: error: an account file is named by its 12-digit account id, like 123456789012.json`,
  ]);
});

test('every bad account file is reported in one error, the good ones read', () => {
  const dir = snapshotDir({ '111111111111.json': invalidCase('role-missing-arn.json'), '222222222222.json': validCase, '333333333333.json': invalidCase('empty.json') });
  const accounts = join(dir, 'accounts');
  assert.deepEqual(messages(() => readSnapshot(dir)), [
    `${join(accounts, '111111111111.json')}:53:9: error: $.RoleDetailList[0]: missing required key "Arn"`,
    `${join(accounts, '333333333333.json')}: error: empty file (expected the JSON output of \`aws iam get-account-authorization-details --output json\`)`,
  ]);
});

test('UTF-16 with a byte order mark (PowerShell redirection) and a UTF-8 BOM read like plain UTF-8', () => {
  const text = (account: string) => readFileSync(validCase, 'utf8').replaceAll(CASE_ACCOUNT, account);
  const dir = snapshotDir({
    '111111111111.json': { text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('111111111111'), 'utf16le')]) },
    '222222222222.json': { text: Buffer.from(`\ufeff${text('222222222222')}`, 'utf8') },
    '333333333333.json': validCase,
  });
  const [a, b, c] = readSnapshot(dir).accounts.map((account) => JSON.stringify(account.details).replaceAll(account.accountId, CASE_ACCOUNT));
  assert.equal(a, c);
  assert.equal(b, c);
});

test('a directory without org.json or accounts/ says what a snapshot holds', () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  assert.throws(() => readSnapshot(empty), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /org\.json: no such file; a snapshot directory holds org\.json and accounts\/<account-id>\.json/.test(e.message));
  copyFileSync(fixture('org.json'), join(empty, 'org.json'));
  assert.throws(() => readSnapshot(empty), (e: unknown) => e instanceof UserError && /accounts: no such directory; a snapshot directory holds/.test(e.message));
});

test('an AWS managed policy version equal in every account is held once; a differing copy stays its own', () => {
  const awsPolicy = (statement: Record<string, unknown>) => ({
    Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    DefaultVersionId: 'v9',
    PolicyVersionList: [{ VersionId: 'v9', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [statement] } }],
  });
  const ownPolicy = (account: string) => ({ Arn: `arn:aws:iam::${account}:policy/own`, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Statement: [] } }] });
  const file = (...policies: unknown[]) => ({ text: Buffer.from(JSON.stringify({ Policies: policies })) });
  const read = { Effect: 'Allow', Action: 's3:Get*', Resource: '*' };
  const dir = snapshotDir({
    '111111111111.json': file(awsPolicy(read), ownPolicy('111111111111')),
    '222222222222.json': file(awsPolicy(read), ownPolicy('222222222222')),
    // Same content, keys in another order: as written, not equal.
    '333333333333.json': file(awsPolicy({ Action: 's3:Get*', Effect: 'Allow', Resource: '*' })),
  });
  const documents = readSnapshot(dir).accounts.map((a) => a.details.Policies.map((p) => p.PolicyVersionList[0]!.Document));
  assert.equal(documents[0]![0], documents[1]![0]);
  assert.notEqual(documents[0]![1], documents[1]![1], 'customer managed policies are left alone');
  assert.notEqual(documents[2]![0], documents[0]![0]);
  assert.deepEqual(documents[2]![0], { Version: '2012-10-17', Statement: [{ Action: 's3:Get*', Effect: 'Allow', Resource: '*' }] });
});

test('an ARN that is not one, or names another account than the file, is a located error', () => {
  const text = readFileSync(validCase, 'utf8');
  const dir = snapshotDir({
    '111111111111.json': { text: Buffer.from(text.replace(`"arn:aws:iam::${CASE_ACCOUNT}:role/deploy"`, '"deploy"')) },
    '222222222222.json': { text: Buffer.from(text) },
  });
  const accounts = join(dir, 'accounts');
  assert.deepEqual(messages(() => readSnapshot(dir)), [
    `${join(accounts, '111111111111.json')}:57:20: error: $.RoleDetailList[0].Arn: not the ARN of an IAM role; expected arn:aws:iam::<12-digit account id>:role/<path><name>`,
    `${join(accounts, '222222222222.json')}:7:20: error: $.UserDetailList[0].Arn: the ARN names account ${CASE_ACCOUNT}, but this is the file of account 222222222222`,
    `${join(accounts, '222222222222.json')}:41:20: error: $.GroupDetailList[0].Arn: the ARN names account ${CASE_ACCOUNT}, but this is the file of account 222222222222`,
    `${join(accounts, '222222222222.json')}:57:20: error: $.RoleDetailList[0].Arn: the ARN names account ${CASE_ACCOUNT}, but this is the file of account 222222222222`,
    `${join(accounts, '222222222222.json')}:94:20: error: $.Policies[0].Arn: the ARN names account ${CASE_ACCOUNT}, but this is the file of account 222222222222`,
  ]);
});
