// A role's compressed action list split into its policies within the role's limits. Property tests:
// over random subsets of random services the documents together grant exactly the list (or only
// Read/List beyond it); over random patterns and budgets every pattern lands in exactly one
// document, each within its limit, inline whenever there is room, the managed-policy quota
// enforced, and the output does not depend on input order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { ACTION_INLINE_POLICY, actionPolicies, spokePolicyArn } from '../../src/desired/action-policies.js';
import { buildDesired } from '../../src/desired/build.js';
import { IAM_LIMITS } from '../../src/desired/limits.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { isReadOrList, loadCatalog, type ActionCatalog } from '../../src/permissions/catalog.js';
import { compressActions } from '../../src/permissions/compress.js';
import { documentOf } from '../../src/permissions/documents.js';
import { policySize, statementsOf, type PolicyDocument } from '../../src/policy/document.js';
import { compileActionMatcher } from '../../src/policy/match.js';
import { seededRandom } from '../../src/seeded-random.js';
import { parseSpec } from '../../src/spec/load.js';
import { fixture } from '../helpers/paths.js';

const SERVICES = ['ec2', 's3', 'iam', 'logs', 'lambda', 'dynamodb', 'rds', 'sqs'];
let catalog: ActionCatalog;
before(async () => {
  catalog = await loadCatalog(SERVICES);
});

const actionsOf = (doc: PolicyDocument | undefined) => statementsOf(doc).flatMap((s) => [s.Action ?? []].flat());

describe('action-list policies within the role\'s limits', () => {
  test('random lists of random services: the documents together grant exactly the list (or only Read/List beyond it)', () => {
    const random = seededRandom(15);
    for (let round = 0; round < 6; round++) {
      const services = SERVICES.filter(() => random() < 0.3);
      if (!services.length) services.push(SERVICES[round]!);
      const keep = 0.2 + random() * 0.8;
      const listed = services.flatMap((s) => catalog.services.get(s)!.filter(() => random() < keep).map((a) => `${s}:${a.name}`));
      const allowExtra = round % 2 ? 'read' : 'none';
      const { policies, extra } = compressActions(listed, catalog, { allowExtra });
      const budget = { roleName: 'R', inlineUsed: Math.floor(random() * IAM_LIMITS.inlinePerRole), managedUsed: 0, managedLimit: 20 };
      const made = actionPolicies(policies.flatMap((p) => p.Statement[0].Action), budget);
      const where = `round ${round}: ${listed.length} actions of ${services.join(',')}, ${allowExtra}, ${JSON.stringify(budget)}`;
      const grants = compileActionMatcher([...(made.inline ? [made.inline] : []), ...Object.values(made.managed)].flatMap(actionsOf));
      const granted = services.flatMap((s) => catalog.services.get(s)!.filter((a) => grants(`${s}:${a.name}`)).map((a) => `${s}:${a.name}`));
      const beyond = granted.filter((a) => !listed.includes(a)).sort();
      assert.ok(listed.every(grants), `${where}: every listed action granted`);
      assert.deepEqual(beyond, allowExtra === 'none' ? [] : extra, `${where}: nothing beyond the list but the reported extras`);
      const level = (a: string) => catalog.services.get(a.slice(0, a.indexOf(':')))!.find((c) => c.name === a.slice(a.indexOf(':') + 1))!;
      for (const a of beyond) assert.ok(isReadOrList(level(a)), `${where}: ${a} is Read or List`);
    }
  });

  test('random patterns and budgets: each pattern in one document, limits held, quota enforced, order-independent', () => {
    const random = seededRandom(16);
    const letters = 'abcdefghijklmnopqrstuvwxyz*';
    for (let round = 0; round < 150; round++) {
      const count = Math.floor(random() * (random() < 0.5 ? 40 : 1500));
      const patterns = [...new Set(Array.from({ length: count }, () => `svc${Math.floor(random() * 5)}:${Array.from({ length: 3 + Math.floor(random() * 60) }, () => letters[Math.floor(random() * letters.length)]).join('')}`))];
      const budget = { roleName: 'R', inlineUsed: Math.floor(random() * IAM_LIMITS.inlinePerRole), managedUsed: Math.floor(random() * 10), managedLimit: 10 + Math.floor(random() * 11) };
      const made = actionPolicies(patterns, budget);
      const where = `round ${round}: ${patterns.length} patterns, ${JSON.stringify(budget)}`;
      const placed = [...(made.inline ? [made.inline] : []), ...Object.values(made.managed)].flatMap(actionsOf);
      assert.deepEqual([...placed].sort(), [...patterns].sort(), `${where}: every pattern in exactly one document`);
      if (made.inline) assert.ok(policySize(made.inline) <= IAM_LIMITS.inlinePerRole - budget.inlineUsed, `${where}: inline within the room left`);
      else assert.ok(patterns.length === 0 || Math.max(...patterns.map((p) => policySize(documentOf([p])))) > IAM_LIMITS.inlinePerRole - budget.inlineUsed, `${where}: inline whenever there is room`);
      for (const doc of Object.values(made.managed)) assert.ok(policySize(doc) <= IAM_LIMITS.managedPolicy, `${where}: managed within 6,144`);
      assert.deepEqual(Object.keys(made.managed), Object.keys(made.managed).map((_, i) => `R-actions-${i + 1}`));
      assert.equal(made.problem !== undefined, budget.managedUsed + Object.keys(made.managed).length > budget.managedLimit, `${where}: the quota`);
      assert.deepEqual(actionPolicies([...patterns].sort(() => random() - 0.5), budget), made, `${where}: deterministic`);
    }
  });

  test('inline first: a list that fits the room left stays inline; what does not goes to managed policies', () => {
    const patterns = Array.from({ length: 600 }, (_, i) => `ec2:Describe${String(i).padStart(4, '0')}Thing`);
    const roomy = actionPolicies(patterns.slice(0, 10), { roleName: 'R', inlineUsed: 0, managedUsed: 0, managedLimit: 10 });
    assert.deepEqual([actionsOf(roomy.inline).length, Object.keys(roomy.managed)], [10, []]);
    const big = actionPolicies(patterns, { roleName: 'R', inlineUsed: 4000, managedUsed: 9, managedLimit: 10 });
    assert.ok(policySize(big.inline) > IAM_LIMITS.inlinePerRole - 4000 - 40, 'the inline room is used up');
    assert.equal(Object.keys(big.managed).length, 2);
    assert.match(big.problem!, /^the action list needs 2 customer managed policies of 6144 characters besides the inline policy crossrole-actions; with the 9 managed policies of permissions.managed that is 11, over the 10 per role/);
    const full = actionPolicies(patterns.slice(0, 3), { roleName: 'R', inlineUsed: IAM_LIMITS.inlinePerRole - 50, managedUsed: 0, managedLimit: 10 });
    assert.equal(full.inline, undefined, 'no room for even one action');
    assert.deepEqual(actionsOf(full.managed['R-actions-1']), patterns.slice(0, 3));
  });
});

describe('the desired state of a role with an action list', () => {
  const org = indexOrg(parseOrg('org.json', readFileSync(fixture('org.json'), 'utf8')));
  const spec = (managed: string[]) =>
    parseSpec(
      'spec.yaml',
      `version: 1\nname: least\nhubs:\n  security: { account: "222222222222", role: { name: FleetHub } }\nroles:\n  Collector:\n    trust: { hubs: [security] }\n    permissions:\n      managed: [${managed.join(', ')}]\n      inline: { Own: { Statement: { Effect: Allow, Action: "s3:GetObject", Resource: "*" } } }\n      actions: { file: actions.txt }\n    targets: { accounts: ["333333333333", "444444444444"] }\n`,
    ).spec;
  const patterns = Array.from({ length: 500 }, (_, i) => `ec2:Describe${String(i).padStart(4, '0')}Thing`);

  test('inline part beside the spec\'s own, managed policies per account, their ARNs attached', () => {
    const { state, issues } = buildDesired(spec(['arn:aws:iam::aws:policy/SecurityAudit']), org, 'least', { Collector: { patterns, actions: 500, extra: [] } });
    assert.deepEqual(issues, []);
    const [template] = state.templates;
    assert.deepEqual(Object.keys(template!.inlinePolicies).sort(), ['Own', ACTION_INLINE_POLICY]);
    assert.deepEqual(template!.managedPolicyArns, ['arn:aws:iam::aws:policy/SecurityAudit', spokePolicyArn('Collector-actions-1')]);
    const role = state.roles.find((r) => r.accountId === '444444444444')!;
    assert.deepEqual(role.managedPolicyArns, ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::444444444444:policy/crossrole/roles/Collector-actions-1']);
    assert.deepEqual(Object.keys(role.actionPolicies!), ['Collector-actions-1']);
    assert.ok(Object.values(role.inlinePolicies).reduce((n, d) => n + policySize(d), 0) <= IAM_LIMITS.inlinePerRole);
  });

  test('over the managed-policies quota: an error at permissions.actions; extras granted: a warning', () => {
    const managed = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);
    const { issues } = buildDesired(spec(managed), org, 'least', { Collector: { patterns, actions: 500, extra: ['ec2:DescribeX'] } });
    assert.deepEqual(
      issues.map((i) => [i.path.join('.'), i.severity ?? 'error']),
      [
        ['roles.Collector.permissions.actions', 'error'],
        ['roles.Collector.permissions.actions.allowExtra', 'warning'],
      ],
    );
  });
});
