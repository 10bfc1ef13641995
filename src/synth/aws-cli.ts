// The same setup as plain `aws iam` calls, for people who want no tool in the loop. Each target
// needs different credentials, so the script applies only the targets named on its command line.
import { SPOKE_POLICY_PATH } from '../desired/action-policies.js';
import { HUB_MANAGED_POLICY_PATH } from '../desired/hub-names.js';
import { OWNER_TAG, SPEC_TAG, ownershipTags, type DesiredHub, type DesiredRole, type DesiredState } from '../desired/types.js';
import { canonicalPolicy, commentText, shellQuote, sortedKeys } from './format.js';
import { compareStrings } from '../compare-strings.js';
import { hubGroupPolicyPath, hubManagedPath, hubPolicyPath, hubTrustPath, inlinePath, trustPath } from './policies.js';

export const AWS_CLI_PATH = 'aws-cli/apply.sh';

const fileArg = (path: string): string => shellQuote(`file://${path}`);

/** The hub side as apply makes it: a missing role or group created, members added, the policies put and attached. */
function hubCommands(hub: DesiredHub): string[] {
  const lines = [`# hub ${hub.name}: run with credentials for account ${hub.accountId}`];
  if (hub.kind === 'role') lines.push(...hubRoleCommands(hub));
  else if (hub.kind === 'user') lines.push(`# the user ${hub.arn} must exist: crossrole never creates users or access keys`);
  const groups = hub.kind === 'group' ? [hub.principalName, ...hub.extraGroups.map((g) => g.name)] : [];
  for (const group of groups) lines.push(...groupCommands(group, hub.path, hub.members));
  for (const name of sortedKeys(hub.policies)) {
    lines.push(`aws iam put-${hub.kind}-policy --${hub.kind}-name ${shellQuote(hub.principalName)} --policy-name ${shellQuote(name)} --policy-document ${fileArg(hubPolicyPath(hub, name))}`);
  }
  for (const group of hub.extraGroups) {
    for (const name of sortedKeys(group.policies)) {
      lines.push(`aws iam put-group-policy --group-name ${shellQuote(group.name)} --policy-name ${shellQuote(name)} --policy-document ${fileArg(hubGroupPolicyPath(hub, group.name, name))}`);
    }
  }
  for (const name of sortedKeys(hub.managedPolicies)) {
    const policy = { accountId: hub.accountId, path: HUB_MANAGED_POLICY_PATH, name, document: fileArg(hubManagedPath(hub, name)), tags: ownershipTags(hub.recipe.specName) };
    lines.push(...managedPolicyCommands(policy), `aws iam attach-${hub.kind}-policy --${hub.kind}-name ${shellQuote(hub.principalName)} --policy-arn ${policyArn(policy)}`);
  }
  return lines;
}

/** Created when missing, with the spec's trust; an existing hub role keeps its own trust. */
function hubRoleCommands(hub: DesiredHub): string[] {
  const role = hub.role!;
  const name = `--role-name ${shellQuote(hub.principalName)}`;
  const description = role.description === undefined ? '' : ` --description ${shellQuote(role.description)}`;
  const lines = [
    `aws iam get-role ${name} >/dev/null 2>&1 || aws iam create-role ${name} --path ${shellQuote(hub.path)} --assume-role-policy-document ${fileArg(hubTrustPath(hub))} --max-session-duration ${role.maxSessionDuration}${description} --tags ${tagsArg(role.tags)}`,
  ];
  if (role.instanceProfile) lines.push(...instanceProfileCommands({ name: hub.principalName, path: hub.path, tags: role.tags }));
  return lines;
}

/** A group carries no tags; members must exist (crossrole never creates users). */
function groupCommands(group: string, path: string, members: string[]): string[] {
  const name = `--group-name ${shellQuote(group)}`;
  return [`aws iam get-group ${name} >/dev/null 2>&1 || aws iam create-group ${name} --path ${shellQuote(path)}`, ...members.map((user) => `aws iam add-user-to-group ${name} --user-name ${shellQuote(user)}`)];
}

/** A customer managed policy crossrole makes: where it goes, its document as an argument (file:// or the JSON, quoted) and its ownership tags. */
interface ManagedPolicyFile {
  accountId: string;
  path: string;
  name: string;
  document: string;
  tags: Record<string, string>;
}

const policyArn = (policy: ManagedPolicyFile): string => shellQuote(`arn:aws:iam::${policy.accountId}:policy${policy.path}${policy.name}`);

/** Made when missing; else a new default version, the oldest other one deleted first when IAM's 5 are used. */
function managedPolicyCommands(policy: ManagedPolicyFile): string[] {
  const arn = policyArn(policy);
  const document = policy.document;
  const oldest = shellQuote('sort_by(Versions[?!IsDefaultVersion], &CreateDate)[0].VersionId');
  return [
    `if aws iam get-policy --policy-arn ${arn} >/dev/null 2>&1; then`,
    `  if [ "$(aws iam list-policy-versions --policy-arn ${arn} --query 'length(Versions)' --output text)" -ge 5 ]; then`,
    `    aws iam delete-policy-version --policy-arn ${arn} --version-id "$(aws iam list-policy-versions --policy-arn ${arn} --query ${oldest} --output text)"`,
    '  fi',
    `  aws iam create-policy-version --policy-arn ${arn} --policy-document ${document} --set-as-default`,
    'else',
    `  aws iam create-policy --policy-name ${shellQuote(policy.name)} --path ${policy.path} --policy-document ${document} --tags ${tagsArg(policy.tags)}`,
    'fi',
  ];
}

function tagsArg(tags: Record<string, string>): string {
  return shellQuote(JSON.stringify(sortedKeys(tags).map((key) => ({ Key: key, Value: tags[key] }))));
}

function roleCommands(role: DesiredRole): string[] {
  const name = `--role-name ${shellQuote(role.name)}`;
  const description = role.description === undefined ? '' : ` --description ${shellQuote(role.description)}`;
  const tagKeys = sortedKeys(role.tags);
  const tags = tagsArg(role.tags);
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
  const ownership = { [OWNER_TAG]: role.tags[OWNER_TAG]!, [SPEC_TAG]: role.tags[SPEC_TAG]! };
  for (const policy of sortedKeys(role.actionPolicies ?? {})) {
    const document = shellQuote(JSON.stringify(canonicalPolicy(role.actionPolicies![policy]!)));
    lines.push(...managedPolicyCommands({ accountId: role.accountId, path: SPOKE_POLICY_PATH, name: policy, document, tags: ownership }));
  }
  for (const arn of role.managedPolicyArns) lines.push(`aws iam attach-role-policy ${name} --policy-arn ${shellQuote(arn)}`);
  if (role.permissionsBoundary !== undefined) lines.push(`aws iam put-role-permissions-boundary ${name} --permissions-boundary ${shellQuote(role.permissionsBoundary)}`);
  if (role.instanceProfile) lines.push(...instanceProfileCommands(role));
  return lines;
}

/** EC2 uses a role only through an instance profile: one of the role's name, holding it (each step skipped when already so). */
function instanceProfileCommands(role: Pick<DesiredRole, 'name' | 'path' | 'tags'>): string[] {
  const profile = `--instance-profile-name ${shellQuote(role.name)}`;
  const ownership = tagsArg({ [OWNER_TAG]: role.tags[OWNER_TAG]!, [SPEC_TAG]: role.tags[SPEC_TAG]! });
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
