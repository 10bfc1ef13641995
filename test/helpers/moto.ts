// A real AWS API emulator for the live tests: moto server (getmoto/moto, checked against 5.2.1).
//
// What moto does that the live tests rely on (read from moto's source):
// - Accounts are keyed by credentials. Each request's account is, in order: the server's
//   MOTO_ACCOUNT_ID env (we strip it, it would pin everything to one account), an
//   `x-moto-account-id` header, else the account owning the request's access key id; unknown keys
//   (like our static fake ones) land in the default account 123456789012, which is therefore the
//   management account of the organization seeded here.
// - STS AssumeRole takes the account from the role ARN and mints an access key registered in that
//   account's IAM, so every call made with the returned credentials lands in that account.
//   moto checks neither the role's existence nor its trust policy: a live test cannot observe a
//   missing or wrong trust through AssumeRole.
// - Organizations CreateAccount completes at once (State SUCCEEDED, no IN_PROGRESS phase) and
//   creates OrganizationAccountAccessRole (or the requested RoleName) in the new account, trusting
//   the management account's root. The management account itself gets no such role.
// - CloseAccount suspends at once: Status and State go straight to SUSPENDED (no PENDING_CLOSURE);
//   the account stays listed and can still be assumed into and called.
// - CreateOrganization attaches the AWS-managed FullAWSAccess SCP (p-FullAWSAccess) and an RCP to
//   the root and the management account, and every new OU and account; SCPs are stored and listed
//   but never evaluated. The root's PolicyTypes start empty; EnablePolicyType fills them, but
//   CreatePolicy/AttachPolicy do not require it (AWS does, so seedOrg enables it anyway).
// - With MOTO_IAM_LOAD_MANAGED_POLICIES=true every account's IAM holds the AWS managed policies
//   (ReadOnlyAccess, ...), built when the account's IAM is first touched. Every request looks its
//   access key up in every account's IAM in every partition, so a new account's IAM is built at
//   once; moto-site/sitecustomize.py keeps that cheap (see there).
// - POST /moto-api/reset wipes every backend (all accounts, the org, the temporary keys: old
//   assumed-role credentials then fall back to the default account). It does not forget which
//   account ids were org members, harmless because new account ids are random.
// - The server is threaded (werkzeug), so parallel requests are served, one Python thread each.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  AttachPolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { pythonTool } from './python-tools.js';

export interface Moto {
  endpoint: string;
  port: number;
  /** Wipes all state (every account, the organization, IAM, STS keys). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

// The SDK's notice about its own future Node.js support is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const REGION = 'us-east-1';
/** Moto's default account: any credentials it did not mint land here. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** Static fake credentials of the management (default) account. */
export const MANAGEMENT_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Client config for any SDK v3 client talking to `endpoint` (moto or a fault proxy in front of it). */
export function awsConfig(endpoint: string, credentials: AwsCredentialIdentity = MANAGEMENT_CREDENTIALS) {
  return { endpoint, region: REGION, credentials };
}

const STARTUP_TIMEOUT_MS = 30_000;
const STDERR_KEPT = 4000;

// The shell keeps a duplicate of our stdin and execs into moto (so the child's pid is moto's); a
// background `cat` waits for that stdin to close, which happens however this process dies (even
// SIGKILL), and then kills moto. `process.on('exit')` covers the orderly case without the delay.
const WATCHDOG = 'exec 3<&0; { cat <&3 >/dev/null; kill $$ 2>/dev/null; } & exec "$@" </dev/null';

export async function startMoto(): Promise<Moto> {
  const command = pythonTool('moto_server');
  // moto-site/sitecustomize.py makes the managed policies cheap to load (seeding 25x faster).
  const sitePath = join(dirname(fileURLToPath(import.meta.url)), 'moto-site');
  const pythonPath = [sitePath, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
  // No bytecode: it would land as __pycache__ in the repo's moto-site folder.
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.MOTO_ACCOUNT_ID;
  // Port 0: the kernel picks a free port at bind time (no race with parallel test files) and
  // werkzeug logs the real one (" * Running on http://127.0.0.1:PORT").
  // moto logs every request: into a file, never a pipe, because a parent blocked in spawnSync
  // (a test running the CLI) cannot drain a pipe, and a full pipe would freeze moto mid-request.
  const logFile = join(mkdtempSync(join(tmpdir(), 'crossrole-moto-')), 'moto.log');
  const logFd = openSync(logFile, 'w');
  const child = spawn('sh', ['-c', WATCHDOG, 'sh', command, '-H', '127.0.0.1', '-p', '0'], { env, stdio: ['pipe', 'ignore', logFd] });
  closeSync(logFd);
  const log = () => readFileSync(logFile, 'utf8');
  let port: number | undefined;
  const killOnExit = () => child.kill();
  process.on('exit', killOnExit);
  // A test file that forgets stop() must still exit; the exit hook then ends moto.
  child.unref();
  (child.stdin as unknown as Socket).unref();
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() => (gone = true));

  const fail = (why: string) => {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    return new Error(`moto_server (${command}) ${why}. Its log (${logFile}):\n${log().slice(-STDERR_KEPT).trim()}`);
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (gone) throw fail(`exited with ${child.exitCode ?? child.signalCode} while starting`);
    port ??= Number(/Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log())?.[1]) || undefined;
    if (port !== undefined) {
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/moto-api/`);
        await answer.arrayBuffer();
        if (answer.ok) break;
      } catch {
        // bound but not serving yet
      }
    }
    if (Date.now() > deadline) throw fail(`did not answer within ${STARTUP_TIMEOUT_MS} ms`);
    await sleep(100);
  }

  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    async reset() {
      const answer = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      const body = await answer.text();
      if (!answer.ok) throw new Error(`moto reset failed: HTTP ${answer.status} ${body}`);
    },
    async stop() {
      process.off('exit', killOnExit);
      if (gone) return;
      // Referenced again so the process waits for moto's exit instead of ending with it pending.
      child.ref();
      child.kill();
      child.stdin?.end();
      await exited;
    },
  };
}

// ---- organization seeding ----

export interface OuLayout {
  /** Unique across the whole layout: the result maps names to ids. */
  name: string;
  /** Accounts created directly in this OU, named `<name>-1`, `<name>-2`, ... */
  accounts?: number;
  /** Tags put on each account of this OU. */
  tags?: Record<string, string>;
  children?: OuLayout[];
}

export interface OrgLayout {
  ous?: OuLayout[];
  /** Accounts left in the root, named `root-1`, ... */
  rootAccounts?: number;
  rootAccountTags?: Record<string, string>;
  /** Extra accounts in the root, named `suspended-1`, ..., closed with CloseAccount. */
  suspended?: number;
}

export interface SeededAccount {
  id: string;
  name: string;
  /** 'Root' for accounts directly under the root (the management account included). */
  ouName: string;
  status: 'ACTIVE' | 'SUSPENDED';
  tags: Record<string, string>;
}

export interface SeededOrg {
  managementAccountId: string;
  organizationId: string;
  rootId: string;
  ous: Record<string, string>;
  /** Every account ListAccounts returns: the management account ('master' in moto) first. */
  accounts: SeededAccount[];
  /** The SCP seedOrg attaches to the root (besides moto's FullAWSAccess). */
  scpId: string;
}

export const SEED_SCP_NAME = 'DenyLeaveOrganization';
const SEED_CONCURRENCY = 10;

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// AWS creates accounts asynchronously; moto answers SUCCEEDED at once, so this rarely loops.
async function awaitAccount(org: OrganizationsClient, status: CreateAccountStatus | undefined): Promise<string> {
  let current = status;
  for (let polls = 0; current?.State === 'IN_PROGRESS' && polls < 50; polls++) {
    await sleep(100);
    current = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: current.Id }))).CreateAccountStatus;
  }
  if (current?.State !== 'SUCCEEDED' || current.AccountId === undefined) throw new Error(`CreateAccount did not succeed: ${JSON.stringify(current)}`);
  return current.AccountId;
}

interface PlannedAccount { name: string; ouName: string; tags: Record<string, string>; suspend: boolean }

export async function seedOrg(endpoint: string, layout: OrgLayout): Promise<SeededOrg> {
  // OU names key the result, so they must be unique.
  const names = new Set<string>(['Root']);
  const checkNames = (list: OuLayout[]): void =>
    list.forEach((ou) => {
      if (names.has(ou.name)) throw new Error(`seedOrg: OU name ${ou.name} is used twice (or is 'Root')`);
      names.add(ou.name);
      checkNames(ou.children ?? []);
    });
  checkNames(layout.ous ?? []);
  const org = new OrganizationsClient(awsConfig(endpoint));
  try {
    const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { Id: organizationId, MasterAccountId: managementAccountId } = created.Organization ?? {};
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    if (organizationId === undefined || managementAccountId === undefined || rootId === undefined) throw new Error('CreateOrganization returned no organization/root');

    // OUs level by level (a child needs its parent's id), siblings in parallel.
    const ous: Record<string, string> = {};
    const planned: PlannedAccount[] = [];
    const numbered = (prefix: string, count: number, ouName: string, tags: Record<string, string>, suspend = false) => {
      for (let i = 1; i <= count; i++) planned.push({ name: `${prefix}-${i}`, ouName, tags, suspend });
    };
    let level: { ou: OuLayout; parentId: string }[] = (layout.ous ?? []).map((ou) => ({ ou, parentId: rootId }));
    while (level.length > 0) {
      const ids = await inParallel(level, SEED_CONCURRENCY, async ({ ou, parentId }) => {
        const answer = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: ou.name }));
        const id = answer.OrganizationalUnit?.Id;
        if (id === undefined) throw new Error(`CreateOrganizationalUnit ${ou.name} returned no id`);
        ous[ou.name] = id;
        return id;
      });
      level.forEach(({ ou }) => numbered(ou.name, ou.accounts ?? 0, ou.name, ou.tags ?? {}));
      level = level.flatMap(({ ou }, i) => (ou.children ?? []).map((child) => ({ ou: child, parentId: ids[i]! })));
    }
    numbered('root', layout.rootAccounts ?? 0, 'Root', layout.rootAccountTags ?? {});
    numbered('suspended', layout.suspended ?? 0, 'Root', {}, true);

    const members = await inParallel(planned, SEED_CONCURRENCY, async (account): Promise<SeededAccount> => {
      const answer = await org.send(new CreateAccountCommand({ AccountName: account.name, Email: `${account.name.toLowerCase()}@example.com` }));
      const id = await awaitAccount(org, answer.CreateAccountStatus);
      if (account.ouName !== 'Root') await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous[account.ouName] }));
      const tags = Object.entries(account.tags).map(([Key, Value]) => ({ Key, Value }));
      if (tags.length > 0) await org.send(new TagResourceCommand({ ResourceId: id, Tags: tags }));
      if (account.suspend) await org.send(new CloseAccountCommand({ AccountId: id }));
      return { id, name: account.name, ouName: account.ouName, status: account.suspend ? 'SUSPENDED' : 'ACTIVE', tags: account.tags };
    });

    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const policy = await org.send(
      new CreatePolicyCommand({
        Name: SEED_SCP_NAME,
        Description: 'Seeded by the test harness',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }),
      }),
    );
    const scpId = policy.Policy?.PolicySummary?.Id;
    if (scpId === undefined) throw new Error('CreatePolicy returned no id');
    await org.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: rootId }));

    const management: SeededAccount = { id: managementAccountId, name: 'master', ouName: 'Root', status: 'ACTIVE', tags: {} };
    return { managementAccountId, organizationId, rootId, ous, accounts: [management, ...members], scpId };
  } finally {
    org.destroy();
  }
}

// ---- working inside a member account ----

export interface AssumedAccount {
  accountId: string;
  credentials: AwsCredentialIdentity;
  /** An IAM client whose calls land in this account (the caller destroys it). */
  iam(): IAMClient;
  sts(): STSClient;
}

/** Assumes `roleName` in `accountId` from the management account, as crossrole's hub would. */
export async function assumeInto(endpoint: string, accountId: string, roleName = 'OrganizationAccountAccessRole'): Promise<AssumedAccount> {
  const sts = new STSClient(awsConfig(endpoint));
  try {
    const answer = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'crossrole-test' }));
    const c = answer.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    const credentials: AwsCredentialIdentity = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return {
      accountId,
      credentials,
      iam: () => new IAMClient(awsConfig(endpoint, credentials)),
      sts: () => new STSClient(awsConfig(endpoint, credentials)),
    };
  } finally {
    sts.destroy();
  }
}

/**
 * The hub role the live tests, demo and bench use (`/crossrole/FleetHub`, trusting its account).
 * crossrole manages only its policy; the customer (or the synthesized hub template) creates it.
 */
export async function createHubRole(endpoint: string, accountId: string): Promise<void> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
  await (await assumeInto(endpoint, accountId)).iam().send(new CreateRoleCommand({ RoleName: 'FleetHub', Path: '/crossrole/', AssumeRolePolicyDocument: JSON.stringify(trust) }));
}

/** The environment a user would run the CLI with against this moto: management credentials, region. */
export function cliEnv(endpoint?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(endpoint !== undefined && { AWS_ENDPOINT_URL: endpoint }),
    AWS_ACCESS_KEY_ID: MANAGEMENT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MANAGEMENT_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
  };
}
