// apply's view of AWS: one session per account through the bootstrap role; each step one IAM call.
import { GetInstanceProfileCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import type { AccountSession, ApplyTarget } from '../apply/types.js';
import type { AccountAccess } from './accounts.js';
import { runStep } from './iam-steps.js';
import { unlessMissing } from './errors.js';
import { tagRecord } from '../observe/role-detail.js';

export function awsApplyTarget(access: AccountAccess): ApplyTarget {
  return {
    async open(accountId): Promise<AccountSession> {
      const iam = (await access.clientsFor(accountId)).iam();
      return {
        accountId,
        iam: {
          // SDK errors keep their AWS names (NoSuchEntity, EntityAlreadyExists): apply decides on them.
          run: (step) => runStep(iam, step),
          roleTags: (roleName) =>
            unlessMissing(async () => {
              const tags = await iam.send(new ListRoleTagsCommand({ RoleName: roleName }));
              return tagRecord(tags.Tags);
            }),
          instanceProfile: (profileName) =>
            unlessMissing(async () => {
              const { InstanceProfile: profile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: profileName }));
              return { tags: tagRecord(profile?.Tags), roles: (profile?.Roles ?? []).map((r) => r.RoleName!) };
            }),
        },
      };
    },
  };
}
