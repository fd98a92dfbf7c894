import { describe, expect, it } from 'vitest';
import { reportToMarkdown } from '../../src/report/markdown.js';
import { criteriaOf, score } from '../helpers/scoring.js';

/** What units write in their names, titles and sources reaches Markdown readers as text, never as HTML or links. */
describe('the Markdown report', () => {
  const criteria = criteriaOf(`format: parscore/criteria@1
id: md
title: "Bộ <b>tiêu chí</b>"
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: "Lĩnh vực <img src=x onerror=alert(1)>"
    children:
      - { id: "1.1", title: "Kế hoạch *năm* | _2025_", max: 1, indicator: ke_hoach, rule: { kind: boolean } }
`);
  const units = [{ id: 'xa-`a`', name: 'Xã <script>alert(1)</script>\nAn Bình', group: 'xa', previous: [] }];
  const report = score(criteria, units, { 'xa-`a`': { ke_hoach: 'không' } });

  it('escapes HTML, links, emphasis, code and table pipes in every text that came from the inputs', () => {
    const md = reportToMarkdown(report, { lang: 'vi' });
    expect(md).not.toMatch(/<script|<img|<b>/);
    expect(md).toContain('# Bộ &lt;b&gt;tiêu chí&lt;/b&gt;');
    expect(md).toContain('Lĩnh vực &lt;img src=x onerror=alert(1)&gt;');
    // The ranking row: the name on one line, its unit id's backticks escaped.
    expect(md).toContain('| Xã &lt;script&gt;alert(1)&lt;/script&gt; An Bình (xa-\\`a\\`) |');
    // The lost point: emphasis and the pipe escaped inside the list item.
    expect(md).toContain('1.1 Kế hoạch \\*năm\\* \\| \\_2025\\_: 0/1');
  });
});
