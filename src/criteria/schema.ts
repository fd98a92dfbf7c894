import * as z from 'zod';

import { ruleSchema } from '../core/rules/index.js';
import { indicatorName } from '../core/rules/kind.js';
import { STATUSES } from '../core/report.js';

/**
 * The zod schema of `parscore/criteria@1`: the shape of the file, nothing more. Cross-references
 * (sums, ids, groups, indicators) are the semantic checks in `checks.ts`; numbers stay plain
 * numbers here and become exact in `compile.ts`. Objects are strict: a misspelt key is an error,
 * never silently ignored.
 */

export const FORMAT = 'parscore/criteria@1';

const text = z.string().min(1);
const criterionId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'format:id' })
  .meta({ description: 'Criterion id such as "1.1.2" (quote it in YAML: "1.10" is not 1.1)' });
const groupId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'format:group-id' })
  .meta({ description: 'Group id: lower-case letters, digits, - and _' });
const attributeName = indicatorName.meta({ description: 'Attribute key: letters, digits, ".", "_" and "-"' });

const thresholdBand = z.strictObject({
  min: z.number().meta({ description: 'Lowest shown index of this band' }),
  label: text.meta({ description: 'Band name, e.g. Xuất sắc, Tốt, Khá' }),
});

const groupSchema = z
  .strictObject({
    id: groupId,
    title: text,
    bands: z
      .union([
        z.array(thresholdBand).min(1).meta({ description: 'Threshold bands, high to low; the first whose min ≤ shown index wins' }),
        z
          .strictObject({ quartiles: z.array(text).min(2).meta({ description: 'Labels from the top quarter down' }) })
          .meta({ description: 'PAPI-style: bands by rank position within the group' }),
      ])
      .optional(),
  })
  .meta({ description: 'A group of units ranked and banded together (e.g. communes, departments)' });

const supplier = z
  .enum(['unit', 'office'])
  .optional()
  .meta({ description: 'Who enters the indicator: the unit (default) or the office itself (survey results, penalties it records); a node passes it to its children' });

const leafOrNodeKeys = {
  id: criterionId,
  title: text,
  max: z.number().positive().optional().meta({ description: 'Maximum points; on a parent it must equal the sum of its children' }),
  rule: ruleSchema.optional().meta({ description: 'How evidence becomes points (leaves only)' }),
  indicator: indicatorName.optional().meta({ description: 'Evidence key (default: the leaf id)' }),
  applies_to: z
    .array(groupId)
    .min(1)
    .optional()
    .meta({ description: 'Groups this applies to (default: every group); inherited by children' }),
  optional: z.boolean().optional().meta({ description: 'A unit may report "không áp dụng": removed from its max' }),
  responsible: text.optional().meta({ description: 'Who answers for it, e.g. Văn phòng HĐND-UBND' }),
  supplied_by: supplier,
  reference: text.optional().meta({ description: 'Where the rule is written, e.g. Mục 1.1.1 Phụ lục I' }),
  description: text.optional().meta({ description: 'How the criterion is assessed, for templates and reports' }),
};

export interface RawCriterion {
  id: string;
  title: string;
  max?: number | undefined;
  rule?: z.infer<typeof ruleSchema> | undefined;
  indicator?: string | undefined;
  applies_to?: string[] | undefined;
  optional?: boolean | undefined;
  responsible?: string | undefined;
  supplied_by?: 'unit' | 'office' | undefined;
  reference?: string | undefined;
  description?: string | undefined;
  children?: RawCriterion[] | undefined;
}

export const criterionSchema: z.ZodType<RawCriterion> = z
  .strictObject({
    ...leafOrNodeKeys,
    get children() {
      return z.array(criterionSchema).min(1).optional().meta({ description: 'Sub-criteria (a node has children, a leaf has a rule)' });
    },
  })
  .meta({ id: 'criterion', description: 'A criterion: a node with children, or a leaf with max and rule' });

const adjustmentKeys = {
  id: criterionId,
  title: text,
  cap: z.number().positive().meta({ description: 'The most this adjustment can add or take off' }),
  rule: ruleSchema,
  indicator: indicatorName.optional(),
  responsible: text.optional(),
  supplied_by: supplier,
  reference: text.optional(),
};

const adjustmentChildSchema = z
  .strictObject({
    ...adjustmentKeys,
    kind: z.enum(['bonus', 'penalty']).optional().meta({ description: "The parent's kind (may be repeated, never changed)" }),
  })
  .meta({ description: 'One adjustment under a shared cap, with its own rule and cap' });

const adjustmentSchema = z
  .strictObject({
    ...adjustmentKeys,
    kind: z.enum(['bonus', 'penalty']),
    rule: ruleSchema.optional().meta({ description: 'How evidence becomes points (an adjustment without children)' }),
    children: z
      .array(adjustmentChildSchema)
      .min(1)
      .optional()
      .meta({ description: 'Adjustments of the same kind whose sum the cap bounds: "Điểm cộng, tối đa 5"' }),
  })
  .meta({ description: 'Bonus or penalty points outside the tree, capped; they never change the maximum. With children: one cap shared by them' });

const attributeSchema = z
  .strictObject({
    title: text.meta({ description: 'What the fact is, for explanations: Xã miền núi, vùng cao' }),
    type: z.enum(['boolean', 'number', 'text']).meta({ description: 'boolean (có/không), number (12.345) or text' }),
    column: text.optional().meta({ description: 'The column of the units file (default: the key); a Vietnamese header may be written as it is' }),
  })
  .meta({ description: 'A fact about units, read from a column of the units file' });

const columnName = text.meta({ description: 'A column of the record file' });

const derivedSchema = z
  .strictObject({
    from: text.meta({ description: 'The record source name given as --records NAME=FILE' }),
    unit_column: columnName.optional().meta({ description: 'The unit column (default: unit)' }),
    weight_column: columnName.optional().meta({ description: 'Survey weights (optional; share, mean and on_time)' }),
    row_label: text.optional().meta({ description: 'What one row is, for explanations: hồ sơ, phiếu (default: dòng / rows)' }),
    min_rows: z.int().positive().optional().meta({ description: 'Fewer rows for a unit: insufficient data (not zero)' }),
    pending: z.enum(['exclude', 'late']).optional().meta({ description: 'on_time: rows not yet done are excluded (default) or late' }),
    count: z
      .strictObject({ column: columnName.optional(), values: z.array(text).min(1).optional() })
      .optional()
      .meta({ description: 'Number of rows, optionally those whose column has one of the values' }),
    share: z
      .strictObject({ column: columnName, values: z.array(text).min(1) })
      .optional()
      .meta({ description: 'Percent of rows whose column is one of the values, over rows with a value' }),
    mean: z
      .strictObject({
        column: columnName,
        map: z
          .record(z.string(), z.number().nullable())
          .refine((m) => Object.values(m).some((v) => v !== null), { params: { problem: 'empty-levels' } })
          .optional()
          .meta({ description: 'Each answer and its value; null for an answer left out on purpose (Không biết: null)' }),
      })
      .optional()
      .meta({ description: 'Mean of a numeric column, or of answers mapped to numbers' }),
    on_time: z
      .strictObject({ done: columnName, due: columnName })
      .optional()
      .meta({ description: 'Percent of rows done on or before their due date' }),
  })
  .meta({ description: 'An indicator derived from a record file; exactly one of count, share, mean, on_time' });

const evidenceValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const statusSchema = z.enum(STATUSES);

const testSchema = z
  .strictObject({
    name: text,
    group: groupId,
    unit: text.optional(),
    attributes: z.record(z.string(), evidenceValue).optional().meta({ description: 'Facts about the unit (attribute → value, as in the units file)' }),
    evidence: z.record(z.string(), evidenceValue).meta({ description: 'Indicator → value, written as in an evidence file' }),
    expect: z
      .record(
        z.string(),
        z.union([
          z.number(),
          text.meta({ description: 'A status in words: không áp dụng, không có minh chứng, not applicable…' }),
          z.strictObject({ status: statusSchema }),
        ]),
      )
      .meta({ description: 'Criterion or adjustment id (or total, index) → expected points, or status' }),
  })
  .meta({ description: 'An example that `parscore test` checks' });

export const criteriaFileSchema = z
  .strictObject({
    format: z.literal(FORMAT),
    id: z.string().regex(/^[a-z0-9-]+$/, { error: 'format:criteria-id' }).meta({ description: 'Lower-case id such as par-xa-2025' }),
    title: text,
    year: z.int().min(2000).max(2100),
    reference: text.optional().meta({ description: 'Legal basis, e.g. Quyết định số 2211/QĐ-UBND' }),
    description: text.optional(),
    locale: z.enum(['vi', 'en']).optional().meta({ description: 'How evidence writes numbers and dates (default vi)' }),
    precision: z.int().min(0).max(6).optional().meta({ description: 'Decimal places of leaf points (default 2)' }),
    index_precision: z.int().min(0).max(6).optional().meta({ description: 'Decimal places of a shown index (default: precision)' }),
    scale: z.number().positive().optional().meta({ description: 'index = points / applicable max × scale (default 100)' }),
    groups: z.array(groupSchema).min(1),
    tiebreak: z.array(criterionId).optional().meta({ description: 'Node ids whose index decides exact ties, in order' }),
    criteria: z.array(criterionSchema).min(1),
    adjustments: z.array(adjustmentSchema).optional(),
    indicators: z.record(indicatorName, derivedSchema).optional(),
    attributes: z.record(attributeName, attributeSchema).optional().meta({ description: 'Facts about units (mountain, border commune; population), from columns of the units file' }),
    tests: z.array(testSchema).optional(),
  })
  .meta({ title: 'parscore criteria file', description: 'parscore/criteria@1: a tree of criteria, their maxima and rules' });

export type RawCriteriaFile = z.infer<typeof criteriaFileSchema>;
export type RawDerived = z.infer<typeof derivedSchema>;
export type RawAdjustment = z.infer<typeof adjustmentSchema>;

/** Keys that are only meaningful on a leaf. */
export const LEAF_ONLY_KEYS = ['rule', 'indicator', 'optional'] as const;

