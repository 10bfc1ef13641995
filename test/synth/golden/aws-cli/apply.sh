#!/usr/bin/env bash
# crossrole spec fleet as plain AWS CLI calls.
# Usage: aws-cli/apply.sh TARGET...  with TARGET hub:<name> or account:<id> (the case labels below);
# run each target with credentials for its account. Existing roles get their trust, session
# duration, description and tags updated; nothing is ever detached or deleted.
set -euo pipefail
# The policy documents are referenced relative to the output directory.
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  echo 'usage: aws-cli/apply.sh TARGET...  (hub:<name> or account:<id>)' >&2
  exit 2
fi

for target in "$@"; do
  case "$target" in
    'hub:ci')
      # hub ci: run with credentials for account 111111111111
      # the user arn:aws:iam::111111111111:user/deployer must exist: crossrole never creates users or access keys
      aws iam put-user-policy --user-name 'deployer' --policy-name 'crossrole-ci' --policy-document 'file://policies/hubs/ci/crossrole-ci.json'
      if aws iam get-policy --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2' >/dev/null 2>&1; then
        if [ "$(aws iam list-policy-versions --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2' --query 'length(Versions)' --output text)" -ge 5 ]; then
          aws iam delete-policy-version --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2' --version-id "$(aws iam list-policy-versions --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2' --query 'sort_by(Versions[?!IsDefaultVersion], &CreateDate)[0].VersionId' --output text)"
        fi
        aws iam create-policy-version --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2' --policy-document 'file://policies/hubs/ci/managed/crossrole-ci-2.json' --set-as-default
      else
        aws iam create-policy --policy-name 'crossrole-ci-2' --path /crossrole/ --policy-document 'file://policies/hubs/ci/managed/crossrole-ci-2.json' --tags '[{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam attach-user-policy --user-name 'deployer' --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/crossrole-ci-2'
      ;;
    'hub:collector')
      # hub collector: run with credentials for account 111111111111
      aws iam get-role --role-name 'crossrole-collector' >/dev/null 2>&1 || aws iam create-role --role-name 'crossrole-collector' --path '/crossrole/' --assume-role-policy-document 'file://policies/hubs/collector/role/trust.json' --max-session-duration 3600 --tags '[{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:spec","Value":"fleet"}]'
      aws iam put-role-policy --role-name 'crossrole-collector' --policy-name 'crossrole-collector' --policy-document 'file://policies/hubs/collector/crossrole-collector.json'
      ;;
    'hub:ops')
      # hub ops: run with credentials for account 111111111111
      aws iam get-group --group-name 'micetro-admins' >/dev/null 2>&1 || aws iam create-group --group-name 'micetro-admins' --path '/'
      aws iam add-user-to-group --group-name 'micetro-admins' --user-name 'alice'
      aws iam add-user-to-group --group-name 'micetro-admins' --user-name 'bob'
      aws iam put-group-policy --group-name 'micetro-admins' --policy-name 'crossrole-ops' --policy-document 'file://policies/hubs/ops/crossrole-ops.json'
      ;;
    'account:111111111111')
      # account 111111111111 (Shared Services): run with credentials for that account
      # role arn:aws:iam::111111111111:role/crossrole/CrossroleAudit
      if aws iam get-role --role-name 'CrossroleAudit' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleAudit' --policy-document 'file://policies/accounts/111111111111/CrossroleAudit/trust.json'
        aws iam update-role --role-name 'CrossroleAudit' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor'
        aws iam tag-role --role-name 'CrossroleAudit' --tags '[{"Key":"crossrole:hash","Value":"h111114"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      else
        aws iam create-role --role-name 'CrossroleAudit' --path '/crossrole/' --assume-role-policy-document 'file://policies/accounts/111111111111/CrossroleAudit/trust.json' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor' --tags '[{"Key":"crossrole:hash","Value":"h111114"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      fi
      aws iam put-role-policy --role-name 'CrossroleAudit' --policy-name 'deny-secrets' --policy-document 'file://policies/accounts/111111111111/CrossroleAudit/inline-deny-secrets.json'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::aws:policy/SecurityAudit'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::111111111111:policy/crossrole/audit-extra'
      aws iam put-role-permissions-boundary --role-name 'CrossroleAudit' --permissions-boundary 'arn:aws:iam::111111111111:policy/crossrole-boundary'
      ;;
    'account:222222222222')
      # account 222222222222 (prod): run with credentials for that account
      # role arn:aws:iam::222222222222:role/crossrole/CrossroleAudit
      if aws iam get-role --role-name 'CrossroleAudit' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleAudit' --policy-document 'file://policies/accounts/222222222222/CrossroleAudit/trust.json'
        aws iam update-role --role-name 'CrossroleAudit' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor'
        aws iam tag-role --role-name 'CrossroleAudit' --tags '[{"Key":"crossrole:hash","Value":"h222214"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      else
        aws iam create-role --role-name 'CrossroleAudit' --path '/crossrole/' --assume-role-policy-document 'file://policies/accounts/222222222222/CrossroleAudit/trust.json' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor' --tags '[{"Key":"crossrole:hash","Value":"h222214"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      fi
      aws iam put-role-policy --role-name 'CrossroleAudit' --policy-name 'deny-secrets' --policy-document 'file://policies/accounts/222222222222/CrossroleAudit/inline-deny-secrets.json'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::aws:policy/SecurityAudit'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::222222222222:policy/crossrole/audit-extra'
      aws iam put-role-permissions-boundary --role-name 'CrossroleAudit' --permissions-boundary 'arn:aws:iam::222222222222:policy/crossrole-boundary'
      # role arn:aws:iam::222222222222:role/CrossroleDeploy
      if aws iam get-role --role-name 'CrossroleDeploy' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleDeploy' --policy-document 'file://policies/accounts/222222222222/CrossroleDeploy/trust.json'
        aws iam update-role --role-name 'CrossroleDeploy' --max-session-duration 3600
        aws iam tag-role --role-name 'CrossroleDeploy' --tags '[{"Key":"crossrole:hash","Value":"h222215"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleDeploy"},{"Key":"crossrole:spec","Value":"fleet"}]'
      else
        aws iam create-role --role-name 'CrossroleDeploy' --path '/' --assume-role-policy-document 'file://policies/accounts/222222222222/CrossroleDeploy/trust.json' --max-session-duration 3600 --tags '[{"Key":"crossrole:hash","Value":"h222215"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleDeploy"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam attach-role-policy --role-name 'CrossroleDeploy' --policy-arn 'arn:aws:iam::aws:policy/PowerUserAccess'
      # role arn:aws:iam::222222222222:role/MicetroDNS
      if aws iam get-role --role-name 'MicetroDNS' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'MicetroDNS' --policy-document 'file://policies/accounts/222222222222/MicetroDNS/trust.json'
        aws iam update-role --role-name 'MicetroDNS' --max-session-duration 3600 --description 'Micetro manages Route 53 zones'
        aws iam tag-role --role-name 'MicetroDNS' --tags '[{"Key":"app","Value":"micetro"},{"Key":"crossrole:hash","Value":"h222210"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"MicetroDNS"},{"Key":"crossrole:spec","Value":"fleet"}]'
      else
        aws iam create-role --role-name 'MicetroDNS' --path '/' --assume-role-policy-document 'file://policies/accounts/222222222222/MicetroDNS/trust.json' --max-session-duration 3600 --description 'Micetro manages Route 53 zones' --tags '[{"Key":"app","Value":"micetro"},{"Key":"crossrole:hash","Value":"h222210"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"MicetroDNS"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam put-role-policy --role-name 'MicetroDNS' --policy-name 'route53' --policy-document 'file://policies/accounts/222222222222/MicetroDNS/inline-route53.json'
      aws iam get-instance-profile --instance-profile-name 'MicetroDNS' >/dev/null 2>&1 || aws iam create-instance-profile --instance-profile-name 'MicetroDNS' --path '/' --tags '[{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:spec","Value":"fleet"}]'
      [ -n "$(aws iam list-instance-profiles-for-role --role-name 'MicetroDNS' --query 'InstanceProfiles[?InstanceProfileName=='\''MicetroDNS'\''].InstanceProfileName' --output text)" ] || aws iam add-role-to-instance-profile --instance-profile-name 'MicetroDNS' --role-name 'MicetroDNS'
      ;;
    'account:333333333333')
      # account 333333333333 (Shared Services): run with credentials for that account
      # role arn:aws:iam::333333333333:role/crossrole/CrossroleAudit
      if aws iam get-role --role-name 'CrossroleAudit' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleAudit' --policy-document 'file://policies/accounts/333333333333/CrossroleAudit/trust.json'
        aws iam update-role --role-name 'CrossroleAudit' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor'
        aws iam tag-role --role-name 'CrossroleAudit' --tags '[{"Key":"crossrole:hash","Value":"h333314"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      else
        aws iam create-role --role-name 'CrossroleAudit' --path '/crossrole/' --assume-role-policy-document 'file://policies/accounts/333333333333/CrossroleAudit/trust.json' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor' --tags '[{"Key":"crossrole:hash","Value":"h333314"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      fi
      aws iam put-role-policy --role-name 'CrossroleAudit' --policy-name 'deny-secrets' --policy-document 'file://policies/accounts/333333333333/CrossroleAudit/inline-deny-secrets.json'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::aws:policy/SecurityAudit'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::333333333333:policy/crossrole/audit-extra'
      aws iam put-role-permissions-boundary --role-name 'CrossroleAudit' --permissions-boundary 'arn:aws:iam::333333333333:policy/crossrole-boundary'
      # role arn:aws:iam::333333333333:role/CrossroleDeploy
      if aws iam get-role --role-name 'CrossroleDeploy' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleDeploy' --policy-document 'file://policies/accounts/333333333333/CrossroleDeploy/trust.json'
        aws iam update-role --role-name 'CrossroleDeploy' --max-session-duration 3600
        aws iam tag-role --role-name 'CrossroleDeploy' --tags '[{"Key":"crossrole:hash","Value":"h333315"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleDeploy"},{"Key":"crossrole:spec","Value":"fleet"}]'
      else
        aws iam create-role --role-name 'CrossroleDeploy' --path '/' --assume-role-policy-document 'file://policies/accounts/333333333333/CrossroleDeploy/trust.json' --max-session-duration 3600 --tags '[{"Key":"crossrole:hash","Value":"h333315"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleDeploy"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam attach-role-policy --role-name 'CrossroleDeploy' --policy-arn 'arn:aws:iam::aws:policy/PowerUserAccess'
      ;;
    'account:444444444444')
      # account 444444444444 (dev (Bob's)): run with credentials for that account
      # role arn:aws:iam::444444444444:role/crossrole/CrossroleAudit
      if aws iam get-role --role-name 'CrossroleAudit' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'CrossroleAudit' --policy-document 'file://policies/accounts/444444444444/CrossroleAudit/trust.json'
        aws iam update-role --role-name 'CrossroleAudit' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor'
        aws iam tag-role --role-name 'CrossroleAudit' --tags '[{"Key":"crossrole:hash","Value":"h444414"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      else
        aws iam create-role --role-name 'CrossroleAudit' --path '/crossrole/' --assume-role-policy-document 'file://policies/accounts/444444444444/CrossroleAudit/trust.json' --max-session-duration 7200 --description 'Read-only audit access for the collector and the auditor' --tags '[{"Key":"crossrole:hash","Value":"h444414"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"CrossroleAudit"},{"Key":"crossrole:spec","Value":"fleet"},{"Key":"team","Value":"security"}]'
      fi
      aws iam put-role-policy --role-name 'CrossroleAudit' --policy-name 'deny-secrets' --policy-document 'file://policies/accounts/444444444444/CrossroleAudit/inline-deny-secrets.json'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::aws:policy/SecurityAudit'
      aws iam attach-role-policy --role-name 'CrossroleAudit' --policy-arn 'arn:aws:iam::444444444444:policy/crossrole/audit-extra'
      aws iam put-role-permissions-boundary --role-name 'CrossroleAudit' --permissions-boundary 'arn:aws:iam::444444444444:policy/crossrole-boundary'
      # role arn:aws:iam::444444444444:role/MicetroDNS
      if aws iam get-role --role-name 'MicetroDNS' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'MicetroDNS' --policy-document 'file://policies/accounts/444444444444/MicetroDNS/trust.json'
        aws iam update-role --role-name 'MicetroDNS' --max-session-duration 3600 --description 'Micetro manages Route 53 zones'
        aws iam tag-role --role-name 'MicetroDNS' --tags '[{"Key":"app","Value":"micetro"},{"Key":"crossrole:hash","Value":"h444410"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"MicetroDNS"},{"Key":"crossrole:spec","Value":"fleet"}]'
      else
        aws iam create-role --role-name 'MicetroDNS' --path '/' --assume-role-policy-document 'file://policies/accounts/444444444444/MicetroDNS/trust.json' --max-session-duration 3600 --description 'Micetro manages Route 53 zones' --tags '[{"Key":"app","Value":"micetro"},{"Key":"crossrole:hash","Value":"h444410"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"MicetroDNS"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam put-role-policy --role-name 'MicetroDNS' --policy-name 'route53' --policy-document 'file://policies/accounts/444444444444/MicetroDNS/inline-route53.json'
      aws iam get-instance-profile --instance-profile-name 'MicetroDNS' >/dev/null 2>&1 || aws iam create-instance-profile --instance-profile-name 'MicetroDNS' --path '/' --tags '[{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:spec","Value":"fleet"}]'
      [ -n "$(aws iam list-instance-profiles-for-role --role-name 'MicetroDNS' --query 'InstanceProfiles[?InstanceProfileName=='\''MicetroDNS'\''].InstanceProfileName' --output text)" ] || aws iam add-role-to-instance-profile --instance-profile-name 'MicetroDNS' --role-name 'MicetroDNS'
      # role arn:aws:iam::444444444444:role/vendors/VendorReadOnly
      if aws iam get-role --role-name 'VendorReadOnly' >/dev/null 2>&1; then
        aws iam update-assume-role-policy --role-name 'VendorReadOnly' --policy-document 'file://policies/accounts/444444444444/VendorReadOnly/trust.json'
        aws iam update-role --role-name 'VendorReadOnly' --max-session-duration 3600
        aws iam tag-role --role-name 'VendorReadOnly' --tags '[{"Key":"crossrole:hash","Value":"h444414"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"VendorReadOnly"},{"Key":"crossrole:spec","Value":"fleet"}]'
      else
        aws iam create-role --role-name 'VendorReadOnly' --path '/vendors/' --assume-role-policy-document 'file://policies/accounts/444444444444/VendorReadOnly/trust.json' --max-session-duration 3600 --tags '[{"Key":"crossrole:hash","Value":"h444414"},{"Key":"crossrole:managed-by","Value":"crossrole"},{"Key":"crossrole:role","Value":"VendorReadOnly"},{"Key":"crossrole:spec","Value":"fleet"}]'
      fi
      aws iam attach-role-policy --role-name 'VendorReadOnly' --policy-arn 'arn:aws:iam::aws:policy/ReadOnlyAccess'
      ;;
    *)
      echo "unknown target: $target" >&2
      exit 2
      ;;
  esac
done
