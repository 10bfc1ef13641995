// A snapshot account file: `aws iam get-account-authorization-details` output, exactly the AWS
// CLI's shape (policy documents decoded to objects by the CLI; URL-encoded strings, as the raw
// API returns them, are accepted too and decoded). Unknown fields (RoleLastUsed,
// InstanceProfileList, …) are allowed and kept. Policy documents are checked by the policy
// engine, not here. `fast-check.ts` compiles this schema into an in-place validator for the
// fast path, so it may only use the kinds that compiler knows.
import { z } from 'zod';
import { parsePolicyText } from '../policy/document.js';
import { dataRecord } from '../data-record.js';

/** Policy document text as the raw API returns it (URL-encoded JSON) or as plain JSON text → object. */
export function decodeDocument(text: string): Record<string, unknown> | undefined {
  try {
    const value = parsePolicyText(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const encodedDocument = z.string().transform((text, ctx) => {
  const decoded = decodeDocument(text);
  if (decoded) return decoded;
  ctx.addIssue({ code: 'custom', message: 'a policy document given as text must be URL-encoded JSON of an object' });
  return z.NEVER;
});

/** A policy document as the CLI prints it (object) or the API returns it (URL-encoded JSON), always an object once parsed. */
const document = z.union([dataRecord(z.string(), z.unknown()), encodedDocument], 'a policy document is a JSON object (or URL-encoded JSON text)');
const PARTITION = 'arn:aws(?:-[a-z]+)*';
/** The ARN of an account's IAM user, group or role: `arn:aws:iam::123456789012:role/path/Name`. */
const principalArn = (type: 'user' | 'group' | 'role') =>
  z.string().regex(new RegExp(`^${PARTITION}:iam::\\d{12}:${type}/[\\u0021-\\u007e]+$`), `not the ARN of an IAM ${type}; expected arn:aws:iam::<12-digit account id>:${type}/<path><name>`);
const policyArn = z
  .string()
  .regex(new RegExp(`^${PARTITION}:iam::(?:aws|\\d{12}):policy/[\\u0021-\\u007e]+$`), 'not the ARN of a managed policy; expected arn:aws:iam::aws:policy/<name> or arn:aws:iam::<12-digit account id>:policy/<path><name>');

const inlinePolicy = z.looseObject({ PolicyName: z.string(), PolicyDocument: document });
const attachedPolicy = z.looseObject({ PolicyName: z.string().optional(), PolicyArn: policyArn });
const boundary = z.looseObject({ PermissionsBoundaryType: z.string().optional(), PermissionsBoundaryArn: policyArn });
const tag = z.looseObject({ Key: z.string(), Value: z.string() });

export const userDetailSchema = z.looseObject({
  Path: z.string().default('/'),
  UserName: z.string(),
  UserId: z.string(),
  Arn: principalArn('user'),
  UserPolicyList: z.array(inlinePolicy).default([]),
  GroupList: z.array(z.string()).default([]),
  AttachedManagedPolicies: z.array(attachedPolicy).default([]),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).default([]),
});

export const groupDetailSchema = z.looseObject({
  Path: z.string().default('/'),
  GroupName: z.string(),
  GroupId: z.string(),
  Arn: principalArn('group'),
  GroupPolicyList: z.array(inlinePolicy).default([]),
  AttachedManagedPolicies: z.array(attachedPolicy).default([]),
});

export const roleDetailSchema = z.looseObject({
  Path: z.string().default('/'),
  RoleName: z.string(),
  RoleId: z.string(),
  Arn: principalArn('role'),
  AssumeRolePolicyDocument: document,
  RolePolicyList: z.array(inlinePolicy).default([]),
  AttachedManagedPolicies: z.array(attachedPolicy).default([]),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).default([]),
});

export const managedPolicySchema = z.looseObject({
  // AWS always sends the name; moto (and so snapshots made against it) leaves it out. The ARN ends with it.
  PolicyName: z.string().optional(),
  PolicyId: z.string().optional(),
  Arn: policyArn,
  Path: z.string().default('/'),
  DefaultVersionId: z.string(),
  PolicyVersionList: z.array(z.looseObject({ Document: document, VersionId: z.string(), IsDefaultVersion: z.boolean() })),
});

export const accountAuthorizationDetailsSchema = z.looseObject({
  // `--max-items`/`--no-paginate` leave the output incomplete; an audit of part of an account misleads.
  IsTruncated: z.literal(false, 'the output is truncated (IsTruncated is true): run get-account-authorization-details without --no-paginate or --max-items').optional(),
  NextToken: z.undefined('the output is truncated (NextToken is set): run get-account-authorization-details without --max-items').optional(),
  UserDetailList: z.array(userDetailSchema).default([]),
  GroupDetailList: z.array(groupDetailSchema).default([]),
  RoleDetailList: z.array(roleDetailSchema).default([]),
  Policies: z.array(managedPolicySchema).default([]),
});

export type AccountAuthorizationDetails = z.output<typeof accountAuthorizationDetailsSchema>;
export type UserDetail = z.output<typeof userDetailSchema>;
export type GroupDetail = z.output<typeof groupDetailSchema>;
export type RoleDetail = z.output<typeof roleDetailSchema>;
export type ManagedPolicyDetail = z.output<typeof managedPolicySchema>;
