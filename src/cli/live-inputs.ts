// Shared set-up of the live commands: AWS access, the organization (org.json or discovered), the spec and desired state.
import { AccountAccess } from '../aws/accounts.js';
import { AwsClients } from '../aws/clients.js';
import { discoverOrganization } from '../aws/discover.js';
import { awsOptions, type AwsFlags } from '../aws/options.js';
import { buildDesired } from '../desired/build.js';
import type { DesiredState } from '../desired/types.js';
import { InvalidInputError } from '../errors.js';
import { indexOrg, type OrgIndex } from '../org/model.js';
import { orgSchema } from '../org/schema.js';
import { parseSpec, type LoadedSpec } from '../spec/load.js';
import { locate } from '../spec/source.js';
import { loadOrg, readInputFile } from './inputs.js';
import { printWarnings } from './output.js';

export interface LiveFlags extends AwsFlags {
  spec: string;
  org?: string;
}

export interface LiveInputs {
  access: AccountAccess;
  org: OrgIndex;
  loaded: LoadedSpec;
  desired: DesiredState;
}

export async function loadLiveInputs(flags: LiveFlags): Promise<LiveInputs> {
  const access = new AccountAccess(new AwsClients(awsOptions(flags)));
  const org = flags.org ? loadOrg(flags.org) : indexOrg(orgSchema.parse(await discoverOrganization(access.base.organizations(), (m) => process.stderr.write(`discover: ${m}\n`))));
  const loaded = parseSpec(flags.spec, readInputFile(flags.spec, 'spec'), org);
  const { state, issues } = buildDesired(loaded.spec, org, loaded.specName);
  const located = issues.map((i) => locate(loaded.source, i));
  if (located.some((d) => d.severity === 'error')) throw new InvalidInputError([...loaded.warnings, ...located]);
  printWarnings([...loaded.warnings, ...located]);
  return { access, org, loaded, desired: state };
}
