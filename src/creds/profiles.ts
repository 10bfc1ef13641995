// One AWS profile per account × spoke role, rendered into crossrole's marked block of the AWS
// config file and merged with what the block held before; the rest of the file is left alone.
import { hubProfile } from '../synth/aws-config.js';
import { compareStrings } from '../compare-strings.js';
import { accountNames, profileSafe } from '../synth/names.js';
import { primaryHub, templateOf } from '../synth/select.js';
import type { DesiredHub, DesiredState } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import type { Spec } from '../spec/schema.js';
import { spokeArn, type ChainSpec } from './chain.js';
import { allProfiles, blockBegin, blockEnd, findBlocks, splitLines, type Section } from './config-file.js';
import { CredentialsError } from './errors.js';
import { profileName, templateProblems } from './names.js';
import { joinWords } from './shell-words.js';

/** Key in every generated profile naming its account, so `exec payments-prod` finds it. */
export const ACCOUNT_NAME_KEY = 'crossrole_account_name';

export interface ProfileEntry {
  name: string;
  accountId: string;
  accountName: string;
  role: string;
  hub: DesiredHub;
  region: string;
  chain: ChainSpec;
}

export interface RenderOptions {
  /** `process`: credential_process through crossrole; `plain`: role_arn/source_profile chains the AWS CLI resolves itself. */
  mode: 'process' | 'plain';
  /** How profiles run crossrole, as words, e.g. ['crossrole']. */
  command: string[];
  /** Profile with the person's own credentials (default: the environment and default profile). */
  hubProfile?: string;
  /** plain mode: the RoleSessionName the AWS CLI sends (it cannot compute one per person). */
  sessionName: string;
  /** plain mode: the person's MFA device, for spokes whose trust requires MFA. */
  mfaSerial?: string;
}

export interface RenderedProfile {
  name: string;
  lines: string[];
}

/** Every account × hub-trusted spoke role; with `{hub}` in the template one profile per trusted hub, else its first hub. */
export function profileEntries(state: DesiredState, spec: Spec, org: Org, template: string): ProfileEntry[] {
  const problems = templateProblems(template);
  if (problems.length) throw new CredentialsError('InvalidArguments', `--name-template ${template}: ${problems.join('; ')}`, 2);
  const names = accountNames(state, org, profileSafe);
  const perHub = template.includes('{hub}');
  const entries: ProfileEntry[] = [];
  for (const role of state.roles) {
    const roleTemplate = templateOf(state, role);
    if (!roleTemplate) continue;
    const hubs = perHub ? state.hubs.filter((h) => roleTemplate.hubs.includes(h.name)) : [primaryHub(state, roleTemplate)].filter((h) => h !== undefined);
    const trust = spec.roles[role.name]!.trust;
    for (const hub of hubs) {
      const accountName = names.get(role.accountId) ?? role.accountId;
      entries.push({
        name: profileName(template, { account_name: accountName, account_id: role.accountId, role: role.name, hub: hub.name }),
        accountId: role.accountId,
        accountName,
        role: role.name,
        hub,
        region: state.regions[0] ?? 'us-east-1',
        chain: {
          accountId: role.accountId,
          role: role.name,
          path: role.path,
          ...(hub.kind === 'role' && { hubArn: hub.arn }),
          via: [],
          mfa: trust.requireMfa,
          sourceIdentity: trust.requireSourceIdentity,
        },
      });
    }
  }
  const seen = new Map<string, ProfileEntry>();
  for (const entry of entries) {
    const other = seen.get(entry.name);
    if (other) {
      throw new CredentialsError(
        'InvalidArguments',
        `--name-template ${template} gives two profiles the name ${entry.name} (${other.accountId} ${other.role} via ${other.hub.name}, ${entry.accountId} ${entry.role} via ${entry.hub.name}); add {account_id}, {role} or {hub}`,
        2,
      );
    }
    seen.set(entry.name, entry);
  }
  return entries.sort((a, b) => compareStrings(a.name, b.name));
}

/** The credential_process words of a profile: everything `crossrole credentials` needs, so it never reads the spec. */
export function credentialsWords(chain: ChainSpec, command: string[], hubProfile?: string): string[] {
  return [
    ...command,
    'credentials',
    '--account',
    chain.accountId,
    '--role',
    chain.role,
    '--path',
    chain.path,
    ...(chain.hubArn !== undefined ? ['--hub', chain.hubArn] : []),
    ...chain.via.flatMap((arn) => ['--via', arn]),
    ...(chain.mfa ? ['--mfa'] : []),
    ...(chain.sourceIdentity ? ['--source-identity'] : []),
    ...(hubProfile !== undefined ? ['--hub-profile', hubProfile] : []),
  ];
}

const section = (name: string, settings: [string, string | undefined][]): RenderedProfile => ({
  name,
  lines: [`[profile ${name}]`, ...settings.filter((s): s is [string, string] => s[1] !== undefined).map(([k, v]) => `${k} = ${v}`)],
});

export function renderProfiles(entries: ProfileEntry[], options: RenderOptions): RenderedProfile[] {
  if (options.mode === 'process') {
    return entries.map((e) =>
      section(e.name, [
        ['credential_process', joinWords(credentialsWords(e.chain, options.command, options.hubProfile))],
        ['region', e.region],
        [ACCOUNT_NAME_KEY, e.accountName],
      ]),
    );
  }
  const source = options.hubProfile ?? 'default';
  const hubs = new Map<string, RenderedProfile>();
  const spokes = entries.map((e) => {
    let sourceProfile = source;
    if (e.hub.kind === 'role') {
      sourceProfile = hubProfile(e.hub);
      // The AWS CLI asks for the MFA code when it assumes the hub role; the spokes chain from that session.
      const needsMfa = entries.some((other) => other.hub.name === e.hub.name && other.chain.mfa);
      if (!hubs.has(e.hub.name)) {
        hubs.set(e.hub.name, section(sourceProfile, [['role_arn', e.hub.arn], ['source_profile', source], ['role_session_name', options.sessionName], ['mfa_serial', needsMfa ? options.mfaSerial : undefined], ['region', e.region]]));
      }
    }
    return section(e.name, [
      ['role_arn', spokeArn(e.chain)],
      ['source_profile', sourceProfile],
      ['role_session_name', options.sessionName],
      ['mfa_serial', e.hub.kind !== 'role' && e.chain.mfa ? options.mfaSerial : undefined],
      ['region', e.region],
      [ACCOUNT_NAME_KEY, e.accountName],
    ]);
  });
  return [...hubs.values(), ...spokes];
}

export interface MergeResult {
  text: string;
  added: string[];
  changed: string[];
  /** Profiles of the block no longer generated, removed with --prune. */
  removed: string[];
  /** The same, kept without --prune. */
  kept: string[];
}

/**
 * The config file with the spec's block holding `profiles` (plus, without `prune`, the profiles
 * it held that are no longer generated). A generated name that exists outside the block (the
 * user's own profile, another spec's block) is refused: two sections of one name would merge.
 */
export function mergeProfiles(text: string, file: string, specName: string, profiles: RenderedProfile[], options: { prune: boolean; header: string[] }): MergeResult {
  const lines = splitLines(text);
  const block = findBlocks(lines, file).find((b) => b.spec === specName);
  const clashes = allProfiles(lines, file).filter((p) => p.spec !== specName && profiles.some((g) => g.name === p.section.name));
  if (clashes.length) {
    const where = clashes.slice(0, 5).map((c) => `${c.section.name} (${file}:${c.section.line}${c.spec ? `, block of spec ${c.spec}` : ''})`);
    throw new CredentialsError('InvalidArguments', `profile${clashes.length > 1 ? 's' : ''} already defined outside crossrole's block for spec ${specName}: ${where.join(', ')}${clashes.length > 5 ? ', …' : ''}; rename ${clashes.length > 1 ? 'them' : 'it'} or choose another --name-template`, 2);
  }

  const before = new Map<string, Section>((block?.sections ?? []).filter((s) => s.kind === 'profile').map((s) => [s.name, s]));
  const generated = new Set(profiles.map((p) => p.name));
  const added = profiles.filter((p) => !before.has(p.name)).map((p) => p.name);
  const changed = profiles.filter((p) => before.has(p.name) && before.get(p.name)!.lines.join('\n') !== p.lines.join('\n')).map((p) => p.name);
  const stale = [...before.keys()].filter((name) => !generated.has(name)).sort(compareStrings);
  const keptSections = options.prune ? [] : stale.map((name) => ({ name, lines: before.get(name)!.lines }));

  const sections = [...profiles, ...keptSections].sort((a, b) => compareStrings(a.name, b.name));
  const blockLines = sections.length ? [blockBegin(specName), ...options.header, ...sections.flatMap((s) => ['', ...s.lines]), blockEnd(specName)] : [];
  let out: string[];
  if (block) out = [...lines.slice(0, block.begin), ...blockLines, ...lines.slice(block.end + 1)];
  else if (!blockLines.length) out = lines;
  else out = [...lines, ...(lines.length && lines[lines.length - 1]!.trim() !== '' ? [''] : []), ...blockLines];
  return {
    text: out.length ? `${out.join('\n')}\n` : '',
    added,
    changed,
    removed: options.prune ? stale : [],
    kept: options.prune ? [] : stale,
  };
}
