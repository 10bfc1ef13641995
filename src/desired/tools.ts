// What the tool configs synth writes (Spinnaker, Resoto, AWS CLI profiles) take from the desired
// state: the hub each uses, and what that hub must be allowed besides assuming its spokes. The
// renderers and the hub policy both ask here, so a config never relies on a grant the hub lacks.
import type { Org } from '../org/schema.js';
import type { Statement } from '../policy/document.js';
import type { RoleTemplate } from './types.js';

/** The hub a tool config uses for a role: its first trusted hub, in spec order. */
export function toolHubName(template: Pick<RoleTemplate, 'hubs'>): string | undefined {
  return template.hubs[0];
}

/**
 * Whether Resoto may collect the organization by listing it (`scrape_org`) with the credentials of
 * a hub in this account: AWS Organizations answers ListAccounts only in the management account and
 * in delegated administrators. Elsewhere the config lists the targeted accounts itself.
 */
export function resotoScrapesOrg(org: Org, hubAccountId: string): boolean {
  return hubAccountId === org.managementAccountId || (org.delegatedAdministrators ?? []).includes(hubAccountId);
}

const LIST_ACCOUNTS_FOR_RESOTO: Statement = { Sid: 'ResotoScrapeOrgListAccounts', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' };

/** Statements the hub's identity policy needs for the tool configs that use this hub. */
export function hubToolStatements(org: Org, hub: { name: string; accountId: string }, templates: Pick<RoleTemplate, 'hubs'>[]): Statement[] {
  const usedByTools = templates.some((template) => toolHubName(template) === hub.name);
  return usedByTools && resotoScrapesOrg(org, hub.accountId) ? [LIST_ACCOUNTS_FOR_RESOTO] : [];
}
