// How plan and apply deploy the spokes: the spec's `deploy:` with its defaults filled in, and
// `--via` over the spec's choice.
import type { Spec } from '../spec/schema.js';

export type Via = 'api' | 'stackset';

export interface DeployConfig {
  via: Via;
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  /** SELF_MANAGED only. */
  administrationRoleArn?: string;
  /** SELF_MANAGED only. */
  executionRoleName?: string;
  callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** The one region of the stack instances (IAM is global). */
  region: string;
  operationPreferences: { failureTolerancePercentage: number; maxConcurrentPercentage: number; regionConcurrency: 'SEQUENTIAL' | 'PARALLEL' };
  /** Wanted by the spec; a StackSet uses it only where it picks accounts by OU alone (see planDeploymentTargets). */
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
}

export function resolveDeploy(spec: Spec, via?: Via): DeployConfig {
  const d = spec.deploy;
  return {
    via: via ?? d.via,
    permissionModel: d.permissionModel,
    ...(d.administrationRoleArn !== undefined && { administrationRoleArn: d.administrationRoleArn }),
    ...(d.executionRoleName !== undefined && { executionRoleName: d.executionRoleName }),
    callAs: d.callAs,
    region: d.regions?.[0] ?? spec.regions[0] ?? 'us-east-1',
    operationPreferences: { ...d.operationPreferences },
    autoDeployment: {
      // AutoDeployment exists only for SERVICE_MANAGED StackSets.
      enabled: d.autoDeployment?.enabled ?? d.permissionModel === 'SERVICE_MANAGED',
      retainStacksOnAccountRemoval: d.autoDeployment?.retainStacksOnAccountRemoval ?? false,
    },
  };
}
