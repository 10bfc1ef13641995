// One cell of verify's matrix (account × spoke role) and its schema: `crossrole verify --json`
// prints these, and `crossrole report --verify` reads them back.
import { z } from 'zod';

export const verifyStatusSchema = z.enum(['ok', 'missing', 'drifted', 'conflict', 'unreadable', 'denied-live', 'denied-static']);
export type VerifyStatus = z.infer<typeof verifyStatusSchema>;

export const verifyCellSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  role: z.string(),
  hub: z.string(),
  status: verifyStatusSchema,
  /** Why it is not ok, or what the hub must supply when it is. */
  reason: z.string().optional(),
});
export type VerifyCell = z.infer<typeof verifyCellSchema>;
