// The hub side as apply builds it: the hub role (with the spec's trust and instance profile) or
// group (with its members and a Micetro hub's further groups), and the identity policies that let
// it assume exactly its spokes; a user hub must already exist.
import { HUB_MANAGED_POLICY_PATH } from '../../desired/hub-names.js';
import type { DesiredHub, DesiredState } from '../../desired/types.js';
import { canonicalPolicy, sortedKeys, type Json, type JsonObject } from '../format.js';

const HUB_ROLE_ID = 'HubRole';
const HUB_GROUP_ID = 'HubGroup';

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

/** Undefined for a user hub without policies: the template would have no resources. */
export function hubTemplate(state: DesiredState, hub: DesiredHub): JsonObject | undefined {
  const names = sortedKeys(hub.policies);
  const managedNames = sortedKeys(hub.managedPolicies);
  if (hub.kind === 'user' && names.length === 0 && managedNames.length === 0) return undefined;
  const parameters: JsonObject = {};
  const conditions: JsonObject = {};
  const resources: JsonObject = {};
  let attach: JsonObject;
  let principalArn: Json;

  if (hub.kind === 'role') {
    const role = hub.role!;
    createSwitch(parameters, conditions, 'CreateHubRole', 'false when the hub role already exists (e.g. an instance or workload role): only its policies are added, its trust stays as it is.');
    resources[HUB_ROLE_ID] = {
      Type: 'AWS::IAM::Role',
      Condition: 'CreateHubRole',
      Properties: {
        RoleName: hub.principalName,
        Path: hub.path,
        ...(role.description !== undefined && { Description: role.description }),
        MaxSessionDuration: role.maxSessionDuration,
        // Who may assume it, as the spec says (apply creates it the same way).
        AssumeRolePolicyDocument: canonicalPolicy(role.trustPolicy),
        Tags: tagList(role.tags),
      },
    };
    if (role.instanceProfile) {
      resources.HubInstanceProfile = { Type: 'AWS::IAM::InstanceProfile', Condition: 'CreateHubRole', Properties: { InstanceProfileName: hub.principalName, Path: hub.path, Roles: [{ Ref: HUB_ROLE_ID }] } };
    }
    // Ref on a role is its name, so both branches name the same role.
    attach = { Roles: [{ 'Fn::If': ['CreateHubRole', { Ref: HUB_ROLE_ID }, hub.principalName] }] };
    principalArn = hub.arn;
  } else if (hub.kind === 'group') {
    createSwitch(parameters, conditions, 'CreateHubGroup', 'false when the hub group already exists: only its members and policies are added.');
    resources[HUB_GROUP_ID] = { Type: 'AWS::IAM::Group', Condition: 'CreateHubGroup', Properties: { GroupName: hub.principalName, Path: hub.path } };
    // Ref on a group is its name too.
    const group = { 'Fn::If': ['CreateHubGroup', { Ref: HUB_GROUP_ID }, hub.principalName] };
    if (hub.members.length) resources.HubGroupMembers = { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: group, Users: hub.members } };
    attach = { Groups: [group] };
    principalArn = hub.arn;
  } else {
    parameters.HubUserName = { Type: 'String', Default: hub.principalName, Description: `Name of the existing IAM user (path ${hub.path}): crossrole never creates users or access keys.` };
    attach = { Users: [{ Ref: 'HubUserName' }] };
    principalArn = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:user${hub.path}\${HubUserName}` };
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
      Properties: { ManagedPolicyName: name, Path: HUB_MANAGED_POLICY_PATH, PolicyDocument: canonicalPolicy(hub.managedPolicies[name]!), ...attach },
    };
  }
  // Micetro's further groups: made here with the members and their own inline policies.
  const groupIds = policyLogicalIds(hub.extraGroups.map((g) => g.name), 'Group', usedIds);
  for (const extra of hub.extraGroups) {
    const id = groupIds.get(extra.name)!;
    resources[id] = { Type: 'AWS::IAM::Group', Properties: { GroupName: extra.name, Path: hub.path } };
    if (hub.members.length) resources[`${id}Members`] = { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: { Ref: id }, Users: hub.members } };
    const policyNames = sortedKeys(extra.policies);
    const extraIds = policyLogicalIds(policyNames, `${id}Policy`, usedIds);
    for (const name of policyNames) {
      resources[extraIds.get(name)!] = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: name, PolicyDocument: canonicalPolicy(extra.policies[name]!), Groups: [{ Ref: id }] } };
    }
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

/** A true/false parameter and the condition of the same name: whether the template creates the hub principal. */
function createSwitch(parameters: JsonObject, conditions: JsonObject, name: string, description: string): void {
  parameters[name] = { Type: 'String', Default: 'true', AllowedValues: ['true', 'false'], Description: description };
  conditions[name] = { 'Fn::Equals': [{ Ref: name }, 'true'] };
}

function tagList(tags: Record<string, string>): Json {
  return sortedKeys(tags).map((Key) => ({ Key, Value: tags[Key]! }));
}
