// A deliberately small identity-policy check for the shapes crossrole's hub policies use
// (Action/Resource with wildcards, StringEquals, ForAnyValue:StringLike). Any other operator
// throws, so a generator change cannot slip past these tests unevaluated.
import type { PolicyDocument } from '../../src/policy/document.js';

export interface ResourceContext {
  'aws:ResourceOrgID'?: string;
  'aws:ResourceOrgPaths'?: string[];
  /** The role's tags, e.g. aws:ResourceTag/crossrole:spec. */
  [tag: `aws:ResourceTag/${string}`]: string | undefined;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
// Compiled once per pattern: the property tests evaluate thousands of ARNs against the same policies.
const compiled = new Map<string, RegExp>();
const glob = (pattern: string, value: string, caseInsensitive = false) => {
  if (!pattern.includes('*') && !caseInsensitive) return pattern === value;
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let regex = compiled.get(key);
  if (!regex) compiled.set(key, (regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, caseInsensitive ? 'i' : '')));
  return regex.test(value);
};

export function identityAllows(doc: PolicyDocument, action: string, resource: string, context: ResourceContext): boolean {
  let allowed = false;
  for (const s of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
    if (!list(s.Action).some((a) => glob(a, action, true))) continue;
    if (!list(s.Resource).some((r) => glob(r, resource))) continue;
    if (!conditionsHold(s.Condition ?? {}, context)) continue;
    if (s.Effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}

function conditionsHold(condition: Record<string, Record<string, unknown>>, context: ResourceContext): boolean {
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const wanted = list(expected as string | string[]);
      const actual = context[key as keyof ResourceContext];
      if (operator === 'StringEquals') return typeof actual === 'string' && wanted.includes(actual);
      if (operator === 'ForAnyValue:StringLike') return Array.isArray(actual) && actual.some((v) => wanted.some((w) => glob(w, v)));
      throw new Error(`unsupported condition operator in test evaluator: ${operator}`);
    }),
  );
}
