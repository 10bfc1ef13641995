// The README's "Against moto" block, run as written (only the port changed, and a wait for moto to
// listen that a person typing does not need): moto started by hand, the AWS CLI, crossrole. Each
// crossrole line's comment says what it prints, and its exit code when that is not 0.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { test } from 'node:test';
import { CLI_COMMAND } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { unusedPort } from '../helpers/ports.js';
import { pythonTool } from '../helpers/python-tools.js';

const README_PORT = 5000;

/** The shell block after the README's "Against moto" paragraph. */
function motoBlock(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /^Against moto[^]*?\n```sh\n([^]*?)\n```/m.exec(readme)?.[1];
  assert.ok(block, 'README.md has no "Against moto" shell block');
  return block;
}

/** What each crossrole line of the block expects: the text of its comment and its exit code. */
function expectations(block: string): { args: string; prints: string; exit: number }[] {
  return block
    .split('\n')
    .filter((line) => line.startsWith('crossrole '))
    .map((line) => {
      const [command, comment = ''] = line.split(/\s+#\s+/);
      const exit = /\(exit (\d+)\)/.exec(comment);
      return { args: command!.slice('crossrole '.length).trim(), prints: comment.replace(/\s*\(exit \d+\)/, '').trim(), exit: exit ? Number(exit[1]) : 0 };
    });
}

test('the README moto walk-through works as written', { timeout: 300_000 }, async () => {
  const block = motoBlock();
  assert.match(block.split('\n').find((l) => /\bmoto_server\b/.test(l)) ?? '', /^MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server /, 'the line that starts moto must load the AWS managed policies');
  const port = await unusedPort();
  const lines = block.replaceAll(`:${README_PORT}`, `:${port}`).replaceAll(`-p ${README_PORT}`, `-p ${port}`).split('\n');
  const motoLine = lines.findIndex((l) => /\bmoto_server\b/.test(l));
  lines.splice(motoLine + 1, 0, `MOTO=$!; trap 'kill $MOTO' EXIT INT TERM; until (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null; do sleep 0.2; done`);

  // `crossrole` on PATH runs this checkout and records each call's exit code and output.
  const work = mkdtempSync(join(tmpdir(), 'crossrole-readme-'));
  const bin = join(work, 'bin');
  const calls = join(work, 'calls');
  mkdirSync(bin);
  mkdirSync(calls);
  writeFileSync(
    join(bin, 'crossrole'),
    `#!/bin/sh\n"${process.execPath}" ${CLI_COMMAND.map((part) => `"${part}"`).join(' ')} "$@" > "${calls}/$$.out"\nstatus=$?\ncat "${calls}/$$.out"\necho "$$ $status $*" >> "${calls}/log"\nexit $status\n`,
  );
  chmodSync(join(bin, 'crossrole'), 0o755);
  const tools = [pythonTool('moto_server'), pythonTool('aws')].filter((t) => t.includes('/')).map((t) => dirname(t));
  const env = { PATH: [bin, ...tools, process.env.PATH].join(delimiter), HOME: work, LANG: 'C.UTF-8', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

  const run = spawnSync('bash', ['-c', lines.join('\n')], { cwd: work, env, encoding: 'utf8', timeout: 280_000, maxBuffer: 64 * 1024 * 1024 });
  const log = readFileSync(join(calls, 'log'), 'utf8').trim().split('\n').map((line) => {
    const [pid, status, ...args] = line.split(' ');
    return { status: Number(status), args: args.join(' '), stdout: readFileSync(join(calls, `${pid}.out`), 'utf8') };
  });
  const expected = expectations(block);
  assert.deepEqual(log.map((c) => c.args), expected.map((e) => e.args), run.stderr.slice(-3000));
  expected.forEach((e, i) => {
    const call = log[i]!;
    assert.equal(call.status, e.exit, `crossrole ${e.args}: exit ${call.status}\n${call.stdout}`);
    assert.ok(call.stdout.includes(e.prints), `crossrole ${e.args} does not print "${e.prints}":\n${call.stdout}`);
  });
});
