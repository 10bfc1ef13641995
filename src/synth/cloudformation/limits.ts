// CloudFormation's template quotas, and the check synth runs on every template it writes: a
// template is written pretty while it fits a request, compact when only that fits, and marked for
// S3 when neither does; anything past the S3 size or another quota is never written.
import { toJson, type JsonObject } from '../format.js';

export const CFN_LIMITS = {
  /** Template body passed in a request (create-stack --template-body, aws cloudformation deploy without --s3-bucket). */
  inlineBody: 51_200,
  /** Template body read from S3 (--template-url). */
  s3Body: 1_000_000,
  parameterValue: 4_096,
  description: 1_024,
  parameters: 200,
  resources: 500,
  outputs: 200,
} as const;

export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

const compact = (template: JsonObject): string => `${JSON.stringify(template)}\n`;

/** The template's file content: two-space JSON, or compact JSON when only that fits a request, noted in Metadata when even that does not. */
export function serializeTemplate(template: JsonObject): string {
  const pretty = toJson(template);
  if (byteLength(pretty) <= CFN_LIMITS.inlineBody) return pretty;
  if (byteLength(compact(template)) <= CFN_LIMITS.inlineBody) return compact(template);
  const metadata = (template.Metadata ?? {}) as JsonObject;
  const crossrole = (metadata.crossrole ?? {}) as JsonObject;
  const deploy = `Over the ${CFN_LIMITS.inlineBody.toLocaleString('en-US')} bytes CloudFormation accepts in a request: upload this file to S3 and create the stack with --template-url.`;
  return compact({ ...template, Metadata: { ...metadata, crossrole: { ...crossrole, deploy } } });
}

export interface TemplateProblem {
  /** The template's path among the synthesized files. */
  path: string;
  severity: 'error' | 'warning';
  message: string;
}

const count = (section: unknown): number => (typeof section === 'object' && section !== null ? Object.keys(section).length : 0);

/** Quotas a written template breaks (errors: CloudFormation would refuse it), and the request size it needs S3 for (a warning). */
export function templateProblems(path: string, text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const error = (message: string) => problems.push({ path, severity: 'error', message });
  const size = byteLength(text);
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (size > CFN_LIMITS.s3Body) {
    error(`the template is ${size.toLocaleString('en-US')} bytes, over the ${CFN_LIMITS.s3Body.toLocaleString('en-US')} bytes CloudFormation accepts even from S3`);
  } else if (size > CFN_LIMITS.inlineBody) {
    problems.push({
      path,
      severity: 'warning',
      message: `the template is ${size.toLocaleString('en-US')} bytes, over the ${CFN_LIMITS.inlineBody.toLocaleString('en-US')} bytes CloudFormation accepts in a request: upload it to S3 and run aws cloudformation create-stack --stack-name <name> --template-url https://<bucket>.s3.amazonaws.com/${name}`,
    });
  }
  const template = JSON.parse(text) as JsonObject;
  if (typeof template.Description === 'string' && byteLength(template.Description) > CFN_LIMITS.description) {
    error(`its Description is ${byteLength(template.Description)} bytes, over CloudFormation's ${CFN_LIMITS.description}`);
  }
  for (const [key, limit] of [['Parameters', CFN_LIMITS.parameters], ['Resources', CFN_LIMITS.resources], ['Outputs', CFN_LIMITS.outputs]] as const) {
    if (count(template[key]) > limit) error(`it declares ${count(template[key])} ${key.toLowerCase()}, over CloudFormation's ${limit}`);
  }
  for (const [parameter, declaration] of Object.entries((template.Parameters ?? {}) as JsonObject)) {
    const value = (declaration as JsonObject).Default;
    if (typeof value === 'string' && byteLength(value) > CFN_LIMITS.parameterValue) {
      error(`the default of parameter ${parameter} is ${byteLength(value)} bytes, over CloudFormation's ${CFN_LIMITS.parameterValue}`);
    }
  }
  return problems;
}
