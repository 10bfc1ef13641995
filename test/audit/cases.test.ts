// Data-driven audit cases (cases/*.json, one a file): a snapshot fragment on the example
// organization (examples/org.json; its other active accounts collected with no IAM content,
// except those the case leaves out), optionally trusted accounts, a bootstrap role and a spec,
// and the exact set of findings, each as `severity CODE roleArn[#statement][ path: a > b > c]`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { auditSnapshot } from '../../src/audit/audit.js';
import { FINDING_CODES, findingSchema } from '../../src/audit/finding.js';
import { parseTrustedAccounts } from '../../src/audit/trusted-accounts.js';
import { buildDesired } from '../../src/desired/build.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { accountAuthorizationDetailsSchema } from '../../src/snapshot/schema.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { parseSpec } from '../../src/spec/load.js';
import { repoRoot } from '../helpers/paths.js';
import { summarize } from './summarize.js';

interface AuditCase {
  name: string;
  trustedAccounts?: unknown[];
  /** Account id → get-account-authorization-details content; roles may leave out RoleName and RoleId. */
  accounts: Record<string, { RoleDetailList?: Record<string, unknown>[]; [key: string]: unknown }>;
  /** Active org accounts without a file in the snapshot. */
  notCollected?: string[];
  bootstrapRole?: string;
  spec?: unknown;
  expect: string[];
}

const dir = join(repoRoot, 'test', 'audit', 'cases');
const orgFile = join(repoRoot, 'examples', 'org.json');
const org = parseOrg(orgFile, readFileSync(orgFile, 'utf8'));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, c: JSON.parse(readFileSync(join(dir, file), 'utf8')) as AuditCase }));

function snapshotOf(c: AuditCase): Snapshot {
  const left = new Set(c.notCollected);
  const empty = org.accounts.filter((a) => a.status === 'ACTIVE' && !left.has(a.id) && !(a.id in c.accounts)).map((a): [string, AuditCase['accounts'][string]] => [a.id, {}]);
  const accounts = [...Object.entries(c.accounts), ...empty]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, raw]) => {
      const roles = (raw.RoleDetailList ?? []).map((r, i) => ({
        RoleName: String(r.Arn).slice(String(r.Arn).lastIndexOf('/') + 1),
        RoleId: `AROA${accountId}${String(i).padStart(5, '0')}`,
        ...r,
      }));
      return { accountId, details: accountAuthorizationDetailsSchema.parse({ ...raw, RoleDetailList: roles }) };
    });
  const collected = new Set(accounts.map((a) => a.accountId));
  return { org, accounts, missing: org.accounts.map((a) => a.id).filter((id) => !collected.has(id)) };
}

describe('audit cases', () => {
  test('the cases cover every finding code and include clean organizations', () => {
    const expected = new Set(cases.flatMap(({ c }) => c.expect.map((e) => e.split(' ')[1])));
    for (const code of FINDING_CODES) assert.ok(expected.has(code), `no case expects ${code}`);
    assert.ok(cases.some(({ c }) => c.expect.length === 0), 'no clean case');
  });

  for (const { file, c } of cases) {
    test(`${file}: ${c.name}`, () => {
      const trusted = c.trustedAccounts ? parseTrustedAccounts(file, JSON.stringify(c.trustedAccounts)) : undefined;
      const index = indexOrg(org);
      const loaded = c.spec === undefined ? undefined : parseSpec(`${file}#spec`, JSON.stringify(c.spec), index);
      const desired = loaded && buildDesired(loaded.spec, index, loaded.specName).state;
      const { findings } = auditSnapshot(snapshotOf(c), { ...(trusted && { trusted }), ...(desired && { desired }), ...(c.bootstrapRole !== undefined && { bootstrapRole: c.bootstrapRole }) });
      assert.deepEqual(findings.map(summarize).sort(), [...c.expect].sort());
      for (const f of findings) {
        findingSchema.parse(f);
        assert.ok(f.explanation.length > 40 && f.remediation.length > 20, `${f.code} explains and says how to fix`);
      }
    });
  }
});
