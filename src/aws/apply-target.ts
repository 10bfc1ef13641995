// apply's view of AWS: one session per account through the bootstrap role; each step one IAM call.
import { ListRoleTagsCommand } from '@aws-sdk/client-iam';
import type { AccountSession, ApplyTarget } from '../apply/types.js';
import type { AccountAccess } from './accounts.js';
import { runStep } from './iam-steps.js';
import { isNoSuchEntity } from './observe.js';

export function awsApplyTarget(access: AccountAccess): ApplyTarget {
  return {
    async open(accountId): Promise<AccountSession> {
      const iam = (await access.clientsFor(accountId)).iam();
      return {
        accountId,
        iam: {
          // SDK errors keep their AWS names (NoSuchEntity, EntityAlreadyExists): apply decides on them.
          run: (step) => runStep(iam, step),
          async roleTags(roleName) {
            try {
              const tags = await iam.send(new ListRoleTagsCommand({ RoleName: roleName }));
              return Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
            } catch (error) {
              if (isNoSuchEntity(error)) return undefined;
              throw error;
            }
          },
        },
      };
    },
  };
}
