// Micetro's AWS setup grants its group one inline policy per role it may assume.
import type { DesiredState } from '../desired/types.js';
import { compareStrings, toJson } from './format.js';

export function renderMicetro(state: DesiredState, files: Map<string, string>): void {
  for (const hub of state.hubs) {
    if (hub.kind !== 'group') continue;
    for (const arn of [...hub.spokeArns].sort(compareStrings)) {
      const accountId = arn.split(':')[4];
      const roleName = arn.slice(arn.lastIndexOf('/') + 1);
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn }] };
      files.set(`micetro/group-policies/${hub.name}/${accountId}-${roleName}.json`, toJson(policy));
    }
  }
}
