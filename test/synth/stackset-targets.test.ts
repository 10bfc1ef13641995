// The StackSet template deploys to exactly the targeted accounts at any organization size: its
// deployment targets, evaluated as CloudFormation would, reach every targeted account but the
// management account once and nothing else; no parameter default passes 4,096 bytes; the
// template fits a request, or says it needs S3.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoleTemplate } from '../../src/desired/types.js';
import type { OrgIndex } from '../../src/org/model.js';
import { byteLength, CFN_LIMITS, templateProblems } from '../../src/synth/cloudformation/limits.js';
import { renderStackSet } from '../../src/synth/cloudformation/stackset.js';
import { spokeTemplate } from '../../src/synth/cloudformation/spoke.js';
import { desired, halfTagged, organization, shapes, type Targets } from './fixtures/scale.js';
import { selfManagedAccounts, serviceManagedReach } from './fixtures/stackset-eval.js';

/** Whether the spec's OUs cover every container below `ou`, outside its excluded OUs: what AutoDeployment may follow. */
function followsWhole(index: OrgIndex, ou: string, targets: Targets): boolean {
  const below = [...index.orgPath.entries()].filter(([, path]) => path.startsWith(index.orgPath.get(ou)!));
  const under = (path: string, ids: string[] = []) => ids.some((id) => path.startsWith(index.orgPath.get(id)!));
  return below.every(([, path]) => under(path, targets.ous) && !under(path, targets.exclude?.ous));
}

function checkTemplate(index: OrgIndex, template: RoleTemplate, text: string, targets: Targets): Record<string, unknown> {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const expected = template.accountIds.filter((id) => id !== index.org.managementAccountId).sort();
  const reach = serviceManagedReach(index, parsed);
  assert.deepEqual([...reach.keys()].sort(), expected, 'SERVICE_MANAGED reaches exactly the targeted accounts');
  for (const [account, times] of reach) assert.equal(times, 1, `${account} is reached once`);
  const self = selfManagedAccounts(parsed);
  if (self !== undefined) assert.deepEqual(self, template.accountIds, 'SELF_MANAGED deploys to the targeted accounts by id');

  for (const [name, declaration] of Object.entries(parsed.Parameters as Record<string, { Default?: unknown }>)) {
    assert.ok(byteLength(String(declaration.Default ?? '')) <= CFN_LIMITS.parameterValue, `parameter ${name}'s default fits 4,096 bytes`);
  }
  const problems = templateProblems('cloudformation/stackset.template.json', text);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  const s3 = byteLength(text) > CFN_LIMITS.inlineBody;
  assert.equal(problems.length, s3 ? 1 : 0, 'a warning exactly when S3 is needed');
  assert.equal(typeof (parsed.Metadata as { crossrole: { deploy?: string } }).crossrole.deploy === 'string', s3, 'the template says it needs S3 exactly then');

  const properties = (parsed.Resources as { SpokeStackSet: { Properties: Record<string, unknown> } }).SpokeStackSet.Properties;
  const auto = JSON.stringify(properties.AutoDeployment).includes('"Enabled":true');
  if (auto) {
    const listed = [...JSON.stringify(properties.StackInstancesGroup).matchAll(/"((?:ou|r)-[0-9a-z-]+)"/g)].map((m) => m[1]!);
    for (const ou of listed) assert.ok(followsWhole(index, ou, targets), `AutoDeployment follows only what the spec targets by OU, not all of ${ou}`);
  }
  return parsed;
}

describe('StackSet targets reach exactly the targeted accounts', () => {
  for (const [size, rootHoldsMembers] of [1, 40, 1500, 5000].flatMap((n) => [[n, true], [n, false]] as const)) {
    test(`${size} accounts, ${rootHoldsMembers ? 'some' : 'no'} members in the root`, () => {
      const index = organization(size, rootHoldsMembers);
      const targets = shapes(index);
      const state = desired(index, targets);
      for (const template of state.templates) {
        const spec = targets[template.name]!;
        const parsed = checkTemplate(index, template, renderStackSet(state, index, template, spokeTemplate(state, template)), spec);
        const auto = JSON.stringify(parsed).includes('"Enabled":true');
        // Specs by OU alone without nested exclusions follow new accounts; tags and ids cannot be followed.
        if (template.name === 'WholeOrg' || template.name === 'NestedOus') assert.ok(auto, `${template.name}: AutoDeployment on`);
        if (spec.tags !== undefined || spec.accounts !== undefined) assert.ok(!auto, `${template.name}: AutoDeployment off`);
      }
    });
  }

  test('past what a request holds, the template is marked for S3 and synth warns', () => {
    const index = halfTagged(7000);
    const targets: Record<string, Targets> = { Half: { tags: { half: 'yes' } } };
    const state = desired(index, targets);
    const template = state.templates[0]!;
    const text = renderStackSet(state, index, template, spokeTemplate(state, template));
    assert.ok(byteLength(text) > CFN_LIMITS.inlineBody, `${byteLength(text)} bytes`);
    checkTemplate(index, template, text, targets.Half!);
    const [warning] = templateProblems('cloudformation/stackset-Half.template.json', text);
    assert.match(warning!.message, /over the 51,200 bytes CloudFormation accepts in a request: upload it to S3 and run aws cloudformation create-stack --stack-name <name> --template-url https:\/\/<bucket>\.s3\.amazonaws\.com\/stackset-Half\.template\.json/);
  });
});
