// Resoto worker config: collect the targeted accounts through the spoke role.
import { stringify } from 'yaml';
import { resotoScrapesOrg } from '../desired/tools.js';
import type { DesiredState } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import { commentText } from './format.js';
import { compareStrings } from '../compare-strings.js';
import { toolTargets, type ToolTarget } from './select.js';

export const resotoConfigPath = ({ template, single }: ToolTarget): string => (single ? 'resoto/worker.yaml' : `resoto/worker-${template.name}.yaml`);

/** The `aws:` settings: Resoto lists the organization itself when the hub may, else it gets the targeted accounts. */
function collectorSettings(org: Org, { template, hub }: ToolTarget): { settings: Record<string, unknown>; about: string } {
  // Resoto builds arn:…:iam::<account>:role/<role>, so a role path goes in front of the name.
  const role = `${template.path.slice(1)}${template.name}`;
  if (!resotoScrapesOrg(org, hub.accountId)) {
    return {
      settings: { role, scrape_org: false, account: template.accountIds },
      about: `Account ${hub.accountId} is neither the management account nor a delegated administrator, so it cannot list the organization (organizations:ListAccounts): the targeted accounts are listed, run crossrole synth again when accounts join.`,
    };
  }
  return {
    settings: {
      role,
      scrape_org: true,
      // Resoto refuses assume_current without do_not_scrape_current (it would collect the
      // account twice): the hub account is collected through the role, or not at all when
      // it is not a target.
      assume_current: template.accountIds.includes(hub.accountId),
      do_not_scrape_current: true,
      // scrape_org lists every org account; those without the role would only fail.
      scrape_exclude_account: org.accounts
        .map((account) => account.id)
        .filter((id) => !template.accountIds.includes(id))
        .sort(compareStrings),
    },
    about: `Account ${hub.accountId} is the management account or a delegated administrator, so the hub may list the organization: its crossrole policy allows organizations:ListAccounts for scrape_org.`,
  };
}

export function renderResoto(state: DesiredState, org: Org, files: Map<string, string>): void {
  for (const target of toolTargets(state)) {
    const { settings, about } = collectorSettings(org, target);
    const config = { resotoworker: { collector: ['aws'] }, aws: settings };
    const header = [
      `# Resoto worker config for crossrole spoke role ${target.template.name} (spec ${commentText(state.specName)}).`,
      `# Run the worker with the credentials of hub ${target.hub.name} (${target.hub.arn}); merge into resoto.worker.`,
      `# ${about}`,
    ].join('\n');
    files.set(resotoConfigPath(target), `${header}\n${stringify(config)}`);
  }
}
