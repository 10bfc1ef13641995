import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { readInputFile } from '../../file-errors.js';
import { parseActionList } from '../../permissions/action-list.js';
import { loadCatalog } from '../../permissions/catalog.js';
import { compressActions, MANAGED_POLICY_LIMIT, type AllowExtra } from '../../permissions/compress.js';
import { resolveActions, servicesNamed } from '../../permissions/resolve.js';
import { wholeNumber } from '../numbers.js';
import { plural, printJson } from '../output.js';

const ALLOW_EXTRA: AllowExtra[] = ['none', 'read'];

export function registerPermissions(program: Command): void {
  const permissions = program.command('permissions').description('least-privilege action lists: compress them into policies that fit');
  permissions
    .command('compress')
    .description(`compress a list of IAM actions into the fewest policy documents of at most ${MANAGED_POLICY_LIMIT} characters, granting exactly those actions`)
    .argument('<file>', 'a JSON array of action names, a text file with one a line, or a policy document whose Allow actions are taken')
    .option('--allow-extra <level>', `none: grant exactly the listed actions; read: wildcards may also grant unlisted Read and List actions (reported)`, 'none')
    .option('--max-policies <n>', 'fail (exit 1) when the documents would be more than n', wholeNumber(1))
    .option('--json', 'print {"policies": [...], "actions": n, "extra": [...], "size": characters}')
    .addHelpText('after', '\nExample:\n  crossrole permissions compress examples/permissions/resoto-actions.txt --allow-extra read\n\nThe documents go to stdout, a summary naming the IAM catalog to stderr.')
    .action(async (file: string, opts: { allowExtra: string; maxPolicies?: number; json?: boolean }) => {
      if (!ALLOW_EXTRA.includes(opts.allowExtra as AllowExtra)) throw new UserError(`--allow-extra must be one of ${ALLOW_EXTRA.join(', ')}`, 2);
      const entries = parseActionList(file, readInputFile(file, 'action list'));
      const services = servicesNamed(entries);
      const catalog = await loadCatalog(services ?? 'all');
      const actions = resolveActions(file, entries, catalog);
      const result = compressActions(actions, catalog, { allowExtra: opts.allowExtra as AllowExtra });
      if (opts.maxPolicies !== undefined && result.policies.length > opts.maxPolicies) {
        const hint = opts.allowExtra === 'none' ? '; --allow-extra read may make them fit' : '';
        throw new UserError(`${file}: ${plural(result.actions, 'action')} need ${plural(result.policies.length, 'policy document')} of at most ${MANAGED_POLICY_LIMIT} characters, more than --max-policies ${opts.maxPolicies}${hint}`, 1);
      }
      if (opts.json) printJson(result);
      else for (const policy of result.policies) printJson(policy);
      const extra = opts.allowExtra === 'read' ? `, ${plural(result.extra.length, 'unlisted Read/List action')} granted too` : ', exactly';
      process.stderr.write(`${plural(result.actions, 'action')} in ${plural(result.policies.length, 'policy document')}, ${result.size} characters${extra} (catalog ${catalog.source})\n`);
    });
}
