// Names are data: a hub, role, tag or inline policy named like a member of Object.prototype
// (`__proto__`, `constructor`, …) behaves exactly like any other name.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadInputs } from '../../src/cli/inputs.js';
import { InvalidInputError } from '../../src/errors.js';
import { formatDiagnostic } from '../../src/spec/source.js';
import { synthesize } from '../../src/synth/index.js';
import { fixture } from '../helpers/paths.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const dir = mkdtempSync(join(tmpdir(), 'crossrole-names-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture organization with account 444444444444 tagged `<name>: chosen`. */
function orgTagged(name: string): string {
  const org = JSON.parse(readFileSync(fixture('org.json'), 'utf8')) as { accounts: { id: string; tags: Record<string, string> }[] };
  // Written as text so the tag key is an own key of the JSON even when it is "__proto__".
  const text = JSON.stringify(org, null, 2).replace(/("id": "444444444444",[^}]*"tags": \{)/, `$1 ${JSON.stringify(name)}: "chosen",`);
  const file = join(dir, `org-${name}.json`);
  writeFileSync(file, text);
  return file;
}

function specNamed(name: string, trusted = name): string {
  const file = join(dir, `spec-${name}.yaml`);
  writeFileSync(
    file,
    `version: 1
hubs:
  ${name}: { account: "222222222222", role: { name: FleetHub } }
  central: { account: "222222222222", role: { name: CentralHub } }
roles:
  ${name}:
    trust: { hubs: [${trusted}] }
    permissions:
      inline:
        ${name}: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] }
    targets: { accounts: ["333333333333"], tags: { ${name}: chosen } }
    tags: { ${name}: tagged }
  Plain:
    trust: { hubs: [central] }
    targets: { accounts: ["333333333333"] }
`,
  );
  return file;
}

describe('names shaped like Object.prototype members are ordinary names', () => {
  for (const name of NAMES) {
    test(name, async () => {
      const { loaded, desired } = await loadInputs(specNamed(name), orgTagged(name));
      assert.deepEqual(Object.keys(loaded.spec.hubs).sort(), ['central', name].sort(), 'both hubs count');
      assert.deepEqual(Object.keys(loaded.spec.roles).sort(), ['Plain', name].sort(), 'both roles count');
      const state = desired!.state;
      assert.deepEqual(
        state.roles.filter((r) => r.name === name).map((r) => r.accountId),
        ['333333333333', '444444444444'],
        'targets.tags matches the account tagged with the name',
      );
      assert.equal(state.roles.find((r) => r.name === name)!.tags[name], 'tagged');

      const files = synthesize(state, (await loadInputs(specNamed(name), orgTagged(name))).org!.org);
      const spoke = JSON.parse(files.get(`cloudformation/spoke-${name}.template.json`)!) as { Resources: Record<string, { Properties: { Policies?: { PolicyName: string }[]; Tags?: { Key: string; Value: string }[] } }> };
      const role = Object.values(spoke.Resources).find((r) => r.Properties.Policies)!;
      assert.deepEqual(role.Properties.Policies!.map((p) => p.PolicyName), [name]);
      assert.ok(role.Properties.Tags!.some((t) => t.Key === name && t.Value === 'tagged'));
      assert.ok(files.has(`policies/accounts/333333333333/${name}/inline-${name}.json`));
      assert.ok(files.has(`policies/hubs/${name}/crossrole-${name}.json`));
    });

    test(`an unknown hub named ${name} is reported`, async () => {
      const file = join(dir, `unknown-${name}.yaml`);
      writeFileSync(file, `version: 1\nhubs:\n  central: { account: "222222222222", role: { name: CentralHub } }\nroles:\n  Plain:\n    trust: { hubs: [${name}] }\n    targets: { accounts: ["333333333333"] }\n`);
      await assert.rejects(
        () => loadInputs(file, fixture('org.json')),
        (error: unknown) => error instanceof InvalidInputError && error.diagnostics.map(formatDiagnostic).some((l) => l.includes(`:6:21: error: roles.Plain.trust.hubs[0]: unknown hub "${name}"`)),
      );
    });
  }

  test('a condition key named __proto__ is checked, not dropped', async () => {
    const file = join(dir, 'condition.yaml');
    writeFileSync(
      file,
      `version: 1\nhubs:\n  central: { account: "222222222222", role: { name: CentralHub } }\nroles:\n  Plain:\n    trust: { hubs: [central] }\n    permissions:\n      inline:\n        p: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { __proto__: x } } }] }\n    targets: { accounts: ["333333333333"] }\n`,
    );
    // Dropped, the condition would vanish and the statement allow more than written.
    await assert.rejects(
      () => loadInputs(file),
      (error: unknown) => error instanceof InvalidInputError && error.message.includes('condition.yaml:9:145: error: roles.Plain.permissions.inline.p.Statement[0].Condition.StringEquals.__proto__: Condition key "__proto__" is not of the form service:keyname.'),
    );
  });
});
