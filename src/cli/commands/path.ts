import type { Command } from 'commander';
import { pathsBetween } from '../../graph/queries.js';
import { plural, printJson } from '../output.js';
import { loadGraph, queryOptions, route, withQueryFlags, type QueryFlags } from './graph.js';

export function registerPath(program: Command): void {
  withQueryFlags(
    program
      .command('path')
      .description('the shortest ways from a principal to a role, each hop with what it needs')
      .argument('<from-arn>', 'a user or role ARN, an account id or root ARN, a service, a SAML/OIDC provider, or "*"')
      .argument('<to-arn>', 'the role'),
    'shortest paths shown',
    3,
    'print {"from": {...}, "to": {...}, "hops": n | null, "paths": [{"hops": [...], "conditions", "risky"}]}',
  )
    .addHelpText('after', '\nExit 1 when there is no path.\n\nExample:\n  crossrole path arn:aws:iam::222222222222:user/alice arn:aws:iam::333333333333:role/Admin --snapshot snap/')
    .action((fromArn: string, toArn: string, flags: QueryFlags) => {
      const result = pathsBetween(loadGraph(flags.snapshot), fromArn, toArn, queryOptions(flags));
      if (result.hops === null) process.exitCode = 1;
      if (flags.json) return printJson(result);
      if (result.hops === null) {
        process.stdout.write(`${result.from.arn} cannot reach ${result.to.arn}${flags.maxHops ? ` within ${plural(flags.maxHops, 'hop')}` : ''}\n`);
        return;
      }
      process.stdout.write(`${result.from.arn} -> ${result.to.arn}: ${plural(result.hops, 'hop')}, ${plural(result.paths.length, 'shortest path')} shown\n`);
      result.paths.forEach((path, i) => {
        process.stdout.write(`\n${i + 1}. ${route(path)}\n`);
        path.hops.forEach((hop, h) => process.stdout.write(`   ${h + 1}) ${hop.from} -> ${hop.to} [${hop.action}]: ${hop.summary}${hop.risk ? `\n      risky: ${hop.risk}` : ''}\n`));
        process.stdout.write(`   conditions: ${path.conditions}\n`);
      });
    });
}
