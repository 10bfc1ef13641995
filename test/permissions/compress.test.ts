// compress over the real catalog: the case files, random lists (exactness, limits, determinism),
// and how close the greedy cover comes to the optimum on lists small enough to solve exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { isReadOrList, loadCatalog, type ActionCatalog } from '../../src/permissions/catalog.js';
import { compressActions } from '../../src/permissions/compress.js';
import { packDocuments } from '../../src/permissions/documents.js';
import { resolveActions } from '../../src/permissions/resolve.js';
import { seededRandom } from '../../src/seeded-random.js';
import { assertGrantsExactly } from './catalog-check.js';
import { optimalCoverCost } from './optimal-cover.js';

interface Case {
  name: string;
  allowExtra: 'none' | 'read';
  actions: string[];
  expect: string[];
}

const cases = parse(readFileSync(join(import.meta.dirname, 'cases', 'compress.yaml'), 'utf8')) as Case[];
/** Services of modest size, so the random lists stay quick. */
const FUZZ_SERVICES = ['acm', 'sqs', 'sns', 'kms', 'ecr', 'eks', 'lambda', 'dynamodb', 'route53', 'cloudtrail', 'states', 'kinesis', 'elasticfilesystem', 'secretsmanager'];
const catalog: ActionCatalog = await loadCatalog([...FUZZ_SERVICES, 'ec2', 'health', 'sts']);

const entries = (actions: readonly string[]) => actions.map((action, i) => ({ action, line: i + 1, col: 1 }));
const actionsOf = (result: ReturnType<typeof compressActions>) => result.policies.flatMap((p) => p.Statement[0].Action);

describe('permissions compress: cases', () => {
  for (const c of cases) {
    test(c.name, () => {
      const listed = resolveActions('cases', entries(c.actions), catalog);
      const result = compressActions(listed, catalog, { allowExtra: c.allowExtra });
      assert.deepEqual(actionsOf(result), c.expect);
      assertGrantsExactly(result, listed, catalog, c.allowExtra);
    });
  }
  test('duplicates and case are normalized to the catalog spelling', () => {
    assert.deepEqual(resolveActions('x', entries(['S3:getobject', 's3:GetObject', 'sqs:listqueues']), { ...catalog, services: new Map([...catalog.services, ['s3', [{ name: 'GetObject', level: 'Read' }]]]) }), ['s3:GetObject', 'sqs:ListQueues']);
  });
});

describe('permissions compress: random lists', () => {
  const random = seededRandom(1515);
  for (let round = 0; round < 12; round++) {
    const services = FUZZ_SERVICES.filter(() => random() < 0.3);
    const keep = 0.2 + random() * 0.7;
    const listed = services.flatMap((s) => catalog.services.get(s)!.filter(() => random() < keep).map((a) => `${s}:${a.name}`));
    if (listed.length === 0) continue;
    for (const allowExtra of ['none', 'read'] as const) {
      test(`round ${round}, ${allowExtra}: ${listed.length} actions of ${services.join(', ')}`, () => {
        const result = compressActions(listed, catalog, { allowExtra });
        assertGrantsExactly(result, listed, catalog, allowExtra);
        assert.deepEqual(compressActions([...listed].reverse(), catalog, { allowExtra }), result, 'the same documents whatever the order');
      });
    }
  }
  test('read mode adds only Read and List actions and is never larger than exact', () => {
    const listed = catalog.services.get('lambda')!.filter((a) => isReadOrList(a)).slice(0, 20).map((a) => `lambda:${a.name}`);
    const exact = compressActions(listed, catalog, { allowExtra: 'none' });
    const read = compressActions(listed, catalog, { allowExtra: 'read' });
    assert.ok(read.size <= exact.size);
  });
});

describe('permissions compress: documents', () => {
  test('a long list fills documents to the limit, in order, and no more of them than the sizes need', () => {
    const actions = Array.from({ length: 900 }, (_, i) => `svc:Action${String(i).padStart(4, '0')}`);
    const documents = packDocuments(actions, 6144);
    const total = documents.reduce((sum, d) => sum + JSON.stringify(d).length, 0);
    assert.equal(documents.length, 3);
    for (const d of documents) assert.ok(JSON.stringify(d).length <= 6144);
    assert.deepEqual(documents.flatMap((d) => d.Statement[0].Action), actions);
    assert.ok(total > 2 * 6144 - 2000);
  });
});

describe('permissions compress: against the optimum', () => {
  test('within 15 % of the fewest characters on small lists (optimum over all one-wildcard patterns)', (t) => {
    const random = seededRandom(42);
    let greedyTotal = 0;
    let optimalTotal = 0;
    let worst = 1;
    for (let round = 0; round < 30; round++) {
      const service = FUZZ_SERVICES[Math.floor(random() * FUZZ_SERVICES.length)]!;
      const actions = catalog.services.get(service)!;
      const listed = actions.filter(() => random() < 0.25).slice(0, 10).map((a) => `${service}:${a.name}`);
      if (listed.length === 0) continue;
      const allowExtra = round % 2 === 0 ? 'none' : 'read';
      const result = compressActions(listed, catalog, { allowExtra });
      const greedy = actionsOf(result).reduce((sum, a) => sum + a.length + 3, 0);
      const optimal = optimalCoverCost(service, actions, listed, allowExtra);
      assert.ok(greedy >= optimal, `the optimum ${optimal} is a lower bound of ${greedy}`);
      greedyTotal += greedy;
      optimalTotal += optimal;
      worst = Math.max(worst, greedy / optimal);
    }
    t.diagnostic(`greedy ${greedyTotal} characters, optimum ${optimalTotal} (${((greedyTotal / optimalTotal - 1) * 100).toFixed(1)} % over; worst list ${((worst - 1) * 100).toFixed(1)} % over)`);
    assert.ok(greedyTotal <= optimalTotal * 1.15, `${greedyTotal} vs ${optimalTotal}`);
  });
});
