import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { makePlan } from '../../src/plan/make.js';
import { renderPlan } from '../../src/plan/render.js';
import { buildCase, loadCases, type Case } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const SNAPSHOTS = join(here, 'snapshots');
const file = loadCases('cases.yaml');
const { cases } = parse(readFileSync(join(here, 'render.cases.yaml'), 'utf8')) as { cases: Case[] };

function snapshot(name: string, text: string): void {
  const path = join(SNAPSHOTS, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(path, text);
  }
  assert.equal(text, readFileSync(path, 'utf8'), `${name} differs from its snapshot (UPDATE_GOLDEN=1 regenerates)`);
}

describe('renderPlan snapshots', () => {
  for (const c of cases) {
    const { desired, observed, org } = buildCase(file, c);
    const plan = makePlan(desired, observed, { prune: c.prune ?? false, org });
    test(c.name, () => snapshot(`${c.name}.txt`, renderPlan(plan)));
    test(`${c.name} in color`, () => {
      const colored = renderPlan(plan, { color: true });
      snapshot(`${c.name}.color.txt`, colored);
      // eslint-disable-next-line no-control-regex
      assert.equal(colored.replace(/\x1b\[\d+m/g, ''), renderPlan(plan), 'colors only add escapes');
    });
  }
});

test('no escapes unless colors are asked for', () => {
  const { desired, observed, org } = buildCase(file, cases[0]!);
  assert.ok(!renderPlan(makePlan(desired, observed, { prune: true, org })).includes('\x1b'));
});
