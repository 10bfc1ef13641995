// A role as GetAccountAuthorizationDetails describes it (the SDK's RoleDetail, or a snapshot
// file's) → ObservedRole. Pure, so the live reader and the offline audit map roles the same way.
import { parsePolicyText, type PolicyDocument } from '../policy/document.js';
import type { ObservedRole } from './types.js';

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
}

/** IAM returns policy documents URL-encoded; the AWS CLI and snapshots give objects. */
export function decodePolicy(document: unknown): PolicyDocument {
  if (document !== null && typeof document === 'object') return document as PolicyDocument;
  const text = typeof document === 'string' ? document : '';
  if (!text) return { Version: '2012-10-17', Statement: [] as unknown as PolicyDocument['Statement'] };
  return parsePolicyText(text) as PolicyDocument;
}

export function toObservedRole(accountId: string, d: RoleDetailInput): ObservedRole {
  return {
    accountId,
    arn: d.Arn!,
    ...(d.RoleId !== undefined && { roleId: d.RoleId }),
    name: d.RoleName!,
    path: d.Path ?? '/',
    // GetAccountAuthorizationDetails has neither; the ownership hash tag covers them.
    maxSessionDuration: 0,
    unknownFields: ['maxSessionDuration', 'description'],
    trustPolicy: decodePolicy(d.AssumeRolePolicyDocument),
    inlinePolicies: Object.fromEntries((d.RolePolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument)])),
    managedPolicyArns: (d.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!),
    ...(d.PermissionsBoundary?.PermissionsBoundaryArn !== undefined && { permissionsBoundary: d.PermissionsBoundary.PermissionsBoundaryArn }),
    tags: Object.fromEntries((d.Tags ?? []).map((t) => [t.Key!, t.Value ?? ''])),
  };
}
