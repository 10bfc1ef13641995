// The fleet spec (crossrole.yaml): this zod schema is the single source of truth for the
// validator, the TypeScript types and the JSON Schema that `crossrole schema` prints.
import { z } from 'zod';
import { policyDocumentSchema } from '../policy/document.js';
import { dataRecord } from '../data-record.js';
import { IAM_LIMITS } from '../desired/limits.js';

export const ACCOUNT_ID = /^\d{12}$/;
/** IAM role and user names: letters, digits and `+=,.@_-`. */
export const IAM_NAME = /^[\w+=,.@-]+$/;
/** IAM paths: `/` or `/segments/`, printable ASCII, at most 512 characters. */
export const IAM_PATH = /^\/(?:[\u0021-\u007e]*\/)?$/;
export const OU_OR_ROOT_ID = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
export const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:aws|\d{12}|\$\{AccountId\}):policy\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+$/;
export const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?$/;

const accountId = z.string().regex(ACCOUNT_ID, 'an AWS account id is exactly 12 digits, quoted ("012345678901")');
const iamPath = z
  .string()
  .max(512, 'an IAM path is at most 512 characters')
  .regex(IAM_PATH, 'an IAM path starts and ends with "/" and uses printable ASCII, e.g. /crossrole/');
const roleName = z.string().min(1).max(64, 'an IAM role name is at most 64 characters').regex(IAM_NAME, 'an IAM name uses only letters, digits and +=,.@_-');
const managedPolicyRef = z
  .string()
  .regex(MANAGED_POLICY_ARN, 'a managed policy ARN looks like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/Name')
  .describe('Managed policy ARN. ${AccountId} is replaced by the target account id.');

const principalRef = (maxName: number) =>
  z.strictObject({
    name: z.string().min(1).max(maxName, `an IAM name here is at most ${maxName} characters`).regex(IAM_NAME, 'an IAM name uses only letters, digits and +=,.@_-'),
    path: iamPath.default('/'),
  });

export const hubPolicyStrategySchema = z
  .enum(['auto', 'list', 'pattern', 'tags'])
  .describe(
    'How the hub identity policy names its spokes: list = one ARN per account; pattern = arn:aws:iam::*:role/<path><name> limited by aws:ResourceOrgID/aws:ResourceOrgPaths with non-targets denied; tags = that pattern limited to roles carrying this spec\'s ownership tags (needs policy.tagConditions); auto = the smallest exact form that fits the hub\'s quotas: inline first, then customer managed policies, then tag conditions when allowed.',
  );

const sessionSeconds = z
  .number()
  .int()
  .min(3600, 'maxSessionDuration is 3600 to 43200 seconds (1 to 12 hours)')
  .max(43200, 'maxSessionDuration is 3600 to 43200 seconds (1 to 12 hours)');

// IAM allows tab, newline and carriage return in descriptions, hence the control characters.
// eslint-disable-next-line no-control-regex
const roleDescription = z.string().max(1000).regex(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, 'a role description uses printable Latin-1 characters');

export const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(?:root|role\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+|user\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+)$/;

export const hubRoleTrustSchema = z
  .strictObject({
    principals: z
      .array(z.string().regex(IAM_PRINCIPAL_ARN, 'a principal is an IAM role, user or account root ARN, e.g. arn:aws:iam::123456789012:role/ci-deploy'))
      .default([])
      .describe('IAM roles or users (e.g. the role your CI assumes through OIDC) or account roots that may assume the hub role.'),
    permissionSets: z
      .array(z.string().regex(/^[\w+=,.@-]{1,32}$/, 'a permission set name uses letters, digits and +=,.@_- (at most 32)'))
      .default([])
      .describe('IAM Identity Center permission sets whose roles in the hub account may assume the hub role (AWSReservedSSO_<name>_*).'),
    services: z
      .array(z.string().regex(SERVICE_PRINCIPAL, 'a service principal looks like ec2.amazonaws.com'))
      .default([])
      .describe('AWS services that run the hub: ec2.amazonaws.com (an instance profile is added), pods.eks.amazonaws.com (EKS Pod Identity), ecs-tasks.amazonaws.com, lambda.amazonaws.com.'),
    oidc: z
      .array(
        z.strictObject({
          provider: z
            .string()
            .regex(/^[a-z0-9.-]+\.[a-z]{2,}(?:\/[\w./-]*)?$/, 'an OIDC provider is its issuer without https://, e.g. token.actions.githubusercontent.com')
            .describe('The IAM OIDC identity provider of the hub account (it must exist), by its issuer without https://.'),
          audience: z.string().min(1).default('sts.amazonaws.com'),
          subjects: z
            .array(z.string().min(1).refine((sub) => sub.replace(/[*?]/g, '') !== '', 'a subject that is only wildcards lets every workload of the provider in; name the repository (repo:acme/infra:ref:refs/heads/main)'))
            .min(1, 'name at least one subject (repo:acme/infra:ref:refs/heads/main): without one every workload of the provider could become the hub')
            .describe('Token subjects that may assume the hub role (wildcards * and ? allowed), e.g. repo:acme/infra:environment:prod.'),
        }),
      )
      .default([])
      .describe('CI workloads that assume the hub role directly with a web identity token (GitHub Actions, GitLab, …).'),
  })
  .describe('Who may assume the hub role crossrole creates (default: principals of the hub account whose own policies allow it).');

export const hubSchema = z
  .strictObject({
    account: accountId.describe('Account that holds the hub principal.'),
    role: principalRef(64)
      .extend({
        description: roleDescription.optional(),
        maxSessionDuration: sessionSeconds.default(3600),
        trust: hubRoleTrustSchema.optional(),
        instanceProfile: z.boolean().optional().describe('Put the hub role in an instance profile of its own name (default: when trust.services names ec2.amazonaws.com).'),
      })
      .optional()
      .describe('The hub is an IAM role (e.g. a collector or CI role). crossrole creates it when missing; an existing role it does not own only gets crossrole\'s policies, never a changed trust.'),
    user: principalRef(64).optional().describe('The hub is an existing IAM user (crossrole never creates users or access keys).'),
    group: principalRef(128)
      .extend({
        members: z.array(z.string().regex(IAM_NAME)).optional().describe('Existing IAM user names to add to the group; spokes then trust exactly these users instead of the hub account.'),
        policyPerTarget: z
          .boolean()
          .default(false)
          .describe('One inline group policy per target role, as Micetro requires (it reads its targets from them); spread over more groups (<name>-2, …) when one group\'s 5,120 characters do not hold them.'),
      })
      .optional()
      .describe('The hub is an IAM group, created when missing; its members assume the spokes.'),
    trustAs: z
      .enum(['principal', 'account'])
      .default('principal')
      .describe('principal: spokes trust the hub principal ARN (default, least privilege); account: spokes trust the hub account root and leave the choice to its identity policies.'),
    policy: z
      .strictObject({
        name: z.string().regex(IAM_NAME).max(120).optional().describe('Name of the generated identity policy (default crossrole-<hub>); further policies get -2, -3, ….'),
        strategy: hubPolicyStrategySchema.default('auto'),
        tagConditions: z
          .boolean()
          .default(false)
          .describe('Allow the tags form: spokes recognized by this spec\'s ownership tags within the organization. Anyone who may tag roles in a member account can then make a role of the spoke\'s name reachable.'),
      })
      .default({ strategy: 'auto', tagConditions: false }),
  })
  .describe('A central principal that assumes spoke roles.');

export const externalAccountSchema = z.strictObject({
  account: accountId.describe('Third-party account id.'),
  externalId: z
    .string({ error: (issue) => (issue.input === undefined ? 'third-party trusts require sts:ExternalId; set the id the third party gave you' : undefined) })
    .min(2, 'an ExternalId is 2 to 1224 characters')
    .max(1224, 'an ExternalId is 2 to 1224 characters')
    .regex(/^[\w+=,.@:/-]+$/, 'an ExternalId uses only letters, digits and +=,.@:/-_')
    .describe('Required: the confused-deputy guard for third-party trusts.'),
  description: z.string().optional(),
});

export const trustSchema = z.strictObject({
  hubs: z.array(z.string()).default([]).describe('Names of hubs (under `hubs:`) that may assume this role.'),
  externalAccounts: z.array(externalAccountSchema).default([]).describe('Third-party accounts; each must carry an externalId.'),
  services: z.array(z.string().regex(SERVICE_PRINCIPAL, 'a service principal looks like ec2.amazonaws.com')).default([]),
  requireMfa: z.boolean().default(false).describe('Require aws:MultiFactorAuthPresent on hub trusts (third parties are bound by sts:ExternalId instead).'),
  requireSourceIdentity: z.boolean().default(false).describe('Require callers to set sts:SourceIdentity (and allow sts:SetSourceIdentity).'),
  allowTagSession: z.boolean().default(false).describe('Allow sts:TagSession so callers can pass session tags.'),
});

export const actionListSchema = z
  .strictObject({
    file: z.string().min(1).describe('The action list, relative to the spec file: a JSON array of action names, a text file with one a line, or a policy document whose Allow actions are taken (as `crossrole permissions compress` reads it).'),
    allowExtra: z
      .enum(['none', 'read'])
      .default('none')
      .describe('none: grant exactly the listed actions; read: wildcards may also grant unlisted Read and List actions, for smaller policies.'),
  })
  .describe('Least privilege from a list of IAM actions, compressed exactly into the role\'s inline policy crossrole-actions while the role\'s 10,240 inline characters hold, the rest into customer managed policies crossrole creates in each account (/crossrole/roles/<role>-actions-<n>) and attaches.');

export const permissionsSchema = z.strictObject({
  managed: z.array(managedPolicyRef).default([]),
  inline: dataRecord(z.string().regex(IAM_NAME).max(128), policyDocumentSchema).prefault({}),
  boundary: managedPolicyRef.optional().describe('Permissions boundary (managed policy ARN).'),
  actions: actionListSchema.optional(),
});

export const targetsSchema = z.strictObject({
  ous: z.array(z.string().regex(OU_OR_ROOT_ID, 'an OU id looks like ou-ab12-prod0001, a root id like r-ab12')).default([]),
  accounts: z.array(accountId).default([]),
  tags: dataRecord(z.string(), z.string()).prefault({}).describe('Accounts whose tags match all of these pairs.'),
  exclude: z
    .strictObject({
      accounts: z.array(accountId).default([]),
      ous: z.array(z.string().regex(OU_OR_ROOT_ID, 'an OU id looks like ou-ab12-prod0001')).default([]),
    })
    .default({ accounts: [], ous: [] }),
  managementAccount: z.boolean().default(false).describe('Also target the management account (never targeted otherwise).'),
});

export const spokeRoleSchema = z.strictObject({
  path: iamPath.default('/'),
  description: roleDescription.optional(),
  maxSessionDuration: sessionSeconds.default(3600),
  adopt: z.boolean().default(false).describe('Take over an existing role of this name that crossrole does not own.'),
  instanceProfile: z
    .boolean()
    .optional()
    .describe('Put the role in an instance profile of its own name and path, so EC2 instances can use it (default: when the trust names ec2.amazonaws.com).'),
  trust: trustSchema,
  permissions: permissionsSchema.prefault({ managed: [], inline: {} }),
  targets: targetsSchema,
  tags: dataRecord(z.string(), z.string()).prefault({}).describe('Extra tags on the role.'),
});

export const limitsSchema = z.strictObject({
  trustPolicySize: z.number().int().min(2048).max(4096).default(2048).describe('Trust policy quota of your accounts (2048 by default, raisable to 4096).'),
  managedPoliciesPerRole: z.number().int().min(10).max(IAM_LIMITS.managedPerRoleMax).default(10).describe('Managed policies per role quota (10 by default, raisable to 20).'),
});

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

export const deploySchema = z
  .strictObject({
    via: z
      .enum(['api', 'stackset'])
      .default('api')
      .describe('How plan and apply change the spokes: api = IAM calls in every account (default); stackset = one CloudFormation StackSet per spoke role. `--via` overrides it. The hub principal and the management account\'s spokes always go through the API.'),
    permissionModel: z
      .enum(['SERVICE_MANAGED', 'SELF_MANAGED'])
      .default('SERVICE_MANAGED')
      .describe('SERVICE_MANAGED deploys through AWS Organizations (trusted access) to OUs; SELF_MANAGED to the targeted accounts by id, through the administration and execution roles.'),
    administrationRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+$/, 'an administration role is a role ARN, e.g. arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole')
      .optional()
      .describe('SELF_MANAGED: the role CloudFormation uses in the calling account (default AWSCloudFormationStackSetAdministrationRole).'),
    executionRoleName: roleName.optional().describe('SELF_MANAGED: the role it assumes in each target account (default AWSCloudFormationStackSetExecutionRole).'),
    callAs: z
      .enum(['SELF', 'DELEGATED_ADMIN'])
      .default('SELF')
      .describe('SELF from the management account; DELEGATED_ADMIN from a delegated administrator account (SERVICE_MANAGED only).'),
    regions: z
      .array(z.string().regex(REGION))
      .min(1)
      .max(1, 'IAM is global: a StackSet in a second region would create the same role again and fail; give one region')
      .optional()
      .describe('The one region of the stack instances (default: the first of `regions`).'),
    operationPreferences: z
      .strictObject({
        failureTolerancePercentage: z.number().int().min(0).max(100).default(10),
        maxConcurrentPercentage: z.number().int().min(1).max(100).default(100),
        regionConcurrency: z.enum(['SEQUENTIAL', 'PARALLEL']).default('PARALLEL'),
      })
      .prefault({})
      .describe('How fast StackSet operations roll out and how many accounts may fail before one stops.'),
    autoDeployment: z
      .strictObject({
        enabled: z.boolean().default(true),
        retainStacksOnAccountRemoval: z.boolean().default(false),
      })
      .optional()
      .describe('SERVICE_MANAGED: deploy to accounts that join the targeted OUs later (default on when the spec picks accounts by OU alone; the hub policy then names the OUs by organization path, never a list of accounts).'),
  })
  .describe('How plan and apply deploy the spokes.');

export const specSchema = z
  .strictObject({
    version: z.literal(1, 'version must be 1'),
    name: z.string().regex(/^[\w.-]{1,64}$/).optional().describe('Name of this spec, written into the ownership tags (default: the file name).'),
    regions: z.array(z.string().regex(REGION)).default(['us-east-1']).describe('Regions for generated tool configs (Spinnaker, StackSets).'),
    limits: limitsSchema.default({ trustPolicySize: 2048, managedPoliciesPerRole: 10 }),
    hubs: dataRecord(z.string().regex(/^[\w-]+$/, 'a hub name uses letters, digits, _ and -'), hubSchema),
    roles: dataRecord(roleName, spokeRoleSchema),
    deploy: deploySchema.prefault({}),
  })
  .describe('crossrole fleet spec');

export type Spec = z.output<typeof specSchema>;
export type SpecInput = z.input<typeof specSchema>;
export type HubSpec = z.output<typeof hubSchema>;
export type SpokeRoleSpec = z.output<typeof spokeRoleSchema>;
export type DeploySpec = z.output<typeof deploySchema>;
export type TargetsSpec = z.output<typeof targetsSchema>;
export type ActionListSpec = z.output<typeof actionListSchema>;
