// The audit: every role of a snapshot through the trust checks (once per distinct trust
// document), the admin-equivalence check (the engine only for roles whose policies could grant
// admin at all), reachability from outside the organization, and with a spec the comparison with
// the desired state. Pure: a snapshot in, findings out.
import type { DesiredState } from '../desired/types.js';
import type { AccessGraph } from '../graph/graph.js';
import { LazyGraph } from '../graph/lazy.js';
import { graphEdges } from '../graph/search.js';
import { ORGANIZATION_ACCESS_ROLE } from '../org/access-role.js';
import { indexOrg } from '../org/model.js';
import { missingScpWarning } from '../org/policy-levels.js';
import type { RoleDetail } from '../snapshot/schema.js';
import type { Snapshot, SnapshotAccount } from '../snapshot/types.js';
import { AdminChecker } from './admin.js';
import { PerDocument } from './documents.js';
import { auditCoverage, notCollectedFindings } from './coverage.js';
import { compareFindings, type AdminGrant, type Coverage, type Finding } from './finding.js';
import { FindingFactory, type FindingInput } from './make.js';
import { externalPathFindings } from './paths.js';
import { isInside, type AuditScope } from './scope.js';
import { declaredAccounts, shadowTrustFindings, spokeFindings } from './spec.js';
import { analyzeTrust, roleKeyOf, trustMayConcern, UNREMARKABLE } from './trust.js';
import type { TrustedAccounts } from './trusted-accounts.js';

export interface AuditOptions {
  /** Accounts outside the organization that count as inside (--trusted-accounts). */
  trusted?: TrustedAccounts;
  /** The spec's desired state (--spec): spokes missing or drifted, shadow trusts. */
  desired?: DesiredState;
  /** The role the management account enters member accounts through, `[path/]name` as --bootstrap-role takes it (default OrganizationAccountAccessRole): its trust in the management account is ORG_ACCESS_ROLE, not shadow access. */
  bootstrapRole?: string;
  /** The snapshot's whole access graph, when the caller has it; else only the edges a search from outside meets are decided. */
  graph?: AccessGraph;
  /** Called after each account's roles are checked (for progress). */
  onAccount?: (done: number, total: number) => void;
  /** Called before the paths from outside are searched (the access graph's edges decided). */
  onGraph?: () => void;
}

export interface AdminRole {
  accountId: string;
  roleArn: string;
  grant: AdminGrant;
}

export interface AuditResult {
  /** Worst first, in a stable order (compareFindings). */
  findings: Finding[];
  /** Roles with admin-equivalent permissions, by ARN. */
  adminRoles: Map<string, AdminRole>;
  /** Which accounts of org.json were audited; the active ones that were not are findings too. */
  coverage: Coverage;
  /** Organization data the audit had to fill in (SCPs missing at some levels), for stderr. */
  warnings: string[];
}

export function auditSnapshot(snapshot: Snapshot, options: AuditOptions = {}): AuditResult {
  const scope: AuditScope = { org: indexOrg(snapshot.org), trusted: options.trusted ?? new Map() };
  const trust = new PerDocument((document) => analyzeTrust(document, scope));
  const admin = new AdminChecker(scope);
  const { desired, bootstrapRole = ORGANIZATION_ACCESS_ROLE } = options;
  const declared = desired && declaredAccounts(desired);
  const targeted = desired && new Set(desired.roles.map((r) => r.accountId));

  const inputs: FindingInput[] = [];
  const adminRoles = new Map<string, AdminRole>();
  const open = { anyone: new Set<string>(), federated: new Set<string>() };
  // Roles outsiders can enter, and what could let one of them on to other roles: its own grants,
  // a trust naming it (same account: no grant needed), or "*" in its account.
  const entries: { account: SnapshotAccount; role: RoleDetail; admin: boolean }[] = [];
  const namedRoles = new Set<string>();
  const nameRole = (principal: string) => {
    const key = roleKeyOf(principal);
    if (key !== undefined) namedRoles.add(key);
  };
  const wildcardAccounts = new Set<string>();
  snapshot.accounts.forEach((account, i) => {
    const { accountId } = account;
    // With a spec, trusts naming other accounts than this one and the declared ones matter too.
    const shadow = declared && targeted?.has(accountId) ? (other: string) => other !== accountId && !declared.has(other) : undefined;
    for (const role of account.details.RoleDetailList) {
      const document = role.AssumeRolePolicyDocument;
      const analysis = trustMayConcern(document, scope, shadow, nameRole) ? trust.get(document) : UNREMARKABLE;
      for (const named of analysis.named) nameRole(named.principal);
      if (analysis.issues.some((i) => i.code === 'ROLE_ASSUMABLE_BY_ANYONE' || i.code === 'NOT_PRINCIPAL_ALLOW')) wildcardAccounts.add(accountId);
      for (const issue of analysis.issues) inputs.push({ ...issue, accountId, roleArn: role.Arn });
      if (analysis.openTo.anyone) open.anyone.add(role.Arn);
      if (analysis.openTo.federated) open.federated.add(role.Arn);
      if (shadow) inputs.push(...shadowTrustFindings(accountId, role, analysis, declared!, scope, bootstrapRole));
      const grant = admin.check({ account, role });
      if (grant) adminRoles.set(role.Arn, { accountId, roleArn: role.Arn, grant });
      if (analysis.openTo.anyone || analysis.openTo.federated || analysis.named.some((n) => !isInside(scope, n.account))) entries.push({ account, role, admin: grant !== undefined });
    }
    options.onAccount?.(i + 1, snapshot.accounts.length);
  });
  if (desired) inputs.push(...spokeFindings(snapshot, desired, scope.org));
  // Only ways in from outside that are admin or lead on matter: without one there is no path to search for.
  const leadsOn = (e: (typeof entries)[number]) => e.admin || wildcardAccounts.has(e.account.accountId) || namedRoles.has(roleKeyOf(e.role.Arn)!) || admin.mayAssumeRoles(e);
  const ways = entries.filter(leadsOn).map((e) => e.role.Arn);
  if (adminRoles.size && ways.length) {
    options.onGraph?.();
    inputs.push(...externalPathFindings(options.graph ? graphEdges(options.graph) : new LazyGraph(snapshot), ways, adminRoles, open, scope));
  }

  const coverage = auditCoverage(snapshot);
  inputs.push(...notCollectedFindings(coverage));
  const factory = new FindingFactory(scope, new Set(snapshot.accounts.map((a) => a.accountId)));
  const missingScps = missingScpWarning(scope.org);
  return { findings: inputs.map((input) => factory.make(input)).sort(compareFindings), adminRoles, coverage, warnings: missingScps ? [missingScps] : [] };
}
