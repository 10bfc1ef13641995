// The hub side: the identity policies that let the hub assume exactly its spokes, attached to
// the hub principal; a role hub is created here too, a user or group hub must already exist.
import { OWNER_TAG, OWNER_VALUE, SPEC_TAG, type DesiredHub, type DesiredState } from '../../desired/types.js';
import { canonicalPolicy, sortedKeys, type Json, type JsonObject } from '../format.js';

const HUB_ROLE_ID = 'HubRole';
/** Where crossrole keeps the customer managed policies it creates in the hub account. */
const MANAGED_POLICY_PATH = '/crossrole/';

/** Logical ids are alphanumeric; names that differ only in punctuation get a counter. */
function policyLogicalIds(names: string[], prefix: string, used: Set<string>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const name of names) {
    const base = `${prefix}${name.replace(/[^A-Za-z0-9]/g, '')}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    used.add(id);
    ids.set(name, id);
  }
  return ids;
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}

/** Undefined for a user or group hub without policies: the template would have no resources. */
export function hubTemplate(state: DesiredState, hub: DesiredHub): JsonObject | undefined {
  const names = sortedKeys(hub.policies);
  const managedNames = sortedKeys(hub.managedPolicies);
  if (hub.kind !== 'role' && names.length === 0 && managedNames.length === 0) return undefined;
  const parameters: JsonObject = {};
  const conditions: JsonObject = {};
  const resources: JsonObject = {};
  let attach: JsonObject;
  let principalArn: Json;

  if (hub.kind === 'role') {
    parameters.CreateHubRole = {
      Type: 'String',
      Default: 'true',
      AllowedValues: ['true', 'false'],
      Description: 'false when the hub role already exists (e.g. an instance or workload role): only its policies are added.',
    };
    parameters.HubTrustedPrincipalArn = {
      Type: 'String',
      Default: `arn:${partitionOf(hub.arn)}:iam::${hub.accountId}:root`,
      // A concrete account, role or user: never "*".
      AllowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:(root|role/.+|user/.+)$',
      Description: 'Who may assume the hub role when it is created here (default: principals of the hub account whose own policies allow it).',
    };
    conditions.CreateHubRole = { 'Fn::Equals': [{ Ref: 'CreateHubRole' }, 'true'] };
    resources[HUB_ROLE_ID] = {
      Type: 'AWS::IAM::Role',
      Condition: 'CreateHubRole',
      Properties: {
        RoleName: hub.principalName,
        Path: hub.path,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          // SetSourceIdentity: `crossrole credentials` names the person on every hop, and spokes
          // that require a source identity only get one the hub session carried in.
          Statement: [{ Effect: 'Allow', Principal: { AWS: { Ref: 'HubTrustedPrincipalArn' } }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }],
        },
        Tags: [
          { Key: OWNER_TAG, Value: OWNER_VALUE },
          { Key: SPEC_TAG, Value: state.specName },
        ],
      },
    };
    // Ref on a role is its name, so both branches name the same role.
    attach = { Roles: [{ 'Fn::If': ['CreateHubRole', { Ref: HUB_ROLE_ID }, hub.principalName] }] };
    principalArn = hub.arn;
  } else {
    const parameter = hub.kind === 'user' ? 'HubUserName' : 'HubGroupName';
    parameters[parameter] = { Type: 'String', Default: hub.principalName, Description: `Name of the existing IAM ${hub.kind} (path ${hub.path}).` };
    attach = { [hub.kind === 'user' ? 'Users' : 'Groups']: [{ Ref: parameter }] };
    principalArn = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${hub.kind}${hub.path}\${${parameter}}` };
  }

  const usedIds = new Set(Object.keys(resources));
  const ids = policyLogicalIds(names, 'Policy', usedIds);
  for (const name of names) {
    resources[ids.get(name)!] = {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyName: name, PolicyDocument: canonicalPolicy(hub.policies[name]!), ...attach },
    };
  }
  const managedIds = policyLogicalIds(managedNames, 'ManagedPolicy', usedIds);
  for (const name of managedNames) {
    resources[managedIds.get(name)!] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { ManagedPolicyName: name, Path: MANAGED_POLICY_PATH, PolicyDocument: canonicalPolicy(hub.managedPolicies[name]!), ...attach },
    };
  }

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `crossrole hub ${hub.name} (${hub.kind} ${hub.principalName} in ${hub.accountId}, spec ${state.specName}): lets it assume its ${hub.spokeArns.length} spoke role(s).`,
    Parameters: parameters,
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Resources: resources,
    Outputs: { HubPrincipalArn: { Description: `ARN of the hub ${hub.kind}.`, Value: principalArn } },
  };
}
