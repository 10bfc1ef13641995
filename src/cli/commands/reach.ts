import type { Command } from 'commander';
import { reachableRoles } from '../../graph/queries.js';
import { plural, printJson } from '../output.js';
import { accountText, loadGraph, positiveInteger, printReached } from './graph.js';

export function registerReach(program: Command): void {
  program
    .command('reach')
    .description('every role (and so every account) a principal can reach, directly or by chaining roles')
    .argument('<principal-arn>', 'a user or role ARN, an account id or root ARN, a service, a SAML/OIDC provider, or "*"')
    .requiredOption('--snapshot <dir>', 'snapshot directory (org.json and accounts/<id>.json)')
    .option('--max-hops <n>', 'follow at most n assume-role hops', positiveInteger('--max-hops'))
    .option('--paths <n>', 'shortest paths shown per role', positiveInteger('--paths'), 1)
    .option('--json', 'print {"principal": {...}, "roles": [{"node", "hops", "paths"}], "accounts": [{"accountId", "accountName", "inOrg", "roles"}]}')
    .addHelpText('after', '\nExample:\n  crossrole reach arn:aws:iam::222222222222:user/alice --snapshot snap/')
    .action((principalArn: string, opts: { snapshot: string; maxHops?: number; paths: number; json?: boolean }) => {
      const graph = loadGraph(opts.snapshot);
      const result = reachableRoles(graph, principalArn, { ...(opts.maxHops !== undefined && { maxHops: opts.maxHops }), maxPaths: opts.paths });
      if (opts.json) return printJson(result);
      process.stdout.write(`${result.principal.arn} can reach ${plural(result.roles.length, 'role')} in ${plural(result.accounts.length, 'account')}\n`);
      if (!result.roles.length) return;
      printReached(result.roles, 'ROLE');
      process.stdout.write('\nACCOUNTS\n');
      for (const a of result.accounts) process.stdout.write(`  ${accountText({ ...a, arn: '', kind: 'account', name: a.accountName })}: ${plural(a.roles, 'role')}\n`);
    });
}
