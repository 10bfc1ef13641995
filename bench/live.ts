// Live speed against moto behind the fault proxy with added latency per call: a 1,000-account
// organization, a first apply of one spoke role to 500 accounts, then a no-op plan that reads
// every account (--prune). Prints calls per account and wall times next to the bound: calls ×
// latency / concurrency. moto serves one call at a time (~2.5 ms each on a quiet machine), so
// with more than latency / service-time workers the emulator, not crossrole, sets the pace: the
// apply runs with half that many workers, so calls rarely queue at moto (service time measured
// during the first plan; BENCH_APPLY_CONCURRENCY overrides). Last lines:
//   RESULT plan-noop <seconds> s
//   RESULT plan-calls-per-account <n>
//   RESULT apply-vs-bound <ratio>
import { applyPlan } from '../src/apply/apply.js';
import { AccountAccess } from '../src/aws/accounts.js';
import { awsApplyTarget } from '../src/aws/apply-target.js';
import { AwsClients } from '../src/aws/clients.js';
import { discoverOrganization } from '../src/aws/discover.js';
import { observeState } from '../src/aws/observe-org.js';
import { buildDesired } from '../src/desired/build.js';
import { indexOrg } from '../src/org/model.js';
import { makePlan } from '../src/plan/make.js';
import { parseSpec } from '../src/spec/load.js';
import { startFaultProxy } from '../test/helpers/fault-proxy.js';
import { createHubRole, MANAGEMENT_CREDENTIALS, seedOrg, startMoto } from '../test/helpers/moto.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const TARGETED = Math.floor(ACCOUNTS / 2);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const seconds = (since: number) => (Date.now() - since) / 1000;
const total = (counts: Map<string, number>) => [...counts.values()].reduce((n, c) => n + c, 0);

const moto = await startMoto();
try {
  let t = Date.now();
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Prod', accounts: TARGETED }, { name: 'Other', accounts: ACCOUNTS - TARGETED - 2 }] });
  console.log(`seeded ${seeded.accounts.length} accounts in moto in ${seconds(t).toFixed(1)} s`);
  const hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  await createHubRole(moto.endpoint, hub);

  const proxy = await startFaultProxy(moto.endpoint, { latencyMs: LATENCY_MS });
  const access = () => new AccountAccess(new AwsClients({ region: 'us-east-1', endpoint: proxy.endpoint, bootstrapRole: 'OrganizationAccountAccessRole', sessionName: 'crossrole-bench', maxAttempts: 10 }, async () => MANAGEMENT_CREDENTIALS));
  const org = indexOrg(await discoverOrganization(access().base.organizations()));
  const spec = `version: 1\nname: bench\nhubs:\n  security: { account: "${hub}", role: { name: FleetHub, path: /crossrole/ } }\nroles:\n  FleetAccess:\n    path: /crossrole/\n    trust: { hubs: [security] }\n    permissions: { managed: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n    targets: { ous: [${seeded.ous.Prod}] }\n`;
  const loaded = parseSpec('bench.yaml', spec, org);
  const desired = buildDesired(loaded.spec, org, loaded.specName).state;

  // First apply of one spoke role to the targeted accounts (a fresh process: new sessions).
  proxy.resetCounts();
  t = Date.now();
  const applyAccess = access();
  const firstPlan = makePlan(desired, await observeState(applyAccess, desired, org, { prune: false, concurrency: CONCURRENCY }), { prune: false, org });
  const planCalls = total(proxy.counts());
  const planSeconds = seconds(t);
  // moto's time per call, measured on a second read of the same accounts: the first one also
  // builds each account's IAM backend in moto, which no later call pays.
  const warmStart = { calls: total(proxy.counts()), busyMs: proxy.upstreamBusyMs() };
  await observeState(access(), desired, org, { prune: false, concurrency: CONCURRENCY });
  const serviceMs = (proxy.upstreamBusyMs() - warmStart.busyMs) / (total(proxy.counts()) - warmStart.calls);
  proxy.resetCounts();
  const applyConcurrency = Number(process.env.BENCH_APPLY_CONCURRENCY ?? Math.max(1, Math.min(CONCURRENCY, Math.floor(LATENCY_MS / (2 * serviceMs)))));
  console.log(`moto serves a call in ${serviceMs.toFixed(1)} ms, one at a time: apply with ${applyConcurrency} workers so that moto is not the bottleneck`);
  const applyStart = Date.now();
  const result = await applyPlan(firstPlan, awsApplyTarget(applyAccess), { concurrency: applyConcurrency, maxFailures: 10, journal: { has: () => false, record: () => {} } });
  const applySeconds = seconds(applyStart);
  const applyCalls = total(proxy.counts());
  const bound = (applyCalls * LATENCY_MS) / 1000 / applyConcurrency;
  const emulatorBusy = proxy.upstreamBusyMs() / 1000;
  console.log(`first plan: ${planCalls} calls for ${TARGETED} accounts in ${planSeconds.toFixed(1)} s`);
  console.log(`first apply to ${TARGETED} accounts: ${result.counts.ok} ok, ${result.counts.failed} failed; ${applyCalls} calls in ${applySeconds.toFixed(1)} s`);
  console.log(`bound ${bound.toFixed(1)} s (calls × ${LATENCY_MS} ms / ${applyConcurrency}); emulator busy ${emulatorBusy.toFixed(1)} s`);

  // No-op plan over every account (--prune reads untargeted accounts too), from a fresh process.
  proxy.resetCounts();
  t = Date.now();
  const noopAccess = access();
  const noop = makePlan(desired, await observeState(noopAccess, desired, org, { prune: true, concurrency: CONCURRENCY }), { prune: true, org });
  const noopSeconds = seconds(t);
  const active = org.org.accounts.filter((a) => a.status === 'ACTIVE').length;
  const perAccount = total(proxy.counts()) / active;
  const changes = noop.roles.filter((r) => r.steps.length).length + noop.hubs.filter((h) => h.steps.length).length;
  console.log(`no-op plan over ${active} accounts: ${total(proxy.counts())} calls (${[...proxy.counts()].map(([k, v]) => `${k} ${v}`).join(', ')}), ${changes} changes, ${noopSeconds.toFixed(1)} s; emulator busy ${(proxy.upstreamBusyMs() / 1000).toFixed(1)} s`);
  console.log(`RESULT plan-noop ${noopSeconds.toFixed(1)} s`);
  console.log(`RESULT plan-calls-per-account ${perAccount.toFixed(2)}`);
  console.log(`RESULT apply-vs-bound ${(applySeconds / bound).toFixed(2)}`);
  await proxy.stop();
} finally {
  await moto.stop();
}
