import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { findProfile, managedProfiles, parseCredentialsWords } from '../../src/creds/lookup.js';
import { splitLines } from '../../src/creds/config-file.js';
import { credentialsWords, mergeProfiles, profileEntries, renderProfiles, type RenderOptions } from '../../src/creds/profiles.js';
import { CredentialsError } from '../../src/creds/errors.js';
import { unifiedDiff } from '../../src/creds/unified-diff.js';
import { loadOrg, specAgainstOrg } from '../../src/cli/inputs.js';
import { repoRoot } from '../helpers/paths.js';

interface MergeCase {
  name: string;
  before: string;
  generated: string[];
  prune?: boolean;
  after?: string;
  added?: string[];
  changed?: string[];
  removed?: string[];
  kept?: string[];
  error?: string;
}

const mergeCases = parse(readFileSync(join(repoRoot, 'test/creds/merge.cases.yaml'), 'utf8')) as MergeCase[];

describe('merging the block into the config file', () => {
  for (const c of mergeCases) {
    test(c.name, () => {
      const profiles = c.generated.map((text) => text.split('\n')).map((lines) => ({ name: /^\[profile (.+)\]$/.exec(lines[0]!)![1]!, lines }));
      const merge = () => mergeProfiles(c.before, 'config', 'fleet', profiles, { prune: c.prune === true, header: ['# header'] });
      if (c.error) {
        assert.throws(merge, (e: unknown) => e instanceof CredentialsError && new RegExp(c.error!).test(e.message));
        return;
      }
      const result = merge();
      assert.equal(result.text, c.after);
      assert.deepEqual(result.added, c.added ?? []);
      assert.deepEqual(result.changed, c.changed ?? []);
      assert.deepEqual(result.removed, c.removed ?? []);
      assert.deepEqual(result.kept, c.kept ?? []);
      // Idempotent: merging again changes nothing.
      const again = mergeProfiles(result.text, 'config', 'fleet', profiles, { prune: c.prune === true, header: ['# header'] });
      assert.equal(again.text, result.text);
      assert.deepEqual([again.added, again.changed], [[], []]);
    });
  }
});

const example = async (spec: string) => {
  const inputs = await specAgainstOrg(join(repoRoot, 'examples', spec), loadOrg(join(repoRoot, 'examples/org.json')));
  return { spec: inputs.loaded.spec, state: inputs.desired.state, org: inputs.org.org };
};
const PROCESS: RenderOptions = { mode: 'process', command: ['crossrole'], sessionName: 'alice' };

describe('profiles of a fleet', async () => {
  const { spec, state, org } = await example('hub-spoke.yaml');

  test('one per account × hub-trusted spoke role, named by the template, chained through the hub', () => {
    const entries = profileEntries(state, spec, org, '{account_name}.{role}');
    assert.equal(entries.length, state.roles.length);
    const payments = entries.find((e) => e.role === 'FleetAccess' && e.accountId === state.roles.find((r) => r.name === 'FleetAccess')!.accountId)!;
    assert.equal(payments.name, `${payments.accountName}.FleetAccess`);
    assert.deepEqual(payments.chain, {
      accountId: payments.accountId,
      role: 'FleetAccess',
      path: '/crossrole/',
      hubArn: 'arn:aws:iam::222222222222:role/crossrole/FleetHub',
      via: [],
      mfa: false,
      sourceIdentity: true,
    });
    const [section] = renderProfiles([payments], PROCESS);
    assert.deepEqual(section!.lines, [
      `[profile ${payments.name}]`,
      `credential_process = crossrole credentials --account ${payments.accountId} --role FleetAccess --path /crossrole/ --hub arn:aws:iam::222222222222:role/crossrole/FleetHub --source-identity`,
      'region = us-east-1',
      `crossrole_account_name = ${payments.accountName}`,
    ]);
  });

  test('templates: ids, hubs; a template that names two profiles alike is refused', () => {
    const byId = profileEntries(state, spec, org, 'x-{account_id}-{role}-{hub}');
    assert.ok(byId.every((e) => e.name === `x-${e.accountId}-${e.role}-security`));
    // A second role in the same accounts: the name must then tell the roles apart.
    const twin = { ...state, roles: [...state.roles, ...state.roles.filter((r) => r.name === 'FleetAccess').map((r) => ({ ...r, name: 'FleetAudit' }))], templates: [...state.templates, { ...state.templates[0]!, name: 'FleetAudit' }] };
    const twinSpec = { ...spec, roles: { ...spec.roles, FleetAudit: spec.roles.FleetAccess! } };
    assert.equal(profileEntries(twin, twinSpec, org, '{account_name}.{role}').length, twin.roles.length);
    assert.throws(() => profileEntries(twin, twinSpec, org, '{account_name}'), /gives two profiles the name .*add \{account_id\}, \{role\} or \{hub\}/);
    assert.throws(() => profileEntries(state, spec, org, '{acount_name}.{role}'), /unknown placeholder \{acount_name\}/);
  });

  test('--plain: a hub profile from the source profile, spokes chained from it', () => {
    const entries = profileEntries(state, spec, org, '{account_name}.{role}').slice(0, 2);
    const sections = renderProfiles(entries, { ...PROCESS, mode: 'plain', hubProfile: 'me' });
    assert.deepEqual(sections[0]!.lines, ['[profile crossrole-hub-security]', 'role_arn = arn:aws:iam::222222222222:role/crossrole/FleetHub', 'source_profile = me', 'role_session_name = alice', 'region = us-east-1']);
    assert.deepEqual(sections[1]!.lines.slice(1, 4), [`role_arn = arn:aws:iam::${entries[0]!.accountId}:role/crossrole/${entries[0]!.role}`, 'source_profile = crossrole-hub-security', 'role_session_name = alice']);
  });

  test('a group hub starts from the member\'s own credentials: no --hub', async () => {
    const micetro = await example('micetro.yaml');
    const [entry] = profileEntries(micetro.state, micetro.spec, micetro.org, '{account_name}.{role}');
    assert.equal(entry!.chain.hubArn, undefined);
    assert.doesNotMatch(credentialsWords(entry!.chain, ['crossrole']).join(' '), /--hub/);
  });

  test('generated profiles are found again by profile name, account id or account name', () => {
    const entries = profileEntries(state, spec, org, '{account_name}.{role}');
    const text = mergeProfiles('', 'config', 'hub-spoke', renderProfiles(entries, { ...PROCESS, hubProfile: 'me' }), { prune: false, header: [] }).text;
    const found = managedProfiles(splitLines(text), 'config');
    assert.equal(found.length, entries.length);
    const entry = entries.find((e) => e.role === 'FleetAccess')!;
    const byId = findProfile(found, entry.accountId, 'FleetAccess', 'config');
    assert.deepEqual(byId.chain, entry.chain);
    assert.equal(byId.hubProfile, 'me');
    assert.equal(findProfile(found, entry.accountName.toUpperCase(), 'FleetAccess', 'config').name, entry.name);
    assert.equal(findProfile(found, entry.name, undefined, 'config').accountId, entry.accountId);
    assert.throws(() => findProfile(found, '999999999999', undefined, 'config'), /no crossrole profile for account 999999999999/);
    assert.throws(() => findProfile(found, entry.accountId, 'Nope', 'config'), /has no crossrole profile for role Nope/);
  });

  test('a profile line parses back into the chain it was written from', () => {
    const chain = { accountId: '210987654321', role: 'R', path: '/a b/', hubArn: 'arn:aws:iam::222222222222:role/H', via: ['arn:aws:iam::1:role/J1', 'arn:aws:iam::2:role/J2'], mfa: true, sourceIdentity: true };
    assert.deepEqual(parseCredentialsWords(credentialsWords(chain, ['/opt/my node', 'crossrole.js'], 'p')), { ...chain, hubProfile: 'p' });
  });
});

describe('the diff shown before writing', () => {
  test('is a unified diff that patch applies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossrole-diff-'));
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 3\n', 'line three\n').replace('line 20\n', '').concat('tail 1\ntail 2\n');
    writeFileSync(join(dir, 'config'), before);
    writeFileSync(join(dir, 'change.diff'), unifiedDiff(before, after, { from: 'config', to: 'config' }));
    const patch = spawnSync('patch', ['--quiet', join(dir, 'config'), join(dir, 'change.diff')], { encoding: 'utf8' });
    assert.equal(patch.status, 0, patch.stdout + patch.stderr);
    assert.equal(readFileSync(join(dir, 'config'), 'utf8'), after);
  });

  test('matches diff -u on a new block appended to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossrole-diff-'));
    const before = '[default]\nregion = eu-west-1\n';
    const after = `${before}\n# BEGIN crossrole x\n[profile a]\n# END crossrole x\n`;
    writeFileSync(join(dir, 'a'), before);
    writeFileSync(join(dir, 'b'), after);
    const real = spawnSync('diff', ['-u', '--label', 'config', '--label', 'config', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
    assert.equal(unifiedDiff(before, after, { from: 'config', to: 'config' }), real.stdout);
    assert.equal(unifiedDiff(before, before, { from: 'config', to: 'config' }), '');
  });
});
