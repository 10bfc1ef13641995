// What the files synth writes need and the spec does not give them, as warnings located in the
// spec. Which files exist and which hub each uses come from the renderers' own choices (toolTargets,
// the path functions, profileSource), so a warning names exactly the files synth writes.
import { resotoScrapesOrg } from '../desired/tools.js';
import type { DesiredHub, DesiredState, RoleTemplate } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import type { Spec } from '../spec/schema.js';
import type { PathIssue } from '../spec/source.js';
import { AWS_CONFIG_PATH, profileSource } from './aws-config.js';
import { micetroPolicies } from './micetro.js';
import { resotoConfigPath } from './resoto.js';
import { rolesOf, toolTargets } from './select.js';
import { spinnakerPaths } from './spinnaker.js';

/**
 * `access`: only what makes a generated file fail to get in (for plan and apply, whose output is
 * about IAM); `all` adds notes on how the files behave (for validate and synth).
 */
export type OutputWarnings = 'access' | 'all';

export function outputWarnings(spec: Spec, state: DesiredState, org: Org, which: OutputWarnings): PathIssue[] {
  const access = state.templates.flatMap((template) => sourceIdentityWarnings(spec, state, template));
  return which === 'all' ? [...resotoAccountListWarnings(state, org), ...access] : access;
}

/** Resoto configs whose hub may not list the organization: say that they list the accounts instead, and how to change that. */
function resotoAccountListWarnings(state: DesiredState, org: Org): PathIssue[] {
  const byHub = new Map<DesiredHub, string[]>();
  for (const target of toolTargets(state)) {
    if (!resotoScrapesOrg(org, target.hub.accountId)) byHub.set(target.hub, [...(byHub.get(target.hub) ?? []), resotoConfigPath(target)]);
  }
  return [...byHub].map(([hub, paths]) => ({
    path: ['hubs', hub.name, 'account'],
    severity: 'warning',
    message:
      `${paths.join(', ')} ${paths.length > 1 ? 'list' : 'lists'} the targeted accounts (scrape_org: false): hub "${hub.name}" is in account ${hub.accountId}, which is neither the management account ` +
      'nor a delegated administrator, so it cannot list the organization (organizations:ListAccounts). Run crossrole synth again when accounts join, or, to let Resoto ' +
      'follow the organization, put the hub in the management account or in a delegated administrator (then run crossrole discover again)',
  }));
}

/** Files for a role whose trust requires sts:SourceIdentity, written for callers that cannot set it: one warning per role. */
function sourceIdentityWarnings(spec: Spec, state: DesiredState, template: RoleTemplate): PathIssue[] {
  if (!spec.roles[template.name]?.trust.requireSourceIdentity) return [];
  const roles = rolesOf(state, template);
  const profiles = roles.some((role) => profileSource(state, role)?.kind === 'hub');
  const tools: string[] = [];
  for (const target of toolTargets(state).filter((t) => t.template === template)) {
    const spinnaker = spinnakerPaths(target);
    tools.push(`Spinnaker (${spinnaker.halyard}, ${spinnaker.clouddriver})`, `Resoto (${resotoConfigPath(target)})`);
  }
  const arns = new Set(roles.map((role) => role.arn));
  const micetro = micetroPolicies(state).filter((file) => arns.has(file.spokeArn));
  if (micetro.length) tools.push(`Micetro (${micetro[0]!.path}${micetro.length > 1 ? ` and ${micetro.length - 1} more` : ''})`);
  if (!profiles && !tools.length) return [];

  const callers = [...(profiles ? [`the ${AWS_CONFIG_PATH} profiles (role_arn with source_profile)`] : []), ...tools];
  const ways = [
    ...(profiles ? ['for the profiles, use crossrole profiles (its credential_process sets SourceIdentity)'] : []),
    ...(tools.length ? ['for the tools, turn requireSourceIdentity off for this role or give them a spoke role of their own without it'] : []),
  ];
  return [
    {
      path: ['roles', template.name, 'trust', 'requireSourceIdentity'],
      severity: 'warning',
      message: `${listed(callers)} cannot set sts:SourceIdentity, which the trust of ${template.name} requires, so AWS refuses them: ${ways.join('; ')}`,
    },
  ];
}

function listed(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]!;
}
