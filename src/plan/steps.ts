// Step order for one role: the safety rule lives here.
//
// Invariant: whoever can assume a role at any moment gets the desired permissions or narrower, or
// (while the trust is still the one they were trusted by before) the old permissions or narrower.
// - create: the role is born locked (lockedTrust) with its boundary and tags, gets its policies,
//   and its instance profile, and only then its real trust; the `crossrole:hash` tag turns from
//   "pending" to the hash last.
// - update: narrow (delete, detach, add or replace the boundary), then widen (put, attach, remove
//   the boundary), then settings and tags, then the trust, then the hash. When the trust and the
//   permissions both change the role is locked first, so new principals never see old permissions
//   and old principals never see new ones.
// - delete: lock, strip policies and boundary, leave every instance profile (deleting its own), delete.
import { SPOKE_POLICY_PATH, spokePolicyArn } from '../desired/action-policies.js';
import { HASH_TAG, OWNER_TAG, SPEC_TAG, type DesiredRole } from '../desired/types.js';
import type { ObservedManagedPolicy, ObservedRole } from '../observe/types.js';
import type { PolicyDocument } from '../policy/document.js';
import { isLockedTrust, lockedTrust } from './locked.js';
import { samePolicy } from './normalize.js';
import { deletePolicySteps, newVersionSteps } from './policy-versions.js';
import type { FieldChange, Step } from './types.js';

/** The hash tag value while a role is being created: it marks a creation that has not finished. */
export const PENDING_HASH = 'pending';

/** `policies`: the account's action-list policies as observed (one left by an interrupted apply is reused). */
export function createSteps(role: DesiredRole, policies: Readonly<Record<string, ObservedManagedPolicy>> = {}): Step[] {
  const hash = role.tags[HASH_TAG];
  const steps: Step[] = [
    {
      op: 'CreateRole',
      roleName: role.name,
      path: role.path,
      ...(role.description !== undefined && { description: role.description }),
      maxSessionDuration: role.maxSessionDuration,
      trustPolicy: lockedTrust(role.accountId),
      ...(role.permissionsBoundary !== undefined && { permissionsBoundary: role.permissionsBoundary }),
      tags: hash === undefined ? role.tags : { ...role.tags, [HASH_TAG]: PENDING_HASH },
    },
  ];
  for (const [policyName, document] of sortedEntries(role.inlinePolicies)) steps.push({ op: 'PutRolePolicy', roleName: role.name, policyName, document });
  for (const policy of actionPolicyDiff(role, policies)) steps.push(...policy.steps);
  for (const policyArn of [...role.managedPolicyArns].sort()) steps.push({ op: 'AttachRolePolicy', roleName: role.name, policyArn });
  if (role.instanceProfile) steps.push(...instanceProfileSteps(role));
  steps.push({ op: 'UpdateAssumeRolePolicy', roleName: role.name, trustPolicy: role.trustPolicy });
  if (hash !== undefined) steps.push({ op: 'TagRole', roleName: role.name, tags: { [HASH_TAG]: hash } });
  return steps;
}

/** `owned`: the action-list policies of this spec attached to the role, deleted once detached. */
export function deleteSteps(role: ObservedRole, owned: readonly ObservedManagedPolicy[] = []): Step[] {
  const steps: Step[] = [];
  if (!isLockedTrust(role.trustPolicy, role.accountId)) steps.push(lockStep(role));
  for (const policyName of Object.keys(role.inlinePolicies).sort()) steps.push({ op: 'DeleteRolePolicy', roleName: role.name, policyName });
  for (const policyArn of [...role.managedPolicyArns].sort()) steps.push({ op: 'DetachRolePolicy', roleName: role.name, policyArn });
  for (const policy of owned) steps.push(...deletePolicySteps(policy));
  if (role.permissionsBoundary !== undefined) steps.push({ op: 'DeleteRolePermissionsBoundary', roleName: role.name });
  // IAM refuses to delete a role that an instance profile still holds; only the role's own profile goes with it.
  for (const profile of role.instanceProfiles) {
    steps.push({ op: 'RemoveRoleFromInstanceProfile', roleName: role.name, profileName: profile.name });
    if (isOwnProfile(role, profile)) steps.push({ op: 'DeleteInstanceProfile', roleName: role.name, profileName: profile.name });
  }
  steps.push({ op: 'DeleteRole', roleName: role.name });
  return steps;
}

/** An instance profile of the role's own name and path, born with the role's ownership tags, holding the role. */
export function instanceProfileSteps(role: Pick<DesiredRole, 'name' | 'path' | 'tags'>): Step[] {
  const tags = { [OWNER_TAG]: role.tags[OWNER_TAG]!, [SPEC_TAG]: role.tags[SPEC_TAG]! };
  return [
    { op: 'CreateInstanceProfile', roleName: role.name, profileName: role.name, path: role.path, tags },
    { op: 'AddRoleToInstanceProfile', roleName: role.name, profileName: role.name },
  ];
}

export function isOwnProfile(role: { name: string; path: string }, profile: { name: string; path: string }): boolean {
  return profile.name.toLowerCase() === role.name.toLowerCase() && profile.path === role.path;
}

export interface RoleDiff {
  changes: FieldChange[];
  steps: Step[];
}

/**
 * `policies`: the account's action-list policies as observed; `owned`: those of them this spec
 * owns that the role has attached and no longer wants (deleted once detached).
 */
export function updateSteps(desired: DesiredRole, observed: ObservedRole, policies: Readonly<Record<string, ObservedManagedPolicy>> = {}, owned: readonly ObservedManagedPolicy[] = []): RoleDiff {
  const roleName = observed.name;
  const changes: FieldChange[] = [];
  const narrow: Step[] = [];
  const widen: Step[] = [];
  const settings: Step[] = [];

  const removedInline = Object.keys(observed.inlinePolicies).filter((n) => !Object.hasOwn(desired.inlinePolicies, n)).sort();
  const addedInline = Object.keys(desired.inlinePolicies).filter((n) => !Object.hasOwn(observed.inlinePolicies, n)).sort();
  const changedInline = Object.keys(desired.inlinePolicies)
    .filter((n) => Object.hasOwn(observed.inlinePolicies, n) && !samePolicy(observed.inlinePolicies[n], desired.inlinePolicies[n]))
    .sort();
  for (const n of removedInline) changes.push({ field: 'inline', key: n, before: observed.inlinePolicies[n] });
  for (const n of changedInline) changes.push({ field: 'inline', key: n, before: observed.inlinePolicies[n], after: desired.inlinePolicies[n] });
  for (const n of addedInline) changes.push({ field: 'inline', key: n, after: desired.inlinePolicies[n] });

  const before = new Set(observed.managedPolicyArns);
  const after = new Set(desired.managedPolicyArns);
  const detached = [...before].filter((a) => !after.has(a)).sort();
  const attached = [...after].filter((a) => !before.has(a)).sort();
  for (const a of detached) changes.push({ field: 'managed', key: a, before: a });
  for (const a of attached) changes.push({ field: 'managed', key: a, after: a });

  const oldBoundary = observed.permissionsBoundary;
  const newBoundary = desired.permissionsBoundary;
  if (oldBoundary !== newBoundary) changes.push({ field: 'boundary', before: oldBoundary, after: newBoundary });

  const actionDiff = actionPolicyDiff(desired, policies);
  for (const p of actionDiff) changes.push({ field: 'actionPolicy', key: p.policyName, ...(p.before !== undefined && { before: p.before }), after: p.after });

  for (const policyName of removedInline) narrow.push({ op: 'DeleteRolePolicy', roleName, policyName });
  for (const policyArn of detached) narrow.push({ op: 'DetachRolePolicy', roleName, policyArn });
  // An old version of a changed policy must never sit beside new grants. One changed policy is
  // replaced at once (a put, or a new default version: IAM swaps either atomically) before anything
  // else widens; any others are deleted or detached while narrowing and put back new. Under a
  // replaced boundary every old version goes first, since the new boundary may let through what the
  // old one cut from them.
  const boundaryReplaced = oldBoundary !== undefined && newBoundary !== undefined && oldBoundary !== newBoundary;
  const changedAttached = actionDiff.filter((p) => p.before !== undefined && before.has(p.arn));
  const replacedInPlace = boundaryReplaced ? undefined : (changedInline[0] ?? changedAttached[0]?.arn);
  for (const policyName of changedInline.filter((n) => n !== replacedInPlace)) narrow.push({ op: 'DeleteRolePolicy', roleName, policyName });
  for (const p of changedAttached.filter((p) => p.arn !== replacedInPlace)) narrow.push({ op: 'DetachRolePolicy', roleName, policyArn: p.arn });
  if (newBoundary !== undefined && newBoundary !== oldBoundary) narrow.push({ op: 'PutRolePermissionsBoundary', roleName, policyArn: newBoundary });

  const inPlace = actionDiff.find((p) => p.arn === replacedInPlace);
  if (inPlace) widen.push(...inPlace.steps);
  for (const policyName of [...changedInline, ...addedInline]) widen.push({ op: 'PutRolePolicy', roleName, policyName, document: desired.inlinePolicies[policyName]! });
  for (const p of actionDiff.filter((p) => p !== inPlace)) {
    widen.push(...p.steps);
    if (changedAttached.includes(p)) widen.push({ op: 'AttachRolePolicy', roleName, policyArn: p.arn });
  }
  for (const policyArn of attached) widen.push({ op: 'AttachRolePolicy', roleName, policyArn });
  if (newBoundary === undefined && oldBoundary !== undefined) widen.push({ op: 'DeleteRolePermissionsBoundary', roleName });

  // Fields the reader could not see (GetAccountAuthorizationDetails has neither) are covered by the
  // ownership hash: when it differs they are set again, without claiming a visible change.
  const unknown = new Set(observed.unknownFields ?? []);
  const hashMatches = observed.tags[HASH_TAG] === desired.tags[HASH_TAG];
  const maxSessionKnown = !unknown.has('maxSessionDuration');
  const maxSessionChanged = maxSessionKnown ? observed.maxSessionDuration !== desired.maxSessionDuration : !hashMatches;
  if (maxSessionKnown && maxSessionChanged) changes.push({ field: 'maxSessionDuration', before: observed.maxSessionDuration, after: desired.maxSessionDuration });
  // IAM reports an empty description as none.
  const descriptionKnown = !unknown.has('description');
  const descriptionChanged = descriptionKnown ? (observed.description ?? '') !== (desired.description ?? '') : !hashMatches;
  if (descriptionKnown && descriptionChanged) changes.push({ field: 'description', before: observed.description, after: desired.description });
  if (descriptionChanged || maxSessionChanged) {
    // UpdateRole leaves an omitted description as it is: clearing one takes an empty string.
    settings.push({ op: 'UpdateRole', roleName, description: desired.description ?? '', maxSessionDuration: desired.maxSessionDuration });
  }

  // Crossrole owns the whole role, its tags included: keys the spec does not set are removed.
  const untag = Object.keys(observed.tags).filter((k) => !Object.hasOwn(desired.tags, k)).sort();
  const retag = sortedEntries(desired.tags).filter(([k, v]) => k !== HASH_TAG && observed.tags[k] !== v);
  for (const k of untag) changes.push({ field: 'tags', key: k, before: observed.tags[k] });
  for (const [k, v] of retag) changes.push({ field: 'tags', key: k, before: observed.tags[k], after: v });
  // Untag first: IAM's 50-tag limit counts the old keys until they are gone.
  if (untag.length) settings.push({ op: 'UntagRole', roleName, tagKeys: untag });
  if (retag.length) settings.push({ op: 'TagRole', roleName, tags: Object.fromEntries(retag) });

  // A profile the spec asks for is made; one it does not ask for is left alone (EC2 instances may use it).
  const profileMissing = desired.instanceProfile === true && !unknown.has('instanceProfile') && !observed.instanceProfile;
  if (profileMissing) {
    changes.push({ field: 'instanceProfile', key: desired.name, after: true });
    settings.push(...instanceProfileSteps(desired));
  }

  const trustChanged = !samePolicy(observed.trustPolicy, desired.trustPolicy);
  if (trustChanged) changes.push({ field: 'trust', before: observed.trustPolicy, after: desired.trustPolicy });
  const permissionsChanged = narrow.length + widen.length > 0;
  const lock = trustChanged && permissionsChanged && !isLockedTrust(observed.trustPolicy, observed.accountId);

  const desiredHash = desired.tags[HASH_TAG];
  const hashChanged = desiredHash !== undefined && observed.tags[HASH_TAG] !== desiredHash;
  if (hashChanged) changes.push({ field: 'tags', key: HASH_TAG, before: observed.tags[HASH_TAG], after: desiredHash });

  const steps: Step[] = [
    ...(lock ? [lockStep(observed)] : []),
    ...narrow,
    ...widen,
    ...settings,
    ...(trustChanged ? [{ op: 'UpdateAssumeRolePolicy', roleName, trustPolicy: desired.trustPolicy } satisfies Step] : []),
    ...(hashChanged ? [{ op: 'TagRole', roleName, tags: { [HASH_TAG]: desiredHash } } satisfies Step] : []),
    // Detached while narrowing, crossrole's own policies of the old action list go last.
    ...owned.flatMap(deletePolicySteps),
  ];
  return { changes, steps };
}

interface ActionPolicyChange {
  policyName: string;
  arn: string;
  before?: PolicyDocument;
  after: PolicyDocument;
  /** CreatePolicy, or a new default version (attaching is the role's business). */
  steps: Step[];
}

/** The role's action-list policies that are missing or differ from the observed ones, in name order. */
function actionPolicyDiff(role: DesiredRole, policies: Readonly<Record<string, ObservedManagedPolicy>>): ActionPolicyChange[] {
  const out: ActionPolicyChange[] = [];
  for (const [policyName, document] of sortedEntries(role.actionPolicies ?? {})) {
    const arn = spokePolicyArn(policyName, role.accountId);
    const found = Object.hasOwn(policies, arn) ? policies[arn] : undefined;
    if (!found) {
      const tags = { [OWNER_TAG]: role.tags[OWNER_TAG]!, [SPEC_TAG]: role.tags[SPEC_TAG]! };
      out.push({ policyName, arn, after: document, steps: [{ op: 'CreatePolicy', policyName, path: SPOKE_POLICY_PATH, document, tags }] });
    } else if (!samePolicy(found.document, document)) out.push({ policyName, arn, before: found.document, after: document, steps: newVersionSteps(found, document) });
  }
  return out;
}

function lockStep(role: ObservedRole): Step {
  return { op: 'UpdateAssumeRolePolicy', roleName: role.name, trustPolicy: lockedTrust(role.accountId), lock: true };
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.keys(record)
    .sort()
    .map((k) => [k, record[k]!]);
}
