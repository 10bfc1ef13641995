// What compressed documents grant, expanded over the catalog with crossrole's own matcher: the
// yardstick of every compress test.
import assert from 'node:assert/strict';
import { isReadOrList, type ActionCatalog } from '../../src/permissions/catalog.js';
import { MANAGED_POLICY_LIMIT, type Compressed } from '../../src/permissions/compress.js';
import { compileActionMatcher } from '../../src/policy/match.js';

/** Asserts the documents grant every listed action and, beyond them, only Read/List ones (read) or none (exact). */
export function assertGrantsExactly(result: Compressed, listed: readonly string[], catalog: ActionCatalog, allowExtra: 'none' | 'read'): void {
  const patterns = result.policies.flatMap((p) => p.Statement[0].Action);
  const grants = compileActionMatcher(patterns);
  const wanted = new Set(listed.map((a) => a.toLowerCase()));
  const extra: string[] = [];
  for (const [service, actions] of catalog.services) {
    for (const action of actions) {
      const name = `${service}:${action.name}`;
      const granted = grants(name);
      if (wanted.has(name.toLowerCase())) assert.ok(granted, `${name} is listed but not granted`);
      else if (granted) {
        assert.ok(allowExtra === 'read' && isReadOrList(action), `${name} (${action.level}) is granted but not listed`);
        extra.push(name);
      }
    }
  }
  assert.deepEqual([...result.extra].sort(), extra.sort());
  for (const policy of result.policies) assert.ok(JSON.stringify(policy).length <= MANAGED_POLICY_LIMIT, 'a document over the limit');
  assert.equal(result.size, result.policies.reduce((sum, p) => sum + JSON.stringify(p).length, 0));
  assert.equal(result.actions, wanted.size);
}
