// The AWS connection flags shared by every live command.
import type { Command } from 'commander';
import { ORGANIZATION_ACCESS_ROLE } from '../org/access-role.js';

export function withAwsFlags(command: Command): Command {
  return withBootstrapRoleFlag(
    command
      .option('--profile <name>', 'AWS profile for the starting credentials (default: the default provider chain: environment, SSO, ~/.aws)')
      .option('--region <region>', 'AWS region (default: AWS_REGION or us-east-1)')
      .option('--endpoint-url <url>', 'send every AWS call to this endpoint, e.g. a local moto server (default: AWS_ENDPOINT_URL)'),
  );
}

/** --bootstrap-role: the live commands assume it; audit expects it to trust the management account. */
export function withBootstrapRoleFlag(command: Command): Command {
  return command.option('--bootstrap-role <name>', 'role assumed in each member account', ORGANIZATION_ACCESS_ROLE);
}
