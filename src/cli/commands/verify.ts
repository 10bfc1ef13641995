import type { Command } from 'commander';
import type { Via } from '../../desired/deploy.js';
import { stackSetView } from '../../plan/stackset.js';
import { liveCandidates, liveChecks, withLiveResults, type LiveAttempt } from '../../verify/live.js';
import { verifyStatic, type HubCheck, type VerifyCell, type VerifyStatus } from '../../verify/static.js';
import { withAwsFlags } from '../aws-flags.js';
import { loadLiveInputs, type LiveFlags } from '../live-inputs.js';
import { missingScpWarning } from '../../org/policy-levels.js';
import { printJson } from '../output.js';
import { wholeNumber } from '../numbers.js';
import { viaOption } from './plan.js';

interface VerifyFlags extends LiveFlags {
  hubProfile?: string;
  via?: Via;
  json?: boolean;
  concurrency: number;
}

export function registerVerify(program: Command): void {
  withAwsFlags(
    program
      .command('verify')
      .description('prove every hub can assume every spoke: live (AssumeRole + GetCallerIdentity with the hub\'s credentials) and static (hub policy + trust + SCPs/RCPs through the policy engine)')
      .requiredOption('--spec <file>', 'fleet spec (crossrole.yaml)')
      .option('--org <file>', 'organization model (default: discover it live)')
      .option('--hub-profile <profile>', 'AWS profile with the hub principal\'s credentials (default for role hubs: assume the hub role through the bootstrap role)')
      .option('--concurrency <n>', 'accounts checked in parallel', wholeNumber(1), 16)
      .addOption(viaOption())
      .option('--json', 'print {"cells": [...], "hubs": [...], "summary": {...}}'),
  )
    .addHelpText('after', '\nEvery spoke and hub is compared with the spec document by document (trust, policies, boundary, session length, description, instance profile, tags; the hub\'s policy).\nExit 1 when any cell or hub is not ok.\n\nExample:\n  crossrole verify --spec crossrole.yaml --org org.json --hub-profile security-hub')
    .action(async (opts: VerifyFlags) => {
      const inputs = await loadLiveInputs(opts, opts.via && { via: opts.via });
      const { access, org } = inputs;
      // Roles a StackSet deployed carry no per-account hash tag.
      const desired = inputs.deploy.via === 'stackset' ? stackSetView(inputs.desired) : inputs.desired;
      const missingScps = missingScpWarning(org);
      if (missingScps) process.stderr.write(`warning: ${missingScps}\n`);
      const concurrency = opts.concurrency;
      const [{ hubCredentials }, { observeState }, { assumeEachSpoke }] = await Promise.all([import('../../aws/accounts.js'), import('../../aws/observe-org.js'), import('../../aws/verify-live.js')]);
      const observed = await observeState(access, desired, org, { prune: false, concurrency });
      const checked = verifyStatic(desired, org, observed);
      const { hubs } = checked;

      const attempts: LiveAttempt[] = [];
      for (const hub of desired.hubs) {
        const candidates = liveCandidates(checked.cells, hub.name);
        if (!candidates.length) continue;
        const credentials = await hubCredentials(access, hub, opts.hubProfile);
        if (!credentials) {
          process.stderr.write(`verify: hub ${hub.name} is a ${hub.kind}: pass --hub-profile with its credentials for the live check\n`);
          continue;
        }
        const results = await assumeEachSpoke(credentials, access.base.options, liveChecks(desired, candidates, access.base.options.sessionName), concurrency);
        attempts.push(...candidates.map((cell, i) => ({ cell, result: results[i]! })));
      }
      const cells = withLiveResults(checked.cells, attempts);

      const summary = countBy(cells);
      if (opts.json) printJson({ cells, hubs, summary });
      else printMatrix(cells, hubs, summary);
      if (cells.some((c) => c.status !== 'ok') || hubs.some((h) => h.status !== 'ok')) process.exitCode = 1;
    });
}

function countBy(cells: VerifyCell[]): Record<VerifyStatus, number> {
  const summary: Record<VerifyStatus, number> = { ok: 0, missing: 0, drifted: 0, conflict: 0, unreadable: 0, 'denied-live': 0, 'denied-static': 0 };
  for (const c of cells) summary[c.status]++;
  return summary;
}

const MARK: Record<VerifyStatus, string> = { ok: 'ok', missing: 'MISSING', drifted: 'DRIFTED', conflict: 'CONFLICT', unreadable: 'UNREADABLE', 'denied-live': 'DENIED(live)', 'denied-static': 'DENIED(static)' };

/** Accounts down, roles across; then every cell that is not ok, with its reason. */
function printMatrix(cells: VerifyCell[], hubs: HubCheck[], summary: Record<VerifyStatus, number>): void {
  const roles = [...new Set(cells.map((c) => c.role))];
  const accounts = [...new Map(cells.map((c) => [c.accountId, c.accountName])).entries()];
  const nameWidth = Math.max(7, ...accounts.map(([id, name]) => `${name} (${id})`.length));
  const widths = roles.map((r) => Math.max(r.length, 14));
  process.stdout.write(`${'account'.padEnd(nameWidth)}  ${roles.map((r, i) => r.padEnd(widths[i]!)).join('  ')}\n`);
  for (const [id, name] of accounts) {
    const row = roles.map((r, i) => {
      const own = cells.filter((c) => c.accountId === id && c.role === r);
      const worst = own.find((c) => c.status !== 'ok') ?? own[0];
      return (worst ? MARK[worst.status] : '-').padEnd(widths[i]!);
    });
    process.stdout.write(`${`${name} (${id})`.padEnd(nameWidth)}  ${row.join('  ')}\n`);
  }
  const problems = cells.filter((c) => c.status !== 'ok');
  if (problems.length) process.stdout.write('\n');
  for (const c of problems) process.stdout.write(`${MARK[c.status]} ${c.accountName} (${c.accountId}) ${c.role} via hub ${c.hub}: ${c.reason ?? ''}\n`);
  process.stdout.write('\n');
  for (const h of hubs) process.stdout.write(`hub ${h.hub} (${h.arn}): ${h.status === 'ok' ? 'ok' : `${h.status.toUpperCase()}: ${h.reason ?? ''}`}\n`);
  const shown = Object.entries(summary).filter(([k, n]) => n > 0 || k === 'ok');
  process.stdout.write(`\n${shown.map(([k, n]) => `${n} ${k}`).join(', ')}\n`);
}
