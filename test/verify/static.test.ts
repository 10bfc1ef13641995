// verifyStatic on plain data: every status a cell or hub can have, each with the reason naming
// what differs or what denies, from the cases in cases.yaml.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyStatic, type HubStatus, type VerifyStatus } from '../../src/verify/static.js';
import { buildCase, loadCases, type Situation } from '../plan/fixture.js';

interface Expected<S> {
  status: S;
  /** Fragments the reason contains; none means no reason at all. */
  reason?: string[];
}

interface VerifyCase extends Situation {
  expect: { cells: ({ account: string } & Expected<VerifyStatus>)[]; hub: Expected<HubStatus> };
}

const file = loadCases<VerifyCase>('verify/cases.yaml');

function assertReason(what: string, reason: string | undefined, expected: string[] | undefined): void {
  if (!expected) return assert.equal(reason, undefined, `${what} has no reason`);
  assert.ok(reason !== undefined, `${what} has a reason`);
  for (const fragment of expected) assert.ok(reason.includes(fragment), `${what}: reason "${reason}" should mention "${fragment}"`);
}

describe('verifyStatic cases', () => {
  for (const c of file.cases) {
    test(c.name, () => {
      const { desired, observed, org } = buildCase(file, c);
      const { cells, hubs } = verifyStatic(desired, org, observed);
      assert.deepEqual(
        cells.map((cell) => ({ account: cell.accountId, hub: cell.hub, role: cell.role, status: cell.status })),
        c.expect.cells.map((e) => ({ account: e.account, hub: file.hub.name, role: file.base.name, status: e.status })),
      );
      c.expect.cells.forEach((e, i) => assertReason(`cell ${e.account}`, cells[i]!.reason, e.reason));
      assert.deepEqual(hubs.map((h) => ({ hub: h.hub, status: h.status })), [{ hub: file.hub.name, status: c.expect.hub.status }]);
      assertReason('hub', hubs[0]!.reason, c.expect.hub.reason);
    });
  }
});
