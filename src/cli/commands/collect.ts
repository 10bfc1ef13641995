import { existsSync, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import type { CollectedAccount } from '../../aws/collect.js';
import { checkOutputPath, readInputDirectory, withFileErrors } from '../../file-errors.js';
import { awsOptions, type AwsFlags } from '../../aws/options.js';
import { validateOrgStructure } from '../../org/load.js';
import { indexOrg } from '../../org/model.js';
import type { Org } from '../../org/schema.js';
import { accountFilePath, accountsDirPath, orgFilePath, sortAccountFiles } from '../../snapshot/layout.js';
import { writeAccountFile, writeOrgFile } from '../../snapshot/write.js';
import { withAwsFlags } from '../aws-flags.js';
import { discoverLive } from '../live-inputs.js';
import { specAgainstOrg } from '../inputs.js';
import { plural, printJson, printWarnings } from '../output.js';
import { accountsProgress } from '../progress.js';
import { wholeNumber } from '../numbers.js';

interface CollectFlags extends AwsFlags {
  out: string;
  spec?: string;
  refresh?: boolean;
  concurrency: number;
  json?: boolean;
}

export function registerCollect(program: Command): void {
  withAwsFlags(
    program
      .command('collect')
      .description('snapshot the organization for an offline audit: org.json (discover) plus, per account, get-account-authorization-details as accounts/<account-id>.json')
      .requiredOption('--out <dir>', 'snapshot directory (created if needed)')
      .option('--spec <file>', 'only the accounts this spec targets, plus its hub accounts (their principals are where access starts)')
      .option('--refresh', 're-read accounts whose file already exists (default: keep them, so an interrupted run resumes)')
      .option('--concurrency <n>', 'accounts read in parallel', wholeNumber(1), 16)
      .option('--json', 'print the outcome per account as JSON'),
  )
    .addHelpText(
      'after',
      `
Run with credentials of the management account (or a delegated administrator that can assume
the bootstrap role in every account). Each account is written as soon as it is read, atomically;
a failing account (access denied, unreachable) is reported and the others go on; exit 1 if any
failed. Suspended accounts cannot be entered and are left out. org.json is always re-discovered.

A snapshot made by hand works too: org.json from \`crossrole discover\`, and for each account
  aws iam get-account-authorization-details --output json > DIR/accounts/<account-id>.json

Example:
  crossrole collect --profile management --out snapshot/`,
    )
    .action(async (opts: CollectFlags) => {
      // The snapshot directory's shape is checked before the organization is read (which takes a while).
      checkOutputPath(opts.out, 'snapshot directory', 'directory');
      checkOutputPath(orgFilePath(opts.out), 'snapshot org file', 'file');
      checkOutputPath(accountsDirPath(opts.out), 'snapshot accounts directory', 'directory');
      const [{ connect }, { collectAccounts }] = await Promise.all([import('../../aws/accounts.js'), import('../../aws/collect.js')]);
      const access = await connect(awsOptions(opts));
      const org = await discoverLive(access);
      for (const p of validateOrgStructure(org)) process.stderr.write(`warning: org.json ${p.path.join('.')}: ${p.message}\n`);

      const wanted = opts.spec === undefined ? org.accounts.map((a) => a.id) : await accountsOfSpec(opts.spec, org);
      const active = new Set(org.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id));
      const suspended = wanted.filter((id) => !active.has(id));
      for (const id of wanted) checkOutputPath(accountFilePath(opts.out, id), 'account file', 'file');
      withFileErrors('write', 'snapshot directory', opts.out, 'directory', () => {
        mkdirSync(accountsDirPath(opts.out), { recursive: true });
        writeOrgFile(opts.out, org);
      });
      warnStaleFiles(opts.out, org);
      const present = wanted.filter((id) => active.has(id) && !opts.refresh && existsSync(accountFilePath(opts.out, id)));
      const kept = new Set(present);
      const todo = wanted.filter((id) => active.has(id) && !kept.has(id));

      const names = new Map(org.accounts.map((a) => [a.id, a.name]));
      const progress = accountsProgress('collecting', 'failed');
      const results = await collectAccounts(access, todo, {
        concurrency: opts.concurrency,
        save: (accountId, details) => withFileErrors('write', 'account file', accountFilePath(opts.out, accountId), 'file', () => writeAccountFile(opts.out, { accountId, details })),
        onAccount: (result, _done, total) => progress.account(result.status !== 'failed', total),
      });
      progress.done();
      const failed = results.filter((r) => r.status === 'failed');
      if (opts.json) {
        printJson({ out: opts.out, collected: ids(results, 'collected'), alreadyCollected: present, suspended, failed: failed.map((f) => ({ accountId: f.accountId, error: f.error })) });
      } else {
        for (const f of failed) process.stderr.write(`collect: ${names.get(f.accountId)} (${f.accountId}) failed: ${f.error}\n`);
        const parts = [`${plural(results.length - failed.length, 'account')} collected`];
        if (present.length) parts.push(`${present.length} already collected (kept; --refresh re-reads them)`);
        if (suspended.length) parts.push(`${suspended.length} suspended (left out)`);
        if (failed.length) parts.push(`${failed.length} failed`);
        process.stdout.write(`${opts.out}: ${parts.join(', ')}\n`);
      }
      if (failed.length) process.exitCode = 1;
    });
}

/** Accounts the spec's roles target, and its hub accounts inside the organization, sorted. */
async function accountsOfSpec(specFile: string, org: Org): Promise<string[]> {
  const { desired, warnings } = await specAgainstOrg(specFile, indexOrg(org));
  printWarnings(warnings);
  const inOrg = new Set(org.accounts.map((a) => a.id));
  const ids = [...desired.state.targets.flatMap((t) => t.accountIds), ...desired.state.hubs.map((h) => h.accountId)];
  return [...new Set(ids)].filter((id) => inOrg.has(id)).sort();
}

/** Files of accounts that left the organization would make the snapshot unreadable: say so now. */
function warnStaleFiles(dir: string, org: Org): void {
  const names = readInputDirectory(accountsDirPath(dir), 'snapshot accounts directory').map((entry) => entry.name);
  const { problems } = sortAccountFiles(org, accountsDirPath(dir), names);
  for (const p of problems) process.stderr.write(`warning: ${p.file}: ${p.message}\n`);
}

const ids = (results: CollectedAccount[], status: CollectedAccount['status']) => results.filter((r) => r.status === status).map((r) => r.accountId);
