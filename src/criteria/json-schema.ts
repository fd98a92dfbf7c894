import * as z from 'zod';
import { criteriaFileSchema } from './schema.js';

/**
 * The JSON Schema of criteria files, generated from the zod schema so that the two never drift.
 * Editors use it through `# yaml-language-server: $schema=…`; `schema/criteria.schema.json` is the
 * committed copy, kept fresh by a test.
 */
export function criteriaJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(criteriaFileSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
  return { ...generated, title: 'parscore criteria file (parscore/criteria@1)' };
}
