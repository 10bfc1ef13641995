// Twenty `crossrole credentials` at once with an empty cache, STS answering slowly (the fault
// proxy adds latency and counts calls): one process signs in per hop, the others wait on the hop's
// lock and take its session from the cache. One AssumeRole per hop, not twenty.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { createHubRole, MANAGEMENT_CREDENTIALS, seedOrg, startMoto, type Moto } from '../helpers/moto.js';
import { repoRoot } from '../helpers/paths.js';

const PARALLEL = 20;
let moto: Moto;
let proxy: FaultProxy;
let hub: string;
let spoke: string;

before(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint, { latencyMs: 300, services: ['sts'] });
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Security', accounts: 1 }, { name: 'Payments', accounts: 1 }] });
  hub = seeded.accounts.find((a) => a.ouName === 'Security')!.id;
  spoke = seeded.accounts.find((a) => a.ouName === 'Payments')!.id;
  await createHubRole(moto.endpoint, hub);
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});

function credentials(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const args = ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src', 'cli', 'bin.ts'), 'credentials', '--account', spoke, '--role', 'FleetAccess', '--path', '/crossrole/', '--hub', `arn:aws:iam::${hub}:role/crossrole/FleetHub`, '--source-identity'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test(`${PARALLEL} parallel crossrole credentials: one AssumeRole per hop`, async () => {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: MANAGEMENT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MANAGEMENT_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: proxy.endpoint,
    CROSSROLE_CACHE_DIR: join(mkdtempSync(join(tmpdir(), 'crossrole-lock-')), 'cache'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  proxy.resetCounts();
  const results = await Promise.all(Array.from({ length: PARALLEL }, () => credentials(env)));
  for (const r of results) assert.equal(r.status, 0, r.stderr);
  const keys = new Set(results.map((r) => (JSON.parse(r.stdout) as { AccessKeyId: string }).AccessKeyId));
  assert.equal(keys.size, 1, 'every process hands out the one spoke session');
  const counts = proxy.counts();
  assert.equal(counts.get('sts:AssumeRole'), 2, `hub and spoke once each: ${JSON.stringify([...counts])}`);
  assert.equal(counts.get('sts:GetCallerIdentity'), 1, 'who acts is asked once, by the process that signs in');
});
