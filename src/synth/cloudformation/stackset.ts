// A StackSet that rolls the spoke template out org-wide, deployed once from the management
// (or delegated administrator) account.
import type { DesiredState, RoleTemplate } from '../../desired/types.js';
import type { Org } from '../../org/schema.js';
import type { Json, JsonObject } from '../format.js';
import { parameterSection, type CfnParameter, type SpokeTemplate } from './spoke.js';

/** ACTIVE accounts a SERVICE_MANAGED StackSet reaches through these OUs (never the management account). */
function accountsUnder(org: Org, ous: string[]): Set<string> {
  const parents = new Map<string, string>(org.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const reached = new Set<string>();
  for (const account of org.accounts) {
    if (account.status !== 'ACTIVE' || account.id === org.managementAccountId) continue;
    const seen = new Set<string>();
    for (let node: string | undefined = account.parentId; node !== undefined && !seen.has(node); node = parents.get(node)) {
      seen.add(node);
      if (ous.includes(node)) {
        reached.add(account.id);
        break;
      }
    }
  }
  return reached;
}

function sameSet(a: Set<string>, b: string[]): boolean {
  return a.size === b.length && b.every((id) => a.has(id));
}

const splitRef = (name: string): Json => ({ 'Fn::Split': [' ', { Ref: name }] });

/** StackSet names: a letter, then letters, digits and hyphens, at most 128 characters. */
function stackSetName(state: DesiredState, template: RoleTemplate): string {
  return `crossrole-${state.specName}-${template.name}`.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 128);
}

export function stackSetTemplate(state: DesiredState, org: Org, template: RoleTemplate, spoke: SpokeTemplate): JsonObject {
  const targetAccounts = template.accountIds.filter((id) => id !== org.managementAccountId);
  // OU targets alone would overshoot when the spec picks accounts by id, tag or exclusion.
  const needsFilter = !sameSet(accountsUnder(org, template.deploymentOus), targetAccounts);
  const notes = [
    `crossrole: StackSet for spoke role ${template.name} (spec ${state.specName}).`,
    'AutoDeployment and OU targets apply only with PermissionModel SERVICE_MANAGED; SELF_MANAGED deploys to DeploymentTargetAccountIds.',
    'Regions defaults to one region because IAM is global: a second region would create the same role again and fail.',
  ];
  if (needsFilter) notes.push('The OU targets are intersected with DeploymentTargetAccountIds, so accounts added later need a re-synthesized template.');
  if (targetAccounts.length !== template.accountIds.length) {
    notes.push(`SERVICE_MANAGED StackSets never deploy to the management account ${org.managementAccountId}: deploy the spoke template there as a stack.`);
  }

  const parameters: CfnParameter[] = [
    {
      name: 'DeploymentTargetOrganizationalUnitIds',
      type: 'String',
      default: template.deploymentOus.join(' '),
      description: 'Space-separated OU or root ids to deploy to (SERVICE_MANAGED).',
    },
    {
      name: 'DeploymentTargetAccountIds',
      type: 'String',
      default: template.accountIds.join(' '),
      description: needsFilter
        ? 'Space-separated account ids: the only accounts within the OUs that get the role (SERVICE_MANAGED), or the accounts to deploy to (SELF_MANAGED).'
        : 'Space-separated account ids to deploy to (SELF_MANAGED only).',
    },
    { name: 'Regions', type: 'CommaDelimitedList', default: state.regions[0] ?? 'us-east-1', description: 'Regions to deploy the stack instances to.' },
  ];
  const section: JsonObject = {
    ...parameterSection(parameters),
    PermissionModel: {
      Type: 'String',
      Default: 'SERVICE_MANAGED',
      AllowedValues: ['SERVICE_MANAGED', 'SELF_MANAGED'],
      Description: 'SERVICE_MANAGED uses AWS Organizations (and enables automatic deployment to new accounts).',
    },
    CallAs: {
      Type: 'String',
      Default: 'SELF',
      AllowedValues: ['SELF', 'DELEGATED_ADMIN'],
      Description: 'DELEGATED_ADMIN when deploying from a delegated administrator account (SERVICE_MANAGED only).',
    },
    // Passed through to every stack instance.
    ...parameterSection(spoke.parameters),
  };

  const serviceTargets: JsonObject = { OrganizationalUnitIds: splitRef('DeploymentTargetOrganizationalUnitIds') };
  if (needsFilter) {
    serviceTargets.AccountFilterType = 'INTERSECTION';
    serviceTargets.Accounts = splitRef('DeploymentTargetAccountIds');
  }
  const properties: JsonObject = {
    StackSetName: stackSetName(state, template),
    Description: `crossrole spoke role ${template.name}`,
    PermissionModel: { Ref: 'PermissionModel' },
    CallAs: { Ref: 'CallAs' },
    AutoDeployment: { 'Fn::If': ['IsServiceManaged', { Enabled: true, RetainStacksOnAccountRemoval: false }, { Ref: 'AWS::NoValue' }] },
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    // Every account and region at once; a few failures must not throttle the rest of the rollout.
    OperationPreferences: {
      RegionConcurrencyType: 'PARALLEL',
      MaxConcurrentPercentage: 100,
      FailureTolerancePercentage: 10,
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    },
    Parameters: spoke.parameters.map((p): Json => {
      const ref: Json = { Ref: p.name };
      return { ParameterKey: p.name, ParameterValue: p.type === 'CommaDelimitedList' ? { 'Fn::Join': [',', ref] } : ref };
    }),
    StackInstancesGroup: [
      {
        DeploymentTargets: { 'Fn::If': ['IsServiceManaged', serviceTargets, { Accounts: splitRef('DeploymentTargetAccountIds') }] },
        Regions: { Ref: 'Regions' },
      },
    ],
    // Compact: TemplateBody is limited to 51,200 bytes.
    TemplateBody: JSON.stringify(spoke.body),
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: notes.join(' '),
    Parameters: section,
    Conditions: { IsServiceManaged: { 'Fn::Equals': [{ Ref: 'PermissionModel' }, 'SERVICE_MANAGED'] } },
    Resources: { SpokeStackSet: { Type: 'AWS::CloudFormation::StackSet', Properties: properties } },
    Outputs: { StackSetId: { Description: 'Id of the StackSet.', Value: { Ref: 'SpokeStackSet' } } },
  };
}
