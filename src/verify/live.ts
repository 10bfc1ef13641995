// The live half's verdict, kept apart from the AWS calls: which spokes a hub really tries to
// assume, with what, and how each attempt's outcome overrides the static answer. A failed
// AssumeRole is denied-live whatever the static check said: AWS has the last word.
import type { DesiredState } from '../desired/types.js';
import type { VerifyCell } from './static.js';

/** One AssumeRole to attempt with a hub's credentials. */
export interface LiveCheck {
  roleArn: string;
  accountId: string;
  /** Set sts:SourceIdentity (spokes that require it). */
  sourceIdentity?: string;
}

export interface LiveResult {
  roleArn: string;
  ok: boolean;
  /** The assumed-role ARN STS reported, or the error. */
  detail: string;
}

/** A cell and what its live attempt answered. */
export interface LiveAttempt {
  cell: VerifyCell;
  result: LiveResult;
}

/** The cells of a hub a live attempt can still refute: those the static check found assumable. */
export function liveCandidates(cells: readonly VerifyCell[], hub: string): VerifyCell[] {
  return cells.filter((c) => c.hub === hub && (c.status === 'ok' || c.status === 'drifted'));
}

/** The AssumeRole each candidate needs, in the candidates' order. */
export function liveChecks(desired: DesiredState, candidates: readonly VerifyCell[], sessionName: string): LiveCheck[] {
  return candidates.map((cell) => {
    const role = desired.roles.find((r) => r.accountId === cell.accountId && r.name === cell.role)!;
    // Spokes that require a source identity only let the hub in when it sets one.
    const needsSourceIdentity = JSON.stringify(role.trustPolicy).includes('sts:SetSourceIdentity');
    return { roleArn: role.arn, accountId: role.accountId, ...(needsSourceIdentity && { sourceIdentity: sessionName }) };
  });
}

/** The cells with the live outcomes: a failed attempt makes its cell denied-live, with the error; a success leaves the static answer. */
export function withLiveResults(cells: readonly VerifyCell[], attempts: readonly LiveAttempt[]): VerifyCell[] {
  const failed = new Map(attempts.filter((a) => !a.result.ok).map((a) => [a.cell, a.result.detail]));
  return cells.map((cell) => {
    const detail = failed.get(cell);
    return detail === undefined ? cell : { ...cell, status: 'denied-live', reason: detail };
  });
}
