import { describe, expect, it } from 'vitest';
import { bandColour, barChart, BAND_COLOURS, escapeXml, heatColour, heatmap } from '../../src/report/svg.js';

describe('inline SVG charts', () => {
  it('escapes every text it is given', () => {
    expect(escapeXml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
    const svg = barChart([{ label: '<b>Xã</b>', value: 50, shown: '50', colour: '#000', title: '"quoted"' }], { max: 100, title: 'A & B' });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;Xã&lt;/b&gt;');
    expect(svg).toContain('<title>&quot;quoted&quot;</title>');
    expect(svg).toContain('<title>A &amp; B</title>');
  });

  it('draws one bar per unit, as long as its share of the max', () => {
    // Plot width 760 − 260 − 60 = 440: 81,33 of 100 is 357,85 wide; 100 the whole 440.
    const svg = barChart(
      [
        { label: 'a', value: 81.33, shown: '81,33', colour: '#111', title: 'a' },
        { label: 'b', value: 100, shown: '100', colour: '#222', title: 'b' },
      ],
      { max: 100, title: 't' },
    );
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(svg).toContain('width="357.85"');
    expect(svg).toContain('width="440"');
  });

  it('draws a cell per unit and area, grey where the area does not apply', () => {
    const cells = [
      [{ value: 1, shown: '100', title: '' }, { value: null, shown: '—', title: '' }],
      [{ value: 0, shown: '0', title: '' }, { value: 0.5, shown: '50', title: '' }],
    ];
    const svg = heatmap(['u1', 'u2'], ['1', '2'], cells, { title: 't' });
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(4);
    expect(svg).toContain(`fill="${heatColour(null)}"`);
    // 0 is red (hue 0), 1 green (hue 120), half way yellow (hue 60).
    expect([heatColour(0), heatColour(0.5), heatColour(1)]).toEqual(['hsl(0, 65%, 62%)', 'hsl(60, 65%, 66%)', 'hsl(120, 65%, 70%)']);
  });

  it('colours bands from green (the best) to red (the worst), however many there are', () => {
    const five = ['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu'];
    expect(bandColour(five, 'Xuất sắc')).toBe(BAND_COLOURS[0]);
    expect(bandColour(five, 'Yếu')).toBe(BAND_COLOURS[BAND_COLOURS.length - 1]);
    expect(bandColour(['Cao', 'Thấp'], 'Thấp')).toBe(BAND_COLOURS[BAND_COLOURS.length - 1]);
    expect(bandColour(five, null)).toBe('#9e9e9e');
  });
});
