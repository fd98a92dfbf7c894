import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_XA, run } from '../helpers/cli.js';

/** The README's demo. */
const xa = DEMO_XA;

/** Where Debian's chromium package puts the browser; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join('docs', 'bao-cao.png');
/** What the screenshot was taken from: the hash of the demo's report and the window's size. */
const SCREENSHOT_SOURCE = join('docs', 'bao-cao.json');
const REGENERATE = 'UPDATE_SCREENSHOT=1 npx vitest run test/report/html.test.ts';
const VIEWPORT = { width: 1200, height: 1600 };

async function demoHtml(lang: 'vi' | 'en' = 'vi'): Promise<string> {
  const r = await run(['score', ...xa, '--format', 'html', '--lang', lang]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('the HTML report', () => {
  it('is one self-contained page: no script, nothing to fetch, the charts inline', async () => {
    const html = await demoHtml();
    expect(html).toMatch(/^<!doctype html>\n<html lang="vi">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only addresses are SVG's namespace name, which is never fetched.
    expect([...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    // The demo has 30 `xa` and 10 `phuong` units, all ranked (xa-truc-ninh, with only the survey,
    // has data too): a bar per ranked unit.
    expect(html.match(/<rect class="bar"/g)).toHaveLength(40);
    // A heatmap cell per unit and area: 40 units × 8 areas.
    expect(html.match(/<rect class="cell"/g)).toHaveLength(320);
    expect(html.match(/<section class="unit"/g)).toHaveLength(40);
    expect(html).toContain('<h2>Điểm bị trừ nhiều nhất</h2>');
    // The area columns are headed 1…8; their titles are on the page, once per group, beside the table.
    expect(html.match(/<dl class="areas" aria-label="Lĩnh vực">/g)).toHaveLength(2);
    expect(html).toContain('<dt>8</dt><dd>Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội</dd>');
    // A unit's self-assessed points are said to be a part: Xã Phú Lộc claimed 64,17 on its own leaves.
    expect(html).toContain('<span class="muted">(tự chấm 64,17 trên các tiêu chí đơn vị tự chấm)</span>');
  });

  it('speaks English with --lang en', async () => {
    const html = await demoHtml('en');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<h2>Largest deductions</h2>');
    expect(html).toContain('<figcaption>Index of each unit</figcaption>');
    expect(html).toContain('<dl class="areas" aria-label="Areas">');
    expect(html).not.toContain('Điểm bị trừ nhiều nhất');
  });

  it('escapes the texts it shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-html-'));
    const units = join(dir, 'don-vi.csv');
    writeFileSync(units, 'Mã đơn vị,Tên đơn vị,Nhóm\nxa-an-binh,"Xã <b onmouseover=""x"">An Bình</b>",xa\nphuong-1,Phường Một,phuong\n');
    const r = await run(['score', 'test/evidence/fixtures/tieu-chi.yaml', 'test/evidence/fixtures/bom-crlf-champhay.csv', '--units', units, '--format', 'html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('<b onmouseover');
    expect(r.stdout).toContain('Xã &lt;b onmouseover=&quot;x&quot;&gt;An Bình&lt;/b&gt;');
  });
});


/**
 * The part of the demo's report a screenshot shows and a hash can stand for: everything before the
 * footer, whose engine version and input hashes are below the window's height.
 */
function screenshotSource(html: string): string {
  return createHash('sha256').update(html.slice(0, html.indexOf('<footer>'))).digest('hex');
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the README screenshot', () => {
  it('was taken from the demo report as it is now, at the window size the test uses', async () => {
    if (process.env['UPDATE_SCREENSHOT']) return;
    const source = JSON.parse(readFileSync(SCREENSHOT_SOURCE, 'utf8')) as { html_sha256: string; viewport: typeof VIEWPORT };
    const stale = `${SCREENSHOT} was taken from another report than the demo's now: regenerate it with ${REGENERATE}`;
    expect(source.html_sha256, stale).toBe(screenshotSource(await demoHtml()));
    expect(source.viewport).toEqual(VIEWPORT);
    expect(pngSize(readFileSync(SCREENSHOT)), stale).toEqual(VIEWPORT);
  });
});

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} not found: the browser test of the HTML report is skipped (install it with: apt-get install -y chromium; .ci/run does).`);

/**
 * Pages in a PDF that Chromium printed: its page objects (`/Type /Page`, not the `/Pages` tree).
 * Chromium writes every object as it is, never packed into a compressed object stream, so each
 * page's dictionary can be found in the bytes; a PDF that packs them is refused, not miscounted.
 */
function pageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  expect(text, 'a PDF with object streams: its pages cannot be counted from its bytes').not.toContain('/ObjStm');
  return text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    // Playwright starts it with a fresh, empty profile; the flags keep it from calling home.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** The report written to a file and opened in a new page of `viewport`. */
  async function open(html: string, viewport = VIEWPORT): Promise<{ page: Page; file: string }> {
    const file = join(mkdtempSync(join(tmpdir(), 'parscore-browser-')), 'bao-cao.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport });
    await page.goto(`file://${file}`);
    return { page, file };
  }

  /**
   * How many A4 pages the report takes when printed up to `selector`'s element: with it (`with`)
   * or only what comes before it. Everything after it in the page is taken out before printing.
   */
  async function pagesUpTo(page: Page, selector: string, which: 'with' | 'before'): Promise<number> {
    await page.reload();
    // In the page's own script (this project's TypeScript has no DOM types): the element, then
    // every following sibling of it and of each of its ancestors, goes.
    await page.evaluate(`{
      const last = document.querySelector(${JSON.stringify(selector)});
      for (let e = last; e && e !== document.body; e = e.parentElement) while (e.nextSibling) e.nextSibling.remove();
      if (${JSON.stringify(which)} === 'before') last.remove();
    }`);
    return pageCount(await page.pdf({ format: 'A4' }));
  }

  it('renders with its charts, fetches nothing and breaks pages per unit in print', { timeout: 60_000 }, async () => {
    const requests: string[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'parscore-browser-')), 'bao-cao.html');
    writeFileSync(file, await demoHtml());
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    // Nothing but the page itself was asked for.
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.title()).toBe('Bộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025');
    expect(await page.locator('svg.bars rect.bar').count()).toBe(40);
    expect(await page.locator('svg.heatmap rect.cell').count()).toBe(320);
    // The charts are drawn, not just present: the first group's chart has a size on screen.
    const box = await page.locator('svg.bars').first().boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    expect(box!.height).toBeGreaterThan(400);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate("getComputedStyle(document.querySelector('section.unit')).breakBefore")).toBe('page');
    // Printed, a chart never scrolls: it is shrunk to the page. Two groups, a bar chart and a heatmap each.
    expect(await page.evaluate("[...document.querySelectorAll('figure')].map((f) => getComputedStyle(f).overflowX)")).toEqual(Array(4).fill('visible'));
    await page.close();
  });

  it(
    'prints on A4: the title and the first chart on page 1, a ranking of 40 units on at most 2 pages, area names on paper, names on one line, each unit on its own page',
    { timeout: 180_000 },
    async () => {
      // The demo's 40 communes and wards ranked as one group, with the demo's 8 areas; one of them
      // under the longest name of the departments' demo (84 characters).
      const dir = mkdtempSync(join(tmpdir(), 'parscore-print-'));
      const units = join(dir, 'don-vi.csv');
      const long = 'Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn';
      writeFileSync(units, readFileSync('fixtures/par-xa-2025/don-vi.csv', 'utf8').replace(/,phuong,/g, ',xa,').replace('Xã Tân Lập', long));
      const r = await run(['score', 'criteria/par-xa-2025.yaml', 'fixtures/par-xa-2025/minh-chung.csv', 'fixtures/par-xa-2025/dieu-tra-xhh.csv', '--units', units, '--records', 'ho_so=fixtures/par-xa-2025/ho-so.csv', '--format', 'html']);
      expect(r.code, r.stderr).toBe(0);
      // An A4 page less 12 mm margins each side is 186 mm: 703 CSS pixels wide.
      const { page } = await open(r.stdout, { width: 703, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('table.ranking tbody tr').count()).toBe(40);
      // No name in the ranking wraps but the long one, which takes 2 lines (on screen it takes 1).
      const lines = (await page.evaluate(`[...document.querySelectorAll('table.ranking td.name a')].map((a) => {
        const range = document.createRange();
        range.selectNodeContents(a);
        return [a.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
      })`)) as Array<[string, number]>;
      expect(lines.filter(([, n]) => n !== 1)).toEqual([[long, 2]]);
      expect(lines).toHaveLength(40);
      // Nor does a band ("Xuất sắc" beside its colour): every band cell is as tall as one line.
      const bands = (await page.evaluate(`[...document.querySelectorAll('table.ranking td.standing')].map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return Math.round(range.getBoundingClientRect().height);
      })`)) as number[];
      expect(bands).toEqual(Array(40).fill(bands[0]));
      expect(bands[0]).toBeLessThan(20);
      // The tables and the charts fit the page's width: the criteria's two groups (the wards' now
      // empty), each with a ranking, a bar chart and a heatmap.
      expect(await page.evaluate("[...document.querySelectorAll('table.ranking, svg.chart')].map((e) => e.getBoundingClientRect().right <= document.body.getBoundingClientRect().right)")).toEqual(Array(6).fill(true));
      // The area legend prints (it is no tooltip), on the same page as the table's end.
      expect(await page.locator('dl.areas dd').first().isVisible()).toBe(true);

      // No empty first page: the title, the group's heading and its chart are all on page 1.
      expect(await pagesUpTo(page, 'section.group figure', 'with')).toBe(1);
      // The ranking table ends by page 2, so it spans at most 2 pages; with its legend, too.
      const before = await pagesUpTo(page, 'table.ranking', 'before');
      const through = await pagesUpTo(page, 'table.ranking', 'with');
      expect(through - before + 1).toBeLessThanOrEqual(2);
      expect(through).toBe(2);
      expect(await pagesUpTo(page, 'dl.areas', 'with')).toBe(2);
      // Each unit starts a page of its own, after the report's own pages: the whole report has at
      // least one page per unit more than the pages up to the units.
      const head = await pagesUpTo(page, 'section.unit', 'before');
      await page.reload();
      const total = pageCount(await page.pdf({ format: 'A4' }));
      expect(total).toBeGreaterThanOrEqual(head + 40);
      await page.close();
    },
  );

  it('photographs the demo report for the README, when asked', { timeout: 60_000 }, async () => {
    const html = await demoHtml();
    const { page } = await open(html);
    const shot = await page.screenshot();
    expect(pngSize(shot)).toEqual(VIEWPORT);
    // The picture in the README: refreshed on request, with what it was taken from.
    if (process.env['UPDATE_SCREENSHOT']) {
      writeFileSync(SCREENSHOT, shot);
      writeFileSync(SCREENSHOT_SOURCE, JSON.stringify({ from: 'the demo report (npm run demo, communes), up to its footer', html_sha256: screenshotSource(html), viewport: VIEWPORT, regenerate: REGENERATE }, null, 2) + '\n');
    }
    await page.close();
  });
});
