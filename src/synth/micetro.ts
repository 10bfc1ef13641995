// Micetro's AWS setup grants its group one inline policy per role it may assume.
import type { DesiredState } from '../desired/types.js';
import { toJson } from './format.js';
import { compareStrings } from '../compare-strings.js';

/** Group policy files, one per spoke ARN of each group hub (Micetro's hubs). */
export function micetroPolicies(state: DesiredState): { path: string; spokeArn: string }[] {
  return state.hubs
    .filter((hub) => hub.kind === 'group')
    .flatMap((hub) =>
      [...hub.spokeArns].sort(compareStrings).map((arn) => {
        const accountId = arn.split(':')[4];
        const roleName = arn.slice(arn.lastIndexOf('/') + 1);
        return { path: `micetro/group-policies/${hub.name}/${accountId}-${roleName}.json`, spokeArn: arn };
      }),
    );
}

export function renderMicetro(state: DesiredState, files: Map<string, string>): void {
  for (const { path, spokeArn } of micetroPolicies(state)) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: spokeArn }] };
    files.set(path, toJson(policy));
  }
}
