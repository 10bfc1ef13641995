// Resoto worker config: collect the whole org through the spoke role.
import { stringify } from 'yaml';
import type { DesiredState } from '../desired/types.js';
import type { Org } from '../org/schema.js';
import { commentText, compareStrings } from './format.js';
import { toolTargets } from './select.js';

export function renderResoto(state: DesiredState, org: Org, files: Map<string, string>): void {
  for (const { template, hub, single } of toolTargets(state)) {
    const config = {
      resotoworker: { collector: ['aws'] },
      aws: {
        // Resoto builds arn:…:iam::<account>:role/<role>, so a role path goes in front of the name.
        role: `${template.path.slice(1)}${template.name}`,
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
    };
    const header = [
      `# Resoto worker config for crossrole spoke role ${template.name} (spec ${commentText(state.specName)}).`,
      `# Run the worker with the credentials of hub ${hub.name} (${hub.arn}); merge into resoto.worker.`,
    ].join('\n');
    files.set(single ? 'resoto/worker.yaml' : `resoto/worker-${template.name}.yaml`, `${header}\n${stringify(config)}`);
  }
}
