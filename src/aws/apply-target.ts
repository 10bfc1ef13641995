// apply's view of AWS: one session per account through the bootstrap role; each step one IAM call.
import { GetInstanceProfileCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import type { AccountSession, ApplyTarget } from '../apply/types.js';
import type { AccountAccess } from './accounts.js';
import { runStep } from './iam-steps.js';
import { isNoSuchEntity } from './errors.js';

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
              return tagMap(tags.Tags);
            }),
          instanceProfile: (profileName) =>
            unlessMissing(async () => {
              const { InstanceProfile: profile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: profileName }));
              return { tags: tagMap(profile?.Tags), roles: (profile?.Roles ?? []).map((r) => r.RoleName!) };
            }),
        },
      };
    },
  };
}

async function unlessMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

function tagMap(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
}
