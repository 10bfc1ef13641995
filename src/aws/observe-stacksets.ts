// Reads crossrole's StackSets as the planner compares them: DescribeStackSet and every stack
// instance (ListStackInstances), with CallAs passed through. A StackSet that does not exist is
// absent, not an error; throttling is retried by the SDK's adaptive retries like every other read.
import { DescribeStackSetCommand, ListStackInstancesCommand, type CallAs, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { tagRecord } from '../observe/role-detail.js';
import type { ObservedStackSet } from '../plan/stackset.js';
import { awsError } from './errors.js';
import { tokenPages } from './pages.js';

export async function observeStackSets(cfn: CloudFormationClient, names: string[], callAs: CallAs): Promise<ObservedStackSet[]> {
  return Promise.all(names.map((name) => observeStackSet(cfn, name, callAs)));
}

async function observeStackSet(cfn: CloudFormationClient, name: string, callAs: CallAs): Promise<ObservedStackSet> {
  const call = `cloudformation:DescribeStackSet ${name}`;
  let described;
  try {
    described = (await cfn.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: callAs }))).StackSet;
  } catch (error) {
    if ((error as { name?: string }).name === 'StackSetNotFoundException') return { name, exists: false, instances: [] };
    throw awsError(error, { call });
  }
  if (!described || described.Status === 'DELETED') return { name, exists: false, instances: [] };
  const summaries = await tokenPages(
    { call: `cloudformation:ListStackInstances ${name}` },
    (token) => cfn.send(new ListStackInstancesCommand({ StackSetName: name, CallAs: callAs, ...(token !== undefined && { NextToken: token }) })),
    (r) => r.Summaries ?? [],
  );
  return {
    name,
    exists: true,
    ...(described.TemplateBody !== undefined && { templateBody: described.TemplateBody }),
    parameters: Object.fromEntries((described.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? ''])),
    tags: tagRecord(described.Tags),
    ...(described.Description !== undefined && { description: described.Description }),
    ...(described.PermissionModel !== undefined && { permissionModel: described.PermissionModel }),
    ...(described.AutoDeployment && { autoDeployment: { enabled: described.AutoDeployment.Enabled ?? false, retainStacksOnAccountRemoval: described.AutoDeployment.RetainStacksOnAccountRemoval ?? false } }),
    instances: summaries.map((i) => ({ accountId: i.Account ?? '', region: i.Region ?? '', status: i.Status ?? 'UNKNOWN', ...(i.StatusReason && { statusReason: i.StatusReason }) })),
  };
}
