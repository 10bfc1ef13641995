// Spinnaker: the hub is the managing account, each targeted account a managed account that
// clouddriver reaches by assuming the spoke role.
import { stringify } from 'yaml';
import type { DesiredHub, DesiredState, RoleTemplate } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import { commentText, roleResource, shellQuote } from './format.js';
import { accountNames, spinnakerSafe } from './names.js';
import { rolesOf, toolTargets } from './select.js';

function renderRole(state: DesiredState, template: RoleTemplate, hub: DesiredHub, names: Map<string, string>, dir: string, files: Map<string, string>): void {
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
  files.set(`${dir}/halyard.sh`, `${script.join('\n')}\n`);

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
  files.set(`${dir}/clouddriver-accounts.yml`, `${header}\n${stringify(clouddriver)}`);
}

export function renderSpinnaker(state: DesiredState, org: Org, files: Map<string, string>): void {
  const names = accountNames(state, org, spinnakerSafe);
  for (const { template, hub, single } of toolTargets(state)) {
    renderRole(state, template, hub, names, single ? 'spinnaker' : `spinnaker/${template.name}`, files);
  }
}
