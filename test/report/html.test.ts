import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_XA, run } from '../helpers/cli.js';

/** The README's demo. */
const xa = DEMO_XA;

/** Where Debian's chromium package puts the browser; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join('docs', 'bao-cao.png');

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
  });

  it('speaks English with --lang en', async () => {
    const html = await demoHtml('en');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<h2>Largest deductions</h2>');
    expect(html).toContain('<figcaption>Index of each unit</figcaption>');
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

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} not found: the browser test of the HTML report is skipped (install it with: apt-get install -y chromium; .ci/run does).`);

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  it('renders with its charts, fetches nothing, breaks pages per unit in print, and is photographed', { timeout: 60_000 }, async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'parscore-browser-'));
    const file = join(dir, 'bao-cao.html');
    writeFileSync(file, await demoHtml());
    // Playwright starts it with a fresh, empty profile; the flags keep it from calling home.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
      const requests: string[] = [];
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
      await page.emulateMedia({ media: 'screen' });
      const shot = await page.screenshot({ path: join(dir, 'bao-cao.png') });
      expect(shot.subarray(1, 4).toString()).toBe('PNG');
      // The picture in the README: refreshed on request.
      if (process.env['UPDATE_SCREENSHOT']) writeFileSync(SCREENSHOT, shot);
    } finally {
      await browser.close();
    }
  });
});
