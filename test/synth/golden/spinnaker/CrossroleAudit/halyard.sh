#!/usr/bin/env bash
# crossrole spoke role CrossroleAudit (spec fleet) as Spinnaker managed accounts.
# Spinnaker's managing credentials are those of hub collector (arn:aws:iam::111111111111:role/crossrole/crossrole-collector).
# Accounts that already exist need `hal config provider aws account edit` instead of `add`.
set -euo pipefail

hal config provider aws account add 'shared-services-111111111111' --account-id '111111111111' --assume-role 'role/crossrole/CrossroleAudit' --regions 'eu-central-1,us-east-1'
hal config provider aws account add 'prod' --account-id '222222222222' --assume-role 'role/crossrole/CrossroleAudit' --regions 'eu-central-1,us-east-1'
hal config provider aws account add 'shared-services-333333333333' --account-id '333333333333' --assume-role 'role/crossrole/CrossroleAudit' --regions 'eu-central-1,us-east-1'
hal config provider aws account add 'dev-bob-s' --account-id '444444444444' --assume-role 'role/crossrole/CrossroleAudit' --regions 'eu-central-1,us-east-1'
hal config provider aws enable
