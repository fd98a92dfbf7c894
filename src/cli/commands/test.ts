import { Chalk } from 'chalk';
import { Command } from 'commander';
import * as z from 'zod';
import { loadCriteriaBytes } from '../../criteria/index.js';
import { runExamples, type ExampleResult } from '../../criteria/examples.js';
import { itemSentence } from '../../explain/items.js';
import { formatter } from '../../explain/numbers.js';
import { statusText } from '../../explain/messages.js';
import type { Exact } from '../../core/exact.js';
import type { Status } from '../../core/report.js';
import { problemMessage } from '../../explain/problems.js';
import { problemsToText } from '../../report/problems.js';
import { say, type CommandContext } from '../context.js';
import { example } from '../help.js';
import { EXIT } from '../errors.js';
import { readInput } from '../files.js';
import { useColor } from '../io.js';
import { criteriaSizeLimit } from '../limits.js';
import { criteriaPath } from '../builtin.js';
import { langOption, parseOptions } from '../options.js';

const options = z.object({ format: z.enum(['text', 'json']), lang: langOption });

export function testCommand(ctx: CommandContext): Command {
  const { lang } = ctx;
  return new Command('test')
    .description(say(lang, 'chạy các ví dụ (tests) trong tệp tiêu chí', "run the criteria files' embedded examples"))
    .argument('<files...>', say(lang, 'các tệp tiêu chí', 'criteria files'))
    .option('--format <format>', say(lang, 'text hoặc json', 'text or json'), 'text')
    .option('--lang <lang>', say(lang, 'ngôn ngữ: vi hoặc en', 'language: vi or en'), lang)
    .addHelpText('after', example(lang, say(lang, 'chạy các ví dụ của bộ tiêu chí xã và bộ PAPI', "run the examples of the communes' criteria and of PAPI"), 'parscore test criteria/par-xa-2025.yaml criteria/papi-2025.yaml'))
    .action(async (given: string[], raw: unknown) => {
      const files = given.map((f) => criteriaPath(f, ctx.io.cwd));
      const opts = parseOptions(options, raw);
      const c = new Chalk({ level: opts.format === 'text' && useColor(ctx.io, 'stdout') ? 1 : 0 });
      const f = formatter(opts.lang);
      const out: string[] = [];
      const json: unknown[] = [];
      let passed = 0;
      let failed = 0;
      let broken = false;
      for (const file of files) {
        const bytes = await readInput(ctx.io, file, criteriaSizeLimit(ctx.io));
        const { criteria, problems } = loadCriteriaBytes(bytes, file);
        if (!criteria) {
          broken = true;
          out.push(problemsToText(problems, { lang: opts.lang, color: false, sources: new Map([[file, bytes.toString('utf8')]]) }).trimEnd());
          continue;
        }
        const results = runExamples(criteria, file);
        out.push(c.underline(file) + (results.length === 0 ? c.dim(say(opts.lang, ': không có ví dụ nào', ': no examples')) : ''));
        for (const r of results) {
          if (r.ok) passed++;
          else failed++;
          out.push(...describe(r, opts.lang, c, f));
          json.push(resultJson(file, r, opts.lang));
        }
      }
      const summary = say(opts.lang, `${passed} ví dụ đạt, ${failed} không đạt`, `${passed} passed, ${failed} failed`);
      if (opts.format === 'json') ctx.io.stdout.write(JSON.stringify(json, null, 2) + '\n');
      else ctx.io.stdout.write([...out, '', failed > 0 || broken ? c.red(`✖ ${summary}`) : c.green(`✔ ${summary}`)].join('\n') + '\n');
      ctx.exit(failed > 0 || broken ? EXIT.problems : EXIT.ok);
    });
}

function describe(r: ExampleResult, lang: 'vi' | 'en', c: InstanceType<typeof Chalk>, f: ReturnType<typeof formatter>): string[] {
  const lines = [`  ${r.ok ? c.green('✔') : c.red('✖')} ${r.test.name}${c.dim(` (${say(lang, 'dòng', 'line')} ${r.test.line ?? '?'})`)}`];
  if (r.ok) return lines;
  for (const p of r.problems) lines.push(`      ${c.red(problemMessage(p, lang))}`);
  for (const check of r.checks.filter((x) => !x.ok)) {
    const shown = (v: Exact | Status) => (typeof v === 'string' ? statusText(v, lang) : f.num(v));
    const actual = check.actual === null ? say(lang, 'không có', 'nothing') : shown(check.actual);
    lines.push(
      `      ${say(lang, 'dòng', 'line')} ${check.line ?? '?'}: ${check.item} ${say(lang, 'mong đợi', 'expected')} ${shown(check.expected)}, ${say(lang, 'được', 'got')} ${actual}`,
    );
    const item = r.unit?.items.find((i) => i.id === check.item);
    if (item) lines.push(c.dim(`        ${itemSentence(item, lang)}`));
  }
  return lines;
}

function resultJson(file: string, r: ExampleResult, lang: 'vi' | 'en') {
  return {
    file,
    name: r.test.name,
    line: r.test.line ?? null,
    ok: r.ok,
    problems: r.problems.map((p) => problemMessage(p, lang)),
    checks: r.checks.map((ch) => ({ item: ch.item, line: ch.line ?? null, expected: jsonOf(ch.expected), actual: ch.actual === null ? null : jsonOf(ch.actual), ok: ch.ok })),
  };
}

/** Points as a JSON number, a status as its key. */
function jsonOf(v: Exact | Status): number | string {
  return typeof v === 'string' ? v : Number(v.toString());
}
