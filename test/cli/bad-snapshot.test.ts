// Every command that reads a snapshot (audit, who-can-assume, reach, path, graph) treats a bad
// snapshot directory the same way: exit 2, the same located message, no stack trace.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { crossroleAsync } from '../helpers/cli.js';
import { fixture, repoRoot } from '../helpers/paths.js';

const root = mkdtempSync(join(tmpdir(), 'crossrole-bad-snapshot-'));
after(() => rmSync(root, { recursive: true, force: true }));
const validAccount = join(repoRoot, 'test', 'snapshot', 'cases', 'valid', 'cli-output.json');

/** `reading snapshot: 1/1`: progress on stderr when it is not a terminal. */
const PROGRESS = /^[a-z ]+: \d+\/\d+$/;
const ROLE = 'arn:aws:iam::111111111111:role/deploy';
const COMMANDS: string[][] = [['audit'], ['who-can-assume', ROLE], ['reach', ROLE], ['path', ROLE, ROLE], ['graph']];

interface BadSnapshot {
  name: string;
  /** Makes the bad snapshot at `dir` and returns the path to pass as --snapshot. */
  make: (dir: string) => string;
  /** The first line of the message (progress lines aside), with DIR standing for the --snapshot path. */
  firstLine: string;
}

/** A snapshot directory with the fixture org.json and an accounts/ folder. */
const withOrg = (dir: string) => {
  mkdirSync(join(dir, 'accounts'), { recursive: true });
  copyFileSync(fixture('org.json'), join(dir, 'org.json'));
  return dir;
};

const CASES: BadSnapshot[] = [
  {
    name: 'no org.json',
    make: (dir) => {
      mkdirSync(join(dir, 'accounts'), { recursive: true });
      copyFileSync(validAccount, join(dir, 'accounts', '111111111111.json'));
      return dir;
    },
    firstLine: 'cannot read snapshot DIR/org.json: no such file; a snapshot directory holds org.json and accounts/<account-id>.json (make one with crossrole collect --out DIR)',
  },
  {
    name: 'a corrupt account file',
    make: (dir) => {
      writeFileSync(join(withOrg(dir), 'accounts', '111111111111.json'), '{"RoleDetailList": [}');
      return dir;
    },
    firstLine: 'DIR/accounts/111111111111.json:1:21: error: invalid JSON: expected a value (object, array, string, number, true, false or null), found "}"',
  },
  {
    name: 'an account file for an account org.json does not list',
    make: (dir) => {
      copyFileSync(validAccount, join(withOrg(dir), 'accounts', '999999999999.json'));
      return dir;
    },
    firstLine: 'DIR/accounts/999999999999.json: error: account 999999999999 is not in org.json (organization o-abc123defg); refresh org.json (crossrole discover) or remove the file',
  },
  {
    name: 'an empty directory',
    make: (dir) => {
      mkdirSync(dir);
      return dir;
    },
    firstLine: 'cannot read snapshot DIR/org.json: no such file; a snapshot directory holds org.json and accounts/<account-id>.json (make one with crossrole collect --out DIR)',
  },
  {
    name: 'a file instead of a directory',
    make: (dir) => {
      writeFileSync(dir, '{}');
      return dir;
    },
    firstLine: 'cannot read snapshot DIR: is a file, not a directory; a snapshot directory holds org.json and accounts/<account-id>.json (make one with crossrole collect --out DIR)',
  },
];

describe('a bad snapshot directory: the same exit code (2) and message from every command that reads one', () => {
  CASES.forEach((c, i) => {
    test(c.name, async () => {
      const dir = c.make(join(root, `case${i}`));
      const results = await Promise.all(COMMANDS.map((command) => crossroleAsync([...command, '--snapshot', dir], repoRoot, process.env)));
      results.forEach((r, j) => {
        const command = COMMANDS[j]![0];
        assert.equal(r.status, 2, `${command}: ${r.stderr}`);
        assert.equal(r.stdout, '', command);
        assert.equal(r.stderr.split('\n').find((line) => !PROGRESS.test(line)), c.firstLine.replaceAll('DIR', dir), command);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, command);
        assert.equal(r.stderr, results[0]!.stderr, `${command} says what audit says`);
      });
    });
  });
});
