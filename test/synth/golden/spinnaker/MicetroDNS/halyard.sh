#!/usr/bin/env bash
# crossrole spoke role MicetroDNS (spec fleet) as Spinnaker managed accounts.
# Spinnaker's managing credentials are those of hub ops (arn:aws:iam::111111111111:group/micetro-admins).
# Accounts that already exist need `hal config provider aws account edit` instead of `add`.
set -euo pipefail

hal config provider aws account add 'prod' --account-id '222222222222' --assume-role 'role/MicetroDNS' --regions 'eu-central-1,us-east-1'
hal config provider aws account add 'dev-bob-s' --account-id '444444444444' --assume-role 'role/MicetroDNS' --regions 'eu-central-1,us-east-1'
hal config provider aws enable
