// Compressing a realistic least-privilege list: every Read and List action of 40 services a
// collector reads, about 15 % of each left out at random (fixed seed), about 1,300 actions.
// Targets: exact in at most two managed policies (12,288 characters), read-extra in one (6,144).
//   npm run bench:permissions
//   RESULT permissions-exact <characters>
//   RESULT permissions-read <characters>
import { isReadOrList, loadCatalog } from '../src/permissions/catalog.js';
import { compressActions, MANAGED_POLICY_LIMIT, type AllowExtra } from '../src/permissions/compress.js';
import { seededRandom } from '../src/seeded-random.js';

const SERVICES = [
  'acm', 'apigateway', 'athena', 'autoscaling', 'cloudformation', 'cloudtrail', 'cloudwatch', 'config', 'dynamodb', 'ec2',
  'ecr', 'ecs', 'eks', 'elasticache', 'elasticbeanstalk', 'elasticfilesystem', 'elasticloadbalancing', 'events', 'firehose', 'glacier',
  'health', 'iam', 'kafka', 'kinesis', 'kms', 'lambda', 'logs', 'organizations', 'rds', 'redshift',
  'route53', 's3', 'secretsmanager', 'servicequotas', 'sns', 'sqs', 'ssm', 'states', 'sts', 'wafv2',
];
const LEFT_OUT = 0.15;

const catalog = await loadCatalog(SERVICES);
const random = seededRandom(15);
const actions = SERVICES.flatMap((service) => catalog.services.get(service)!.filter((a) => isReadOrList(a) && random() >= LEFT_OUT).map((a) => `${service}:${a.name}`));
const plain = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }).length;

console.log(`catalog: ${catalog.source}`);
console.log(`list: ${actions.length} actions of ${SERVICES.length} services, ${plain} characters as one plain document`);
const sizes: Record<AllowExtra, number> = { none: 0, read: 0 };
for (const allowExtra of ['none', 'read'] as const) {
  const started = performance.now();
  const result = compressActions(actions, catalog, { allowExtra });
  const ms = performance.now() - started;
  sizes[allowExtra] = result.size;
  console.log(`--allow-extra ${allowExtra}: ${result.size} characters in ${result.policies.length} ${result.policies.length === 1 ? 'policy' : 'policies'} (${result.extra.length} extra actions), ${ms.toFixed(0)} ms`);
}
const exactTarget = 2 * MANAGED_POLICY_LIMIT;
console.log(`targets: exact <= ${exactTarget} (${sizes.none <= exactTarget ? 'met' : 'MISSED'}), read <= ${MANAGED_POLICY_LIMIT} (${sizes.read <= MANAGED_POLICY_LIMIT ? 'met' : 'MISSED'})`);
console.log(`RESULT permissions-exact ${sizes.none}`);
console.log(`RESULT permissions-read ${sizes.read}`);
