// A StackSet that rolls the spoke template out org-wide, deployed once from the management
// (or delegated administrator) account. Its targets are in the template body, not in parameters:
// they are what the spec resolves to, at any organization size (a parameter value holds 4,096 bytes).
import type { DesiredState, RoleTemplate } from '../../desired/types.js';
import type { OrgIndex } from '../../org/model.js';
import { toJson, type Json, type JsonObject } from '../format.js';
import { planDeploymentTargets, type DeploymentTargets, type TargetGroup } from '../../desired/deployment-targets.js';
import { byteLength, CFN_LIMITS, serializeTemplate } from './limits.js';
import { parameterSection, type SpokeTemplate } from './spoke.js';

/** StackSet names: a letter, then letters, digits and hyphens, at most 128 characters. */
export function stackSetName(state: DesiredState, template: RoleTemplate): string {
  return `crossrole-${state.specName}-${template.name}`.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 128);
}

const accountWord = (n: number): string => `${n.toLocaleString('en-US')} account${n === 1 ? '' : 's'}`;
/** A few OU ids by name, more by number. */
const ouWords = (ous: string[]): string => (ous.length <= 3 ? ous.join(', ') : `${ous.length.toLocaleString('en-US')} OUs`);

function describeGroup({ filter, ous, accounts }: TargetGroup): string {
  if (filter === 'NONE') return `${ouWords(ous)} whole (no account filter)`;
  if (filter === 'DIFFERENCE') return `${ouWords(ous)} without the ${accountWord(accounts.length)} listed (AccountFilterType DIFFERENCE: not targeted, or not ACTIVE so a stack instance there would fail)`;
  return `${ouWords(ous)} limited to the ${accountWord(accounts.length)} listed (AccountFilterType INTERSECTION)`;
}

function deploymentTargets({ filter, ous, accounts }: TargetGroup): JsonObject {
  return filter === 'NONE' ? { OrganizationalUnitIds: ous } : { OrganizationalUnitIds: ous, AccountFilterType: filter, Accounts: accounts };
}

/** The SERVICE_MANAGED groups, and, when `selfManaged`, the SELF_MANAGED alternative: the targeted accounts by id. */
function instancesGroup(targets: DeploymentTargets, template: RoleTemplate, selfManaged: boolean): Json | undefined {
  const regions: Json = { Ref: 'Regions' };
  const service: Json[] = targets.groups.map((group) => ({ DeploymentTargets: deploymentTargets(group), Regions: regions }));
  if (!selfManaged) return service.length > 0 ? service : undefined;
  const self: Json = [{ DeploymentTargets: { Accounts: template.accountIds }, Regions: regions }];
  return { 'Fn::If': ['IsServiceManaged', service.length > 0 ? service : { Ref: 'AWS::NoValue' }, self] };
}

function notes(index: OrgIndex, template: RoleTemplate, targets: DeploymentTargets, selfManaged: boolean): string[] {
  const management = index.org.managementAccountId;
  const reached = template.accountIds.filter((id) => id !== management).length;
  const lines = [
    targets.groups.length > 0
      ? `SERVICE_MANAGED: deploys to the ${accountWord(reached)} targeted through ${targets.groups.map(describeGroup).join('; ')}.`
      : 'SERVICE_MANAGED: no targeted account is reachable through a StackSet, so it has no stack instances.',
    targets.autoDeployment
      ? 'AutoDeployment is on: accounts that join these OUs later get the role, as the spec targets them by OU.'
      : targets.groups.length === 0
        ? 'AutoDeployment is off: there is no OU to follow.'
        : `AutoDeployment is off because ${targets.manual}. Run crossrole synth again and update this stack when accounts join, move or change tags.`,
  ];
  if (template.accountIds.includes(management)) {
    lines.push(`SERVICE_MANAGED StackSets never deploy to the management account ${management}: deploy the spoke template there as a stack.`);
  }
  if (template.accountIds.length > 0) {
    lines.push(
      selfManaged
        ? `PermissionModel SELF_MANAGED deploys to the ${accountWord(template.accountIds.length)} targeted by id instead (each needs the StackSet execution role); AutoDeployment and CallAs apply only to SERVICE_MANAGED.`
        : `SELF_MANAGED is not offered: listing the ${accountWord(template.accountIds.length)} targeted would take this template over the ${CFN_LIMITS.inlineBody.toLocaleString('en-US')} bytes of a request (as readable JSON); for it, deploy the spoke template with a StackSet of your own.`,
    );
  }
  lines.push('Regions defaults to one region because IAM is global: a second region would create the same role again and fail.');
  return lines;
}

function stackSetTemplate(state: DesiredState, index: OrgIndex, template: RoleTemplate, spoke: SpokeTemplate, targets: DeploymentTargets, selfManaged: boolean): JsonObject {
  const serviceOnly = (value: Json): Json => (selfManaged ? { 'Fn::If': ['IsServiceManaged', value, { Ref: 'AWS::NoValue' }] } : value);
  const parameters: JsonObject = {
    Regions: { Type: 'CommaDelimitedList', Default: state.regions[0] ?? 'us-east-1', Description: 'Regions to deploy the stack instances to.' },
    ...(selfManaged && {
      PermissionModel: {
        Type: 'String',
        Default: 'SERVICE_MANAGED',
        AllowedValues: ['SERVICE_MANAGED', 'SELF_MANAGED'],
        Description: 'SERVICE_MANAGED deploys through AWS Organizations to the OUs below; SELF_MANAGED to the targeted accounts by id.',
      },
    }),
    CallAs: {
      Type: 'String',
      Default: 'SELF',
      AllowedValues: ['SELF', 'DELEGATED_ADMIN'],
      Description: 'DELEGATED_ADMIN when deploying from a delegated administrator account (SERVICE_MANAGED only).',
    },
    // Passed through to every stack instance.
    ...parameterSection(spoke.parameters),
  };

  const group = instancesGroup(targets, template, selfManaged);
  const properties: JsonObject = {
    StackSetName: stackSetName(state, template),
    Description: `crossrole spoke role ${template.name}`,
    PermissionModel: selfManaged ? { Ref: 'PermissionModel' } : 'SERVICE_MANAGED',
    CallAs: { Ref: 'CallAs' },
    AutoDeployment: serviceOnly(targets.autoDeployment ? { Enabled: true, RetainStacksOnAccountRemoval: false } : { Enabled: false }),
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
    ...(group !== undefined && { StackInstancesGroup: group }),
    // Compact: TemplateBody is limited to 51,200 bytes.
    TemplateBody: JSON.stringify(spoke.body),
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `crossrole: StackSet for spoke role ${template.name} (spec ${state.specName}); Metadata crossrole.notes says where it deploys.`,
    Metadata: { crossrole: { notes: notes(index, template, targets, selfManaged) } },
    Parameters: parameters,
    ...(selfManaged && { Conditions: { IsServiceManaged: { 'Fn::Equals': [{ Ref: 'PermissionModel' }, 'SERVICE_MANAGED'] } } }),
    Resources: { SpokeStackSet: { Type: 'AWS::CloudFormation::StackSet', Properties: properties } },
    Outputs: { StackSetId: { Description: 'Id of the StackSet.', Value: { Ref: 'SpokeStackSet' } } },
  };
}

/**
 * The StackSet template's file content. SELF_MANAGED lists every targeted account, so it is
 * offered only while the template, two-space JSON, still fits a request; SERVICE_MANAGED needs no such list.
 */
export function renderStackSet(state: DesiredState, index: OrgIndex, template: RoleTemplate, spoke: SpokeTemplate): string {
  const targets = planDeploymentTargets(index, template);
  if (template.accountIds.length > 0) {
    // Only as it is written, readable: the SERVICE_MANAGED form matters more than a short file.
    const withSelfManaged = toJson(stackSetTemplate(state, index, template, spoke, targets, true));
    if (byteLength(withSelfManaged) <= CFN_LIMITS.inlineBody) return withSelfManaged;
  }
  return serializeTemplate(stackSetTemplate(state, index, template, spoke, targets, false));
}
