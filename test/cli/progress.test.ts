import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountsProgress } from '../../src/cli/progress.js';

function stream(tty: boolean): { lines: string[]; stream: NodeJS.WriteStream } {
  const lines: string[] = [];
  return { lines, stream: { isTTY: tty, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream };
}

test('accounts that failed are not counted as read; they are named apart', () => {
  const log = stream(false);
  const progress = accountsProgress('reading accounts', 'unreadable', log.stream);
  for (const ok of [true, false, false, true]) progress.account(ok, 4);
  progress.done();
  // Without a terminal a line per tenth of the accounts read: failures alone print none.
  assert.deepEqual(log.lines, ['reading accounts: 1/4\n', 'reading accounts: 2/4 (2 unreadable)\n']);
});

test('on a terminal the last state stays on screen', () => {
  const tty = stream(true);
  const progress = accountsProgress('collecting', 'failed', tty.stream);
  progress.account(false, 2);
  progress.account(true, 2);
  progress.done();
  assert.match(tty.lines.at(-2)!, /collecting \[#{14}-{14}\] 1\/2 \(1 failed\)/);
  assert.equal(tty.lines.at(-1), '\rcollecting: 1/2\x1b[K\n');
});
