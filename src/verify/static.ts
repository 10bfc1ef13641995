// The static half of verify: can each hub assume each of its spokes, by AWS's evaluation logic?
// The hub identity policy, the spoke trust (as observed, else as desired), the hub account's SCP
// levels and the spoke account's RCP levels go through the policy engine in discovery mode, so
// an answer says what the hub must bring (a source identity, MFA) as well as yes or no.
import { HASH_TAG, type DesiredHub, type DesiredState } from '../desired/types.js';
import type { ObservedState } from '../observe/types.js';
import type { OrgIndex } from '../org/model.js';
import { policyLevels } from '../org/policy-levels.js';
import { principalContext, resourceContext } from '../policy/context.js';
import { discover } from '../policy/discover.js';
import { compilePolicySet } from '../policy/evaluate.js';
import { contextView } from '../policy/types.js';

export type VerifyStatus = 'ok' | 'missing' | 'drifted' | 'denied-live' | 'denied-static';

export interface VerifyCell {
  accountId: string;
  accountName: string;
  role: string;
  hub: string;
  status: VerifyStatus;
  /** Why it is not ok, or what the hub must supply when it is. */
  reason?: string;
}

export const VERIFY_SESSION = 'crossrole-verify';

/** The principal that stands for a hub in requests: a session of the hub role, the hub user, or a group member. */
export function hubCaller(hub: DesiredHub): { arn: string; roleArn?: string } {
  if (hub.kind === 'role') return { arn: `arn:aws:sts::${hub.accountId}:assumed-role/${hub.principalName}/${VERIFY_SESSION}`, roleArn: hub.arn };
  if (hub.kind === 'user') return { arn: hub.arn };
  return { arn: hub.memberArns[0] ?? `arn:aws:iam::${hub.accountId}:user/${VERIFY_SESSION}` };
}

export function verifyStatic(desired: DesiredState, index: OrgIndex, observed?: ObservedState): VerifyCell[] {
  const cells: VerifyCell[] = [];
  const observedRoles = new Map((observed?.accounts ?? []).flatMap((a) => a.roles.map((r) => [`${a.accountId}/${r.name}`, r] as const)));
  const unreadable = new Map((observed?.accounts ?? []).filter((a) => a.error).map((a) => [a.accountId, a.error!]));
  for (const hub of desired.hubs) {
    const hubPolicies = Object.values(observed?.hubs.find((h) => h.name === hub.name)?.policies ?? hub.policies);
    const caller = hubCaller(hub);
    // Requests through the SDK are signed and sent over TLS.
    const callerContext = { ...principalContext(index, caller), 'aws:SecureTransport': 'true' };
    for (const role of desired.roles) {
      if (!hub.spokeArns.includes(role.arn)) continue;
      const cell = { accountId: role.accountId, accountName: role.accountName, role: role.name, hub: hub.name };
      const seen = observedRoles.get(`${role.accountId}/${role.name}`);
      if (observed && unreadable.has(role.accountId)) {
        cells.push({ ...cell, status: 'denied-static', reason: `account not readable: ${unreadable.get(role.accountId)}` });
        continue;
      }
      if (observed && !seen) {
        cells.push({ ...cell, status: 'missing', reason: `${role.arn} does not exist` });
        continue;
      }
      const policies = compilePolicySet({
        identityPolicies: hubPolicies,
        resourcePolicy: seen?.trustPolicy ?? role.trustPolicy,
        scps: policyLevels(index, hub.accountId, 'SERVICE_CONTROL_POLICY'),
        rcps: policyLevels(index, role.accountId, 'RESOURCE_CONTROL_POLICY'),
        principalIsManagementAccount: hub.accountId === index.org.managementAccountId,
        resourceIsManagementAccount: role.accountId === index.org.managementAccountId,
      });
      const context = contextView({ ...callerContext, ...resourceContext(index, role.accountId) });
      const answer = discover({ principal: caller.arn, action: 'sts:AssumeRole', resource: role.arn }, policies, context);
      if (!answer.possible) {
        cells.push({ ...cell, status: 'denied-static', reason: answer.reason });
        continue;
      }
      if (seen && seen.tags[HASH_TAG] !== role.tags[HASH_TAG]) {
        cells.push({ ...cell, status: 'drifted', reason: `its ${HASH_TAG} tag is ${seen.tags[HASH_TAG] ?? 'missing'}, the spec wants ${role.tags[HASH_TAG]}: run plan` });
        continue;
      }
      cells.push({ ...cell, status: 'ok', ...(answer.summary !== 'allowed unconditionally' && { reason: answer.summary }) });
    }
  }
  return cells;
}
