// crossrole's main job, end to end against a local AWS emulator (moto server on loopback):
// a 50-account organization with nested OUs and a suspended account and no hub principal, then
// discover → plan → apply → plan (no changes) → verify with the hub/spoke example, then the
// audit of the whole organization (collect → audit → report, one HTML file) and AWS CLI profiles
// for every spoke.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, seedOrg, startMoto } from '../test/helpers/moto.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = join(import.meta.dirname, '..');
// Apart from the offline demo's out/demo-offline: neither run deletes the other's files.
const out = join(root, 'out', 'demo-live');
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/** Runs crossrole as a user would; long outputs (a profile per account) are shortened to their head. */
function crossrole(env: NodeJS.ProcessEnv, ...args: string[]): number {
  process.stdout.write(`\n${bold(`$ crossrole ${args.join(' ')}`)}\n`);
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const lines = r.stdout.trimEnd().split('\n');
  const shown = lines.length > 40 ? [...lines.slice(0, 14), `… (${lines.length - 15} more lines)`, lines.at(-1)!] : lines;
  process.stdout.write(`${shown.join('\n')}\n(exit ${r.status})\n`);
  return r.status ?? 1;
}

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const specFile = join(out, 'crossrole.yaml');
const orgFile = join(out, 'org.json');
const snapshotDir = join(out, 'snapshot');
const configFile = join(out, 'aws-config');
const reportFile = join(out, 'report.html');
// A fresh run: what the last run wrote goes (collect would keep an old snapshot), nothing else.
for (const path of [specFile, orgFile, snapshotDir, configFile, `${configFile}.crossrole.bak`, reportFile]) rmSync(path, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

process.stdout.write(bold('Starting moto server on loopback and creating a 50-account organization…\n'));
const moto = await startMoto();
try {
  const seeded = await seedOrg(moto.endpoint, {
    ous: [
      { name: 'Security', accounts: 2, tags: { team: 'security' } },
      {
        name: 'Workloads',
        children: [
          { name: 'Prod', accounts: 12, tags: { env: 'prod' }, children: [{ name: 'Payments', accounts: 6, tags: { env: 'prod', team: 'payments' } }] },
          { name: 'NonProd', accounts: 14, tags: { env: 'dev' } },
        ],
      },
      { name: 'Sandbox', accounts: 10, tags: { env: 'sandbox' } },
    ],
    rootAccounts: 4,
    suspended: 1,
  });
  const security = seeded.accounts.find((a) => a.ouName === 'Security')!;
  const excluded = seeded.accounts.find((a) => a.ouName === 'Payments')!;
  process.stdout.write(`${seeded.accounts.length} accounts in ${seeded.organizationId}; the hub lives in ${security.name} (${security.id})\n`);

  // No hub principal exists yet: apply creates the hub role with the spoke roles.
  // examples/hub-spoke.yaml, pointed at this organization's ids.
  const spec = readFileSync(join(root, 'examples', 'hub-spoke.yaml'), 'utf8')
    .replaceAll('222222222222', security.id)
    .replaceAll('r-ab12', seeded.rootId)
    .replaceAll('ou-ab12-sbox0001', seeded.ous.Sandbox!)
    .replaceAll('"346091827765"', `"${excluded.id}"`);
  writeFileSync(specFile, spec);

  const env = cliEnv(moto.endpoint);
  const rel = (file: string) => file.slice(root.length + 1);
  const steps: [string[], number[]][] = [
    [['discover', '--out', rel(orgFile)], [0]],
    [['plan', '--spec', rel(specFile), '--org', rel(orgFile)], [2]],
    [['apply', '--spec', rel(specFile), '--org', rel(orgFile), '--auto-approve'], [0]],
    [['plan', '--spec', rel(specFile), '--org', rel(orgFile)], [0]],
    [['verify', '--spec', rel(specFile), '--org', rel(orgFile)], [0]],
    [['collect', '--out', rel(snapshotDir)], [0]],
    [['audit', '--snapshot', rel(snapshotDir), '--spec', rel(specFile), '--min-severity', 'medium'], [0]],
    [['report', '--snapshot', rel(snapshotDir), '--spec', rel(specFile), '--out', rel(reportFile)], [0]],
    [['profiles', '--spec', rel(specFile), '--org', rel(orgFile), '--config', rel(configFile)], [0]],
  ];
  for (const [args, expected] of steps) {
    const status = crossrole(env, ...args);
    if (!expected.includes(status)) throw new Error(`crossrole ${args[0]} exited ${status}, expected ${expected.join(' or ')}`);
  }
  process.stdout.write(`\n${bold('Done:')} discover → plan → apply → plan (no changes) → verify → collect → audit → report → profiles. Files in ${rel(out)}/.\n`);
  process.stdout.write(`${bold('Report:')} ${reportFile} (open it in a browser: one file, no network needed)\n`);
} finally {
  await moto.stop();
}
