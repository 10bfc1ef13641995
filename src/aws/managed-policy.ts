// A customer managed policy as crossrole compares it: its default version's document and its
// versions oldest first (IAM keeps at most 5), for the hub's policies and the spokes' alike.
import { GetPolicyCommand, GetPolicyVersionCommand, ListPolicyVersionsCommand, type IAMClient } from '@aws-sdk/client-iam';
import { decodePolicy, tagRecord } from '../observe/role-detail.js';
import type { ObservedManagedPolicy } from '../observe/types.js';
import { attempt, unlessMissing, type CallSite } from './errors.js';
import { markerPages } from './pages.js';
import { emptyRecord } from '../data-record.js';

export async function readManagedPolicy(iam: IAMClient, accountId: string, arn: string, defaultVersionId: string): Promise<ObservedManagedPolicy> {
  const site = (call: string): CallSite => ({ call: `iam:${call}`, accountId });
  const { PolicyVersion: version } = await attempt(site('GetPolicyVersion'), () => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId })));
  const versions = await markerPages(site('ListPolicyVersions'), (Marker) => iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker })), (r) => r.Versions ?? []);
  return {
    arn,
    document: decodePolicy(version?.Document),
    versions: versions
      .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0) || versionNumber(a.VersionId) - versionNumber(b.VersionId))
      .map((v) => ({ id: v.VersionId!, isDefault: v.IsDefaultVersion ?? false })),
  };
}

/** The spoke policies at these ARNs that exist, with their ownership tags, by ARN. */
export async function observeSpokePolicies(iam: IAMClient, accountId: string, arns: readonly string[]): Promise<Record<string, ObservedManagedPolicy>> {
  const out = emptyRecord<ObservedManagedPolicy>();
  for (const arn of arns) {
    const found = await unlessMissing(() => attempt({ call: 'iam:GetPolicy', accountId }, () => iam.send(new GetPolicyCommand({ PolicyArn: arn }))));
    const policy = found?.Policy;
    if (!policy) continue;
    out[arn] = { ...(await readManagedPolicy(iam, accountId, arn, policy.DefaultVersionId!)), tags: tagRecord(policy.Tags) };
  }
  return out;
}

function versionNumber(id: string | undefined): number {
  return Number((id ?? 'v0').slice(1));
}
