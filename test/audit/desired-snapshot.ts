// A snapshot of an organization where a spec was applied exactly: every desired spoke role and
// hub principal as get-account-authorization-details would show them, with no other IAM content;
// every active account collected.
import { userArn } from '../../src/desired/arn.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { Org } from '../../src/org/schema.js';
import { accountAuthorizationDetailsSchema, type AccountAuthorizationDetails } from '../../src/snapshot/schema.js';
import type { Snapshot } from '../../src/snapshot/types.js';

type Raw = { RoleDetailList: unknown[]; UserDetailList: unknown[]; GroupDetailList: unknown[] };

export function desiredSnapshot(org: Org, ...states: DesiredState[]): Snapshot {
  const raw = new Map<string, Raw>();
  const of = (accountId: string) => {
    let details = raw.get(accountId);
    if (!details) raw.set(accountId, (details = { RoleDetailList: [], UserDetailList: [], GroupDetailList: [] }));
    return details;
  };
  let serial = 0;
  const id = (prefix: string) => `${prefix}${String(++serial).padStart(17, '0')}`;
  for (const state of states) {
    for (const role of state.roles) {
      of(role.accountId).RoleDetailList.push({
        Path: role.path,
        RoleName: role.name,
        RoleId: id('AROA'),
        Arn: role.arn,
        AssumeRolePolicyDocument: role.trustPolicy,
        RolePolicyList: Object.entries(role.inlinePolicies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
        AttachedManagedPolicies: role.managedPolicyArns.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
        ...(role.permissionsBoundary && { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundary } }),
        Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })),
      });
    }
    for (const hub of state.hubs) {
      const details = of(hub.accountId);
      const inline = Object.entries(hub.policies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
      if (hub.kind === 'role') {
        const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${hub.accountId}:root` }, Action: 'sts:AssumeRole' }] };
        details.RoleDetailList.push({ Path: hub.path, RoleName: hub.principalName, RoleId: id('AROA'), Arn: hub.arn, AssumeRolePolicyDocument: trust, RolePolicyList: inline });
      } else if (hub.kind === 'user') {
        details.UserDetailList.push({ Path: hub.path, UserName: hub.principalName, UserId: id('AIDA'), Arn: hub.arn, UserPolicyList: inline });
      } else {
        details.GroupDetailList.push({ Path: hub.path, GroupName: hub.principalName, GroupId: id('AGPA'), Arn: hub.arn, GroupPolicyList: inline });
        for (const member of hub.memberArns) {
          const name = member.slice(member.lastIndexOf('/') + 1);
          details.UserDetailList.push({ Path: '/', UserName: name, UserId: id('AIDA'), Arn: userArn(hub.accountId, '/', name), GroupList: [hub.principalName] });
        }
      }
    }
  }
  for (const account of org.accounts) if (account.status === 'ACTIVE') of(account.id);
  const accounts = [...raw.keys()].sort().map((accountId) => ({ accountId, details: accountAuthorizationDetailsSchema.parse(raw.get(accountId)) as AccountAuthorizationDetails }));
  const collected = new Set(accounts.map((a) => a.accountId));
  return { org, accounts, missing: org.accounts.map((a) => a.id).filter((a) => !collected.has(a)).sort() };
}
