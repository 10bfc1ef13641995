import type { Command } from 'commander';
import { reachableRoles } from '../../graph/queries.js';
import { plural, printJson } from '../output.js';
import { accountText, loadGraph, printReached, queryOptions, withQueryFlags, type QueryFlags } from './graph.js';

export function registerReach(program: Command): void {
  withQueryFlags(
    program
      .command('reach')
      .description('every role (and so every account) a principal can reach, directly or by chaining roles')
      .argument('<principal-arn>', 'a user or role ARN, an account id or root ARN, a service, a SAML/OIDC provider, or "*"'),
    'shortest paths shown per role',
    1,
    'print {"principal": {...}, "roles": [{"node", "hops", "paths"}], "accounts": [{"accountId", "accountName", "inOrg", "roles"}]}',
  )
    .addHelpText('after', '\nExample:\n  crossrole reach arn:aws:iam::222222222222:user/alice --snapshot snap/')
    .action((principalArn: string, flags: QueryFlags) => {
      const result = reachableRoles(loadGraph(flags.snapshot), principalArn, queryOptions(flags));
      if (flags.json) return printJson(result);
      process.stdout.write(`${result.principal.arn} can reach ${plural(result.roles.length, 'role')} in ${plural(result.accounts.length, 'account')}\n`);
      if (!result.roles.length) return;
      printReached(result.roles, 'ROLE');
      process.stdout.write('\nACCOUNTS\n');
      for (const a of result.accounts) process.stdout.write(`  ${accountText({ ...a, arn: '', kind: 'account', name: a.accountName })}: ${plural(a.roles, 'role')}\n`);
    });
}
