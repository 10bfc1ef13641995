// The spoke role as a standalone CloudFormation template (one stack per account, or the body of
// the StackSet). Hub ARNs become parameters so the same template serves a re-homed hub.
import { ACTION_INLINE_POLICY, SPOKE_POLICY_PATH, spokePolicyArn } from '../../desired/action-policies.js';
import type { DesiredState, RoleTemplate } from '../../desired/types.js';
import { canonicalPolicy, sortedKeys, toArray, type Json, type JsonObject } from '../format.js';

export interface CfnParameter {
  name: string;
  type: 'String' | 'CommaDelimitedList';
  default: string;
  description: string;
}

export interface SpokeTemplate {
  body: JsonObject;
  parameters: CfnParameter[];
}

const SPOKE_LOGICAL_ID = 'SpokeRole';
const PROFILE_LOGICAL_ID = 'SpokeInstanceProfile';

export function parameterSection(parameters: CfnParameter[]): JsonObject {
  const out: JsonObject = {};
  for (const p of parameters) out[p.name] = { Type: p.type, Default: p.default, Description: p.description };
  return out;
}

/** `${AccountId}` in a policy ARN is the target account: CloudFormation knows it as `${AWS::AccountId}`. */
export function accountScopedArn(arn: string): Json {
  if (!arn.includes('${AccountId}')) return arn;
  // Any other `${...}` must reach IAM literally, which Fn::Sub spells `${!...}`.
  return { 'Fn::Sub': arn.replace(/\$\{([^}]*)\}/g, (_match, name: string) => (name === 'AccountId' ? '${AWS::AccountId}' : `\${!${name}}`)) };
}

/** The ARNs the trust policy names for the hubs this role trusts. */
function hubArns(state: DesiredState, template: RoleTemplate): Set<string> {
  return new Set(state.hubs.filter((hub) => template.hubs.includes(hub.name)).flatMap((hub) => hub.trustPrincipals));
}

/**
 * Replaces hub ARNs in `Principal.AWS` with parameter references. Each distinct set of hub ARNs
 * a statement names gets one parameter, so a statement never starts trusting a hub it did not
 * name; in the usual case (one hub statement) that is a single `HubPrincipalArn(s)`.
 */
function parameterizeTrust(trust: JsonObject, hubs: Set<string>): { trust: JsonObject; parameters: CfnParameter[] } {
  const groups: string[][] = [];
  const groupOf = (arns: string[]): number => {
    const key = arns.join(',');
    const found = groups.findIndex((group) => group.join(',') === key);
    return found >= 0 ? found : groups.push(arns) - 1;
  };
  const refs: { statement: JsonObject; group: number; others: string[] }[] = [];
  const statements = toArray(trust.Statement as JsonObject | JsonObject[]).map((statement) => {
    const principal = statement.Principal;
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal) || principal.AWS === undefined) return statement;
    const arns = toArray(principal.AWS as string | string[]);
    const hubPart = arns.filter((arn) => hubs.has(arn)).sort();
    if (hubPart.length === 0) return statement;
    const copy: JsonObject = { ...statement, Principal: { ...principal } };
    refs.push({ statement: copy, group: groupOf(hubPart), others: arns.filter((arn) => !hubs.has(arn)) });
    return copy;
  });

  const parameters = groups.map((arns, index): CfnParameter => {
    const suffix = groups.length > 1 ? String(index + 1) : '';
    const single = arns.length === 1;
    return {
      name: `${single ? 'HubPrincipalArn' : 'HubPrincipalArns'}${suffix}`,
      type: single ? 'String' : 'CommaDelimitedList',
      default: arns.join(','),
      description: single ? 'ARN of the hub principal allowed to assume this role.' : 'ARNs of the hub principals allowed to assume this role (comma-separated).',
    };
  });
  for (const { statement, group, others } of refs) {
    const parameter = parameters[group] as CfnParameter;
    const ref: Json = { Ref: parameter.name };
    let value: Json;
    if (others.length === 0) value = ref;
    else if (parameter.type === 'String') value = [ref, ...others];
    // A list parameter cannot sit inside a list: join everything and split it again.
    else value = { 'Fn::Split': [',', { 'Fn::Join': [',', [{ 'Fn::Join': [',', ref] }, ...others]] }] };
    (statement.Principal as JsonObject).AWS = value;
  }
  return { trust: { ...trust, Statement: Array.isArray(trust.Statement) ? statements : (statements[0] as JsonObject) }, parameters };
}

export function spokeTemplate(state: DesiredState, template: RoleTemplate): SpokeTemplate {
  const { trust, parameters: hubParameters } = parameterizeTrust(canonicalPolicy(template.trustPolicy), hubArns(state, template));
  const parameters: CfnParameter[] = [
    ...hubParameters,
    { name: 'RoleName', type: 'String', default: template.name, description: 'Name of the spoke role (the hub policies expect this name).' },
  ];

  const properties: JsonObject = { RoleName: { Ref: 'RoleName' }, Path: template.path };
  if (template.description !== undefined) properties.Description = template.description;
  properties.MaxSessionDuration = template.maxSessionDuration;
  properties.AssumeRolePolicyDocument = trust;
  const inlineNames = sortedKeys(template.inlinePolicies);
  if (inlineNames.length > 0) {
    properties.Policies = inlineNames.map((name) => ({ PolicyName: name, PolicyDocument: canonicalPolicy(template.inlinePolicies[name]!) }));
  }
  // The action list's policies are made by the stack too; a Ref to one is its ARN.
  const actionPolicies = sortedKeys(template.actionPolicies ?? {}).map((name, i) => ({ name, id: `ActionPolicy${i + 1}`, arn: spokePolicyArn(name) }));
  const byArn = new Map(actionPolicies.map((p) => [p.arn, p.id]));
  if (template.managedPolicyArns.length > 0) properties.ManagedPolicyArns = template.managedPolicyArns.map((arn) => (byArn.has(arn) ? { Ref: byArn.get(arn)! } : accountScopedArn(arn)));
  if (template.permissionsBoundary !== undefined) properties.PermissionsBoundary = accountScopedArn(template.permissionsBoundary);
  const tagKeys = sortedKeys(template.tags);
  if (tagKeys.length > 0) properties.Tags = tagKeys.map((key) => ({ Key: key, Value: template.tags[key]! }));

  const resources: JsonObject = { [SPOKE_LOGICAL_ID]: { Type: 'AWS::IAM::Role', Properties: properties } };
  for (const p of actionPolicies) {
    resources[p.id] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: p.name, Path: SPOKE_POLICY_PATH, PolicyDocument: canonicalPolicy(template.actionPolicies![p.name]!) } };
  }
  const outputs: JsonObject = { RoleArn: { Description: 'ARN of the spoke role.', Value: { 'Fn::GetAtt': [SPOKE_LOGICAL_ID, 'Arn'] } } };
  // EC2 can use a role only through an instance profile; crossrole gives it one of the role's name.
  if (template.instanceProfile) {
    resources[PROFILE_LOGICAL_ID] = { Type: 'AWS::IAM::InstanceProfile', Properties: { InstanceProfileName: { Ref: 'RoleName' }, Path: template.path, Roles: [{ Ref: SPOKE_LOGICAL_ID }] } };
    outputs.InstanceProfileArn = { Description: 'ARN of the instance profile that holds the spoke role.', Value: { 'Fn::GetAtt': [PROFILE_LOGICAL_ID, 'Arn'] } };
  }
  const body: JsonObject = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `crossrole spoke role ${template.name} (spec ${state.specName})`,
    // IAM matches wildcards anywhere in an action name (ec2:Describe*Attribute); cfn-lint's action check only knows them at the end.
    ...((actionPolicies.length > 0 || Object.hasOwn(template.inlinePolicies, ACTION_INLINE_POLICY)) && { Metadata: { 'cfn-lint': { config: { ignore_checks: ['W3037'] } } } }),
    Parameters: parameterSection(parameters),
    Resources: resources,
    Outputs: outputs,
  };
  return { body, parameters };
}
