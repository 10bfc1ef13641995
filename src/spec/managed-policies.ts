// AWS managed policy ARNs (arn:aws:iam::aws:policy/…) checked against AWS's list. A misspelling of
// a listed policy is an error naming the one meant. A name the list lacks and that is no typo of a
// listed one is only a warning: AWS adds policies after the list was made (a V2 of a policy, say),
// and IAM itself is the last word at apply time. Customer managed policies are not checked.
import { closest, distance } from 'fastest-levenshtein';
import { isNear } from '../nearest.js';
import { AWS_MANAGED_POLICIES, AWS_MANAGED_POLICIES_AS_OF } from '../policy/aws-managed-policies.js';

const AWS_MANAGED_ARN = /^(arn:aws[a-z-]*:iam::aws:policy\/)(.+)$/;

export interface ManagedPolicyProblem {
  severity: 'error' | 'warning';
  message: string;
}

const known = new Set(AWS_MANAGED_POLICIES);
/** Lower-case path+name, and lower-case name alone, → the listed path+name. */
const byLower = new Map(AWS_MANAGED_POLICIES.map((p) => [p.toLowerCase(), p]));
const byName = new Map(AWS_MANAGED_POLICIES.map((p) => [p.slice(p.lastIndexOf('/') + 1).toLowerCase(), p]));
const lowered = [...byLower.keys()];

export function managedPolicyProblem(arn: string): ManagedPolicyProblem | undefined {
  const match = AWS_MANAGED_ARN.exec(arn);
  if (!match) return undefined;
  const [, prefix, policy] = match as unknown as [string, string, string];
  if (known.has(policy)) return undefined;
  const lower = policy.toLowerCase();
  const sameName = byLower.get(lower) ?? byName.get(lower.slice(lower.lastIndexOf('/') + 1));
  const guess = closest(lower, lowered);
  const apart = distance(lower, guess);
  const meant = sameName ?? (isTypo(lower, guess, apart) ? byLower.get(guess) : undefined);
  if (meant !== undefined) return { severity: 'error', message: `${arn} is not an AWS managed policy; did you mean ${prefix}${meant}?` };
  const near = isNear(lower, guess) ? `; did you mean ${prefix}${byLower.get(guess)}?` : '; check the name';
  return { severity: 'warning', message: `${arn} is not among the AWS managed policies crossrole knows (AWS's list of ${AWS_MANAGED_POLICIES_AS_OF})${near}` };
}

/** A letter or two off a listed name (lower case), but not another version digit or a longer name such as a V2. */
function isTypo(policy: string, listed: string, apart: number): boolean {
  return apart <= (listed.length >= 10 ? 2 : 1) && policy.replace(/\d/g, '') !== listed.replace(/\d/g, '') && !policy.startsWith(listed);
}
