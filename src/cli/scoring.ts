import { Command } from 'commander';
import * as z from 'zod';
import { buildManifest } from '../audit/manifest.js';
import type { Criteria } from '../core/model.js';
import type { Problem } from '../core/problems.js';
import type { GroupResult, Manifest, Report, UnitResult } from '../core/report.js';
import { closest } from '../core/text.js';
import { scoreIndex } from '../core/score.js';
import { problemsToText } from '../report/problems.js';
import { say, type CommandContext } from './context.js';
import { CliError, EXIT, usageError } from './errors.js';
import { pipeDigest } from './files.js';
import { readCriteria, readInputs, type InputFiles, type Inputs } from './inputs.js';
import { useColor } from './io.js';
import { collectRecords, langOption, parseRecords, recordsOption } from './options.js';
import { progress } from './progress.js';
import { criteriaArgument } from './builtin.js';

/**
 * The inputs of every command that reads evidence: the criteria, the evidence and the tables beside
 * it. `score` and the commands built on it need the units file; `check` can list problems without.
 */
export function evidenceOptions(cmd: Command, ctx: CommandContext, units: 'required' | 'optional'): Command {
  const { lang } = ctx;
  const unitsHelp = say(lang, 'danh sách đơn vị: unit, name, group', 'units file: unit, name, group');
  cmd
    .addArgument(criteriaArgument(ctx.io.cwd, '<criteria>', say(lang, 'tệp tiêu chí, hoặc mã một bộ có sẵn (parscore criteria)', 'criteria file, or the id of a built-in set (parscore criteria)')))
    .argument('[evidence...]', say(lang, 'các tệp minh chứng (CSV, XLSX); có thể không có khi mọi chỉ tiêu tính từ --records', 'evidence files (CSV, XLSX); none needed when --records give every indicator'));
  if (units === 'required') cmd.requiredOption('--units <file>', unitsHelp);
  else cmd.option('--units <file>', unitsHelp);
  return cmd
    .option('--self <file>', say(lang, 'bảng tự chấm: unit, item, points, note', 'self-assessment: unit, item, points, note'))
    .option('--adjust <file>', say(lang, 'bảng điều chỉnh: unit, item, points, reason, by', 'overrides: unit, item, points, reason, by'))
    .option('--sheet <name>', say(lang, 'chỉ đọc sheet này của tệp XLSX', 'read only this sheet of XLSX files'))
    .option(...recordsFlag(lang));
}

/** The options `evidenceOptions` declares, with the `--quiet` and `--lang` every such command adds. */
export const evidenceSchema = z.object({
  units: z.string().optional(),
  self: z.string().optional(),
  adjust: z.string().optional(),
  sheet: z.string().optional(),
  records: recordsOption,
  quiet: z.boolean().optional(),
  lang: langOption,
});

/** The files to read, from a command's evidence arguments and parsed options. */
export function inputFiles(evidence: string[], opts: z.infer<typeof evidenceSchema>): InputFiles {
  return {
    evidence,
    records: parseRecords(opts.records),
    ...(opts.units ? { units: opts.units } : {}),
    ...(opts.self ? { self: opts.self } : {}),
    ...(opts.adjust ? { adjust: opts.adjust } : {}),
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
  };
}

/** The options every scoring command shares. */
export function scoringOptions(cmd: Command, ctx: CommandContext): Command {
  const { lang } = ctx;
  return evidenceOptions(cmd, ctx, 'required')
    .option('--allow-problems', say(lang, 'vẫn chấm khi minh chứng có lỗi (ghi vào báo cáo)', 'score despite evidence errors (kept as findings)'))
    .option('--quiet', say(lang, 'không hiện tiến độ', 'no progress line'))
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang);
}

/** The options `scoringOptions` declares, for each scoring command's own schema to extend. */
export const scoringSchema = evidenceSchema.extend({
  units: z.string(),
  allowProblems: z.boolean().optional(),
});

/** What `scoreFromFiles` needs, from a command's arguments and parsed options. */
export function scoringArgs(criteriaFile: string, evidence: string[], opts: z.infer<typeof scoringSchema>): ScoringArgs {
  return {
    criteriaFile,
    files: { ...inputFiles(evidence, opts), units: opts.units },
    allowProblems: opts.allowProblems ?? false,
    quiet: opts.quiet ?? false,
  };
}

/**
 * `--records NAME=FILE`: a record file (survey answers, dossier export) for the indicators the
 * criteria derive from source NAME; repeatable, also for several files of one source.
 */
export function recordsFlag(lang: CommandContext['lang']): [string, string, typeof collectRecords, string[]] {
  return [
    '--records <name=file>',
    say(lang, 'tệp dữ liệu gốc (phiếu khảo sát, danh sách hồ sơ) cho các chỉ tiêu tính từ nguồn NAME; lặp lại được', 'a record file (survey answers, dossier export) for the indicators derived from source NAME; repeatable'),
    collectRecords,
    [],
  ];
}

export interface ScoringArgs {
  criteriaFile: string;
  files: InputFiles & { units: string };
  allowProblems: boolean;
  /** No progress line on stderr (`--quiet`). */
  quiet?: boolean;
  /** Keep the rows behind the sampled indicators (robustness), except the `census` sources'. */
  samples?: { census: readonly string[] };
  /** Options of the command that change its figures, for the manifest. */
  options?: Manifest['options'];
}

/**
 * Reads everything and scores it. Evidence errors stop the run (exit 1, the problems listed) unless
 * `--allow-problems`, which scores anyway and keeps them as findings; warnings never stop it and
 * are summed up on stderr.
 */
export async function scoreFromFiles(ctx: CommandContext, args: ScoringArgs, lang: CommandContext['lang']): Promise<{ report: Report; criteria: Criteria; inputs: string[]; read: Inputs }> {
  const criteria = await readCriteria(ctx, args.criteriaFile);
  const shown = progress(ctx, args.quiet ?? false);
  const inputs = await readInputs(ctx, criteria, args.criteriaFile, args.files, shown, args.samples ? { samples: args.samples } : {});
  const errors = inputs.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 && !args.allowProblems) {
    const text = problemsToText(errors, { lang, color: useColor(ctx.io, 'stderr'), by: 'unit' });
    const hint = say(
      lang,
      'Minh chứng có lỗi nên chưa chấm điểm. Sửa các lỗi trên, hoặc thêm --allow-problems để vẫn chấm và ghi các lỗi vào báo cáo.',
      'The evidence has errors, so nothing was scored. Fix them, or add --allow-problems to score anyway with the problems kept in the report.',
    );
    throw new CliError(EXIT.problems, { vi: `${text}\n${hint}`, en: `${text}\n${hint}` });
  }
  warnSummary(ctx, inputs.problems, lang);
  const files = [
    { role: 'units', file: args.files.units },
    ...args.files.evidence.map((file) => ({ role: 'evidence', file })),
    ...(args.files.self ? [{ role: 'self', file: args.files.self }] : []),
    ...(args.files.adjust ? [{ role: 'overrides', file: args.files.adjust }] : []),
    ...(args.files.records ?? []).map((r) => ({ role: `records:${r.name}`, file: r.file })),
  ];
  const manifest = await buildManifest({
    cwd: ctx.io.cwd,
    criteria: { id: criteria.id, file: args.criteriaFile, sha256: pipeDigest(ctx.io, args.criteriaFile) },
    inputs: files.map((f) => ({ ...f, sha256: pipeDigest(ctx.io, f.file) })),
    locale: criteria.locale,
    precision: criteria.precision,
    options: { allowProblems: args.allowProblems, ...(args.files.sheet ? { sheet: args.files.sheet } : {}), ...args.options },
  });
  const report = scoreIndex({
    criteria,
    units: inputs.units ?? [],
    inputs: inputs.evidence.inputs,
    ...(inputs.self ? { self: inputs.self } : {}),
    ...(inputs.overrides ? { overrides: inputs.overrides } : {}),
    findings: inputs.problems,
    manifest,
    onUnit: (done, total) => shown.units('score', done, total),
  });
  shown.end();
  return { report, criteria, inputs: [args.criteriaFile, ...files.map((f) => f.file)], read: inputs };
}

/** The unit `--unit` names (ignoring case), or a usage error with the nearest id. */
export function findUnit(report: Report, id: string): UnitResult {
  const unit = report.units.find((u) => u.unit === id) ?? report.units.find((u) => u.unit.toLowerCase() === id.toLowerCase());
  if (unit) return unit;
  const near = closest(id, report.units.map((u) => u.unit));
  throw usageError(`--unit: không có đơn vị "${id}"${near ? `; có phải ý bạn là "${near}"?` : ''}`, `--unit: no unit "${id}"${near ? `; did you mean "${near}"?` : ''}`);
}

/** The group `--group` names, or a usage error listing the groups. */
export function findGroup(report: Report, id: string): GroupResult {
  const group = report.groups.find((g) => g.id === id);
  if (group) return group;
  const ids = report.groups.map((g) => g.id).join(', ');
  throw usageError(`--group: không có nhóm "${id}"; các nhóm: ${ids}`, `--group: no group "${id}"; groups: ${ids}`);
}

function warnSummary(ctx: CommandContext, problems: readonly Problem[], lang: CommandContext['lang']): void {
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const errors = problems.length - warnings;
  if (problems.length === 0) return;
  ctx.io.stderr.write(
    say(
      lang,
      `⚠ ${errors > 0 ? `${errors} lỗi và ` : ''}${warnings} cảnh báo về minh chứng (xem chi tiết bằng parscore check)\n`,
      `⚠ ${errors > 0 ? `${errors} error${errors === 1 ? '' : 's'} and ` : ''}${warnings} evidence warning${warnings === 1 ? '' : 's'} (see them with parscore check)\n`,
    ),
  );
}
