// Spinnaker: the hub is the managing account, each targeted account a managed account that
// clouddriver reaches by assuming the spoke role.
import { stringify } from 'yaml';
import type { DesiredState } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import { commentText, roleResource, shellQuote } from './format.js';
import { accountNames, spinnakerSafe } from './names.js';
import { rolesOf, toolTargets, type ToolTarget } from './select.js';

export function spinnakerPaths({ template, single }: ToolTarget): { halyard: string; clouddriver: string } {
  const dir = single ? 'spinnaker' : `spinnaker/${template.name}`;
  return { halyard: `${dir}/halyard.sh`, clouddriver: `${dir}/clouddriver-accounts.yml` };
}

function renderRole(state: DesiredState, { template, hub }: ToolTarget, names: Map<string, string>, paths: { halyard: string; clouddriver: string }, files: Map<string, string>): void {
  const assumeRole = roleResource(template.path, template.name);
  const about = [
    `crossrole spoke role ${template.name} (spec ${commentText(state.specName)}) as Spinnaker managed accounts.`,
    `Spinnaker's managing credentials are those of hub ${hub.name} (${hub.arn}).`,
  ];
  const accounts = rolesOf(state, template).map((role) => ({ name: names.get(role.accountId) ?? role.accountId, accountId: role.accountId }));

  const script = [
    '#!/usr/bin/env bash',
    ...about.map((line) => `# ${line}`),
    '# Accounts that already exist need `hal config provider aws account edit` instead of `add`.',
    'set -euo pipefail',
    '',
    ...accounts.map(
      (account) =>
        `hal config provider aws account add ${shellQuote(account.name)} --account-id ${shellQuote(account.accountId)} --assume-role ${shellQuote(assumeRole)} --regions ${shellQuote(state.regions.join(','))}`,
    ),
    'hal config provider aws enable',
  ];
  files.set(paths.halyard, `${script.join('\n')}\n`);

  const clouddriver = {
    aws: {
      enabled: true,
      defaultAssumeRole: assumeRole,
      accounts: accounts.map((account) => ({
        name: account.name,
        accountId: account.accountId,
        assumeRole,
        regions: state.regions.map((region) => ({ name: region })),
      })),
    },
  };
  const header = [...about, 'Merge into clouddriver-local.yml.'].map((line) => `# ${line}`).join('\n');
  files.set(paths.clouddriver, `${header}\n${stringify(clouddriver)}`);
}

export function renderSpinnaker(state: DesiredState, org: Org, files: Map<string, string>): void {
  const names = accountNames(state, org, spinnakerSafe);
  for (const target of toolTargets(state)) renderRole(state, target, names, spinnakerPaths(target), files);
}
