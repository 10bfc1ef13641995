// What `--via stackset` deploys: one StackSet per spoke role, from the spoke template synth writes,
// reaching the role's targets outside the management account (SERVICE_MANAGED StackSets never
// reach it; its spokes, like the hub principal, go through the API).
import type { DeployConfig } from '../desired/deploy.js';
import { ownershipTags, type DesiredState, type RoleTemplate } from '../desired/types.js';
import type { OrgIndex } from '../org/model.js';
import { planDeploymentTargets, type TargetGroup } from '../desired/deployment-targets.js';
import { serializeTemplate } from '../synth/cloudformation/limits.js';
import { spokeTemplate } from '../synth/cloudformation/spoke.js';
import { stackSetName } from '../synth/cloudformation/stackset.js';

export interface DesiredStackSet {
  /** The spoke role (spec key) it deploys. */
  role: string;
  name: string;
  description: string;
  /** The spoke template, exactly as synth writes cloudformation/spoke-<role>.template.json. */
  templateBody: string;
  parameters: Record<string, string>;
  /** Ownership: crossrole's tags for this spec. */
  tags: Record<string, string>;
  permissionModel: DeployConfig['permissionModel'];
  callAs: DeployConfig['callAs'];
  administrationRoleArn?: string;
  executionRoleName?: string;
  /** On only for SERVICE_MANAGED StackSets of roles picked by OU alone (planDeploymentTargets). */
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  operationPreferences: DeployConfig['operationPreferences'];
  region: string;
  /** SERVICE_MANAGED: OU ids with their account filter. Empty for SELF_MANAGED, which lists `accounts`. */
  targets: TargetGroup[];
  /** Accounts that must hold a stack instance: the role's targets but the management account, sorted. */
  accounts: string[];
}

export function desiredStackSets(state: DesiredState, index: OrgIndex, deploy: DeployConfig): DesiredStackSet[] {
  return state.templates.map((template) => desiredStackSet(state, index, deploy, template));
}

function desiredStackSet(state: DesiredState, index: OrgIndex, deploy: DeployConfig, template: RoleTemplate): DesiredStackSet {
  const spoke = spokeTemplate(state, template);
  const serviceManaged = deploy.permissionModel === 'SERVICE_MANAGED';
  const targets = planDeploymentTargets(index, template);
  return {
    role: template.name,
    name: stackSetName(state, template),
    description: `crossrole spoke role ${template.name} (spec ${state.specName})`,
    templateBody: serializeTemplate(spoke.body),
    parameters: Object.fromEntries(spoke.parameters.map((p) => [p.name, p.default])),
    tags: ownershipTags(state.specName),
    permissionModel: deploy.permissionModel,
    callAs: deploy.callAs,
    // Left out, CloudFormation uses AWSCloudFormationStackSetAdministrationRole of the calling account and AWSCloudFormationStackSetExecutionRole.
    ...(!serviceManaged && deploy.administrationRoleArn !== undefined && { administrationRoleArn: deploy.administrationRoleArn }),
    ...(!serviceManaged && deploy.executionRoleName !== undefined && { executionRoleName: deploy.executionRoleName }),
    autoDeployment: { enabled: serviceManaged && deploy.autoDeployment.enabled && targets.autoDeployment, retainStacksOnAccountRemoval: deploy.autoDeployment.retainStacksOnAccountRemoval },
    operationPreferences: deploy.operationPreferences,
    region: deploy.region,
    targets: serviceManaged ? targets.groups : [],
    accounts: template.accountIds.filter((id) => id !== state.managementAccountId),
  };
}
