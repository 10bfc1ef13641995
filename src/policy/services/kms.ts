// KMS's exception to the evaluation logic: a key's key policy must allow access even within the
// key's own account; an identity policy alone never suffices.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
import type { Arn } from '../match.js';

export function keyPolicyRequired(arn: Arn): boolean {
  return arn.service === 'kms' && arn.resource.startsWith('key/');
}
