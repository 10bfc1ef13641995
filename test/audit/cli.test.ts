// crossrole audit on snapshot directories written to disk: output formats (the JSON document
// against its own JSON Schema, SARIF against the official SARIF 2.1.0 schema), --fail-on and exit
// codes, --spec and --trusted-accounts, and located errors for bad input.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { findingsDocumentSchema, findingsJsonSchema } from '../../src/audit/finding.js';
import { buildDesired } from '../../src/desired/build.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { parseSpec } from '../../src/spec/load.js';
import { generateSnapshot } from '../../src/snapshot/synthetic.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { crossrole } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { desiredSnapshot } from './desired-snapshot.js';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `crossrole-audit-${name}-`));

const generated = (plantProblems: boolean) => {
  const dir = temp(plantProblems ? 'planted' : 'clean');
  const { snapshot, planted } = generateSnapshot({ accounts: 40, rolesPerAccount: 20, usersPerAccount: 3, plantProblems });
  writeSnapshot(dir, snapshot);
  return { dir, planted };
};
const planted = generated(true);
const clean = generated(false);

const sarifSchema = JSON.parse(readFileSync(join(repoRoot, 'test', 'audit', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// The official schema is JSON Schema draft-04; uri and date-time formats are checked too.
// (CommonJS modules: their default export is the module's `default` property.)
const sarifAjv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(sarifAjv);
const validateSarif = sarifAjv.compile(sarifSchema);
const findingsAjv = new Ajv2020({ allErrors: true, strict: false });
const validateFindings = findingsAjv.compile(findingsJsonSchema());

describe('crossrole audit', () => {
  test('table: worst first, counts per severity, exit 1 at the default --fail-on high', () => {
    const r = crossrole(['audit', '--snapshot', planted.dir]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines.at(-1)!, /^\d+ findings: [1-9]\d* critical, \d+ high, \d+ medium, \d+ low, \d+ info$/);
    const severities = lines.filter((l) => /^[A-Z]+ {2,}/.test(l)).map((l) => l.split(' ')[0]);
    assert.equal(severities[0], 'CRITICAL');
    assert.ok(lines.some((l) => l.trim().startsWith('path: ')), 'path findings show their path');
    assert.ok(lines.some((l) => l.trim().startsWith('fix: ')));
  });

  test('json: {"findings": [...]} that the zod schema and the exported JSON Schema accept, every planted problem in it', () => {
    const r = crossrole(['audit', '--snapshot', planted.dir, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    const document = JSON.parse(r.stdout) as unknown;
    findingsDocumentSchema.parse(document);
    assert.ok(validateFindings(document), JSON.stringify(validateFindings.errors));
    const { findings } = findingsDocumentSchema.parse(document);
    for (const p of planted.planted) assert.ok(findings.some((f) => f.code === p.code && (f.roleArn === p.roleArn || f.path?.some((h) => h.to === p.roleArn))), `${p.code} ${p.roleArn}`);
    for (const f of findings) assert.ok(f.file === undefined || existsSync(join(planted.dir, f.file)), `${f.file} exists`);
  });

  test('docs/audit-findings.schema.json is the JSON Schema the code generates', () => {
    assert.deepEqual(JSON.parse(readFileSync(join(repoRoot, 'docs', 'audit-findings.schema.json'), 'utf8')), findingsJsonSchema());
  });

  test('sarif: valid against the SARIF 2.1.0 schema, rules for every code, results located at the role and its account file', () => {
    const r = crossrole(['audit', '--snapshot', planted.dir, '--format', 'sarif', '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, string> }[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: { ruleId: string; level: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string } }; logicalLocations: { fullyQualifiedName: string }[] }[]; partialFingerprints: Record<string, string> }[] }[] };
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5)));
    const broken = structuredClone(log);
    broken.runs[0]!.results[0]!.level = 'critical';
    assert.equal(validateSarif(broken), false, 'the schema rejects what SARIF does not allow');
    const [run] = log.runs;
    assert.ok(run!.tool.driver.rules.some((rule) => rule.id === 'EXTERNAL_PATH_TO_ADMIN' && Number(rule.properties['security-severity']) >= 9));
    const base = fileURLToPath(run!.originalUriBaseIds.SNAPSHOT!.uri);
    assert.ok(run!.results.length > 0);
    for (const result of run!.results) {
      const location = result.locations[0]!;
      assert.match(location.logicalLocations[0]!.fullyQualifiedName, /^arn:aws:iam::\d{12}:/);
      assert.ok(existsSync(join(base, location.physicalLocation!.artifactLocation.uri)));
      assert.ok(Object.values(result.partialFingerprints)[0]);
    }
    const fingerprints = run!.results.map((x) => Object.values(x.partialFingerprints)[0]);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints are distinct');
    const again = JSON.parse(crossrole(['audit', '--snapshot', planted.dir, '--format', 'sarif', '--fail-on', 'none']).stdout) as typeof log;
    assert.deepEqual(again.runs[0]!.results.map((x) => x.partialFingerprints), run!.results.map((x) => x.partialFingerprints), 'fingerprints are stable');
  });

  test('--fail-on: exit 0 on a clean organization at high; 1 when lowered to what it has', () => {
    // The clean organization plus one role, allowed nothing, that any principal of the organization may assume: a low finding.
    const dir = temp('low');
    cpSync(clean.dir, dir, { recursive: true });
    const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as { organizationId: string; accounts: { id: string; status: string }[] };
    const accountFile = join(dir, 'accounts', `${org.accounts.find((a) => a.status === 'ACTIVE')!.id}.json`);
    const details = JSON.parse(readFileSync(accountFile, 'utf8')) as { RoleDetailList: { RoleName: string; RoleId: string; Arn: string; AssumeRolePolicyDocument: unknown; RolePolicyList: unknown[]; AttachedManagedPolicies: unknown[] }[] };
    const [first] = details.RoleDetailList;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': org.organizationId } } }] };
    details.RoleDetailList.push({ ...first!, RoleName: 'OrgWide', RoleId: 'AROAORGWIDE000000000', Arn: first!.Arn.replace(/role\/.*$/, 'role/OrgWide'), AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [] });
    writeFileSync(accountFile, JSON.stringify(details));
    assert.equal(crossrole(['audit', '--snapshot', dir]).status, 0);
    const findings = (JSON.parse(crossrole(['audit', '--snapshot', dir, '--format', 'json']).stdout) as { findings: { severity: string }[] }).findings;
    assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'low' || f.severity === 'medium' || f.severity === 'info'), JSON.stringify(findings));
    assert.equal(crossrole(['audit', '--snapshot', dir, '--fail-on', findings.at(-1)!.severity]).status, 1);
    assert.equal(crossrole(['audit', '--snapshot', planted.dir, '--fail-on', 'critical']).status, 1);
  });

  test('--min-severity lists only findings at or above it; --fail-on still weighs every finding', () => {
    const all = (JSON.parse(crossrole(['audit', '--snapshot', planted.dir, '--format', 'json', '--fail-on', 'none']).stdout) as { findings: { severity: string }[] }).findings;
    const r = crossrole(['audit', '--snapshot', planted.dir, '--format', 'json', '--min-severity', 'critical']);
    assert.equal(r.status, 1, 'critical findings still fail at the default --fail-on high');
    const listed = (JSON.parse(r.stdout) as { findings: { severity: string }[] }).findings;
    assert.ok(listed.length > 0 && listed.every((f) => f.severity === 'critical'));
    assert.equal(listed.length, all.filter((f) => f.severity === 'critical').length);
    assert.match(r.stderr, new RegExp(`${all.length - listed.length} finding\\(s\\) below critical not listed`));
    assert.equal(crossrole(['audit', '--snapshot', planted.dir, '--min-severity', 'severe']).status, 2);
  });

  test('--spec and --trusted-accounts: the hub/spoke example as applied audits clean; a vendor listed as trusted stops counting as outside; --bootstrap-role names the organization access role', () => {
    const examples = join(repoRoot, 'examples');
    const org = parseOrg(join(examples, 'org.json'), readFileSync(join(examples, 'org.json'), 'utf8'));
    const index = indexOrg(org);
    const specFile = join(examples, 'third-party.yaml');
    const loaded = parseSpec(specFile, readFileSync(specFile, 'utf8'), index);
    const state = buildDesired(loaded.spec, index, loaded.specName).state;
    const dir = temp('spec');
    writeSnapshot(dir, desiredSnapshot(org, state));
    // Control Tower's access role in a targeted account, trusting the management account.
    const target = state.roles[0]!.accountId;
    const snapshot = desiredSnapshot(org, state);
    snapshot.accounts.find((a) => a.accountId === target)!.details.RoleDetailList.push({
      Path: '/',
      RoleName: 'AWSControlTowerExecution',
      RoleId: 'AROACONTROLTOWER0000',
      Arn: `arn:aws:iam::${target}:role/AWSControlTowerExecution`,
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.managementAccountId}:root` }, Action: 'sts:AssumeRole' }] },
      RolePolicyList: [],
      AttachedManagedPolicies: [],
      Tags: [],
    });
    const towerDir = temp('control-tower');
    writeSnapshot(towerDir, snapshot);
    const codes = (args: string[]) => (JSON.parse(crossrole(['audit', '--snapshot', towerDir, '--spec', specFile, '--format', 'json', ...args]).stdout) as { findings: { code: string; severity: string; roleArn: string }[] }).findings.filter((f) => f.roleArn.endsWith('/AWSControlTowerExecution')).map((f) => `${f.severity} ${f.code}`);
    assert.deepEqual(codes([]), ['low SHADOW_TRUST']);
    assert.deepEqual(codes(['--bootstrap-role', 'AWSControlTowerExecution']), ['info ORG_ACCESS_ROLE']);

    const withSpec = crossrole(['audit', '--snapshot', dir, '--spec', specFile, '--format', 'json', '--fail-on', 'low']);
    assert.equal(withSpec.status, 1, 'the vendor root trust is a low finding');
    assert.ok((JSON.parse(withSpec.stdout) as { findings: { code: string }[] }).findings.every((f) => f.code === 'EXTERNAL_ACCOUNT_ROOT_TRUST'));
    const trusted = join(dir, 'trusted.yaml');
    writeFileSync(trusted, '- account: "999999999999"\n  name: Example Audit Co.\n  note: contract 2026-17\n');
    const r = crossrole(['audit', '--snapshot', dir, '--spec', specFile, '--trusted-accounts', trusted, '--fail-on', 'info']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^0 findings: 0 critical/m);
    // With --spec too, an account without a file is not audited, and says so.
    rmSync(join(dir, 'accounts', '333333333333.json'));
    const partial = crossrole(['audit', '--snapshot', dir, '--spec', specFile, '--trusted-accounts', trusted, '--format', 'json']);
    assert.equal(partial.status, 1, partial.stderr);
    assert.ok((JSON.parse(partial.stdout) as { findings: { code: string; accountId: string }[] }).findings.some((f) => f.code === 'ACCOUNT_NOT_COLLECTED' && f.accountId === '333333333333'));
  });

  test('accounts of org.json without a file: ACCOUNT_NOT_COLLECTED (high, exit 1 at the default --fail-on), a coverage line, a coverage field in JSON and SARIF; a suspended one is expected', () => {
    const dir = temp('partial');
    cpSync(clean.dir, dir, { recursive: true });
    const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as { accounts: { id: string; name: string; status: string }[] };
    const suspended = org.accounts.filter((a) => a.status === 'SUSPENDED');
    assert.ok(suspended.length > 0 && suspended.every((a) => !existsSync(join(dir, 'accounts', `${a.id}.json`))), 'the generated organization has a suspended account without a file');
    const left = org.accounts.filter((a) => a.status === 'ACTIVE').slice(-2);
    for (const a of left) rmSync(join(dir, 'accounts', `${a.id}.json`));
    const named = (accounts: { id: string; name: string }[]) => accounts.map((a) => `${a.id} (${a.name})`).join(', ');

    const table = crossrole(['audit', '--snapshot', dir]);
    assert.equal(table.status, 1, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-2), `coverage: ${org.accounts.length - 3} of ${org.accounts.length} accounts audited; not collected: ${named(left)}; suspended or closing, not collectable (expected): ${named(suspended)}`);
    for (const a of left) assert.ok(lines.includes(`HIGH      ACCOUNT_NOT_COLLECTED  ${a.id} (${a.name})  arn:aws:iam::${a.id}:root`), table.stdout);

    const json = crossrole(['audit', '--snapshot', dir, '--format', 'json', '--min-severity', 'critical']);
    assert.equal(json.status, 1);
    const document = JSON.parse(json.stdout) as unknown;
    assert.ok(validateFindings(document), JSON.stringify(validateFindings.errors));
    const { coverage, findings } = findingsDocumentSchema.parse(document);
    assert.deepEqual(coverage, {
      accounts: org.accounts.length,
      audited: org.accounts.length - 3,
      notCollected: left.map((a) => ({ accountId: a.id, accountName: a.name, status: 'ACTIVE' })),
      notCollectable: suspended.map((a) => ({ accountId: a.id, accountName: a.name, status: 'SUSPENDED' })),
    });
    assert.ok(findings.every((f) => f.severity === 'critical'), '--min-severity lists less; the coverage stays whole');

    const sarif = crossrole(['audit', '--snapshot', dir, '--format', 'sarif']);
    assert.equal(sarif.status, 1);
    const log = JSON.parse(sarif.stdout) as { runs: { properties: { coverage: unknown }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5)));
    assert.deepEqual(log.runs[0]!.properties.coverage, coverage);
    const notCollected = log.runs[0]!.results.filter((r) => r.ruleId === 'ACCOUNT_NOT_COLLECTED');
    assert.equal(notCollected.length, 2);
    assert.ok(notCollected.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'org.json'));

    assert.equal(crossrole(['audit', '--snapshot', dir, '--fail-on', 'critical']).status, 0, 'only --fail-on above high lets it pass');
    const whole = crossrole(['audit', '--snapshot', clean.dir]);
    assert.equal(whole.status, 0, 'a suspended account without a file does not fail the audit');
    assert.match(whole.stdout, new RegExp(`^coverage: ${org.accounts.length - 1} of ${org.accounts.length} accounts audited; suspended or closing, not collectable \\(expected\\): ${suspended[0]!.id} `, 'm'));
  });

  test('bad input exits 2 with one located message', () => {
    const bad = join(temp('bad'), 'trusted.yaml');
    writeFileSync(bad, '- "999999999999"\n- account: "12345"\n');
    const r = crossrole(['audit', '--snapshot', clean.dir, '--trusted-accounts', bad]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /trusted\.yaml:2:12: .*12 digits/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(crossrole(['audit', '--snapshot', clean.dir, '--format', 'xml']).status, 2);
    assert.equal(crossrole(['audit', '--snapshot', clean.dir, '--fail-on', 'severe']).status, 2);
    const missing = crossrole(['audit', '--snapshot', join(temp('empty'), 'nope')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope: no such directory; a snapshot directory holds org\.json and accounts/);
  });
});
