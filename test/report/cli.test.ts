// crossrole report as a user runs it: one file written whole, a line naming it, and bad input
// refused with one located message and exit 2 before anything is written.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { crossroleInProcess } from '../helpers/cli.js';
import { ensurePageBundle } from '../helpers/report-page.js';
import { smallReport } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-report-cli-'));
const snapshotDir = join(dir, 'snapshot');
const report = smallReport(8);
writeSnapshot(snapshotDir, report.snapshot);

describe('crossrole report', () => {
  before(ensurePageBundle);

  test('writes one self-contained file and names it', async () => {
    const out = join(dir, 'out', 'report.html');
    const r = await crossroleInProcess(['report', '--snapshot', snapshotDir, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^.*report\.html: 10 findings in 8 accounts, \d+\.\d MB\n$/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // Nothing is loaded from elsewhere: no src= or href= at all.
    assert.doesNotMatch(html, /\s(src|href)=/);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as { findings: unknown[] };
    assert.equal(data.findings.length, 10);
  });

  test('bad input: exit 2 with one message naming it, nothing written', async () => {
    const out = join(dir, 'bad.html');
    const cases: [string[], RegExp][] = [
      [['--snapshot', join(dir, 'nowhere'), '--out', out], /nowhere/],
      [['--snapshot', snapshotDir, '--out', dir], /cannot write report .*: is a directory, not a file/],
      [['--snapshot', snapshotDir, '--verify', join(dir, 'v.json'), '--out', out], /^--verify needs --spec/],
    ];
    const verifyFile = join(dir, 'verify.json');
    writeFileSync(verifyFile, '{"cells": [{"accountId": "1", "status": "fine"}]}\n');
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, 'hubs: {}\n');
    cases.push([['--snapshot', snapshotDir, '--spec', spec, '--verify', verifyFile, '--out', out], /verify\.json:1:/]);
    for (const [args, message] of cases) {
      const r = await crossroleInProcess(['report', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trim().split('\n').at(-1)!, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.equal(existsSync(out), false);
  });

  test('--help names every flag', async () => {
    const r = await crossroleInProcess(['report', '--help']);
    for (const flag of ['--snapshot', '--spec', '--trusted-accounts', '--verify', '--out']) assert.ok(r.stdout.includes(flag), flag);
  });
});
