// IAM policy documents as plain data. Structural schema only; the policy engine checks grammar.
import { z } from 'zod';
import { dataRecord } from '../data-record.js';

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const principal = z.union([z.literal('*'), z.partialRecord(z.enum(['AWS', 'Service', 'Federated', 'CanonicalUser']), stringOrList)]);

export const statementSchema = z
  .object({
    Sid: z.string().regex(/^[A-Za-z0-9]*$/, 'a Sid uses only letters and digits').optional(),
    Effect: z.enum(['Allow', 'Deny'], 'Effect is "Allow" or "Deny"'),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Condition: dataRecord(z.string(), dataRecord(z.string(), z.union([stringOrList, z.boolean(), z.number(), z.array(z.union([z.string(), z.boolean(), z.number()]))]))).optional(),
  })
  .strict()
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), 'a statement has exactly one of Action or NotAction');

export const policyDocumentSchema = z
  .object({
    Version: z.enum(['2012-10-17', '2008-10-17'], 'Version is "2012-10-17"').default('2012-10-17'),
    Id: z.string().optional(),
    Statement: z.union([statementSchema, z.array(statementSchema).min(1)]),
  })
  .strict();

export type Statement = z.output<typeof statementSchema>;
export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** IAM counts policy size in characters with whitespace left out. */
/** A document's statements as a list (IAM accepts one statement without the list). */
export function statementsOf(doc: PolicyDocument | undefined): Statement[] {
  return doc === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export function policySize(doc: unknown): number {
  return JSON.stringify(doc).replace(/\s/g, '').length;
}

/** A policy document as text: JSON, or URL-encoded JSON as IAM's API returns it. Throws on malformed text. */
export function parsePolicyText(text: string): unknown {
  return JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text));
}
