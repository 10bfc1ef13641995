// The same setup as plain `aws iam` calls, for people who want no tool in the loop. Each target
// needs different credentials, so the script applies only the targets named on its command line.
import { OWNER_TAG, SPEC_TAG, type DesiredHub, type DesiredRole, type DesiredState } from '../desired/types.js';
import { commentText, compareStrings, shellQuote, sortedKeys } from './format.js';
import { hubPolicyPath, inlinePath, trustPath } from './policies.js';

export const AWS_CLI_PATH = 'aws-cli/apply.sh';

const fileArg = (path: string): string => shellQuote(`file://${path}`);

function hubCommands(hub: DesiredHub): string[] {
  const lines = [`# hub ${hub.name}: run with credentials for account ${hub.accountId}; the ${hub.kind} ${hub.arn} must exist`];
  for (const name of sortedKeys(hub.policies)) {
    lines.push(
      `aws iam put-${hub.kind}-policy --${hub.kind}-name ${shellQuote(hub.principalName)} --policy-name ${shellQuote(name)} --policy-document ${fileArg(hubPolicyPath(hub, name))}`,
    );
  }
  return lines;
}

function roleCommands(role: DesiredRole): string[] {
  const name = `--role-name ${shellQuote(role.name)}`;
  const description = role.description === undefined ? '' : ` --description ${shellQuote(role.description)}`;
  const tagKeys = sortedKeys(role.tags);
  const tags = shellQuote(JSON.stringify(tagKeys.map((key) => ({ Key: key, Value: role.tags[key] }))));
  const lines = [
    `if aws iam get-role ${name} >/dev/null 2>&1; then`,
    `  aws iam update-assume-role-policy ${name} --policy-document ${fileArg(trustPath(role))}`,
    `  aws iam update-role ${name} --max-session-duration ${role.maxSessionDuration}${description}`,
  ];
  if (tagKeys.length > 0) lines.push(`  aws iam tag-role ${name} --tags ${tags}`);
  lines.push(
    'else',
    `  aws iam create-role ${name} --path ${shellQuote(role.path)} --assume-role-policy-document ${fileArg(trustPath(role))} --max-session-duration ${role.maxSessionDuration}${description}${tagKeys.length > 0 ? ` --tags ${tags}` : ''}`,
    'fi',
  );
  for (const policy of sortedKeys(role.inlinePolicies)) {
    lines.push(`aws iam put-role-policy ${name} --policy-name ${shellQuote(policy)} --policy-document ${fileArg(inlinePath(role, policy))}`);
  }
  for (const arn of role.managedPolicyArns) lines.push(`aws iam attach-role-policy ${name} --policy-arn ${shellQuote(arn)}`);
  if (role.permissionsBoundary !== undefined) lines.push(`aws iam put-role-permissions-boundary ${name} --permissions-boundary ${shellQuote(role.permissionsBoundary)}`);
  if (role.instanceProfile) lines.push(...instanceProfileCommands(role));
  return lines;
}

/** EC2 uses a role only through an instance profile: one of the role's name, holding it (each step skipped when already so). */
function instanceProfileCommands(role: DesiredRole): string[] {
  const profile = `--instance-profile-name ${shellQuote(role.name)}`;
  const ownership = shellQuote(JSON.stringify([OWNER_TAG, SPEC_TAG].map((key) => ({ Key: key, Value: role.tags[key] }))));
  const holds = `aws iam list-instance-profiles-for-role --role-name ${shellQuote(role.name)} --query ${shellQuote(`InstanceProfiles[?InstanceProfileName=='${role.name}'].InstanceProfileName`)} --output text`;
  return [
    `aws iam get-instance-profile ${profile} >/dev/null 2>&1 || aws iam create-instance-profile ${profile} --path ${shellQuote(role.path)} --tags ${ownership}`,
    `[ -n "$(${holds})" ] || aws iam add-role-to-instance-profile ${profile} --role-name ${shellQuote(role.name)}`,
  ];
}

function caseBranch(label: string, body: string[]): string[] {
  return [`    ${shellQuote(label)})`, ...body.map((line) => `      ${line}`), '      ;;'];
}

export function renderAwsCli(state: DesiredState): string {
  const branches: string[] = [];
  for (const hub of [...state.hubs].sort((a, b) => compareStrings(a.name, b.name))) branches.push(...caseBranch(`hub:${hub.name}`, hubCommands(hub)));

  const byAccount = new Map<string, DesiredRole[]>();
  for (const role of state.roles) byAccount.set(role.accountId, [...(byAccount.get(role.accountId) ?? []), role]);
  for (const accountId of [...byAccount.keys()].sort(compareStrings)) {
    const roles = byAccount.get(accountId)!;
    const body = [`# account ${accountId} (${commentText(roles[0]!.accountName)}): run with credentials for that account`];
    for (const role of roles) body.push(`# role ${role.arn}`, ...roleCommands(role));
    branches.push(...caseBranch(`account:${accountId}`, body));
  }

  const script = [
    '#!/usr/bin/env bash',
    `# crossrole spec ${commentText(state.specName)} as plain AWS CLI calls.`,
    '# Usage: aws-cli/apply.sh TARGET...  with TARGET hub:<name> or account:<id> (the case labels below);',
    '# run each target with credentials for its account. Existing roles get their trust, session',
    '# duration, description and tags updated; nothing is ever detached or deleted.',
    'set -euo pipefail',
    '# The policy documents are referenced relative to the output directory.',
    'cd "$(dirname "$0")/.."',
    '',
    'if [ "$#" -eq 0 ]; then',
    "  echo 'usage: aws-cli/apply.sh TARGET...  (hub:<name> or account:<id>)' >&2",
    '  exit 2',
    'fi',
    '',
    'for target in "$@"; do',
    '  case "$target" in',
    ...branches,
    '    *)',
    '      echo "unknown target: $target" >&2',
    '      exit 2',
    '      ;;',
    '  esac',
    'done',
  ];
  return `${script.join('\n')}\n`;
}
