import type { Command } from 'commander';
import { loadInputs } from '../inputs.js';
import { plural, printJson, printWarnings } from '../output.js';

export function registerTargets(program: Command): void {
  program
    .command('targets')
    .description('show which accounts get each spoke role, which are skipped and why, and how each hub policy is built')
    .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
    .requiredOption('--org <file>', 'organization model (org.json)')
    .option('--json', 'print the resolution as JSON')
    .addHelpText('after', '\nExample:\n  crossrole targets --spec examples/hub-spoke.yaml --org examples/org.json')
    .action(async (opts: { spec: string; org: string; json?: boolean }) => {
      const { desired, org, warnings } = await loadInputs(opts.spec, opts.org);
      const { state } = desired!;
      const nameOf = (id: string) => org!.accountsById.get(id)?.name ?? id;
      const hubs = state.hubs.map((h) => ({
        hub: h.name,
        arn: h.arn,
        strategy: h.strategy,
        spokes: h.spokeArns.length,
        policies: Object.keys(h.policies),
        managedPolicies: Object.keys(h.managedPolicies),
        extraGroups: h.extraGroups.map((g) => ({ name: g.name, policies: Object.keys(g.policies) })),
      }));
      if (opts.json) {
        printJson({
          roles: state.targets.map((t) => ({ role: t.role, accounts: t.accountIds.map((id) => ({ id, name: nameOf(id) })) })),
          skipped: state.skipped,
          hubs,
        });
        return;
      }
      printWarnings(warnings);
      for (const t of state.targets) {
        process.stdout.write(`${t.role}: ${plural(t.accountIds.length, 'account')}\n`);
        for (const id of t.accountIds) process.stdout.write(`  ${id}  ${nameOf(id)}\n`);
      }
      if (state.skipped.length) {
        process.stdout.write('skipped:\n');
        for (const s of state.skipped) process.stdout.write(`  ${s.accountId}  ${s.accountName}  ${s.role}: ${s.reason}\n`);
      }
      for (const h of hubs) process.stdout.write(`hub ${h.hub} (${h.arn}): ${policySummary(h)}\n`);
    });
}

type HubSummary = { strategy: string; spokes: number; policies: string[]; managedPolicies: string[]; extraGroups: { name: string; policies: string[] }[] };

/** How the hub's policies name its spokes and where they go: inline, managed policies, further groups. */
function policySummary(hub: HubSummary): string {
  if (hub.strategy === 'per-target') {
    const groups = [`${hub.policies.length} in the hub group`, ...hub.extraGroups.map((g) => `${g.policies.length} in group ${g.name}`)];
    return `one inline policy per spoke for ${plural(hub.spokes, 'spoke')} (inline policies: ${groups.join(', ')})`;
  }
  const where = [`inline ${hub.policies.join(', ')}`, ...(hub.managedPolicies.length ? [`managed ${hub.managedPolicies.join(', ')}`] : [])];
  return `${hub.strategy} policy for ${plural(hub.spokes, 'spoke')}${hub.policies.length ? ` (${where.join('; ')})` : ''}`;
}
