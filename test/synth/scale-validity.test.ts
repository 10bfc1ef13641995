// What synth writes for a 5,000-account organization is usable as is: every CloudFormation
// template passes cfn-lint (one run for all of them) and CloudFormation's quotas, scripts parse
// in bash, data files parse. Several targeting shapes, a role, a user and a group hub.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { buildDesired } from '../../src/desired/build.js';
import type { OrgIndex } from '../../src/org/model.js';
import { specSchema } from '../../src/spec/schema.js';
import { templateProblems } from '../../src/synth/cloudformation/limits.js';
import { renderStackSet } from '../../src/synth/cloudformation/stackset.js';
import { spokeTemplate } from '../../src/synth/cloudformation/spoke.js';
import { synthesize } from '../../src/synth/index.js';
import { cfnLint } from './fixtures/cfn-lint.js';
import { desired, halfTagged, organization, shapes } from './fixtures/scale.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-synth-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function synthesizeAt(index: OrgIndex): Map<string, string> {
  const members = index.org.accounts.filter((a) => a.id !== index.org.managementAccountId);
  const hubAccount = members[0]!.id;
  // Hubs trust the roles whose spokes their policies can name today; the others trust a third party.
  const hubsOf: Record<string, string[]> = { WholeOrg: ['collector'], NestedOus: ['collector', 'operators'], ManagementOnly: ['deployer', 'operators'] };
  const roles = Object.entries(shapes(index)).map(([name, targets]) => {
    const trust = hubsOf[name] ? { hubs: hubsOf[name] } : { externalAccounts: [{ account: '999999999999', externalId: 'vendor-42' }] };
    return [name, { trust, targets }];
  });
  const spec = specSchema.parse({
    version: 1,
    hubs: {
      collector: { account: hubAccount, role: { name: 'Collector', path: '/crossrole/' } },
      operators: { account: hubAccount, group: { name: 'operators', members: ['alice'] } },
      deployer: { account: hubAccount, user: { name: 'deployer' } },
    },
    roles: Object.fromEntries(roles),
  });
  const { state, issues } = buildDesired(spec, index, 'scale');
  assert.deepEqual(issues.filter((issue) => issue.severity !== 'warning'), [], 'a spec synth accepts');
  return synthesize(state, index.org);
}

/** Writes the files a check needs to disk under `prefix` (not the per-account policy files: thousands, checked in memory). */
function writeChecked(prefix: string, files: Map<string, string>): string[] {
  const written: string[] = [];
  for (const [path, content] of files) {
    if (path.startsWith('policies/') || path.startsWith('micetro/')) continue;
    mkdirSync(dirname(join(dir, prefix, path)), { recursive: true });
    writeFileSync(join(dir, prefix, path), content);
    written.push(join(prefix, path));
  }
  return written;
}

describe('synth output for 5,000 accounts', () => {
  const outputs = ([true, false] as const).map((rootHoldsMembers) => {
    const prefix = rootHoldsMembers ? 'members-in-root' : 'management-alone-in-root';
    const files = synthesizeAt(organization(5000, rootHoldsMembers));
    return { prefix, files, written: writeChecked(prefix, files) };
  });

  test('every CloudFormation template passes cfn-lint and CloudFormation quotas', () => {
    const templates = outputs.flatMap(({ written }) => written.filter((path) => path.endsWith('.template.json')));
    // 9 spoke and 9 StackSet templates and 3 hubs, twice.
    assert.equal(templates.length, 42);
    for (const { prefix, files } of outputs) {
      for (const [path, text] of files) if (path.endsWith('.template.json')) assert.deepEqual(templateProblems(path, text), [], `${prefix}/${path}`);
    }
    // And one past what a request holds (7,000 accounts): valid from S3.
    const index = halfTagged(7000);
    const state = desired(index, { Half: { tags: { half: 'yes' } } });
    const s3 = 's3/stackset-Half.template.json';
    mkdirSync(join(dir, 's3'));
    writeFileSync(join(dir, s3), renderStackSet(state, index, state.templates[0]!, spokeTemplate(state, state.templates[0]!)));
    templates.push(s3);
    // Once per distinct template: the spoke templates are the same in both organizations.
    const distinct = [...new Map(templates.map((path) => [readFileSync(join(dir, path), 'utf8'), path])).values()];
    const { status, output } = cfnLint(dir, distinct);
    assert.equal(status, 0, `cfn-lint reported problems:\n${output}`);
  });

  test('scripts pass bash -n, YAML and JSON parse', () => {
    for (const { written, files, prefix } of outputs) {
      const scripts = written.filter((path) => path.endsWith('.sh'));
      assert.ok(scripts.some((path) => path.endsWith('aws-cli/apply.sh')));
      for (const script of scripts) {
        const result = spawnSync('bash', ['-n', script], { cwd: dir, encoding: 'utf8' });
        assert.equal(result.status, 0, `bash -n ${script}:\n${result.stderr}`);
      }
      for (const [path, text] of files) {
        if (path.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(text), `${prefix}/${path}`);
        if (path.endsWith('.yaml') || path.endsWith('.yml')) assert.equal(typeof parseYaml(text), 'object', `${prefix}/${path}`);
      }
    }
  });
});
