// JSON Schema of the spec, generated from the zod schema the validator uses.
import { z } from 'zod';
import { specSchema } from './schema.js';

export function specJsonSchema(): Record<string, unknown> {
  // io: 'input' documents what a user may write (keys with defaults are optional).
  const schema = z.toJSONSchema(specSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, title: 'crossrole fleet spec' };
}
