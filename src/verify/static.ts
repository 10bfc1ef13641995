// The static half of verify: does what exists match the spec, on both sides, and can each hub
// assume each of its spokes by AWS's evaluation logic?
// - Both sides are compared document by document with the desired state through the planner (the
//   same comparison `plan` makes): every difference in a spoke (trust, inline and attached
//   policies, boundary, maximum session, description, instance profile, tags) and in the hub's
//   policy is reported with what differs, never judged by the ownership hash alone.
// - The hub identity policy as it is, the spoke trust as it is, the hub account's SCP levels and
//   the spoke account's RCP levels go through the policy engine in discovery mode, so an answer
//   says what the hub must bring (a source identity, MFA) as well as yes or no.
import { hubCaller } from '../desired/hub-caller.js';
import type { DesiredHub, DesiredState } from '../desired/types.js';
import { observedHubDocuments } from '../observe/hub-documents.js';
import type { ObservedHub, ObservedRole, ObservedState } from '../observe/types.js';
import type { OrgIndex } from '../org/model.js';
import { statementsOf, type PolicyDocument } from '../policy/document.js';
import { policyLevels } from '../org/policy-levels.js';
import { principalContext, resourceContext } from '../policy/context.js';
import { discover } from '../policy/discover.js';
import { compilePolicySet } from '../policy/evaluate.js';
import { contextView } from '../policy/types.js';
import { describeFieldChange, listed } from '../plan/field-change.js';
import { makePlan } from '../plan/make.js';
import type { HubChange, Plan, RoleChange } from '../plan/types.js';
import type { VerifyCell } from './cell.js';

/**
 * - `conflict`: a role of the spoke's name that crossrole does not own (never granted to the hub);
 * - `unreadable`: the account could not be read, so nothing is known (never read as denied).
 */
export type { VerifyCell, VerifyStatus } from './cell.js';

export type HubStatus = 'ok' | 'missing' | 'drifted' | 'unreadable';

/** The hub side: the principal exists and its crossrole policy grants exactly the spokes. */
export interface HubCheck {
  hub: string;
  accountId: string;
  arn: string;
  status: HubStatus;
  reason?: string;
}

export interface StaticVerification {
  cells: VerifyCell[];
  hubs: HubCheck[];
}

export function verifyStatic(desired: DesiredState, index: OrgIndex, observed: ObservedState): StaticVerification {
  const plan = makePlan(desired, observed, { prune: false, org: index });
  const changes = new Map(plan.roles.map((c) => [`${c.accountId}/${c.roleName}`, c]));
  const unreadable = new Map(plan.unreadable.map((u) => [u.accountId, u.error]));
  const observedRoles = new Map(observed.accounts.flatMap((a) => a.roles.map((r) => [`${a.accountId}/${r.name}`, r] as const)));

  const cells: VerifyCell[] = [];
  const hubs: HubCheck[] = [];
  for (const hub of desired.hubs) {
    const seen = observed.hubs.find((h) => h.name === hub.name);
    const hubCheck = checkHub(hub, seen, plan, unreadable);
    hubs.push(hubCheck);
    const hubPolicies = observedHubDocuments(seen);
    const caller = hubCaller(hub);
    // Requests through the SDK are signed and sent over TLS.
    const callerContext = { ...principalContext(index, caller), 'aws:SecureTransport': 'true' };
    const spokes = new Set(hub.spokeArns);
    for (const role of desired.roles) {
      if (!spokes.has(role.arn)) continue;
      const cell = { accountId: role.accountId, accountName: role.accountName, role: role.name, hub: hub.name };
      const change = changes.get(`${role.accountId}/${role.name}`);
      // A hub nobody could read has unknown policies: its cells are unknown too, never denied.
      const problem = seen ? roleProblem(change, unreadable.get(role.accountId)) : { status: 'unreadable' as const, reason: hubCheck.reason };
      if (problem) {
        cells.push({ ...cell, ...problem });
        continue;
      }
      const seenRole = observedRoles.get(`${role.accountId}/${role.name}`) as ObservedRole;
      const policies = compilePolicySet({
        identityPolicies: hubPolicies,
        resourcePolicy: seenRole.trustPolicy,
        scps: policyLevels(index, hub.accountId, 'SERVICE_CONTROL_POLICY'),
        rcps: policyLevels(index, role.accountId, 'RESOURCE_CONTROL_POLICY'),
        principalIsManagementAccount: hub.accountId === index.org.managementAccountId,
        resourceIsManagementAccount: role.accountId === index.org.managementAccountId,
      });
      const context = contextView({ ...callerContext, ...resourceContext(index, role.accountId) });
      const answer = discover({ principal: caller.arn, action: 'sts:AssumeRole', resource: role.arn }, policies, context);
      if (!answer.possible) cells.push({ ...cell, status: 'denied-static', reason: answer.reason });
      else if (change?.kind === 'update') cells.push({ ...cell, status: 'drifted', reason: `${change.changes.map(describeFieldChange).join('; ')}: run crossrole plan` });
      else cells.push({ ...cell, status: 'ok', ...(answer.summary !== 'allowed unconditionally' && { reason: answer.summary }) });
    }
  }
  return { cells, hubs };
}

/** A spoke that cannot be checked further: unreadable, missing or not crossrole's. */
function roleProblem(change: RoleChange | undefined, unreadable: string | undefined): Pick<VerifyCell, 'status' | 'reason'> | undefined {
  if (unreadable !== undefined) return { status: 'unreadable', reason: `the account could not be read: ${unreadable}` };
  if (change?.kind === 'create') return { status: 'missing', reason: `${change.arn} does not exist` };
  if (change?.kind === 'conflict') return { status: 'conflict', reason: `${change.arn} ${change.reason!}; the hub policy leaves it out` };
  return undefined;
}

function checkHub(hub: DesiredHub, seen: ObservedHub | undefined, plan: Plan, unreadable: ReadonlyMap<string, string>): HubCheck {
  const base = { hub: hub.name, accountId: hub.accountId, arn: hub.arn };
  const accountError = unreadable.get(hub.accountId);
  // The plan counts a hub it did not observe as in an unreadable account, so either comes with the error.
  if (!seen || accountError !== undefined) return { ...base, status: 'unreadable', reason: `the hub account could not be read: ${accountError!}` };
  if (!seen.exists) return { ...base, status: 'missing', reason: `the hub ${hub.kind} ${hub.arn} does not exist: run crossrole plan` };
  const own = plan.hubs.filter((h) => h.hub === hub.name && h.steps.length);
  const leftovers = plan.retained.filter((r) => r.kind === 'hubPolicy' && r.hub === hub.name);
  const planFixes = [...own.map(describeHubChange), ...leftovers.map((r) => `it has the crossrole policy ${r.name}, which the spec no longer declares`)];
  // A conflict is for a person to settle (its reason says how), not for plan.
  const conflicts = plan.hubs.filter((h) => h.hub === hub.name && h.kind === 'conflict').map((h) => h.reason!);
  const reasons = [...(planFixes.length ? [`${planFixes.join('; ')}: run crossrole plan`] : []), ...conflicts];
  return reasons.length ? { ...base, status: 'drifted', reason: reasons.join('; ') } : { ...base, status: 'ok' };
}

/** The plan sets what each kind of change names (a conflict's reason, an update's changes, the members, the policy name). */
function describeHubChange(change: HubChange): string {
  const principal = `${change.principalKind} ${change.principalName}`;
  if (change.subject === 'principal') return change.kind === 'create' ? `${principal} does not exist` : `${principal}: ${change.changes!.map(describeFieldChange).join('; ')}`;
  if (change.subject === 'members') return `${change.members!.join(', ')} ${change.members!.length === 1 ? 'is' : 'are'} not in group ${change.principalName}`;
  const what = `${change.subject === 'managed' ? 'managed policy' : 'policy'} ${change.policyName!}`;
  if (change.kind === 'create') return `its ${what} is missing`;
  if (change.kind === 'delete') return `it has the ${what}, which grants spokes the spec does not declare`;
  // Only a managed policy is attached; a change of nothing but that is an existing one left detached.
  if (change.steps.every((s) => s.op === 'AttachHubPolicy')) return `its ${what} is not attached`;
  const had = allowedResources(change.before);
  const wanted = allowedResources(change.after);
  const extra = [...had].filter((r) => !wanted.has(r));
  const lacking = [...wanted].filter((r) => !had.has(r));
  const parts = [...(extra.length ? [`allows ${listed(extra)}, not declared`] : []), ...(lacking.length ? [`does not allow ${listed(lacking)}`] : [])];
  return `its ${what} differs from the declared one${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** Resources the Allow statements of a policy name. */
function allowedResources(doc: PolicyDocument | undefined): Set<string> {
  return new Set(statementsOf(doc).filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Resource ?? []].flat().map(String)));
}
