// An in-place validator compiled from a zod schema, for large inputs that are almost always
// valid: zod's parse copies every object (≈60% on top of JSON.parse for an account file), this
// walks the parsed data once, fills defaults and applies transforms where the data lies. It only
// answers "valid or not": when it says no, the caller runs the zod schema for located messages,
// so the schema stays the one source of types, rules and wording. It knows only the schema
// kinds the snapshot schema uses and refuses others when compiled (at module load).
import type { z } from 'zod';

/** Returned by a check instead of the (possibly replaced) value when the data does not match. */
export const INVALID: unique symbol = Symbol('invalid');
type Check = (value: unknown) => unknown;

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  element?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  innerType?: AnySchema;
  defaultValue?: unknown;
  in?: AnySchema;
  out?: AnySchema;
  transform?: (value: unknown, ctx: unknown) => unknown;
  values?: unknown[];
}

/** Compiles `schema` into a check returning the validated value (defaults filled, transforms applied, in place) or INVALID. */
export function compileInPlaceCheck(schema: AnySchema): Check {
  const def = schema._zod.def as unknown as Def;
  if (def.checks?.length) throw unsupported(def.type, 'refinements or checks');
  switch (def.type) {
    case 'unknown':
    case 'any':
      return (value) => value;
    case 'string':
    case 'boolean':
    case 'number':
    case 'undefined': {
      const kind = def.type;
      return (value) => (typeof value === kind && !(kind === 'number' && Number.isNaN(value)) ? value : INVALID);
    }
    case 'literal': {
      const values = def.values ?? [];
      return (value) => (values.includes(value) ? value : INVALID);
    }
    case 'optional': {
      const inner = compileInPlaceCheck(def.innerType!);
      return (value) => (value === undefined ? value : inner(value));
    }
    case 'default': {
      const inner = compileInPlaceCheck(def.innerType!);
      // zod's defaultValue getter hands out a fresh copy on every read.
      return (value) => inner(value === undefined ? def.defaultValue : value);
    }
    case 'array': {
      const element = compileInPlaceCheck(def.element!);
      return (value) => {
        if (!Array.isArray(value)) return INVALID;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          const checked = element(item);
          if (checked === INVALID) return INVALID;
          if (checked !== item) value[i] = checked;
        }
        return value;
      };
    }
    case 'object':
      return compileObject(def);
    case 'record': {
      const keyDef = def.keyType!._zod.def as unknown as Def;
      if (keyDef.type !== 'string' || keyDef.checks?.length) throw unsupported('record', 'keys other than plain strings');
      const valueCheck = compileInPlaceCheck(def.valueType!);
      const anyValue = (def.valueType!._zod.def as unknown as Def).type === 'unknown';
      return (value) => {
        if (!isPlainObject(value)) return INVALID;
        if (anyValue) return value;
        for (const key of Object.keys(value)) {
          const checked = valueCheck(value[key]);
          if (checked === INVALID) return INVALID;
          if (checked !== value[key]) value[key] = checked;
        }
        return value;
      };
    }
    case 'union': {
      const options = def.options!.map(compileInPlaceCheck);
      return (value) => {
        for (const option of options) {
          const checked = option(value);
          if (checked !== INVALID) return checked;
        }
        return INVALID;
      };
    }
    case 'pipe': {
      const first = compileInPlaceCheck(def.in!);
      const second = compileInPlaceCheck(def.out!);
      return (value) => {
        const checked = first(value);
        return checked === INVALID ? INVALID : second(checked);
      };
    }
    case 'transform': {
      const transform = def.transform!;
      return (value) => {
        // The transform reports problems through its context (zod's ParsePayload shape).
        const issues: unknown[] = [];
        const out = transform(value, { value, issues, addIssue: (issue: unknown) => issues.push(issue) });
        return issues.length > 0 ? INVALID : out;
      };
    }
    default:
      throw unsupported(def.type, 'this kind');
  }
}

function compileObject(def: Def): Check {
  const catchall = def.catchall?._zod.def as unknown as Def | undefined;
  // Plain z.object strips unknown keys and strictObject rejects them; in place we can only keep them.
  if (catchall?.type !== 'unknown') throw unsupported('object', 'objects other than looseObject');
  const fields = Object.entries(def.shape!).map(([key, schema]) => [key, compileInPlaceCheck(schema)] as const);
  return (value) => {
    if (!isPlainObject(value)) return INVALID;
    for (const [key, check] of fields) {
      const current = value[key];
      const checked = check(current);
      if (checked === INVALID) return INVALID;
      if (checked !== current) value[key] = checked;
    }
    return value;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unsupported(kind: string, what: string): Error {
  return new Error(`compileInPlaceCheck: ${what} (${kind}) not supported; extend fast-check.ts or use zod directly`);
}
