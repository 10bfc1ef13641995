// Admin-equivalence (admin-cases.json): one role per case in payments-prod (333333333333) of the
// example organization, or in `account`; `expect` is the grant's kind and, for escalations, its
// actions, or null when the role is not admin-equivalent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AdminChecker } from '../../src/audit/admin.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { accountAuthorizationDetailsSchema } from '../../src/snapshot/schema.js';
import { repoRoot } from '../helpers/paths.js';

interface AdminCase {
  name: string;
  account?: string;
  /** The role's path (default "/"). */
  path?: string;
  inline?: unknown[];
  managed?: string[];
  boundary?: string;
  /** Customer managed policies of the account, by ARN. */
  policies?: Record<string, unknown>;
  expect: string | null;
  /** Text the grant's description must contain. */
  when?: string;
}

const orgFile = join(repoRoot, 'examples', 'org.json');
const org = indexOrg(parseOrg(orgFile, readFileSync(orgFile, 'utf8')));
const cases = JSON.parse(readFileSync(join(repoRoot, 'test', 'audit', 'admin-cases.json'), 'utf8')) as AdminCase[];

describe('admin-equivalence', () => {
  const checker = new AdminChecker({ org, trusted: new Map() });
  for (const c of cases) {
    test(c.name, () => {
      const accountId = c.account ?? '333333333333';
      const role = {
        RoleName: 'Subject',
        RoleId: 'AROAEXAMPLEEXAMPLE01',
        Arn: `arn:aws:iam::${accountId}:role${c.path ?? '/'}Subject`,
        Path: c.path ?? '/',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
        RolePolicyList: (c.inline ?? []).map((PolicyDocument, i) => ({ PolicyName: `inline${i}`, PolicyDocument })),
        AttachedManagedPolicies: (c.managed ?? []).map((PolicyArn) => ({ PolicyArn })),
        ...(c.boundary && { PermissionsBoundary: { PermissionsBoundaryArn: c.boundary } }),
      };
      const Policies = Object.entries(c.policies ?? {}).map(([Arn, Document]) => ({ PolicyName: Arn.split('/').pop(), Arn, DefaultVersionId: 'v1', PolicyVersionList: [{ Document, VersionId: 'v1', IsDefaultVersion: true }] }));
      const details = accountAuthorizationDetailsSchema.parse({ RoleDetailList: [role], Policies });
      const grant = checker.check({ account: { accountId, details }, role: details.RoleDetailList[0]! });
      const got = grant === undefined ? null : grant.kind === 'escalation' ? `escalation ${grant.actions.join(' ')}` : grant.kind;
      assert.equal(got, c.expect);
      if (c.when) assert.ok(grant?.description.includes(c.when), `"${grant?.description}" names ${c.when}`);
    });
  }
});
