// The policy engine's public API.
export { parsePolicy } from './parse.js';
export { compilePolicy, type CompiledPolicy, type PolicyInput } from './compile.js';
export { compilePolicySet, evaluate, describeRef, type CompiledPolicySet, type EvaluationRequest, type EvaluationResult, type Explanation, type Layer, type PolicySet, type StatementRef } from './evaluate.js';
export { discover, describeAlternatives, type Alternatives, type DiscoveryResult } from './discover.js';
export { lintPolicy, type LintOptions, type PolicyKind } from './lint.js';
export { principalContext, resourceContext, type PrincipalFacts } from './context.js';
export { loadCase, type LoadedCase, type SimulationCase } from './case.js';
export { InvalidPolicyError } from './errors.js';
export * from './types.js';
