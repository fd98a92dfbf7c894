import { formatter } from '../explain/numbers.js';
import { say, type CommandContext } from './context.js';

/**
 * A one-line progress report on stderr for long reads, scoring and writing: only on a terminal
 * (a log or a pipe gets nothing), never with `--quiet`, redrawn at most ten times a second, and
 * erased when done so that what follows starts on a clean line.
 */
export interface Progress {
  /** Rows read so far from `file`. */
  rows(file: string, rows: number): void;
  /** `done` of `total` units through `step`. */
  units(step: 'score' | 'write', done: number, total: number): void;
  /** `done` of `total` draws of the sampled indicators (robustness). */
  draws(done: number, total: number): void;
  end(): void;
}

const SILENT: Progress = { rows: () => {}, units: () => {}, draws: () => {}, end: () => {} };

export function progress(ctx: CommandContext, quiet: boolean): Progress {
  const stderr = ctx.terminal ?? ctx.io.stderr;
  if (quiet || stderr.isTTY !== true) return SILENT;
  const f = formatter(ctx.lang);
  let last = 0;
  let shown = false;
  const draw = (text: string, force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    shown = true;
    stderr.write(`\r\u001b[K${text}`);
  };
  const bar = (what: string, done: number, total: number, of: string) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    draw(`${what} ${'█'.repeat(filled) + '░'.repeat(width - filled)} ${f.num(done)}/${f.num(total)} ${of}`, done === total);
  };
  return {
    rows: (file, rows) => draw(say(ctx.lang, `Đang đọc ${file}: ${f.num(rows)} dòng`, `Reading ${file}: ${f.num(rows)} rows`)),
    units: (step, done, total) =>
      bar(step === 'score' ? say(ctx.lang, 'Đang chấm điểm', 'Scoring') : say(ctx.lang, 'Đang ghi', 'Writing'), done, total, say(ctx.lang, 'đơn vị', 'units')),
    draws: (done, total) => bar(say(ctx.lang, 'Đang rút mẫu lại', 'Redrawing'), done, total, say(ctx.lang, 'lượt', 'draws')),
    end: () => {
      if (shown) stderr.write('\r\u001b[K');
      shown = false;
      // The next step (scoring after reading) shows its start at once.
      last = 0;
    },
  };
}
