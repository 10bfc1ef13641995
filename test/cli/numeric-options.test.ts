// Every numeric option of every command and subcommand, found by walking the commander program: a
// value that is not a whole number in range is refused before the command runs, naming the option,
// exit 2.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommanderError, type Command, type Option } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { crossrole } from '../helpers/cli.js';

/** Value placeholders that mean a number; an option with a numeric default counts too. */
const NUMERIC_PLACEHOLDER = /<(?:n|count|seconds|minutes|ms|hops|port|number|size|limit)>/;
const BAD_VALUES = ['abc', '0', '2.5', '-1', '', '1e3'];

function isNumeric(option: Option): boolean {
  return NUMERIC_PLACEHOLDER.test(option.flags) || typeof option.defaultValue === 'number';
}

/** The program and every command under it, at any depth, each with its name as typed (`permissions compress`). */
function allCommands(command: Command = buildProgram(), name = ''): { name: string; command: Command }[] {
  return [{ name, command }, ...command.commands.flatMap((sub) => allCommands(sub, `${name} ${sub.name()}`.trim()))];
}

/** Every command with its numeric options (a fresh program per call: parsing stores values on it). */
function numericOptions(): { name: string; command: Command; option: Option }[] {
  return allCommands().flatMap(({ name, command }) => command.options.filter(isNumeric).map((option) => ({ name, command, option })));
}

/** Parses one option on its command alone, without running the command; returns the error commander raised. */
function parseOption(command: Command, option: Option, value: string): CommanderError | undefined {
  command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  try {
    command.parseOptions([option.long!, value]);
  } catch (error) {
    if (error instanceof CommanderError) return error;
    throw error;
  }
  return undefined;
}

describe('numeric options', () => {
  test('the walk finds the numeric options of every live, graph and permissions command', () => {
    const found = new Set(numericOptions().map(({ name, option }) => `${name} ${option.long}`));
    for (const expected of [
      'plan --concurrency',
      'apply --concurrency',
      'apply --max-failures',
      'verify --concurrency',
      'collect --concurrency',
      'credentials --duration',
      'exec --duration',
      'console --duration',
      'console --console-duration',
      'who-can-assume --max-hops',
      'reach --paths',
      'path --max-hops',
      'permissions compress --max-policies',
    ]) {
      assert.ok(found.has(expected), `${expected} not found among ${[...found].join(', ')}`);
    }
  });

  for (const { name, command, option } of numericOptions()) {
    test(`${name} ${option.long} refuses ${BAD_VALUES.map((v) => JSON.stringify(v)).join(', ')}`, () => {
      for (const value of BAD_VALUES) {
        const error = parseOption(command, option, value);
        assert.ok(error, `${name} ${option.long} ${JSON.stringify(value)} was accepted`);
        assert.equal(error.code, 'commander.invalidArgument');
        assert.ok(error.message.includes(option.long!), error.message);
        assert.match(error.message, /Expected a whole number/);
      }
    });
    test(`${name} ${option.long} gives its default and accepted values as numbers`, () => {
      if (option.defaultValue !== undefined) assert.equal(typeof option.defaultValue, 'number', `default ${JSON.stringify(option.defaultValue)}`);
      const fresh = allCommands().find((c) => c.name === name)!.command;
      const same = fresh.options.find((o) => o.long === option.long)!;
      const smallest = String(/from (\d+)|at least (\d+)/.exec(parseOption(fresh, same, '-1')!.message)!.slice(1).find(Boolean));
      assert.equal(parseOption(fresh, same, smallest), undefined);
      assert.equal(fresh.getOptionValue(same.attributeName()), Number(smallest));
    });
  }

  test('no option outside the walk has a number hidden in a string default', () => {
    for (const { name, command } of allCommands()) {
      for (const option of command.options.filter((o) => !isNumeric(o))) {
        assert.ok(!(typeof option.defaultValue === 'string' && /^\d+$/.test(option.defaultValue)), `${name} ${option.long} has the default "${option.defaultValue}": give it a number and a wholeNumber parser`);
      }
    }
  });

  test('on the command line: one message naming the option, exit 2, before anything runs', () => {
    for (const args of [
      ['apply', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--max-failures', 'x'],
      ['plan', '--spec', 'examples/hub-spoke.yaml', '--org', 'examples/org.json', '--concurrency', '2.5'],
      ['credentials', '--account', '222222222222', '--role', 'R', '--path', '/', '--duration', 'abc'],
      ['permissions', 'compress', 'examples/permissions/collector-actions.txt', '--max-policies', '0'],
    ]) {
      const r = crossrole(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^error: option '--[a-z-]+ <[a-z]+>' argument '[^']*' is invalid\. Expected a whole number/m);
      assert.doesNotMatch(r.stderr, /internal error|reading accounts/);
    }
  });
});
