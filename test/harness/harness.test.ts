// The live-test harness itself: moto, the org seeder, cross-account credentials and the fault proxy.
// moto is required: if it is missing startMoto throws and every test here fails (never skipped).
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { CreateRoleCommand, GetPolicyCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { assumeInto, awsConfig, DEFAULT_ACCOUNT_ID, SEED_SCP_NAME, seedOrg, startMoto, type Moto } from '../helpers/moto.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';

let moto: Moto;
let proxy: FaultProxy;

before(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.setRules({});
  proxy.resetCounts();
});

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] });

/** Runs `call` with a fresh client and always releases its sockets. */
async function using<C extends { destroy(): void }, R>(client: C, call: (client: C) => Promise<R>): Promise<R> {
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}

async function failure(call: Promise<unknown>): Promise<SdkError & { code?: string }> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

test('moto answers and reset wipes its state', async () => {
  await using(new IAMClient(awsConfig(moto.endpoint)), async (iam) => {
    await iam.send(new CreateRoleCommand({ RoleName: 'before-reset', AssumeRolePolicyDocument: TRUST }));
    await moto.reset();
    const roles = await iam.send(new ListRolesCommand({}));
    assert.deepEqual(roles.Roles, []);
    // MOTO_IAM_LOAD_MANAGED_POLICIES: AWS managed policies exist in every account.
    const readOnly = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.equal(readOnly.Policy?.PolicyName, 'ReadOnlyAccess');
  });
});

test('seedOrg builds the OU tree, accounts, tags, a suspended account and an SCP', async () => {
  const seeded = await seedOrg(moto.endpoint, {
    ous: [
      { name: 'Workloads', children: [{ name: 'Prod', accounts: 3, tags: { env: 'prod' } }, { name: 'Dev', accounts: 2, tags: { env: 'dev' } }] },
      { name: 'Security', accounts: 1 },
    ],
    rootAccounts: 1,
    suspended: 1,
  });
  assert.equal(seeded.managementAccountId, DEFAULT_ACCOUNT_ID);
  assert.deepEqual(Object.keys(seeded.ous).sort(), ['Dev', 'Prod', 'Security', 'Workloads']);
  assert.equal(seeded.accounts.length, 1 + 3 + 2 + 1 + 1 + 1);

  await using(new OrganizationsClient(awsConfig(moto.endpoint)), async (org) => {
    const listed = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 5 }, {})) listed.push(...(page.Accounts ?? []));
    assert.deepEqual(listed.map((a) => a.Id).sort(), seeded.accounts.map((a) => a.id).sort());
    const suspended = listed.filter((a) => a.Status === 'SUSPENDED').map((a) => a.Name);
    assert.deepEqual(suspended, ['suspended-1']);
    assert.deepEqual(seeded.accounts.filter((a) => a.status === 'SUSPENDED').map((a) => a.name), ['suspended-1']);
    // moto still lets callers into a suspended account (AWS would not).
    const closed = await assumeInto(moto.endpoint, seeded.accounts.find((a) => a.status === 'SUSPENDED')!.id);
    await using(closed.sts(), async (sts) => assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, closed.accountId));

    const childOus = async (parentId: string) => ((await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId }))).OrganizationalUnits ?? []).map((ou) => ou.Name).sort();
    assert.deepEqual(await childOus(seeded.rootId), ['Security', 'Workloads']);
    assert.deepEqual(await childOus(seeded.ous.Workloads!), ['Dev', 'Prod']);
    assert.deepEqual(await childOus(seeded.ous.Prod!), []);

    const inProd = (await org.send(new ListAccountsForParentCommand({ ParentId: seeded.ous.Prod! }))).Accounts ?? [];
    assert.deepEqual(inProd.map((a) => a.Name).sort(), ['Prod-1', 'Prod-2', 'Prod-3']);
    const inRoot = (await org.send(new ListAccountsForParentCommand({ ParentId: seeded.rootId }))).Accounts ?? [];
    assert.deepEqual(inRoot.map((a) => a.Name).sort(), ['master', 'root-1', 'suspended-1']);

    const prod1 = seeded.accounts.find((a) => a.name === 'Prod-1')!;
    assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: prod1.id }))).Tags, [{ Key: 'env', Value: 'prod' }]);

    const root = (await org.send(new ListRootsCommand({}))).Roots?.[0];
    assert.deepEqual(root?.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const scps = (await org.send(new ListPoliciesForTargetCommand({ TargetId: seeded.rootId, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies ?? [];
    // moto attaches AWS's FullAWSAccess to the root by itself, as AWS does.
    assert.deepEqual(scps.map((p) => p.Name).sort(), ['FullAWSAccess', SEED_SCP_NAME].sort());
    assert.ok(scps.some((p) => p.Id === seeded.scpId));
  });
});

test('seedOrg seeds 50 accounts quickly', async (t) => {
  const started = performance.now();
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Prod', accounts: 25, tags: { env: 'prod' } }, { name: 'Dev', accounts: 24 }], rootAccounts: 1 });
  const elapsed = performance.now() - started;
  t.diagnostic(`seeded 50 member accounts in ${Math.round(elapsed)} ms`);
  assert.equal(seeded.accounts.length, 51);
  await using(new OrganizationsClient(awsConfig(moto.endpoint)), async (org) => {
    assert.equal((await org.send(new ListAccountsCommand({}))).Accounts?.length, 51);
  });
  assert.ok(elapsed < 30_000, `seeding 50 accounts took ${Math.round(elapsed)} ms`);
});

test('assumed OrganizationAccountAccessRole credentials land in the member account', async () => {
  const seeded = await seedOrg(moto.endpoint, { ous: [{ name: 'Prod', accounts: 2 }] });
  const member = seeded.accounts.find((a) => a.name === 'Prod-1')!;
  const assumed = await assumeInto(moto.endpoint, member.id);

  await using(assumed.sts(), async (sts) => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, member.id);
    assert.equal(me.Arn, `arn:aws:sts::${member.id}:assumed-role/OrganizationAccountAccessRole/crossrole-test`);
  });
  await using(new OrganizationsClient(awsConfig(moto.endpoint, assumed.credentials)), async (org) => {
    // A member account sees its organization.
    assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, DEFAULT_ACCOUNT_ID);
  });

  await using(assumed.iam(), async (iam) => {
    await iam.send(new CreateRoleCommand({ RoleName: 'crossrole-spoke', AssumeRolePolicyDocument: TRUST }));
    const role = await iam.send(new GetRoleCommand({ RoleName: 'crossrole-spoke' }));
    assert.equal(role.Role?.Arn, `arn:aws:iam::${member.id}:role/crossrole-spoke`);
    const names = ((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName).sort();
    assert.deepEqual(names, ['OrganizationAccountAccessRole', 'crossrole-spoke']);
  });
  await using(new IAMClient(awsConfig(moto.endpoint)), async (iam) => {
    // Not even OrganizationAccountAccessRole: moto creates it in member accounts only.
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
  });
  const other = await assumeInto(moto.endpoint, seeded.accounts.find((a) => a.name === 'Prod-2')!.id);
  await using(other.iam(), async (iam) => {
    assert.deepEqual(((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName), ['OrganizationAccountAccessRole']);
  });
});

test('the proxy forwards transparently and counts calls per service:Action', async () => {
  await seedOrg(moto.endpoint, { rootAccounts: 1 });
  proxy.resetCounts();
  const config = awsConfig(proxy.endpoint);
  await using(new OrganizationsClient(config), async (org) => {
    assert.equal((await org.send(new ListAccountsCommand({}))).Accounts?.length, 2);
    await org.send(new ListAccountsCommand({}));
  });
  await using(new STSClient(config), async (sts) => assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, DEFAULT_ACCOUNT_ID));
  await using(new IAMClient(config), async (iam) => {
    await iam.send(new CreateRoleCommand({ RoleName: 'via-proxy', AssumeRolePolicyDocument: TRUST }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'via-proxy' }))).Role?.RoleName, 'via-proxy');
  });
  await using(new CloudFormationClient(config), async (cfn) => assert.deepEqual((await cfn.send(new ListStacksCommand({}))).StackSummaries, []));
  assert.deepEqual(
    Object.fromEntries(proxy.counts()),
    { 'organizations:ListAccounts': 2, 'sts:GetCallerIdentity': 1, 'iam:CreateRole': 1, 'iam:GetRole': 1, 'cloudformation:ListStacks': 1 },
  );
  assert.deepEqual(proxy.injected(), new Map());
});

test('injected throttling has the real AWS shapes and the SDK classifies it as throttling', async () => {
  proxy.setRules({ throttle: 1 });
  const config = { ...awsConfig(proxy.endpoint), maxAttempts: 1 };
  const errors = {
    iam: await using(new IAMClient(config), (c) => failure(c.send(new ListRolesCommand({})))),
    sts: await using(new STSClient(config), (c) => failure(c.send(new GetCallerIdentityCommand({})))),
    cloudformation: await using(new CloudFormationClient(config), (c) => failure(c.send(new ListStacksCommand({})))),
    organizations: await using(new OrganizationsClient(config), (c) => failure(c.send(new ListAccountsCommand({})))),
  };
  for (const [service, error] of Object.entries(errors)) {
    assert.equal(error.name, service === 'organizations' ? 'TooManyRequestsException' : 'Throttling', service);
    assert.equal(error.$metadata?.httpStatusCode, 400, service);
    assert.ok(isThrottlingError(error), `${service}: ${error.name} not classified as throttling`);
  }
  assert.match(errors.iam.message, /Rate exceeded/);
  assert.match(errors.organizations.message, /another request is already in progress/);
  assert.equal(proxy.injected().get('throttle'), 4);
});

test('injected 5xx errors and dropped connections are transient to the SDK', async () => {
  proxy.setRules({ serverError: 1 });
  const config = { ...awsConfig(proxy.endpoint), maxAttempts: 1 };
  const seen = new Set<string>();
  await using(new IAMClient(config), async (iam) => {
    for (let i = 0; i < 10; i++) {
      const error = await failure(iam.send(new ListRolesCommand({})));
      seen.add(`${error.$metadata?.httpStatusCode} ${error.name}`);
      assert.ok(isTransientError(error) || isServerError(error), `${error.name} is not retryable`);
    }
  });
  assert.deepEqual([...seen].sort(), ['500 InternalFailure', '503 ServiceUnavailable']);
  await using(new OrganizationsClient(config), async (org) => {
    const error = await failure(org.send(new ListAccountsCommand({})));
    assert.ok([500, 503].includes(error.$metadata?.httpStatusCode ?? 0));
  });

  proxy.setRules({ reset: 1 });
  await using(new STSClient(config), async (sts) => {
    const error = await failure(sts.send(new GetCallerIdentityCommand({})));
    assert.equal(error.code, 'ECONNRESET', `${error.name}: ${error.message}`);
    assert.ok(isTransientError(error));
  });
});

test('latency delays calls; the services filter limits faults', async () => {
  await using(new STSClient(awsConfig(proxy.endpoint)), async (sts) => {
    proxy.setRules({ latencyMs: 300 });
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    assert.ok(performance.now() - started >= 290);

    proxy.setRules({ throttle: 1, services: ['iam'] });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, DEFAULT_ACCOUNT_ID);
  });
  await using(new IAMClient({ ...awsConfig(proxy.endpoint), maxAttempts: 1 }), async (iam) => {
    assert.equal((await failure(iam.send(new ListRolesCommand({})))).name, 'Throttling');
  });
});

test('a refusal answers only the calls it names, with the parameters it names, with AccessDenied', async () => {
  await seedOrg(moto.endpoint, {});
  const refusedArn = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/refused`;
  // The services filter governs random faults only; a refusal applies whatever it says.
  proxy.setRules({ services: ['iam'], refuse: [{ call: 'sts:AssumeRole', params: { RoleArn: refusedArn } }, { call: 'organizations:DescribeOrganization' }] });
  const config = awsConfig(proxy.endpoint);
  await using(new STSClient(config), async (sts) => {
    const error = await failure(sts.send(new AssumeRoleCommand({ RoleArn: refusedArn, RoleSessionName: 's' })));
    assert.equal(`${error.$metadata?.httpStatusCode} ${error.name}`, '403 AccessDenied');
    assert.match(error.message, /sts:AssumeRole/);
    const other = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/open`, RoleSessionName: 's' }));
    assert.ok(other.Credentials?.AccessKeyId);
  });
  await using(new OrganizationsClient(config), async (org) => {
    assert.equal((await failure(org.send(new DescribeOrganizationCommand({})))).name, 'AccessDeniedException');
    assert.equal((await org.send(new ListAccountsCommand({}))).Accounts?.length, 1);
  });
  // Refusals are final: the SDK does not retry them.
  assert.equal(proxy.counts().get('sts:AssumeRole'), 2);
  assert.equal(proxy.injected().get('refuse'), 2);
});

test('a seed replays the same fault sequence', async () => {
  const outcomes = async (seed: number) => {
    const seeded = await startFaultProxy(moto.endpoint, { throttle: 0.3, serverError: 0.2 }, seed);
    try {
      return await using(new STSClient({ ...awsConfig(seeded.endpoint), maxAttempts: 1 }), async (sts) => {
        const names: string[] = [];
        for (let i = 0; i < 30; i++) names.push(await sts.send(new GetCallerIdentityCommand({})).then(() => 'ok', (error: Error) => error.name));
        return names;
      });
    } finally {
      await seeded.stop();
    }
  };
  const first = await outcomes(7);
  assert.deepEqual(await outcomes(7), first);
  assert.notDeepEqual(await outcomes(8), first);
  assert.ok(first.includes('ok') && first.includes('Throttling'));
});

test('standard retries ride out throttling and 5xx: 100 calls complete', async (t) => {
  await seedOrg(moto.endpoint, { rootAccounts: 1 });
  proxy.setRules({ throttle: 0.2, serverError: 0.05 });
  proxy.resetCounts();
  const config = { ...awsConfig(proxy.endpoint), maxAttempts: 10, retryMode: 'standard' };
  const started = performance.now();
  await using(new STSClient(config), (sts) =>
    using(new OrganizationsClient(config), async (org) => {
      // All at once: the SDK's backoff for throttling starts at up to 500 ms, so serial calls would crawl.
      await Promise.all(
        Array.from({ length: 100 }, async (_, n) => {
          if (n % 2 === 0) assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, DEFAULT_ACCOUNT_ID);
          else assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, DEFAULT_ACCOUNT_ID);
        }),
      );
    }),
  );
  const attempts = [...proxy.counts().values()].reduce((a, b) => a + b, 0);
  const faults = [...proxy.injected().values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`100 calls took ${attempts} attempts (${faults} faults injected) in ${Math.round(performance.now() - started)} ms`);
  assert.equal(attempts, 100 + faults);
  assert.ok(faults > 10, `only ${faults} faults injected`);
});
