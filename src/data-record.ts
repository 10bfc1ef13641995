// Records keyed by names users give (roles, hubs, tags, policy names, condition keys, …). zod's
// own z.record silently drops a key named "__proto__" (so a role of that name would vanish) and
// returns an ordinary object, where looking up a name that is not there ("constructor",
// "toString") finds Object.prototype's members. This record keeps every key and returns an object
// without a prototype, so a name is only ever data.
import { z } from 'zod';
import { MAX_NESTING } from './json-text.js';

type KeySchema = z.ZodType<string, string>;

const valueSchemas = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** The value schema of a dataRecord (for walking a schema along a data path), else undefined. */
export function dataRecordValue(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  return valueSchemas.get(schema);
}

/** Like z.record(key, value), but every key counts (`__proto__` too) and the result has no prototype. */
export function dataRecord<K extends KeySchema, V extends z.ZodType>(key: K, value: V): z.ZodType<Record<z.output<K>, z.output<V>>, Record<z.input<K>, z.input<V>>> {
  // What users may write is documented (JSON Schema) by zod's own record of the same key and value schemas.
  const documented = z.record(key, value);
  const anyValue = (value._zod.def as { type: string }).type === 'unknown';
  const schema = z.unknown().transform((input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: 'invalid_type', expected: 'record', input });
      return z.NEVER;
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const name of Object.keys(input)) {
      const entry = (input as Record<string, unknown>)[name];
      const checkedKey = key.safeParse(name);
      if (!checkedKey.success) {
        ctx.issues.push({ code: 'invalid_key', origin: 'record', issues: checkedKey.error.issues, input: name, path: [name] });
        continue;
      }
      if (anyValue) {
        const deep = tooDeep(entry, MAX_NESTING - 1);
        if (deep) ctx.issues.push({ code: 'custom', message: `arrays and objects are nested more than ${MAX_NESTING} levels deep here`, input: entry, path: [name, ...deep] });
        continue;
      }
      const checked = value.safeParse(entry);
      if (checked.success) out[checkedKey.data] = checked.data;
      else for (const issue of checked.error.issues) ctx.issues.push({ ...issue, path: [name, ...issue.path] } as z.core.$ZodRawIssue);
    }
    // Values left unchecked (documents checked elsewhere, only bounded in depth) stay the caller's object, own keys and all.
    return anyValue ? input : out;
  });
  schema._zod.toJSONSchema = () => {
    const { $schema: _, ...json } = z.toJSONSchema(documented, { io: 'input', target: 'draft-2020-12' });
    return json;
  };
  valueSchemas.set(schema, value);
  return schema as unknown as z.ZodType<Record<z.output<K>, z.output<V>>, Record<z.input<K>, z.input<V>>>;
}

/** The path to the first array or object nested more than `levels` deep inside `value`, or undefined. */
function tooDeep(value: unknown, levels: number): (string | number)[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (levels === 0) return [];
  for (const [key, item] of Object.entries(value)) {
    const below = tooDeep(item, levels - 1);
    if (below) return [Array.isArray(value) ? Number(key) : key, ...below];
  }
  return undefined;
}

/** An empty record for names read from elsewhere (AWS, files): no prototype, so a name is only ever data. */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
