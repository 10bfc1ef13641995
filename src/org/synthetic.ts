// Deterministic synthetic organizations for tests and benchmarks: realistic shapes (nested OUs,
// tagged accounts, suspended accounts, SCPs) at any size without touching AWS.
import type { Org, OrgAccount, OrgPolicy, OrgUnit } from './schema.js';
import { seededRandom } from '../seeded-random.js';

export interface SyntheticOrgOptions {
  /** Number of accounts including the management account (at least 1). */
  accounts: number;
  /** PRNG seed; the same options always give the same org. */
  seed?: number;
  /** Levels of OUs below the root (default 3, at most 5 as in AWS). */
  ouDepth?: number;
  /** Child OUs of the root and of every OU above the deepest level (default 3). */
  ousPerLevel?: number;
  /** Every n-th account (1-based, never the management account) is SUSPENDED; 0 = none (default 37). */
  suspendedEvery?: number;
}

export const SYNTHETIC_DEFAULTS = { seed: 1, ouDepth: 3, ousPerLevel: 3, suspendedEvery: 37 } as const;

/** AWS quotas: OUs nest at most five levels below the root; an organization holds at most 2,000 OUs. */
const MAX_OU_DEPTH = 5;
const MAX_OUS = 2000;

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Level 1 follows AWS's recommended OU structure; level 2 splits by environment (Sandbox by team,
// since sandboxes have no stages); deeper levels split by team.
const TOP_LEVEL_NAMES = ['Workloads', 'Security', 'Sandbox', 'Infrastructure', 'Deployments', 'Policy Staging', 'Exceptions', 'Transitional', 'Business Users'];
const ENV_LEVEL_NAMES = ['Prod', 'Staging', 'Dev', 'Test', 'Shared'];
const TEAM_NAMES = ['Payments', 'Identity', 'Search', 'Checkout', 'Analytics', 'Billing', 'Messaging', 'Mobile', 'Catalog', 'Fraud', 'Logistics', 'Marketing', 'Media', 'Support', 'Ledger', 'Pricing'];
const COMPONENTS = ['api', 'web', 'worker', 'data', 'etl', 'ml', 'batch', 'stream', 'cache', 'edge', 'ops', 'reporting'];
const ENVS = ['prod', 'staging', 'dev', 'sandbox'];

/** OU names that fix the `env` tag of the accounts below them. */
const ENV_OF_OU: Record<string, string> = { Prod: 'prod', Staging: 'staging', Dev: 'dev', Test: 'dev', Sandbox: 'sandbox' };
/** Top-level OUs owned by a platform team rather than a product team. */
const TEAM_OF_OU: Record<string, string> = { Security: 'security', Infrastructure: 'platform', Deployments: 'platform' };


interface Node {
  id: string;
  name: string;
  env?: string;
  team?: string;
}

export function generateOrg(options: SyntheticOrgOptions): Org {
  const { accounts: accountCount } = options;
  const seed = options.seed ?? SYNTHETIC_DEFAULTS.seed;
  const ouDepth = options.ouDepth ?? SYNTHETIC_DEFAULTS.ouDepth;
  const ousPerLevel = options.ousPerLevel ?? SYNTHETIC_DEFAULTS.ousPerLevel;
  const suspendedEvery = options.suspendedEvery ?? SYNTHETIC_DEFAULTS.suspendedEvery;
  checkOptions(accountCount, ouDepth, ousPerLevel, suspendedEvery);

  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chars = (n: number) => Array.from({ length: n }, () => LOWER_ALNUM[int(LOWER_ALNUM.length)]).join('');
  const usedIds = new Set<string>();
  const unique = (make: () => string) => {
    let id = make();
    while (usedIds.has(id)) id = make();
    usedIds.add(id);
    return id;
  };

  // The OU tree is drawn before any account so that growing `accounts` keeps the same tree and
  // the same first accounts: a 500-account org is a prefix of the 5,000-account one.
  const organizationId = `o-${chars(10)}`;
  const rootSuffix = chars(4);
  const root: Node = { id: `r-${rootSuffix}`, name: 'Root' };
  const organizationalUnits: OrgUnit[] = [];
  const nodes: Node[] = [];
  let level: Node[] = [root];
  for (let depth = 1; depth <= ouDepth; depth++) {
    const next: Node[] = [];
    for (const parent of level) {
      const names = depth === 1 ? TOP_LEVEL_NAMES : depth === 2 && parent.name !== 'Sandbox' ? ENV_LEVEL_NAMES : TEAM_NAMES;
      const offset = names === TEAM_NAMES ? int(names.length) : 0;
      for (let i = 0; i < ousPerLevel; i++) {
        const name = siblingName(names, offset, i);
        const id = unique(() => `ou-${rootSuffix}-${chars(8)}`);
        organizationalUnits.push({ id, name, parentId: parent.id });
        const node: Node = {
          id,
          name,
          env: ENV_OF_OU[name] ?? parent.env,
          team: TEAM_OF_OU[name] ?? (names === TEAM_NAMES ? name.toLowerCase().replace(/\W+/g, '-') : parent.team),
        };
        next.push(node);
        nodes.push(node);
      }
    }
    level = next;
  }

  const policies: OrgPolicy[] = [
    {
      id: unique(() => `p-${chars(8)}`),
      type: 'SERVICE_CONTROL_POLICY',
      name: 'DenyLeaveOrganization',
      description: 'Member accounts cannot leave the organization.',
      document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
      targets: [root.id],
    },
    {
      id: unique(() => `p-${chars(8)}`),
      type: 'RESOURCE_CONTROL_POLICY',
      name: 'EnforceSecureTransport',
      description: 'Deny access to resources over unencrypted connections.',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EnforceSecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:*'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
      targets: [nodes[0]?.id ?? root.id],
    },
  ];

  const accounts: OrgAccount[] = [];
  const usedNames = new Set<string>();
  const nameCounters = new Map<string, number>();
  const uniqueName = (team: string, env: string) => {
    for (const candidate of [`${team}-${env}`, `${team}-${pick(COMPONENTS)}-${env}`]) {
      if (!usedNames.has(candidate)) {
        usedNames.add(candidate);
        return candidate;
      }
    }
    // Past the easy names a counter keeps names unique (emails derive from them and must be).
    const base = `${team}-${env}`;
    let n = nameCounters.get(base) ?? 1;
    let name: string;
    do name = `${base}-${++n}`;
    while (usedNames.has(name));
    nameCounters.set(base, n);
    usedNames.add(name);
    return name;
  };
  const accountId = () => unique(() => String(int(1e6)).padStart(6, '0') + String(int(1e6)).padStart(6, '0'));

  const managementAccountId = accountId();
  usedNames.add('management');
  accounts.push({
    id: managementAccountId,
    name: 'management',
    email: 'aws-management@example.com',
    status: 'ACTIVE',
    parentId: root.id,
    tags: { env: 'prod', team: 'platform' },
  });

  const teams = TEAM_NAMES.map((t) => t.toLowerCase());
  for (let position = 2; position <= accountCount; position++) {
    // A few accounts stay directly under the root, as in orgs that predate their OU design.
    const parent = nodes.length === 0 || int(50) === 0 ? root : pick(nodes);
    const env = parent.env ?? pick(ENVS);
    const team = parent.team ?? pick(teams);
    const name = uniqueName(team, env);
    accounts.push({
      id: accountId(),
      name,
      email: `aws+${name}@example.com`,
      status: suspendedEvery > 0 && position % suspendedEvery === 0 ? 'SUSPENDED' : 'ACTIVE',
      parentId: parent.id,
      tags: { env, team },
    });
  }

  return {
    organizationId,
    managementAccountId,
    roots: [{ id: root.id, name: root.name }],
    organizationalUnits,
    accounts,
    policies,
  };
}

/** Sibling OU names must differ (AWS rejects duplicates), so wrap-arounds get a number. */
function siblingName(names: readonly string[], offset: number, index: number): string {
  const name = names[(offset + index) % names.length] as string;
  const round = Math.floor(index / names.length);
  return round === 0 ? name : `${name} ${round + 1}`;
}

function checkOptions(accounts: number, ouDepth: number, ousPerLevel: number, suspendedEvery: number): void {
  if (!Number.isInteger(accounts) || accounts < 1) throw new RangeError(`accounts must be an integer >= 1 (the management account), got ${accounts}`);
  if (!Number.isInteger(ouDepth) || ouDepth < 0 || ouDepth > MAX_OU_DEPTH) throw new RangeError(`ouDepth must be an integer from 0 to ${MAX_OU_DEPTH}, got ${ouDepth}`);
  if (!Number.isInteger(ousPerLevel) || ousPerLevel < 1) throw new RangeError(`ousPerLevel must be an integer >= 1, got ${ousPerLevel}`);
  if (!Number.isInteger(suspendedEvery) || suspendedEvery < 0) throw new RangeError(`suspendedEvery must be an integer >= 0, got ${suspendedEvery}`);
  let total = 0;
  for (let d = 1; d <= ouDepth; d++) total += ousPerLevel ** d;
  if (total > MAX_OUS) throw new RangeError(`ouDepth ${ouDepth} with ousPerLevel ${ousPerLevel} makes ${total} OUs; AWS allows at most ${MAX_OUS}`);
}
