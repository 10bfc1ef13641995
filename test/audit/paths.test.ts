// The paths from outside are the same whether the audit searches the whole access graph or a lazy
// one that decides only the edges the search meets: same findings, same paths, same conditions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditSnapshot } from '../../src/audit/audit.js';
import { buildGraph } from '../../src/graph/build.js';
import { generateSnapshot } from '../../src/snapshot/synthetic.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { randomSnapshot } from '../graph/random-org.js';

function pathFindings(snapshot: Snapshot, whole: boolean): string[] {
  const { findings } = auditSnapshot(snapshot, whole ? { graph: buildGraph(snapshot) } : {});
  return findings.filter((f) => f.code === 'EXTERNAL_PATH_TO_ADMIN').map((f) => JSON.stringify(f));
}

describe('paths from outside: lazy graph = whole graph', () => {
  test('on 150 random organizations', () => {
    let found = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const snapshot = randomSnapshot(seed);
      const lazy = pathFindings(snapshot, false);
      assert.deepEqual(lazy, pathFindings(snapshot, true), `seed ${seed}`);
      found += lazy.length;
    }
    assert.ok(found > 50, `${found} path findings`);
  });

  test('on generated organizations, every planted path found', () => {
    for (const seed of [1, 2, 3]) {
      const { snapshot, planted } = generateSnapshot({ accounts: 40, rolesPerAccount: 20, usersPerAccount: 4, seed });
      const lazy = pathFindings(snapshot, false);
      assert.deepEqual(lazy, pathFindings(snapshot, true), `seed ${seed}`);
      for (const p of planted.filter((x) => x.code === 'EXTERNAL_PATH_TO_ADMIN')) assert.ok(lazy.some((f) => f.includes(`"to":"${p.roleArn}"`)), `seed ${seed}: ${p.note}`);
    }
  });
});
