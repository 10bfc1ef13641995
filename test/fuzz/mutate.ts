// Malformed variants of valid input files, drawn from a seeded PRNG so any one can be made again.
// Structural mutations work on the parsed data (a key deleted, duplicated, renamed to
// "__proto__", a value of another type, huge, empty or nested thousands deep) and write it back
// in the file's own format; textual ones work on the text or bytes (truncated, random bytes, a
// byte order mark, NUL bytes, YAML anchors and aliases).
import { parse, stringify } from 'yaml';

export type Format = 'json' | 'yaml';

export interface Mutant {
  bytes: Buffer;
  /** What was done, for the failure message. */
  steps: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Random = () => number;

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** One to three mutations of `text` (a valid file of `format`). */
export function mutate(text: string, format: Format, random: Random): Mutant {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const steps: string[] = [];
  let data = JSON.parse(JSON.stringify(format === 'json' ? JSON.parse(text) : parse(text))) as Json;
  // Nesting thousands deep is written into the text: a serializer would run out of stack.
  const depth = 1000 + Math.floor(random() * 20_000);
  const serialize = () => (format === 'json' ? JSON.stringify(data, null, 2) : stringify(data)).replace(/"?DEEP_NESTING_HERE"?/, `${'['.repeat(depth)}1${']'.repeat(depth)}`);
  let current: string | Buffer | undefined;
  const rounds = 1 + Math.floor(random() * random() * 3);
  for (let round = 0; round < rounds; round++) {
    if (current === undefined && random() < 0.6) {
      const mutation = pick(STRUCTURAL);
      steps.push(mutation.name);
      data = mutation(data, random);
      continue;
    }
    current ??= serialize();
    const mutation = pick(format === 'yaml' ? [...TEXTUAL, ...YAML_TEXTUAL] : [...TEXTUAL, duplicateJsonKey]);
    steps.push(mutation.name);
    current = mutation(current, random);
  }
  current ??= serialize();
  return { bytes: typeof current === 'string' ? Buffer.from(current, 'utf8') : current, steps };
}

// ---- structural: on data; each returns the new data (or a marker string for deep nesting) ----

/** Changes the data in place; returns it (or what replaces it as a whole). */
type Structural = (data: Json, random: Random) => Json;

const DEEP_MARK = 'DEEP_NESTING_HERE';

interface Slot {
  get(): Json;
  set(value: Json): void;
  /** The object holding it and its key, when it is an object's value. */
  parent?: { [key: string]: Json };
  key?: string;
}

/** Every value in the data, as a slot that can be replaced. */
function slots(data: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (value: Json) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push({ get: () => value[i]!, set: (v) => (value[i] = v) });
        walk(item);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        out.push({ get: () => value[key]!, set: (v) => define(value, key, v), parent: value, key });
        walk(value[key]!);
      }
    }
  };
  walk(data);
  return out;
}

/** Sets an own property, "__proto__" included. */
function define(object: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function pickSlot(data: Json, random: Random, filter: (slot: Slot) => boolean = () => true): Slot | undefined {
  const candidates = slots(data).filter(filter);
  return candidates[Math.floor(random() * candidates.length)];
}

const STRUCTURAL: Structural[] = [
  function deleteKey(data, random) {
    const slot = pickSlot(data, random, (s) => s.parent !== undefined);
    if (slot) delete slot.parent![slot.key!];
    return data;
  },
  function retype(data, random) {
    const values: Json[] = [null, true, 0, -1, 1.5, 1e308, '', 'x', [], {}, ['a', 1], { a: 1 }, '123456789012', 'arn:aws:iam::123456789012:role/x'];
    const slot = pickSlot(data, random);
    if (!slot) return values[Math.floor(random() * values.length)]!;
    slot.set(values[Math.floor(random() * values.length)]!);
    return data;
  },
  function hugeString(data, random) {
    const slot = pickSlot(data, random, (s) => typeof s.get() === 'string');
    slot?.set('A'.repeat(100_000 + Math.floor(random() * 200_000)));
    return data;
  },
  function emptyString(data, random) {
    const slot = pickSlot(data, random, (s) => typeof s.get() === 'string');
    slot?.set('');
    return data;
  },
  function prototypeKey(data, random) {
    const name = PROTO_NAMES[Math.floor(random() * PROTO_NAMES.length)]!;
    const slot = pickSlot(data, random, (s) => s.parent !== undefined);
    if (!slot) return data;
    const value = slot.get();
    if (random() < 0.5) delete slot.parent![slot.key!];
    define(slot.parent!, name, value);
    return data;
  },
  function prototypeValue(data, random) {
    const slot = pickSlot(data, random, (s) => typeof s.get() === 'string');
    slot?.set(PROTO_NAMES[Math.floor(random() * PROTO_NAMES.length)]!);
    return data;
  },
  function renameKey(data, random) {
    const slot = pickSlot(data, random, (s) => s.parent !== undefined);
    if (!slot) return data;
    const value = slot.get();
    delete slot.parent![slot.key!];
    define(slot.parent!, `${slot.key!}${random() < 0.5 ? 's' : ''}`.toLowerCase(), value);
    return data;
  },
  function deepNesting(data, random) {
    const slot = pickSlot(data, random);
    if (!slot) return DEEP_MARK;
    slot.set(DEEP_MARK);
    return data;
  },
  function manyItems(data, random) {
    // Small lists only: thousands of copies of a huge string would only measure the disk.
    const slot = pickSlot(data, random, (s) => Array.isArray(s.get()) && JSON.stringify(s.get()).length < 10_000);
    const list = slot?.get() as Json[] | undefined;
    if (list && list.length) slot!.set(Array.from({ length: 2000 + Math.floor(random() * 5000) }, (_, i) => structuredClone(list[i % list.length]!)));
    return data;
  },
];

// ---- textual: on the text or its bytes ----

type Textual = (text: string | Buffer, random: Random) => string | Buffer;

const asText = (value: string | Buffer) => (typeof value === 'string' ? value : value.toString('latin1'));
const at = (value: string | Buffer, random: Random) => Math.floor(random() * (value.length + 1));

const TEXTUAL: Textual[] = [
  function truncate(text, random) {
    return text.slice(0, at(text, random));
  },
  function randomBytes(text, random) {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const offset = at(bytes, random);
    const noise = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)));
    return Buffer.concat([bytes.subarray(0, offset), noise, bytes.subarray(offset)]);
  },
  function byteOrderMark(text, random) {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const marks = [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
    return Buffer.concat([marks[Math.floor(random() * marks.length)]!, bytes]);
  },
  function nulByte(text, random) {
    const s = asText(text);
    const offset = at(s, random);
    return `${s.slice(0, offset)}\u0000${s.slice(offset)}`;
  },
  function controlCharacters(text, random) {
    const s = asText(text);
    const offset = at(s, random);
    return `${s.slice(0, offset)}${['\t', '\r', '\u000b', '\u001b', '\u2028', '\ufffe'][Math.floor(random() * 6)]}${s.slice(offset)}`;
  },
];

/** A key given twice: a line with a key and a scalar value, repeated. */
function duplicateJsonKey(text: string | Buffer, random: Random): string | Buffer {
  const lines = asText(text).split('\n');
  const candidates = lines.map((line, i) => [line, i] as const).filter(([line]) => /^\s*"[^"]+": (?:"[^"]*"|[\w.-]+),?$/.test(line));
  if (!candidates.length) return text;
  const [line, i] = candidates[Math.floor(random() * candidates.length)]!;
  lines.splice(i, 0, line.endsWith(',') ? line : `${line},`);
  return lines.join('\n');
}

const YAML_TEXTUAL: Textual[] = [
  function duplicateYamlKey(text, random) {
    const lines = asText(text).split('\n');
    const candidates = lines.map((line, i) => [line, i] as const).filter(([line]) => /^\s*[\w-]+: \S/.test(line));
    if (!candidates.length) return text;
    const [line, i] = candidates[Math.floor(random() * candidates.length)]!;
    lines.splice(i, 0, line);
    return lines.join('\n');
  },
  function unknownAlias(text, random) {
    const lines = asText(text).split('\n');
    const candidates = lines.map((line, i) => i).filter((i) => /^\s*[\w-]+: \S/.test(lines[i]!));
    if (!candidates.length) return text;
    const i = candidates[Math.floor(random() * candidates.length)]!;
    lines[i] = lines[i]!.replace(/: .*$/, ': *nowhere');
    return lines.join('\n');
  },
  function anchorReused(text, random) {
    // One anchored value repeated in place of many others: ordinary YAML, hundreds of aliases.
    const lines = asText(text).split('\n');
    const candidates = lines.map((line, i) => i).filter((i) => /^\s*[\w-]+: [^&*\s][^#]*$/.test(lines[i]!));
    if (candidates.length < 2) return text;
    const first = candidates[Math.floor(random() * (candidates.length - 1))]!;
    lines[first] = lines[first]!.replace(/: /, ': &reused ');
    for (const i of candidates) if (i > first && random() < 0.8) lines[i] = lines[i]!.replace(/: .*$/, ': *reused');
    return lines.join('\n');
  },
  function aliasBomb(text, random) {
    const levels = 6 + Math.floor(random() * 4);
    const bomb = [`lol0: &lol0 [${Array(10).fill('lol').join(', ')}]`];
    for (let i = 1; i <= levels; i++) bomb.push(`lol${i}: &lol${i} [${Array(10).fill(`*lol${i - 1}`).join(', ')}]`);
    const lines = asText(text).split('\n');
    const candidates = lines.map((line, i) => i).filter((i) => /^[\w-]+: \S/.test(lines[i]!));
    if (candidates.length) {
      const i = candidates[Math.floor(random() * candidates.length)]!;
      lines[i] = lines[i]!.replace(/: .*$/, `: *lol${levels}`);
    }
    return `${bomb.join('\n')}\n${lines.join('\n')}`;
  },
  function aliasCycle(text, random) {
    const lines = asText(text).split('\n');
    const candidates = lines.map((line, i) => i).filter((i) => /^\s*[\w-]+:\s*$/.test(lines[i]!));
    if (!candidates.length) return text;
    const i = candidates[Math.floor(random() * candidates.length)]!;
    const indent = /^\s*/.exec(lines[i]!)![0];
    lines[i] = `${lines[i]} &loop`;
    lines.splice(i + 1, 0, `${indent}  again: *loop`);
    return lines.join('\n');
  },
];
