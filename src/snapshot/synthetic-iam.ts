// Building blocks of synthetic authorization details: IAM ids, dates, trust and identity policy
// documents, detail records in the CLI's field order, and a small catalogue of AWS managed
// policies (shared between accounts, so a large snapshot holds each document once).
import type { GroupDetail, ManagedPolicyDetail, RoleDetail, UserDetail } from './schema.js';

type Doc = Record<string, unknown>;
type Statement = Record<string, unknown>;

export interface Draw {
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM unique ids: a 4-letter prefix by kind (AROA role, AIDA user, AGPA group, ANPA policy) + 17 characters. */
export function uniqueId(draw: Draw, prefix: 'AROA' | 'AIDA' | 'AGPA' | 'ANPA'): string {
  let id = prefix;
  for (let i = 0; i < 17; i++) id += UPPER_ALNUM[draw.int(UPPER_ALNUM.length)];
  return id;
}

/** A date between 2018 and 2025, printed as the AWS CLI prints dates. */
export function createDate(draw: Draw): string {
  const ms = Date.UTC(2018, 0, 1) + draw.int(8 * 365) * 86_400_000 + draw.int(86_400) * 1000;
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export const roleArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:role${path}${name}`;
export const accountRoot = (accountId: string) => `arn:aws:iam::${accountId}:root`;

export const document = (...statements: Statement[]): Doc => ({ Version: '2012-10-17', Statement: statements });

export function trustAws(principal: string | string[], condition?: Doc): Doc {
  return document({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition && { Condition: condition }) });
}

export function trustService(service: string): Doc {
  return document({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

export const GITHUB_OIDC = 'token.actions.githubusercontent.com';

/** A GitHub Actions OIDC trust; without `sub` any repository on GitHub can assume the role. */
export function trustGithub(accountId: string, sub: string | undefined): Doc {
  return document({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${GITHUB_OIDC}:aud`]: 'sts.amazonaws.com' }, ...(sub && { StringLike: { [`${GITHUB_OIDC}:sub`]: sub } }) },
  });
}

/** A SAML trust; without the audience condition an assertion meant for any other service provider works. */
export function trustSaml(accountId: string, provider: string, withAudience: boolean): Doc {
  return document({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/${provider}` },
    Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
    ...(withAudience && { Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }),
  });
}

export const allowAssume = (resource: string | string[], condition?: Doc): Statement => ({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Resource: resource,
  ...(condition && { Condition: condition }),
});

export const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

export interface RoleSpec {
  name: string;
  path?: string;
  trust: Doc;
  inline?: Record<string, Doc>;
  managed?: readonly string[];
  boundary?: string;
  tags?: Record<string, string>;
  instanceProfile?: boolean;
}

export function roleDetail(draw: Draw, accountId: string, spec: RoleSpec): RoleDetail {
  const path = spec.path ?? '/';
  const arn = roleArn(accountId, path, spec.name);
  const created = createDate(draw);
  const used = draw.int(3) > 0;
  return {
    Path: path,
    RoleName: spec.name,
    RoleId: uniqueId(draw, 'AROA'),
    Arn: arn,
    CreateDate: created,
    AssumeRolePolicyDocument: spec.trust,
    InstanceProfileList: spec.instanceProfile
      ? [{ Path: path, InstanceProfileName: spec.name, InstanceProfileId: `AIPA${uniqueId(draw, 'AROA').slice(4)}`, Arn: `arn:aws:iam::${accountId}:instance-profile${path}${spec.name}`, CreateDate: created, Roles: [] }]
      : [],
    RolePolicyList: inlineList(spec.inline),
    AttachedManagedPolicies: attachedList(spec.managed),
    ...(spec.boundary && { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: spec.boundary } }),
    Tags: tagList(spec.tags),
    RoleLastUsed: used ? { LastUsedDate: createDate(draw), Region: draw.pick(['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']) } : {},
  };
}

export interface UserSpec {
  name: string;
  path?: string;
  groups?: readonly string[];
  inline?: Record<string, Doc>;
  managed?: readonly string[];
  boundary?: string;
  tags?: Record<string, string>;
}

export function userDetail(draw: Draw, accountId: string, spec: UserSpec): UserDetail {
  const path = spec.path ?? '/';
  return {
    Path: path,
    UserName: spec.name,
    UserId: uniqueId(draw, 'AIDA'),
    Arn: `arn:aws:iam::${accountId}:user${path}${spec.name}`,
    CreateDate: createDate(draw),
    UserPolicyList: inlineList(spec.inline),
    GroupList: [...(spec.groups ?? [])],
    AttachedManagedPolicies: attachedList(spec.managed),
    ...(spec.boundary && { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: spec.boundary } }),
    Tags: tagList(spec.tags),
  };
}

export function groupDetail(draw: Draw, accountId: string, name: string, inline: Record<string, Doc>, managed: readonly string[]): GroupDetail {
  return {
    Path: '/',
    GroupName: name,
    GroupId: uniqueId(draw, 'AGPA'),
    Arn: `arn:aws:iam::${accountId}:group/${name}`,
    CreateDate: createDate(draw),
    GroupPolicyList: inlineList(inline),
    AttachedManagedPolicies: attachedList(managed),
  };
}

/** A customer managed policy; `versions` oldest first, the last one the default. */
export function customerPolicy(draw: Draw, accountId: string, name: string, versions: readonly Doc[], usage: { attachments: number; boundaries: number }): ManagedPolicyDetail {
  const created = createDate(draw);
  const list = versions.map((doc, i) => ({ Document: doc, VersionId: `v${i + 1}`, IsDefaultVersion: i === versions.length - 1, CreateDate: created }));
  return {
    PolicyName: name,
    PolicyId: uniqueId(draw, 'ANPA'),
    Arn: `arn:aws:iam::${accountId}:policy/${name}`,
    Path: '/',
    DefaultVersionId: `v${versions.length}`,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    CreateDate: created,
    UpdateDate: created,
    PolicyVersionList: list.reverse(),
  };
}

const inlineList = (policies: Record<string, Doc> | undefined) => Object.entries(policies ?? {}).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
const attachedList = (arns: readonly string[] | undefined) => (arns ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1), PolicyArn }));
const tagList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

// AWS managed policies: abridged documents with the shape (and, for AdministratorAccess and
// PowerUserAccess, the exact grants) of the real ones.
const READ_SERVICES = ['acm', 'apigateway', 'autoscaling', 'cloudformation', 'cloudfront', 'cloudtrail', 'cloudwatch', 'dynamodb', 'ec2', 'ecr', 'ecs', 'eks', 'elasticloadbalancing', 'events', 'iam', 'kms', 'lambda', 'logs', 'rds', 'route53', 's3', 'secretsmanager', 'sns', 'sqs', 'ssm'];
const readActions = (services: readonly string[]) => services.flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]);

export const AWS_MANAGED = {
  AdministratorAccess: { path: '/', id: 'ANPAIWMBCKSKIEE64ZLYK', versions: [document({ Effect: 'Allow', Action: '*', Resource: '*' })] },
  PowerUserAccess: {
    path: '/',
    id: 'ANPAJYRXTHIB4FOVS3ZXS',
    versions: [
      document({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }),
      document(
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
      ),
    ],
  },
  ReadOnlyAccess: {
    path: '/',
    id: 'ANPAILL3HVNFSB6DCOWYQ',
    versions: [document({ Effect: 'Allow', Action: readActions(READ_SERVICES.slice(0, 18)), Resource: '*' }), document({ Effect: 'Allow', Action: readActions(READ_SERVICES), Resource: '*' })],
  },
  SecurityAudit: { path: '/', id: 'ANPAIX2T3QCXHR2OGGCTO', versions: [document({ Effect: 'Allow', Action: readActions(['cloudtrail', 'config', 'ec2', 'iam', 'kms', 'organizations', 's3', 'securityhub']), Resource: '*' })] },
  AmazonS3ReadOnlyAccess: { path: '/', id: 'ANPAIZTJ4DXE7G6AGAE6M', versions: [document({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' })] },
  AWSLambdaBasicExecutionRole: { path: '/service-role/', id: 'ANPAJNCQGXC42545SKXIK', versions: [document({ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })] },
  AmazonECSTaskExecutionRolePolicy: {
    path: '/service-role/',
    id: 'ANPAJG4T4G4PV56DE72PY',
    versions: [document({ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })],
  },
  AmazonSSMManagedInstanceCore: {
    path: '/',
    id: 'ANPAIXSHM2BNB2D3AXXRU',
    versions: [document({ Effect: 'Allow', Action: ['ssm:DescribeAssociation', 'ssm:GetDocument', 'ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel', 'ssmmessages:OpenDataChannel', 'ec2messages:GetMessages', 'ec2messages:SendReply'], Resource: '*' })],
  },
} as const;

export type AwsManagedName = keyof typeof AWS_MANAGED;
export const awsManagedArn = (name: AwsManagedName) => `arn:aws:iam::aws:policy${AWS_MANAGED[name].path}${name}`;

const AWS_MANAGED_CREATED = '2015-02-06T18:39:46+00:00';
// Version lists are built once and shared by every account's copy of the policy.
const awsVersionLists = new Map(
  (Object.keys(AWS_MANAGED) as AwsManagedName[]).map((name) => {
    const versions = AWS_MANAGED[name].versions;
    return [name, versions.map((doc, i) => ({ Document: doc as Doc, VersionId: `v${i + 1}`, IsDefaultVersion: i === versions.length - 1, CreateDate: AWS_MANAGED_CREATED })).reverse()];
  }),
);

/** An AWS managed policy as one account's get-account-authorization-details lists it. */
export function awsManagedPolicy(name: AwsManagedName, usage: { attachments: number; boundaries: number }): ManagedPolicyDetail {
  const { path, id, versions } = AWS_MANAGED[name];
  return {
    PolicyName: name,
    PolicyId: id,
    Arn: awsManagedArn(name),
    Path: path,
    DefaultVersionId: `v${versions.length}`,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    CreateDate: AWS_MANAGED_CREATED,
    UpdateDate: AWS_MANAGED_CREATED,
    PolicyVersionList: awsVersionLists.get(name)!,
  };
}
