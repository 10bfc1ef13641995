// Data-driven lint cases (cases/*.json, one case a file): the exact set of findings, each as
// `SEVERITY CODE path.joined.by.dots`, that lintPolicy reports for a policy.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lintPolicy, type LintOptions, type PolicyKind } from '../../../src/policy/lint.js';
import { repoRoot } from '../../helpers/paths.js';

interface LintCase {
  name: string;
  kind?: PolicyKind;
  orgAccounts?: string[];
  policy: unknown;
  expect: string[];
}

const dir = join(repoRoot, 'test', 'policy', 'lint', 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** Every lint code of lint.ts; each must be expected by at least one case. */
const LINT_CODES = [
  'WILDCARD_PRINCIPAL',
  'WILDCARD_PRINCIPAL_WITH_CONDITIONS',
  'EXTERNAL_ACCOUNT_WITHOUT_EXTERNAL_ID',
  'UNIQUE_ID_PRINCIPAL',
  'OIDC_TRUST_WITHOUT_AUD_SUB',
  'SAML_TRUST_WITHOUT_AUD',
  'UNKNOWN_SERVICE',
  'UNKNOWN_ACTION',
  'PASS_ROLE_ON_ALL_RESOURCES',
  'PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES',
  'UNKNOWN_CONDITION_KEY',
  'SET_OPERATOR_ON_SINGLE_VALUED_KEY',
  'PLAIN_OPERATOR_ON_MULTIVALUED_KEY',
  'CONDITION_KEY_NOT_SUPPORTED',
];

const cases = files.map((file) => ({ file, c: JSON.parse(readFileSync(join(dir, file), 'utf8')) as LintCase }));

describe('lintPolicy', () => {
  test('the cases cover every lint code and include clean policies', () => {
    const expected = new Set(cases.flatMap(({ c }) => c.expect.map((e) => e.split(' ')[1])));
    for (const code of LINT_CODES) assert.ok(expected.has(code), `no case expects ${code}`);
    assert.ok(cases.some(({ c }) => c.expect.length === 0), 'no clean policy');
  });

  for (const { file, c } of cases) {
    test(`${file}: ${c.name}`, async () => {
      assert.ok(c.name && Array.isArray(c.expect), `${file} has a name and an expect list`);
      const options: LintOptions = {
        ...(c.kind && { kind: c.kind }),
        ...(c.orgAccounts && { orgAccounts: new Set(c.orgAccounts) }),
      };
      const findings = await lintPolicy(c.policy, options);
      const got = findings.map((f) => `${f.severity} ${f.code} ${f.path.join('.')}`.trim());
      assert.deepEqual([...got].sort(), [...c.expect].sort());
      for (const f of findings) assert.ok(f.message.length > 10, `${f.code} has a message`);
    });
  }
});
