// Simulation case files: a request, the policies in force, and optionally the expected decision.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { locate, parseSource, type Source } from '../spec/source.js';
import { compilePolicySet, type CompiledPolicySet, type EvaluationRequest } from './evaluate.js';
import { InvalidPolicyError } from './errors.js';
import { dataRecord } from '../data-record.js';

const policy = z.union([dataRecord(z.string(), z.unknown()), z.string()], 'a policy is a JSON object or a (URL-encoded) JSON string');
const contextValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
const decision = z.enum(['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied']);
const layer = z.enum(['scp', 'rcp', 'identity', 'resource', 'boundary', 'session']);

export const caseSchema = z.strictObject({
  name: z.string().optional(),
  doc: z.string().optional().describe('The AWS documentation page the case encodes.'),
  note: z.string().optional(),
  request: z.strictObject({
    principal: z.string().min(1),
    action: z.string().regex(/^[\w-]+:[\w*?-]+$/, 'an action looks like service:Action'),
    resource: z.string().min(1),
    context: dataRecord(z.string(), contextValue).prefault({}),
    principalType: z.enum(['AWS', 'Service', 'Federated', 'CanonicalUser']).optional(),
    resourceAccount: z.string().regex(/^\d{12}$/).optional(),
  }),
  identityPolicies: z.array(policy).default([]),
  permissionBoundary: policy.nullable().default(null),
  sessionPolicy: policy.nullable().default(null),
  resourcePolicy: policy.nullable().default(null),
  scps: z.array(z.array(policy)).default([]),
  rcps: z.array(z.array(policy)).default([]),
  principalIsManagementAccount: z.boolean().default(false),
  resourceIsManagementAccount: z.boolean().default(false),
  expect: decision.optional(),
  expectLayer: layer.optional(),
});

export type SimulationCase = z.output<typeof caseSchema>;

export interface LoadedCase {
  file: string;
  case: SimulationCase;
  request: EvaluationRequest;
  policies: CompiledPolicySet;
}

/** Parses and compiles a case; every problem (JSON, schema, policy grammar) is located. */
export function loadCase(file: string, text: string): LoadedCase {
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InvalidInputError(diagnostics);
  const parsed = caseSchema.safeParse(source.data);
  if (!parsed.success) throw new InvalidInputError(schemaIssues(caseSchema, source.data, parsed.error.issues).map((i) => locate(source, i)));
  const c = parsed.data;
  try {
    const policies = compilePolicySet(c);
    return { file, case: c, request: { ...c.request }, policies };
  } catch (error) {
    if (error instanceof InvalidPolicyError) throw policyError(source, error);
    throw error;
  }
}

/** `identityPolicies[0]` → data path ['identityPolicies', 0], so findings point into the case file. */
function policyError(source: Source, error: InvalidPolicyError): InvalidInputError {
  const base = error.policyName.split(/[[\].]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const issues = error.findings.length ? error.findings.map((f) => ({ path: [...base, ...f.path], message: f.message })) : [{ path: base, message: 'not a policy document' }];
  return new InvalidInputError(issues.map((i) => locate(source, i)));
}
