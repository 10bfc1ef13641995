// Observed state across the organization: every targeted account (and, to prune, every active
// account) read in parallel through the bootstrap role, plus the hubs.
import pLimit from 'p-limit';
import type { DesiredState } from '../desired/types.js';
import type { OrgIndex } from '../org/model.js';
import type { ObservedAccount, ObservedRole, ObservedState } from '../observe/types.js';
import { isSpokePolicyArn } from '../desired/action-policies.js';
import type { AccountAccess } from './accounts.js';
import { observeHub } from './observe-hub.js';
import { observeSpokePolicies } from './managed-policy.js';
import { observeRoles, roleQuery } from './observe.js';

export interface ObserveOptions {
  /** Also read active accounts no longer targeted, to find owned roles to remove. */
  prune: boolean;
  concurrency: number;
  onAccount?: (done: number, total: number, account: ObservedAccount) => void;
}

export async function observeState(access: AccountAccess, desired: DesiredState, org: OrgIndex, options: ObserveOptions): Promise<ObservedState> {
  const targeted = new Set(desired.targets.flatMap((t) => t.accountIds));
  const accountIds = options.prune ? org.org.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id) : [...targeted].sort();
  const query = roleQuery(desired.templates, desired.specName);
  const limit = pLimit(options.concurrency);
  let done = 0;
  const accounts = await Promise.all(
    accountIds.map((accountId) =>
      limit(async (): Promise<ObservedAccount> => {
        let observed: ObservedAccount;
        try {
          const clients = await access.clientsFor(accountId);
          const roles = await observeRoles(clients.iam(), accountId, query);
          const policyArns = spokePolicyArns(desired, accountId, roles);
          observed = { accountId, roles, ...(policyArns.length && { policies: await observeSpokePolicies(clients.iam(), accountId, policyArns) }) };
        } catch (error) {
          observed = { accountId, roles: [], error: (error as Error).message };
        }
        options.onAccount?.(++done, accountIds.length, observed);
        return observed;
      }),
    ),
  );
  const hubs = await Promise.all(
    desired.hubs.map(async (hub) => {
      const clients = await access.clientsFor(hub.accountId);
      return observeHub(clients.iam(), hub);
    }),
  );
  return { accounts, hubs };
}

/** The action-list policies to read in an account: those the spec wants there, and those under crossrole's spoke path its roles have attached. */
function spokePolicyArns(desired: DesiredState, accountId: string, roles: readonly ObservedRole[]): string[] {
  const wanted = desired.roles.filter((r) => r.accountId === accountId && r.actionPolicies).flatMap((r) => r.managedPolicyArns.filter(isSpokePolicyArn));
  const attached = roles.flatMap((r) => r.managedPolicyArns.filter(isSpokePolicyArn));
  return [...new Set([...wanted, ...attached])].sort();
}
