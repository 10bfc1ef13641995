// A role as GetAccountAuthorizationDetails describes it (the SDK's RoleDetail, or a snapshot
// file's) → ObservedRole. Pure, so the live reader and the offline audit map roles the same way.
import { parsePolicyText, type PolicyDocument } from '../policy/document.js';
import type { ObservedRole, UnknownField } from './types.js';

/** The fields both shapes share; the SDK leaves every one optional. */
export interface RoleDetailInput {
  Arn?: string;
  RoleId?: string;
  RoleName?: string;
  Path?: string;
  /** URL-encoded JSON text (the API), JSON text, or an object (the AWS CLI, a snapshot). */
  AssumeRolePolicyDocument?: unknown;
  RolePolicyList?: { PolicyName?: string; PolicyDocument?: unknown }[];
  AttachedManagedPolicies?: { PolicyArn?: string }[];
  PermissionsBoundary?: { PermissionsBoundaryArn?: string };
  Tags?: { Key?: string; Value?: string }[];
  InstanceProfileList?: { InstanceProfileName?: string; Path?: string }[];
}

/** What ListRoles adds to a role: the two settings GetAccountAuthorizationDetails leaves out. */
export interface RoleSettings {
  Description?: string;
  MaxSessionDuration?: number;
}

/** IAM returns policy documents URL-encoded; the AWS CLI and snapshots give objects. */
export function decodePolicy(document: unknown): PolicyDocument {
  if (document !== null && typeof document === 'object') return document as PolicyDocument;
  const text = typeof document === 'string' ? document : '';
  if (!text) return { Version: '2012-10-17', Statement: [] as unknown as PolicyDocument['Statement'] };
  return parsePolicyText(text) as PolicyDocument;
}

/**
 * `settings` (from ListRoles) fills in MaxSessionDuration and Description; without it they are
 * unknown and the ownership hash tag covers them.
 */
export function toObservedRole(accountId: string, d: RoleDetailInput, settings?: RoleSettings): ObservedRole {
  const name = d.RoleName!;
  const path = d.Path ?? '/';
  const unknownFields: UnknownField[] = [];
  if (settings?.MaxSessionDuration === undefined) unknownFields.push('maxSessionDuration');
  if (settings === undefined) unknownFields.push('description');
  if (d.InstanceProfileList === undefined) unknownFields.push('instanceProfile');
  const instanceProfiles = (d.InstanceProfileList ?? []).map((p) => ({ name: p.InstanceProfileName!, path: p.Path ?? '/' }));
  return {
    accountId,
    arn: d.Arn!,
    ...(d.RoleId !== undefined && { roleId: d.RoleId }),
    name,
    path,
    maxSessionDuration: settings?.MaxSessionDuration ?? 0,
    // IAM reports an empty description as none.
    ...(settings?.Description && { description: settings.Description }),
    instanceProfile: instanceProfiles.some((p) => p.name === name && p.path === path),
    instanceProfiles,
    ...(unknownFields.length && { unknownFields }),
    trustPolicy: decodePolicy(d.AssumeRolePolicyDocument),
    inlinePolicies: Object.fromEntries((d.RolePolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument)])),
    managedPolicyArns: (d.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!),
    ...(d.PermissionsBoundary?.PermissionsBoundaryArn !== undefined && { permissionsBoundary: d.PermissionsBoundary.PermissionsBoundaryArn }),
    tags: tagRecord(d.Tags),
  };
}

/** IAM's tag list as a record (a tag without a value is ""). */
export function tagRecord(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
}
