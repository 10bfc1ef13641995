// An in-place validator compiled from a zod schema, for large inputs that are almost always
// valid: zod's parse copies every object (≈60% on top of JSON.parse for an account file), this
// walks the parsed data once, fills defaults and applies transforms where the data lies. It only
// answers "valid or not": when it says no, the caller runs the zod schema for located messages,
// so the schema stays the one source of types, rules and wording. It knows only the schema
// kinds the snapshot schema uses and refuses others when compiled (at module load).
//
// The check is generated JavaScript, one function per schema node, reading fields by their
// literal names: a walk of generic closures over `value[key]` costs as much again as the parse.
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
  const generator = new Generator();
  const root = generator.node(schema);
  // Generated from the schema's structure only, never from data.
  const build = new Function('I', 'R', `'use strict';\n${generator.functions.join('\n')}\nreturn ${root};`) as (invalid: symbol, refs: unknown[]) => Check;
  return build(INVALID, generator.refs);
}

/** Transforms report problems through a context (zod's ParsePayload shape): any issue makes the value invalid. */
function transformCheck(transform: NonNullable<Def['transform']>): Check {
  return (value) => {
    const issues: unknown[] = [];
    const out = transform(value, { value, issues, addIssue: (issue: unknown) => issues.push(issue) });
    return issues.length > 0 ? INVALID : out;
  };
}

class Generator {
  /** Source of the generated functions, each `function fN(v)` returning the checked value or I. */
  readonly functions: string[] = [];
  /** Values the generated code reaches through R[i]: defaults' definitions, literal lists, transforms. */
  readonly refs: unknown[] = [];

  /** Emits the check of `schema`; returns its function's name. */
  node(schema: AnySchema): string {
    const def = schema._zod.def as unknown as Def;
    if (def.checks?.length && !(def.type === 'string' && patternsOf(def))) throw unsupported(def.type, 'refinements or checks');
    const name = `f${this.functions.length}`;
    this.functions.push(''); // reserves the name; nested nodes come after it
    this.functions[Number(name.slice(1))] = `function ${name}(v) {\n${this.body(def)}\n}`;
    return name;
  }

  private ref(value: unknown): string {
    this.refs.push(value);
    return `R[${this.refs.length - 1}]`;
  }

  private body(def: Def): string {
    switch (def.type) {
      case 'unknown':
      case 'any':
        return 'return v;';
      case 'string': {
        const patterns = patternsOf(def) ?? [];
        return `return typeof v === 'string'${patterns.map((p) => ` && ${this.ref(p)}.test(v)`).join('')} ? v : I;`;
      }
      case 'boolean':
      case 'undefined':
        return `return typeof v === '${def.type}' ? v : I;`;
      case 'number':
        return `return typeof v === 'number' && !Number.isNaN(v) ? v : I;`;
      case 'literal':
        return `return ${this.ref(def.values ?? [])}.includes(v) ? v : I;`;
      case 'optional':
        return `return v === undefined ? v : ${this.node(def.innerType!)}(v);`;
      case 'default':
        // zod's defaultValue getter hands out a fresh copy on every read.
        return `return ${this.node(def.innerType!)}(v === undefined ? ${this.ref(def)}.defaultValue : v);`;
      case 'array': {
        const element = this.node(def.element!);
        return `if (!Array.isArray(v)) return I;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    const checked = ${element}(item);
    if (checked === I) return I;
    if (checked !== item) v[i] = checked;
  }
  return v;`;
      }
      case 'object':
        return this.object(def);
      case 'record': {
        const keyDef = def.keyType!._zod.def as unknown as Def;
        if (keyDef.type !== 'string' || keyDef.checks?.length) throw unsupported('record', 'keys other than plain strings');
        const isPlain = `if (typeof v !== 'object' || v === null || Array.isArray(v)) return I;`;
        if ((def.valueType!._zod.def as unknown as Def).type === 'unknown') return `${isPlain}\n  return v;`;
        const value = this.node(def.valueType!);
        return `${isPlain}
  for (const key of Object.keys(v)) {
    const checked = ${value}(v[key]);
    if (checked === I) return I;
    if (checked !== v[key]) v[key] = checked;
  }
  return v;`;
      }
      case 'union': {
        const options = def.options!.map((option) => this.node(option));
        return `let checked;\n${options.map((option) => `  if ((checked = ${option}(v)) !== I) return checked;`).join('\n')}\n  return I;`;
      }
      case 'pipe': {
        const first = this.node(def.in!);
        const second = this.node(def.out!);
        return `const checked = ${first}(v);\n  return checked === I ? I : ${second}(checked);`;
      }
      case 'transform':
        return `return ${this.ref(transformCheck(def.transform!))}(v);`;
      default:
        throw unsupported(def.type, 'this kind');
    }
  }

  private object(def: Def): string {
    const catchall = def.catchall?._zod.def as unknown as Def | undefined;
    // Plain z.object strips unknown keys and strictObject rejects them; in place we can only keep them.
    if (catchall?.type !== 'unknown') throw unsupported('object', 'objects other than looseObject');
    const lines = Object.entries(def.shape!).map(([key, schema]) => {
      const field = `v[${JSON.stringify(key)}]`;
      return `  checked = ${this.node(schema)}(${field});
  if (checked === I) return I;
  if (checked !== ${field}) ${field} = checked;`;
    });
    return `if (typeof v !== 'object' || v === null || Array.isArray(v)) return I;\n  let checked;\n${lines.join('\n')}\n  return v;`;
  }
}

/** The patterns of a string schema whose checks are all regular expressions (z.string().regex), else undefined. */
function patternsOf(def: Def): RegExp[] | undefined {
  const checks = (def.checks ?? []).map((check) => (check as AnySchema)._zod.def as unknown as { check: string; format?: string; pattern?: RegExp });
  if (!checks.every((c) => c.check === 'string_format' && c.format === 'regex' && c.pattern && !c.pattern.global && !c.pattern.sticky)) return undefined;
  return checks.map((c) => c.pattern!);
}

function unsupported(kind: string, what: string): Error {
  return new Error(`compileInPlaceCheck: ${what} (${kind}) not supported; extend fast-check.ts or use zod directly`);
}
