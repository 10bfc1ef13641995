// Whether a hub's current identity policies already let it call sts:AssumeRole on a spoke ARN:
// the plan keeps such a spoke in the hub policy while its account cannot be read, so an account
// that fails to answer neither gains nor loses hub access.
import { hubCaller } from '../desired/hub-caller.js';
import type { DesiredHub } from '../desired/types.js';
import type { OrgIndex } from '../org/model.js';
import { principalContext, resourceContext } from '../policy/context.js';
import type { PolicyDocument } from '../policy/document.js';
import { discover } from '../policy/discover.js';
import { compilePolicySet } from '../policy/evaluate.js';
import { contextView } from '../policy/types.js';

/** A check of spoke ARNs against the hub's policies, compiled once. */
export function hubReach(index: OrgIndex, hub: DesiredHub, policies: PolicyDocument[]): (spokeArn: string, spokeAccountId: string) => boolean {
  const caller = hubCaller(hub);
  // The identity half only: a trust that lets the caller in stands for whatever the spoke has.
  const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: caller.roleArn ?? caller.arn }, Action: 'sts:AssumeRole' }] };
  const set = compilePolicySet({ identityPolicies: policies, resourcePolicy: trust });
  const callerContext = { ...principalContext(index, caller), 'aws:SecureTransport': 'true' };
  return (spokeArn, spokeAccountId) => {
    const context = contextView({ ...callerContext, ...resourceContext(index, spokeAccountId) });
    return discover({ principal: caller.arn, action: 'sts:AssumeRole', resource: spokeArn }, set, context).possible;
  };
}
