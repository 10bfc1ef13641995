// The principal that stands for a hub in requests crossrole reasons about (verify, plan).
import type { DesiredHub } from './types.js';

/** The session name crossrole's own checks use. */
export const VERIFY_SESSION = 'crossrole-verify';

/** A session of the hub role, the hub user, or a group member (any IAM user of the hub account when none is listed). */
export function hubCaller(hub: DesiredHub): { arn: string; roleArn?: string } {
  if (hub.kind === 'role') return { arn: `arn:aws:sts::${hub.accountId}:assumed-role/${hub.principalName}/${VERIFY_SESSION}`, roleArn: hub.arn };
  if (hub.kind === 'user') return { arn: hub.arn };
  return { arn: hub.memberArns[0] ?? `arn:aws:iam::${hub.accountId}:user/${VERIFY_SESSION}` };
}
