// synthesize: DesiredState → every generated file, as relative path → content. Pure and
// deterministic: the same state and org always give byte-identical output in the same order.
import type { DesiredState } from '../desired/types.js';
import { indexOrg } from '../org/model.js';
import type { Org } from '../org/schema.js';
import { AWS_CLI_PATH, renderAwsCli } from './aws-cli.js';
import { AWS_CONFIG_PATH, renderAwsConfig } from './aws-config.js';
import { hubTemplate } from './cloudformation/hub.js';
import { spokeTemplate } from './cloudformation/spoke.js';
import { serializeTemplate } from './cloudformation/limits.js';
import { renderStackSet } from './cloudformation/stackset.js';
import { compareStrings } from '../compare-strings.js';
import { renderMicetro } from './micetro.js';
import { renderPolicies } from './policies.js';
import { renderResoto } from './resoto.js';
import { renderSpinnaker } from './spinnaker.js';

export function synthesize(state: DesiredState, org: Org): Map<string, string> {
  const files = new Map<string, string>();
  const index = indexOrg(org);
  for (const template of state.templates) {
    const spoke = spokeTemplate(state, template);
    files.set(`cloudformation/spoke-${template.name}.template.json`, serializeTemplate(spoke.body));
    files.set(`cloudformation/stackset-${template.name}.template.json`, renderStackSet(state, index, template, spoke));
  }
  for (const hub of state.hubs) {
    const template = hubTemplate(state, hub);
    if (template) files.set(`cloudformation/hub-${hub.name}.template.json`, serializeTemplate(template));
  }
  renderPolicies(state, files);
  files.set(AWS_CONFIG_PATH, renderAwsConfig(state, org));
  renderSpinnaker(state, org, files);
  renderResoto(state, org, files);
  renderMicetro(state, files);
  files.set(AWS_CLI_PATH, renderAwsCli(state));
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}
