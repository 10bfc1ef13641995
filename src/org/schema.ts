// The organization model (org.json): written by `discover`, by hand or by the synthetic generator.
import { z } from 'zod';
import { ACCOUNT_ID } from '../spec/schema.js';
import { dataRecord } from '../data-record.js';

const accountId = z.string().regex(ACCOUNT_ID, 'an AWS account id is exactly 12 digits, quoted');

export const accountStatusSchema = z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']);

export const orgSchema = z.strictObject({
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id looks like o-abc123defg'),
  managementAccountId: accountId,
  roots: z
    .array(
      z.strictObject({
        id: z.string().regex(/^r-[0-9a-z]{4,32}$/, 'a root id looks like r-ab12'),
        name: z.string(),
        policyTypes: z
          .array(z.strictObject({ type: z.string(), status: z.enum(['ENABLED', 'PENDING_ENABLE', 'PENDING_DISABLE']) }))
          .optional()
          .describe('The policy types enabled in this root, as Organizations ListRoots returns them (discover and collect record them). Missing means unknown: SCPs and RCPs apply when org.json lists some.'),
      }),
    )
    .min(1),
  organizationalUnits: z
    .array(
      z.strictObject({
        id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'an OU id looks like ou-ab12-prod0001'),
        name: z.string(),
        parentId: z.string(),
      }),
    )
    .default([]),
  accounts: z.array(
    z.strictObject({
      id: accountId,
      name: z.string(),
      email: z.string().optional(),
      status: accountStatusSchema.default('ACTIVE'),
      parentId: z.string(),
      tags: dataRecord(z.string(), z.string()).prefault({}),
    }),
  ),
  delegatedAdministrators: z
    .array(accountId)
    .optional()
    .describe(
      'Member accounts registered as delegated administrator for an AWS service (discover reads them). They, like the management account, may call organizations:ListAccounts; missing means unknown, read as none.',
    ),
  policies: z
    .array(
      z.strictObject({
        id: z.string(),
        type: z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2']),
        name: z.string(),
        description: z.string().optional(),
        awsManaged: z.boolean().optional(),
        // SCPs and RCPs are checked by the policy engine's grammar (load.ts); other types have grammars of their own.
        document: dataRecord(z.string(), z.unknown()),
        targets: z.array(z.string()),
      }),
    )
    .default([]),
});

export type Org = z.output<typeof orgSchema>;
export type OrgAccount = Org['accounts'][number];
export type OrgUnit = Org['organizationalUnits'][number];
export type OrgPolicy = Org['policies'][number];
