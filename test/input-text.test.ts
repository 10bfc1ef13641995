// Input files as text: strict UTF-8 decoding and strict JSON, each problem located.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readInputFile } from '../src/file-errors.js';
import { decodeText } from '../src/decode-text.js';
import { InvalidInputError } from '../src/errors.js';
import { checkJsonText } from '../src/json-text.js';
import { formatDiagnostic } from '../src/spec/source.js';

const dir = mkdtempSync(join(tmpdir(), 'crossrole-text-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function decodeError(bytes: Uint8Array): string {
  try {
    decodeText('f.json', bytes);
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    assert.equal(error.exitCode, 2);
    return error.diagnostics.map(formatDiagnostic).join('\n');
  }
  return assert.fail('decoded');
}

describe('decodeText', () => {
  test('invalid UTF-8 is an error naming the byte offset and line:col', () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]);
    assert.equal(decodeError(bytes), 'f.json:2:15: error: the file is not UTF-8: byte 16 (0xe9) does not belong to a UTF-8 character; save the file as UTF-8');
  });

  test('a truncated sequence at the end and an overlong encoding are invalid too', () => {
    assert.match(decodeError(Buffer.from([0x61, 0xe2, 0x82])), /byte 1 \(0xe2\)/);
    assert.match(decodeError(Buffer.from([0x61, 0xc0, 0xaf])), /byte 1 \(0xc0\)/);
  });

  test('a UTF-8 byte order mark is dropped; UTF-16LE with a byte order mark is read', () => {
    assert.equal(decodeText('f', Buffer.from('\ufeff{}', 'utf8')), '{}');
    assert.equal(decodeText('f', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"é": 1}', 'utf16le')])), '{"é": 1}');
  });

  test('readInputFile refuses a file that is not UTF-8', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.from('version: 1\nname: caf\xe9\n', 'latin1'));
    assert.throws(() => readInputFile(file, 'spec'), (error: unknown) => error instanceof InvalidInputError && /latin1\.yaml:2:10: error: the file is not UTF-8: byte 20/.test(error.message));
  });
});

describe('checkJsonText', () => {
  test('valid JSON has no problems', () => {
    assert.deepEqual(checkJsonText('{"a": [1, -2.5e3, true, false, null, "x\\u0041\\n"], "b": {}}'), { duplicates: [] });
  });

  test('keys given twice are reported with their path, escapes decoded', () => {
    const { syntax, duplicates } = checkJsonText('{"Statement": [{"Effect": "Deny", "\\u0045ffect": "Allow"}], "Statement": []}');
    assert.equal(syntax, undefined);
    assert.deepEqual(
      duplicates.map((d) => [d.offset, d.path]),
      [
        [34, ['Statement', 0, 'Effect']],
        [60, ['Statement']],
      ],
    );
  });

  const syntaxCases: [string, number, RegExp][] = [
    ['', 0, /empty/],
    ['{"a": 1,}', 8, /expected a key in double quotes, found "}"/],
    ['{"a": "x\u0000"}', 8, /control character/],
    ['\u0000{}', 0, /U\+0000/],
    ['{"a": 1} x', 9, /after the end of the JSON value/],
    ['[1, 2', 5, /found the end of the text/],
    ['{"a": 01}', 7, /expected "," or "}"/],
    ['{"a": "\\x"}', 8, /cannot follow a backslash/],
    ["{'a': 1}", 1, /expected a key in double quotes/],
    ['['.repeat(64) + ']'.repeat(64) + ' x', 129, /after the end/],
    ['['.repeat(100_000), 64, /nested more than 64 levels deep/],
  ];
  for (const [text, offset, message] of syntaxCases) {
    test(`syntax error at ${offset}: ${JSON.stringify(text.slice(0, 20))}`, () => {
      const { syntax } = checkJsonText(text);
      assert.equal(syntax?.offset, offset);
      assert.match(syntax!.message, message);
    });
  }
});
