// Reads the organization into the org.json model: roots, nested OUs, accounts (status, tags),
// delegated administrators, SCPs and RCPs with their documents and targets. Every list call is paginated.
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import type { Org } from '../org/schema.js';
import { UserError } from '../errors.js';
import { attempt } from './errors.js';
import { tokenPages as pages } from './pages.js';

export interface DiscoverProgress {
  (message: string): void;
}

/** Organizations allows a few requests per second per account: keep parallelism low. */
const ORGANIZATIONS_CONCURRENCY = 4;
const POLICY_TYPES: { type: PolicyType; orgType: Org['policies'][number]['type'] }[] = [
  { type: 'SERVICE_CONTROL_POLICY', orgType: 'SERVICE_CONTROL_POLICY' },
  { type: 'RESOURCE_CONTROL_POLICY', orgType: 'RESOURCE_CONTROL_POLICY' },
];

export async function discoverOrganization(client: OrganizationsClient, progress: DiscoverProgress = () => {}): Promise<Org> {
  const limit = pLimit(ORGANIZATIONS_CONCURRENCY);
  const described = await attempt({ call: 'organizations:DescribeOrganization' }, () => client.send(new DescribeOrganizationCommand({})));
  const organization = described.Organization!;
  const roots = await pages({ call: 'organizations:ListRoots' }, (NextToken) => client.send(new ListRootsCommand({ NextToken })), (r) => r.Roots ?? []);

  const organizationalUnits: Org['organizationalUnits'] = [];
  const accounts: Org['accounts'] = [];
  // Breadth-first over the OU tree; each level's containers are read in parallel.
  let level = roots.map((r) => r.Id!);
  while (level.length) {
    const next: string[] = [];
    await Promise.all(
      level.map((parentId) =>
        limit(async () => {
          const [ous, members] = await Promise.all([
            pages({ call: 'organizations:ListOrganizationalUnitsForParent' }, (NextToken) => client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken })), (r) => r.OrganizationalUnits ?? []),
            pages({ call: 'organizations:ListAccountsForParent' }, (NextToken) => client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken })), (r) => r.Accounts ?? []),
          ]);
          for (const ou of ous) {
            organizationalUnits.push({ id: ou.Id!, name: ou.Name ?? ou.Id!, parentId });
            next.push(ou.Id!);
          }
          for (const a of members) {
            accounts.push({ id: a.Id!, name: a.Name ?? a.Id!, ...(a.Email !== undefined && { email: a.Email }), status: accountStatus(a.Status), parentId, tags: {} });
          }
        }),
      ),
    );
    level = next;
    progress(`${organizationalUnits.length} OUs, ${accounts.length} accounts`);
  }

  await Promise.all(
    accounts.map((account) =>
      limit(async () => {
        const tags = await pages({ call: 'organizations:ListTagsForResource', accountId: account.id }, (NextToken) => client.send(new ListTagsForResourceCommand({ ResourceId: account.id, NextToken })), (r) => r.Tags ?? []);
        // fromEntries defines every key (a tag named __proto__ too) where assignment would not.
        account.tags = Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? '']));
      }),
    ),
  );
  progress(`tags of ${accounts.length} accounts`);

  const delegatedAdministrators = await readDelegatedAdministrators(client, progress);

  const policies: Org['policies'] = [];
  for (const { type, orgType } of POLICY_TYPES) {
    const listed = await pages({ call: 'organizations:ListPolicies' }, (NextToken) => client.send(new ListPoliciesCommand({ Filter: type, NextToken })), (r) => r.Policies ?? []).catch((error: unknown) => {
      // An organization (or emulator) without this policy type enabled simply has none.
      if (isUnsupportedPolicyType(error)) return [];
      throw error;
    });
    await Promise.all(
      listed.map((summary) =>
        limit(async () => {
          const [detail, targets] = await Promise.all([
            attempt({ call: 'organizations:DescribePolicy' }, () => client.send(new DescribePolicyCommand({ PolicyId: summary.Id! }))),
            pages({ call: 'organizations:ListTargetsForPolicy' }, (NextToken) => client.send(new ListTargetsForPolicyCommand({ PolicyId: summary.Id!, NextToken })), (r) => r.Targets ?? []),
          ]);
          policies.push({
            id: summary.Id!,
            type: orgType,
            name: summary.Name ?? summary.Id!,
            ...(summary.Description && { description: summary.Description }),
            ...(summary.AwsManaged !== undefined && { awsManaged: summary.AwsManaged }),
            document: JSON.parse(detail.Policy?.Content ?? '{}') as Org['policies'][number]['document'],
            targets: targets.map((t) => t.TargetId!).sort(),
          });
        }),
      ),
    );
  }
  progress(`${policies.length} SCPs and RCPs`);

  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return {
    organizationId: organization.Id!,
    managementAccountId: organization.MasterAccountId!,
    // ListRoots says which policy types are enabled: a disabled type is no layer at all, not a missing one.
    roots: roots
      .map((r) => ({ id: r.Id!, name: r.Name ?? 'Root', ...(r.PolicyTypes && { policyTypes: r.PolicyTypes.map((t) => ({ type: t.Type!, status: t.Status! })).sort((a, b) => a.type.localeCompare(b.type)) }) }))
      .sort(byId),
    organizationalUnits: organizationalUnits.sort(byId),
    accounts: accounts.sort(byId),
    ...(delegatedAdministrators && { delegatedAdministrators }),
    policies: policies.sort(byId),
  };
}

/**
 * Accounts that, like the management account, may list the organization's accounts (what Resoto's
 * scrape_org needs). Only generated configs depend on it, so a refusal (credentials of a delegated
 * administrator, an emulator without the call) leaves it out, which reads as "none", instead of failing discover.
 */
async function readDelegatedAdministrators(client: OrganizationsClient, progress: DiscoverProgress): Promise<string[] | undefined> {
  try {
    const admins = await pages(
      { call: 'organizations:ListDelegatedAdministrators' },
      (NextToken) => client.send(new ListDelegatedAdministratorsCommand({ NextToken })),
      (r) => r.DelegatedAdministrators ?? [],
    );
    progress(`${admins.length} delegated administrators`);
    return admins.map((admin) => admin.Id!).sort();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    progress(`delegated administrators not read (${error.message}); org.json leaves them out`);
    return undefined;
  }
}

function accountStatus(status: string | undefined): Org['accounts'][number]['status'] {
  return status === 'SUSPENDED' || status === 'PENDING_CLOSURE' ? status : 'ACTIVE';
}

function isUnsupportedPolicyType(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  const cause = ((error as { cause?: { name?: string } }).cause?.name ?? '') as string;
  return /PolicyTypeNotEnabled|PolicyTypeNotAvailable|InvalidInput|UnsupportedAPIEndpoint/.test(`${name} ${cause}`);
}
