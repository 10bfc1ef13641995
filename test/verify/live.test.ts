// How verify combines the static answer with the hub's real AssumeRole attempts: a live failure is
// never reported ok, a live success never hides a static problem, and only assumable cells are tried.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveCandidates, liveChecks, withLiveResults, type LiveAttempt } from '../../src/verify/live.js';
import { verifyStatic, type VerifyCell, type VerifyStatus } from '../../src/verify/static.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import { buildCase, loadCases } from '../plan/fixture.js';

const file = loadCases('verify/cases.yaml');
const STATUSES: VerifyStatus[] = ['ok', 'missing', 'drifted', 'conflict', 'unreadable', 'denied-live', 'denied-static'];

function cell(accountId: string, status: VerifyStatus, hub = 'sec'): VerifyCell {
  return { accountId, accountName: accountId, role: 'FleetReadOnly', hub, status, ...(status !== 'ok' && { reason: `static ${status}` }) };
}

function attempt(c: VerifyCell, ok: boolean): LiveAttempt {
  const roleArn = `arn:aws:iam::${c.accountId}:role/crossrole/FleetReadOnly`;
  return { cell: c, result: { roleArn, ok, detail: ok ? `arn:aws:sts::${c.accountId}:assumed-role/FleetReadOnly/s` : `AccessDenied: not authorized to assume ${roleArn}` } };
}

describe('withLiveResults', () => {
  test('a failed AssumeRole is denied-live with the error, whatever the static check said', () => {
    for (const status of STATUSES) {
      const c = cell('111111111111', status);
      const [combined] = withLiveResults([c], [attempt(c, false)]);
      assert.equal(combined!.status, 'denied-live', `static ${status}`);
      assert.equal(combined!.reason, 'AccessDenied: not authorized to assume arn:aws:iam::111111111111:role/crossrole/FleetReadOnly');
    }
  });

  test('a successful AssumeRole leaves the static answer, problems included', () => {
    for (const status of STATUSES) {
      const c = cell('111111111111', status);
      assert.deepEqual(withLiveResults([c], [attempt(c, true)]), [c], `static ${status}`);
    }
  });

  test('each outcome lands on its own cell; cells not tried keep the static answer', () => {
    const cells = [cell('111111111111', 'ok'), cell('333333333333', 'ok'), cell('444444444444', 'drifted'), cell('555555555555', 'ok', 'other')];
    const combined = withLiveResults(cells, [attempt(cells[0]!, true), attempt(cells[1]!, false), attempt(cells[2]!, false)]);
    assert.deepEqual(
      combined.map((c) => [c.accountId, c.hub, c.status]),
      [
        ['111111111111', 'sec', 'ok'],
        ['333333333333', 'sec', 'denied-live'],
        ['444444444444', 'sec', 'denied-live'],
        ['555555555555', 'other', 'ok'],
      ],
    );
    assert.equal(cells[1]!.status, 'ok', 'the static cells are not changed');
  });

  test('a denied-live cell makes a failing verdict: it is never counted ok', () => {
    const cells = [cell('111111111111', 'ok'), cell('333333333333', 'ok')];
    const combined = withLiveResults(cells, cells.map((c) => attempt(c, c.accountId !== '333333333333')));
    assert.deepEqual(combined.filter((c) => c.status === 'ok').map((c) => c.accountId), ['111111111111']);
  });
});

describe('liveCandidates', () => {
  test('only the hub\'s cells the static check found assumable (ok or only drifted) are tried', () => {
    const cells = [...STATUSES.map((s, i) => cell(String(100000000000 + i), s)), cell('999999999999', 'ok', 'other')];
    assert.deepEqual(liveCandidates(cells, 'sec').map((c) => c.status), ['ok', 'drifted']);
    assert.deepEqual(liveCandidates(cells, 'other').map((c) => c.accountId), ['999999999999']);
  });
});

describe('liveChecks', () => {
  test('one AssumeRole per candidate, in order, with a source identity only where the trust requires one', () => {
    const setsSourceIdentity: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/crossrole/FleetHub' }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] };
    const { desired, observed, org } = buildCase(file, {
      name: 'source identity',
      desired: [{ account: '111111111111' }, { account: '333333333333', trustPolicy: setsSourceIdentity }],
      observed: { '111111111111': [{ like: 'desired' }], '333333333333': [{ like: 'desired' }] },
    });
    const candidates = liveCandidates(verifyStatic(desired, org, observed).cells, 'sec');
    assert.deepEqual(liveChecks(desired, [...candidates].reverse(), 'crossrole-session'), [
      { roleArn: 'arn:aws:iam::333333333333:role/crossrole/FleetReadOnly', accountId: '333333333333', sourceIdentity: 'crossrole-session' },
      { roleArn: 'arn:aws:iam::111111111111:role/crossrole/FleetReadOnly', accountId: '111111111111' },
    ]);
  });

  test('each candidate gets the ARN and trust of its own role among several in its account', () => {
    const { desired } = buildCase(file, { name: 'two roles', desired: [{ account: '111111111111', name: 'FleetAudit' }, { account: '111111111111' }], observed: {} });
    const cells = desired.roles.map((r) => ({ ...cell('111111111111', 'ok'), role: r.name })).reverse();
    assert.deepEqual(liveChecks(desired, cells, 's').map((c) => c.roleArn), ['arn:aws:iam::111111111111:role/crossrole/FleetReadOnly', 'arn:aws:iam::111111111111:role/crossrole/FleetAudit']);
  });
});
