// One entry per finding code: what the table, the JSON and SARIF's tool.driver.rules say about it.
import type { FindingCode, Severity } from './finding.js';

export interface Rule {
  code: FindingCode;
  /** PascalCase name (SARIF reportingDescriptor.name). */
  name: string;
  title: string;
  description: string;
  /** Generic advice; each finding also carries its own remediation. */
  help: string;
  /** The severity most findings of the code get (some depend on conditions). */
  defaultSeverity: Severity;
}

export const RULES: Record<FindingCode, Rule> = {
  ROLE_ASSUMABLE_BY_ANYONE: {
    code: 'ROLE_ASSUMABLE_BY_ANYONE',
    name: 'RoleAssumableByAnyone',
    title: 'Role assumable by anyone ("*")',
    description:
      'The trust policy allows Principal "*". Critical without conditions (any AWS principal anywhere can assume the role); high when the conditions do not tie the caller to an organization, an account, a principal or an external ID (only aws:SourceIp, aws:SecureTransport, MFA, …); medium when they pin it to something outside the organization (another organization, an outside account, only an external ID); low when they pin it inside the organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths, member accounts or principals).',
    help: 'Name the principals that need the role instead of "*"; if it must stay broad, pin the caller with aws:PrincipalOrgID.',
    defaultSeverity: 'critical',
  },
  EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID: {
    code: 'EXTERNAL_TRUST_WITHOUT_EXTERNAL_ID',
    name: 'ExternalTrustWithoutExternalId',
    title: 'Outside account trusted without sts:ExternalId',
    description: 'A principal of an account outside the organization (and not listed in --trusted-accounts) may assume the role without an sts:ExternalId condition: the confused-deputy guard for third parties is missing.',
    help: 'Require Condition StringEquals sts:ExternalId with a unique value agreed with the third party, or list the account in --trusted-accounts if you vouch for it.',
    defaultSeverity: 'high',
  },
  TRUST_TO_DELETED_PRINCIPAL: {
    code: 'TRUST_TO_DELETED_PRINCIPAL',
    name: 'TrustToDeletedPrincipal',
    title: 'Trust names a deleted principal',
    description: 'The trust policy names an IAM unique id (AROA…, AIDA…), which IAM shows in place of a principal that was deleted. It grants nothing, a re-created principal will not match, and the intent is lost.',
    help: 'Remove the unique id or replace it with the ARN of the principal that should have access.',
    defaultSeverity: 'medium',
  },
  EXTERNAL_ACCOUNT_ROOT_TRUST: {
    code: 'EXTERNAL_ACCOUNT_ROOT_TRUST',
    name: 'ExternalAccountRootTrust',
    title: "Trust to an outside account's root",
    description: 'The trust names the root of an account outside the organization: every principal that account allows may assume the role, decided where you cannot see it. Medium without sts:ExternalId, low with it.',
    help: 'Name the exact role ARN in the other account that needs access.',
    defaultSeverity: 'medium',
  },
  NOT_PRINCIPAL_ALLOW: {
    code: 'NOT_PRINCIPAL_ALLOW',
    name: 'NotPrincipalAllow',
    title: 'Allow with NotPrincipal',
    description: 'An Allow statement with NotPrincipal lets every principal except the listed ones assume the role, anyone in any account included.',
    help: 'Use Principal with the principals that need access.',
    defaultSeverity: 'high',
  },
  EXTERNAL_PATH_TO_ADMIN: {
    code: 'EXTERNAL_PATH_TO_ADMIN',
    name: 'ExternalPathToAdmin',
    title: 'Outside principal can reach an admin-equivalent role',
    description:
      'A principal outside the organization (anyone, an outside account, or a web-identity/SAML trust without its pinning claims) can reach this role through a chain of role assumptions, and the role is admin-equivalent: "*" on "*", "iam:*" on "*", or a privilege escalation such as iam:PassRole with a service that runs code, or iam:AttachRolePolicy on itself. The finding lists every hop with its conditions.',
    help: 'Break the chain at its weakest hop (usually the first, from outside), and reduce the role to the permissions it needs.',
    defaultSeverity: 'critical',
  },
  FEDERATED_TRUST_UNCONSTRAINED: {
    code: 'FEDERATED_TRUST_UNCONSTRAINED',
    name: 'FederatedTrustUnconstrained',
    title: 'Web-identity or SAML trust without audience/subject conditions',
    description: 'An OIDC trust without conditions on the token audience (aud) and subject (sub) — for GitHub Actions any repository of any owner — or a SAML trust without SAML:aud lets identities the provider issued for someone else assume the role.',
    help: 'Pin the audience and the exact subjects (for GitHub: repo:<owner>/<repo>:…) with StringEquals or StringLike; for SAML, SAML:aud.',
    defaultSeverity: 'high',
  },
  INVALID_TRUST_POLICY: {
    code: 'INVALID_TRUST_POLICY',
    name: 'InvalidTrustPolicy',
    title: 'Trust policy could not be read',
    description: 'The trust policy is not a readable IAM policy, so the audit could not check who may assume the role.',
    help: 'Fix the document; crossrole lint --type trust lists its problems.',
    defaultSeverity: 'low',
  },
  SHADOW_TRUST: {
    code: 'SHADOW_TRUST',
    name: 'ShadowTrust',
    title: 'Cross-account trust the spec does not declare',
    description:
      'With --spec: a role in an account the spec targets trusts a principal of another account that is neither a hub nor an external account of the spec (shadow access). Medium; low when the other account is the organization\'s management account. The bootstrap role trusting the management account is ORG_ACCESS_ROLE instead.',
    help: 'Declare the access in the spec (a hub or an external account with an external ID), or remove the trust.',
    defaultSeverity: 'medium',
  },
  SPOKE_MISSING: {
    code: 'SPOKE_MISSING',
    name: 'SpokeMissing',
    title: 'Spoke role declared by the spec is missing',
    description: 'With --spec: the spec declares this role in this account, and the snapshot has no role of that name there. The hub cannot reach the account.',
    help: 'Run crossrole plan / apply, or deploy the StackSet, for the account.',
    defaultSeverity: 'high',
  },
  SPOKE_DRIFTED: {
    code: 'SPOKE_DRIFTED',
    name: 'SpokeDrifted',
    title: 'Spoke role differs from the spec',
    description: 'With --spec: the role exists but differs from what the spec declares. High when its trust, its path, its policies or its boundary differ (it may let in or allow more than declared); medium when only tags differ or policies were removed.',
    help: 'Run crossrole plan to see the differences and crossrole apply to restore the declared role.',
    defaultSeverity: 'high',
  },
  SPOKE_UNVERIFIED: {
    code: 'SPOKE_UNVERIFIED',
    name: 'SpokeUnverified',
    title: 'Spoke role not verifiable: account not in the snapshot',
    description: 'With --spec: the spec targets this account, and the snapshot holds no file for it, so whether the role exists and matches is unknown.',
    help: 'Collect the account into the snapshot.',
    defaultSeverity: 'info',
  },
  HUB_MISSING: {
    code: 'HUB_MISSING',
    name: 'HubMissing',
    title: 'Hub principal declared by the spec is missing',
    description: 'With --spec: the hub role, user or group does not exist in its account, so no spoke can be reached through it.',
    help: 'Create the hub (crossrole apply, or the hub CloudFormation template).',
    defaultSeverity: 'high',
  },
  HUB_POLICY_DRIFTED: {
    code: 'HUB_POLICY_DRIFTED',
    name: 'HubPolicyDrifted',
    title: "Hub policy differs from the spec",
    description: "With --spec: the hub's crossrole-managed identity policy is missing or differs from the declared one, so it may reach more or fewer spokes than declared.",
    help: 'Run crossrole plan to see the difference and crossrole apply to restore the policy.',
    defaultSeverity: 'medium',
  },
  ACCOUNT_NOT_COLLECTED: {
    code: 'ACCOUNT_NOT_COLLECTED',
    name: 'AccountNotCollected',
    title: 'Account not collected: its roles were not audited',
    description: 'org.json lists the account as active, and the snapshot holds no file for it, so none of its roles was audited: who can get in, and which paths lead through it, are unknown. Suspended and closing accounts, which cannot be entered, are expected to be missing and are not reported.',
    help: 'Collect the account into the snapshot (crossrole collect resumes where it stopped).',
    defaultSeverity: 'high',
  },
  ORG_ACCESS_ROLE: {
    code: 'ORG_ACCESS_ROLE',
    name: 'OrgAccessRole',
    title: 'Organization access role (expected)',
    description:
      "With --spec: in an account the spec targets, the bootstrap role (OrganizationAccountAccessRole, which Organizations creates at path / in each new account, or the --bootstrap-role name) trusts the management account. That is the organization's own way into its accounts, and the one crossrole itself uses: reported so the access stays visible, not as shadow access. The same role trusting any other account, or anyone, is reported as usual.",
    help: 'Nothing to fix; keep the management account\'s principals that may assume the role few.',
    defaultSeverity: 'info',
  },
};
