import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criteriaJsonSchema } from '../../src/criteria/json-schema.js';
import { run } from '../helpers/cli.js';

describe('criteria JSON Schema', () => {
  it('is committed fresh: regenerate with `parscore schema > schema/criteria.schema.json`', () => {
    const committed = JSON.parse(readFileSync('schema/criteria.schema.json', 'utf8'));
    expect(committed).toEqual(criteriaJsonSchema());
  });

  it('is what `parscore schema` prints', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(criteriaJsonSchema());
  });

  it('describes the header keys, every rule kind and strict objects', () => {
    const s = criteriaJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown; $defs: Record<string, unknown> };
    expect(Object.keys(s.properties).sort()).toEqual(
      ['adjustments', 'attributes', 'criteria', 'description', 'format', 'groups', 'id', 'index_precision', 'indicators', 'locale', 'precision', 'reference', 'scale', 'tests', 'tiebreak', 'title', 'year'].sort(),
    );
    expect(s.additionalProperties).toBe(false);
    const text = JSON.stringify(s);
    for (const kind of ['boolean', 'deadline', 'bands', 'proportional', 'increment', 'levels', 'deduction', 'relative', 'manual', 'given', 'all', 'any', 'cases', 'max_of', 'sum_of']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
  });
});
