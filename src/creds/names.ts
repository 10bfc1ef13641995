// Profile names from a template such as `{account_name}.{role}`, and the names STS sessions carry.
import { profileSafe } from '../synth/names.js';

export const DEFAULT_NAME_TEMPLATE = '{account_name}.{role}';
export const NAME_FIELDS = ['account_name', 'account_id', 'role', 'hub'] as const;
export type NameField = (typeof NAME_FIELDS)[number];
export type NameFields = Record<NameField, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** What is wrong with a name template (empty when it can be used). */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  const used = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  for (const name of used) {
    if (!(NAME_FIELDS as readonly string[]).includes(name)) problems.push(`unknown placeholder {${name}} (known: ${NAME_FIELDS.map((f) => `{${f}}`).join(' ')})`);
  }
  if (!used.includes('account_name') && !used.includes('account_id')) problems.push('the template names no account: use {account_name} or {account_id}');
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) problems.push('unbalanced { or }');
  return problems;
}

/** The profile name for these fields: placeholders filled in, then reduced to the characters AWS tools accept. */
export function profileName(template: string, fields: NameFields): string {
  return profileSafe(template.replace(PLACEHOLDER, (_, name: string) => fields[name as NameField] ?? ''));
}

/** STS RoleSessionName and SourceIdentity: 2–64 characters of [\w+=,.@-]. */
export function stsName(text: string): string {
  const safe = text.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return safe.length >= 2 ? safe : `crossrole-${safe || 'user'}`;
}

/**
 * The person behind a caller ARN: the IAM user's name, or the session name of an assumed role
 * (IAM Identity Center puts the user name or e-mail address there), or the federated user's name.
 */
export function personFromArn(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  const kind = parts[0];
  if (kind === 'assumed-role' && parts.length >= 3) return stsName(parts[parts.length - 1]!);
  if ((kind === 'user' || kind === 'federated-user') && parts.length >= 2) return stsName(parts[parts.length - 1]!);
  if (resource === 'root') return stsName(`root-${arn.split(':')[4] ?? ''}`);
  return stsName(parts[parts.length - 1] ?? 'user');
}

/** Who triggered a CI job, from the variables CI systems set; undefined outside CI. */
export function personFromCi(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_ACTOR) return stsName(`github-${env.GITHUB_ACTOR}`);
  if (env.GITLAB_USER_LOGIN) return stsName(`gitlab-${env.GITLAB_USER_LOGIN}`);
  if (env.BUILDKITE_BUILD_CREATOR_EMAIL) return stsName(`buildkite-${env.BUILDKITE_BUILD_CREATOR_EMAIL}`);
  if (env.CIRCLE_USERNAME) return stsName(`circleci-${env.CIRCLE_USERNAME}`);
  return undefined;
}
