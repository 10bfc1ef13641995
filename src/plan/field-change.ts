// One field change of a role in words, for verify's and audit's reasons: what the role has that the
// spec does not declare, or lacks.
import { statementsOf, type PolicyDocument } from '../policy/document.js';
import type { FieldChange } from './types.js';

/** `before` is what the role has, `after` what the spec declares. */
export function describeFieldChange(change: FieldChange): string {
  switch (change.field) {
    case 'trust':
      return describeTrust(change.before as PolicyDocument | undefined, change.after as PolicyDocument | undefined);
    case 'inline':
      return change.before === undefined ? `inline policy ${change.key} is missing` : change.after === undefined ? `it has an inline policy ${change.key} the spec does not declare` : `inline policy ${change.key} differs`;
    case 'managed':
      return change.before === undefined ? `managed policy ${change.key} is not attached` : `managed policy ${change.key} is attached and not declared`;
    case 'actionPolicy':
      return change.before === undefined ? `managed policy ${change.key} of its action list is missing` : `managed policy ${change.key} of its action list differs (${describeActions(change.before as PolicyDocument, change.after as PolicyDocument)})`;
    case 'boundary':
      return change.after === undefined ? `it has a permissions boundary ${String(change.before)} the spec does not declare` : change.before === undefined ? `its permissions boundary ${String(change.after)} is missing` : `its permissions boundary is ${String(change.before)}, not ${String(change.after)}`;
    case 'maxSessionDuration':
      return `its maximum session is ${String(change.before)} s, not ${String(change.after)} s`;
    case 'description':
      return `its description is ${quoted(change.before)}, not ${quoted(change.after)}`;
    case 'instanceProfile':
      return change.after ? `instance profile ${change.key} does not hold it` : `instance profile ${change.key} holds it and is not declared`;
    case 'tags':
      return change.after === undefined ? `tag ${change.key} is not declared` : `tag ${change.key} is ${change.before === undefined ? 'missing' : `"${String(change.before)}", not "${String(change.after)}"`}`;
  }
}

/** Actions one policy grants and the other does not, as written (patterns). */
function describeActions(before: PolicyDocument, after: PolicyDocument): string {
  const actions = (doc: PolicyDocument) => new Set(statementsOf(doc).flatMap((s) => [s.Action ?? []].flat()));
  const had = actions(before);
  const wanted = actions(after);
  const extra = [...had].filter((a) => !wanted.has(a));
  const lacking = [...wanted].filter((a) => !had.has(a));
  return [...(extra.length ? [`grants ${listed(extra)}, not declared`] : []), ...(lacking.length ? [`lacks ${listed(lacking)}`] : [])].join('; ') || 'other than actions';
}

/** The first three items and how many more. */
export function listed(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');
}

function describeTrust(before: PolicyDocument | undefined, after: PolicyDocument | undefined): string {
  const had = new Set(trustedPrincipals(before));
  const wanted = new Set(trustedPrincipals(after));
  const extra = [...had].filter((p) => !wanted.has(p));
  const lacking = [...wanted].filter((p) => !had.has(p));
  const parts = [...(extra.length ? [`lets in ${extra.join(', ')}, not declared`] : []), ...(lacking.length ? [`does not let in ${lacking.join(', ')}`] : [])];
  return `its trust policy differs from the declared one${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** Principals an Allow statement of a policy names ("*" for anyone), in document order. */
export function trustedPrincipals(doc: PolicyDocument | undefined): string[] {
  const found = new Set<string>();
  for (const s of statementsOf(doc)) {
    if (s === null || typeof s !== 'object' || s.Effect !== 'Allow' || s.Principal === undefined) continue;
    if (s.Principal === '*') found.add('*');
    else for (const ids of Object.values(s.Principal)) for (const id of [ids ?? []].flat()) found.add(String(id));
  }
  return [...found];
}

function quoted(value: unknown): string {
  return value === undefined || value === '' ? '(none)' : JSON.stringify(value);
}
