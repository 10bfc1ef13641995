import type { Command } from 'commander';
import { whoCanAssume } from '../../graph/queries.js';
import { plural, printJson } from '../output.js';
import { accountText, loadGraph, positiveInteger, printReached } from './graph.js';

export function registerWhoCanAssume(program: Command): void {
  program
    .command('who-can-assume')
    .description('every principal that can reach a role, directly or through other roles, with the shortest path(s) and what each hop needs')
    .argument('<role-arn>', 'the role (its ARN; the path may be left out)')
    .requiredOption('--snapshot <dir>', 'snapshot directory (org.json and accounts/<id>.json)')
    .option('--max-hops <n>', 'follow at most n assume-role hops', positiveInteger('--max-hops'))
    .option('--paths <n>', 'shortest paths shown per principal', positiveInteger('--paths'), 1)
    .option('--json', 'print {"role": {...}, "principals": [{"node", "hops", "paths": [{"hops": [{"from", "to", "action", "conditions", "summary", "risk"?}], "conditions", "risky"}]}]}')
    .addHelpText('after', '\nExample:\n  crossrole who-can-assume arn:aws:iam::333333333333:role/Admin --snapshot snap/ --max-hops 3')
    .action((roleArn: string, opts: { snapshot: string; maxHops?: number; paths: number; json?: boolean }) => {
      const graph = loadGraph(opts.snapshot);
      const result = whoCanAssume(graph, roleArn, { ...(opts.maxHops !== undefined && { maxHops: opts.maxHops }), maxPaths: opts.paths });
      if (opts.json) return printJson(result);
      const risky = result.principals.filter((p) => p.paths.some((path) => path.risky)).length;
      process.stdout.write(`${result.role.arn} in ${accountText(result.role)} can be assumed by ${plural(result.principals.length, 'principal')}${risky ? `, ${risky} through a risky trust` : ''}${opts.maxHops ? ` within ${plural(opts.maxHops, 'hop')}` : ''}\n`);
      if (result.principals.length) printReached(result.principals, 'PRINCIPAL');
    });
}
