import type { Command } from 'commander';
import { whoCanAssume } from '../../graph/queries.js';
import { plural, printJson } from '../output.js';
import { accountText, loadGraph, printReached, queryOptions, withQueryFlags, type QueryFlags } from './graph.js';

export function registerWhoCanAssume(program: Command): void {
  withQueryFlags(
    program
      .command('who-can-assume')
      .description('every principal that can reach a role, directly or through other roles, with the shortest path(s) and what each hop needs')
      .argument('<role-arn>', 'the role (its ARN; the path may be left out)'),
    'shortest paths shown per principal',
    1,
    'print {"role": {...}, "principals": [{"node", "hops", "paths": [{"hops": [{"from", "to", "action", "conditions", "summary", "risk"?}], "conditions", "risky"}]}]}',
  )
    .addHelpText('after', '\nExample:\n  crossrole who-can-assume arn:aws:iam::333333333333:role/Admin --snapshot snap/ --max-hops 3')
    .action((roleArn: string, flags: QueryFlags) => {
      const result = whoCanAssume(loadGraph(flags.snapshot), roleArn, queryOptions(flags));
      if (flags.json) return printJson(result);
      const risky = result.principals.filter((p) => p.paths.some((path) => path.risky)).length;
      process.stdout.write(`${result.role.arn} in ${accountText(result.role)} can be assumed by ${plural(result.principals.length, 'principal')}${risky ? `, ${risky} through a risky trust` : ''}${flags.maxHops ? ` within ${plural(flags.maxHops, 'hop')}` : ''}\n`);
      if (result.principals.length) printReached(result.principals, 'PRINCIPAL');
    });
}
