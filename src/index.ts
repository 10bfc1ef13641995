// crossrole as a library: the pure pipeline (spec → org → desired state → outputs) and the policy engine.
export { parseSpec, type LoadedSpec } from './spec/load.js';
export { specSchema, type Spec, type SpecInput } from './spec/schema.js';
export { specJsonSchema } from './spec/json-schema.js';
export { formatDiagnostic, type Diagnostic } from './spec/source.js';
export { parseOrg } from './org/load.js';
export { indexOrg, accountsUnder, type OrgIndex } from './org/model.js';
export { orgSchema, type Org, type OrgAccount } from './org/schema.js';
export { resolveTargets, type ResolvedTargets } from './org/targets.js';
export { generateOrg, type SyntheticOrgOptions } from './org/synthetic.js';
export { buildDesired, type DesiredResult } from './desired/build.js';
export type { DesiredState, DesiredRole, DesiredHub, RoleTemplate } from './desired/types.js';
export { synthesize } from './synth/index.js';
export { UserError, InvalidInputError } from './errors.js';
export * as policy from './policy/index.js';
