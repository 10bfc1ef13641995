// Shared set-up of the live commands: AWS access, the organization (org.json or discovered), the spec and desired state.
import type { AccountAccess } from '../aws/accounts.js';
import { awsOptions, type AwsFlags } from '../aws/options.js';
import { resolveDeploy, type DeployConfig } from '../desired/deploy.js';
import type { DesiredState } from '../desired/types.js';
import { indexOrg, type OrgIndex } from '../org/model.js';
import { orgSchema, type Org } from '../org/schema.js';
import { loadOrg, specAgainstOrg, type InputOptions } from './inputs.js';
import type { LoadedSpec } from '../spec/load.js';
import { printWarnings } from './output.js';

export interface LiveFlags extends AwsFlags {
  spec: string;
  org?: string;
  /** A profile with the hub's credentials (verify): checked up front like --profile. */
  hubProfile?: string;
}

export interface LiveInputs {
  access: AccountAccess;
  org: OrgIndex;
  loaded: LoadedSpec;
  desired: DesiredState;
  /** The spec's deploy: with `--via` over its choice of backend. */
  deploy: DeployConfig;
}

export async function loadLiveInputs(flags: LiveFlags, options: InputOptions = {}): Promise<LiveInputs> {
  // With org.json the inputs are checked before AWS is touched: bad input is exit 2 even offline.
  const given = flags.org ? await specAgainstOrg(flags.spec, loadOrg(flags.org), options) : undefined;
  const { connect } = await import('../aws/accounts.js');
  const access = await connect(awsOptions(flags), flags.hubProfile);
  const { loaded, org, desired, warnings } = given ?? (await specAgainstOrg(flags.spec, indexOrg(await discoverLive(access)), options));
  printWarnings(warnings);
  return { access, org, loaded, desired: desired.state, deploy: resolveDeploy(loaded.spec, options.via) };
}

/** The organization read live, with discover's progress on stderr, as the org model accepts it (the checks of a hand-written org.json). */
export async function discoverLive(access: AccountAccess): Promise<Org> {
  const { discoverOrganization } = await import('../aws/discover.js');
  return orgSchema.parse(await discoverOrganization(access.base.organizations(), (m) => process.stderr.write(`discover: ${m}\n`)));
}
