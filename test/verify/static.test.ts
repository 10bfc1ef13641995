// verifyStatic on plain data: every status a cell or hub can have, each with the reason naming
// what differs or what denies, from the cases in cases.yaml.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyStatic, type HubStatus, type VerifyStatus } from '../../src/verify/static.js';
import { loadCases } from '../plan/fixture.js';
import { buildVerifyCase, type VerifySituation } from './situation.js';

interface Expected<S> {
  status: S;
  /** The exact reason; none means no reason at all. */
  reason?: string;
}

interface VerifyCase extends VerifySituation {
  expect: { cells: ({ account: string; hub?: string } & Expected<VerifyStatus>)[]; hub: Expected<HubStatus>; otherHub?: Expected<HubStatus> };
}

const file = loadCases<VerifyCase>('verify/cases.yaml');

describe('verifyStatic cases', () => {
  for (const c of file.cases) {
    test(c.name, () => {
      const { desired, observed, org } = buildVerifyCase(file, c);
      const { cells, hubs } = verifyStatic(desired, org, observed);
      assert.deepEqual(
        cells.map((cell) => ({ account: cell.accountId, hub: cell.hub, role: cell.role, status: cell.status })),
        c.expect.cells.map((e) => ({ account: e.account, hub: e.hub ?? file.hub.name, role: file.base.name, status: e.status })),
      );
      c.expect.cells.forEach((e, i) => assert.equal(cells[i]!.reason, e.reason, `the reason of cell ${e.account} of ${e.hub ?? file.hub.name}`));
      const expectedHubs = [{ hub: file.hub.name, ...c.expect.hub }, ...(c.otherHub ? [{ hub: c.otherHub.name, ...(c.expect.otherHub ?? { status: 'ok' as const }) }] : [])];
      assert.deepEqual(hubs.map((h) => ({ hub: h.hub, status: h.status })), expectedHubs.map((h) => ({ hub: h.hub, status: h.status })));
      expectedHubs.forEach((e, i) => assert.equal(hubs[i]!.reason, e.reason, `the reason of hub ${e.hub}`));
    });
  }
});
