// Writes a synthetic snapshot directory (org.json, accounts/<id>.json, planted-problems.json):
//   npm run snapshot:generate -- --accounts 1000 --roles 100 --users 20 --out /tmp/snapshot
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { progressLine } from '../src/cli/progress.js';
import { syntheticSnapshot } from '../src/snapshot/synthetic.js';
import { writeSnapshot } from '../src/snapshot/write.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100' },
    roles: { type: 'string', default: '100' },
    users: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    clean: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

try {
  if (!values.out) throw new Error('--out DIR is required');
  const started = performance.now();
  const synthetic = syntheticSnapshot({
    accounts: Number(values.accounts),
    rolesPerAccount: Number(values.roles),
    usersPerAccount: Number(values.users),
    seed: Number(values.seed),
    plantProblems: !values.clean,
  });
  const total = synthetic.org.accounts.length - synthetic.missing.length;
  const progress = progressLine('generate');
  let done = 0;
  writeSnapshot(values.out, { org: synthetic.org, accounts: synthetic.accounts() }, () => progress.update(++done, total));
  progress.done();
  writeFileSync(join(values.out, 'planted-problems.json'), `${JSON.stringify(synthetic.planted, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${values.out}: ${total} accounts (${synthetic.missing.length} suspended, not collected), ${synthetic.planted.length} planted problems (planted-problems.json), ${seconds} s\n`);
} catch (error) {
  console.error(`generate-snapshot: ${(error as Error).message}`);
  process.exitCode = 2;
}
