// CloudTrail events → actions: the event-name mapping's case file, and the hand-written delivered
// and lookup-events fixtures read through the pure core (the CLI test reads them as files, gzip too).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/permissions/catalog.js';
import { actionUsage, recordServices, trailRecords } from '../../src/permissions/cloudtrail.js';
import { eventAction } from '../../src/permissions/event-actions.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'cloudtrail', name), 'utf8')) as unknown;
const cases = parse(readFileSync(join(import.meta.dirname, 'cases', 'event-actions.yaml'), 'utf8')) as [string, string, string][];
const catalog = await loadCatalog('all');
const spelling = new Map([...catalog.services].flatMap(([service, actions]) => actions.map((a) => [`${service}:${a.name}`.toLowerCase(), `${service}:${a.name}`] as const)));
const canonical = (action: string) => spelling.get(action.toLowerCase());
const ROLE = 'arn:aws:iam::111111111111:role/crossrole/Collector';

describe('CloudTrail event → IAM action', () => {
  for (const [source, name, expected] of cases) {
    test(`${source} ${name} → ${expected}`, () => {
      const action = eventAction(source, name, (a) => canonical(a) !== undefined);
      assert.equal(action, expected);
      assert.equal(canonical(action!), expected, `${expected} is in the catalog`);
    });
  }
});

describe('CloudTrail records → action list', () => {
  const records = (name: string) => {
    const read = trailRecords(fixture(name));
    assert.ok('records' in read);
    return read.records;
  };
  test('delivered records: allowed calls listed, denied ones apart, console sign-ins skipped, unknown calls unmapped', () => {
    const usage = actionUsage(records('delivered.json'), {}, canonical);
    assert.deepEqual(usage.actions, ['apigateway:GET', 'cloudwatch:GetMetricData', 'ec2:DescribeInstances', 'ec2:RunInstances', 'iam:CreateUser', 'lambda:ListFunctions', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets', 's3:ListBucket']);
    assert.deepEqual(usage.denied, ['ec2:DescribeVolumes', 'iam:ListRoles']);
    assert.deepEqual(usage.unmapped, ['example.amazonaws.com DoSomething']);
    assert.equal(usage.events, 12);
  });
  test('--principal matches the role behind an assumed-role session; --since leaves out older calls', () => {
    const usage = actionUsage(records('delivered.json'), { principal: ROLE, since: new Date('2026-11-01') }, canonical);
    assert.ok(!usage.actions.includes('iam:CreateUser'), 'alice is another principal');
    assert.ok(!usage.actions.includes('ec2:RunInstances'), 'called before --since');
    assert.equal(usage.events, 10);
    const session = actionUsage(records('delivered.json'), { principal: 'arn:aws:sts::111111111111:assumed-role/Collector/resoto' }, canonical);
    assert.equal(session.events, 11);
  });
  test('an action allowed in one call and denied in another is used, not denied', () => {
    const usage = actionUsage([...records('delivered.json'), ...records('delivered-2.json')], {}, canonical);
    assert.ok(usage.actions.includes('iam:ListRoles'));
    assert.deepEqual(usage.denied, ['ec2:DescribeVolumes']);
  });
  test('lookup-events output: the CloudTrailEvent strings are the records', () => {
    const read = records('lookup-events.json');
    assert.deepEqual(recordServices(read).sort(), ['kms', 'sts']);
    assert.deepEqual(actionUsage(read, {}, canonical).actions, ['kms:ListKeys', 'sts:GetCallerIdentity']);
  });
  test('anything else is a problem naming what was expected', () => {
    assert.match((trailRecords({ records: [] }) as { problem: string }).problem, /expected CloudTrail records/);
    assert.match((trailRecords({ Events: [{ CloudTrailEvent: '{' }] }) as { problem: string }).problem, /Events\[0\]\.CloudTrailEvent/);
  });
});
