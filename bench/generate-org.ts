// Prints a synthetic org.json: npx tsx bench/generate-org.ts --accounts 500 --seed 7 > org.json
import { parseArgs } from 'node:util';
import { generateOrg } from '../src/org/synthetic.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'ou-depth': { type: 'string' },
    'ous-per-level': { type: 'string' },
    'suspended-every': { type: 'string' },
  },
});

const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

try {
  const org = generateOrg({
    accounts: Number(values.accounts),
    seed: int(values.seed),
    ouDepth: int(values['ou-depth']),
    ousPerLevel: int(values['ous-per-level']),
    suspendedEvery: int(values['suspended-every']),
  });
  process.stdout.write(`${JSON.stringify(org, null, 2)}\n`);
} catch (error) {
  console.error(`generate-org: ${(error as Error).message}`);
  process.exitCode = 2;
}
