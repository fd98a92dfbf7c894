/**
 * parscore as a library: the same pieces the command line uses. Load criteria, collect evidence,
 * score, and format:
 *
 *   const { criteria } = loadCriteria(yamlText, 'par-xa-2025.yaml');
 *   const collector = new EvidenceCollector(criteria, units);
 *   await collector.addFile('minh-chung.csv', 'minh-chung.csv');
 *   await readRecords(criteria, 'par-xa-2025.yaml', collector, [{ name: 'ho_so', path: 'ho-so.csv', file: 'ho-so.csv' }]);
 *   const report = scoreIndex({ criteria, units, inputs: collector.finish().inputs });
 *   process.stdout.write(reportToJson(report, { lang: 'vi' }));
 */
export { Exact } from './core/exact.js';
export type { Criteria, Leaf, Branch, CriteriaNode, Group, Adjustment, DerivedIndicator } from './core/model.js';
export type { Value, LeafInput, InvalidInput, Provenance, Unit, SelfScore, Override, DerivedInfo } from './core/inputs.js';
export type { Report, UnitResult, ItemResult, NodeResult, AdjustmentResult, GroupResult, Status, Manifest } from './core/report.js';
export type { Problem, ProblemCode, Location } from './core/problems.js';
export type { Message, MessageId } from './core/messages.js';
export { scoreIndex, type ScoreInput } from './core/score.js';
export { loadCriteria, loadCriteriaBytes, type LoadedCriteria } from './criteria/index.js';
export { EvidenceCollector, type EvidenceSet } from './evidence/collect.js';
export { readRecords, type RecordFile } from './evidence/records/records.js';
export { readUnits, readSelf, readOverrides } from './evidence/units.js';
export { parseValue } from './evidence/values.js';
export { reportToJson, reportJsonChunks } from './report/json.js';
export { reportToCsv } from './report/csv.js';
export { reportToMarkdown } from './report/markdown.js';
export { reportToTable } from './report/table.js';
export { unitExplanation } from './report/explain.js';
export { reportToXlsx } from './report/xlsx.js';
export { reportToHtml } from './report/html.js';
export { evidenceTemplate } from './report/template.js';
export { annexRows, annexToMarkdown, annexToHtml, annexToXlsx, type AnnexRow } from './report/annex.js';
export { importCriteriaTable, type ImportOptions, type ImportResult } from './criteria/import.js';
export { leafMethod, adjustmentMethod } from './explain/method.js';
export { planTo, type Plan } from './report/plan.js';
export { unitPlan, lossesByCriterion, lossesByResponsible, type LostPoints, type RegainWay, type CriterionLoss, type ResponsibleLoss } from './core/remediation.js';
export { itemSentence } from './explain/items.js';
export { problemMessage } from './explain/problems.js';
export { robustness, type Robustness, type RobustnessInput, type UnitRobustness, type DecisiveChange } from './audit/robustness.js';
export { robustnessJsonChunks, robustnessToMarkdown, robustnessToText } from './report/robustness.js';
