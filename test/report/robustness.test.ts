import { describe, expect, it } from 'vitest';
import type { Robustness, UnitRobustness } from '../../src/audit/robustness.js';
import { Exact } from '../../src/core/exact.js';
import { chances, rankStrip, robustnessHeader, withinReach } from '../../src/report/robustness.js';
import { rankIntervals } from '../../src/report/svg.js';

/** The pieces of the robustness views, on figures made up for them. */
const unit = (id: string, rank: number, interval: [number, number], more: Partial<UnitRobustness> = {}): UnitRobustness => ({
  unit: id,
  name: id.toUpperCase(),
  group: 'xa',
  rank,
  tied: false,
  band: 'Khá',
  index: Exact.of(70),
  gapAbove: null,
  gapBelow: null,
  nextBand: null,
  rankInterval: interval,
  bandDraws: [],
  unrankedDraws: 0,
  ...more,
});

const result = (draws: number, redrawn: Robustness['redrawn'] = []): Robustness => ({
  format: 'parscore/robustness@1',
  criteria: { id: 'x', title: 'X', year: 2025, locale: 'vi', precision: 2, indexPrecision: 2, scale: Exact.HUNDRED },
  draws,
  seed: 1,
  redrawn,
  notRedrawn: [],
  groups: [],
  decisive: [],
  examined: { overrides: 0, claims: 0 },
});

describe('robustness views', () => {
  it('draws a rank and its interval on one line, several ranks to a character in a large group', () => {
    // 10 ranks, one character each: interval 3–6, rank 4.
    expect(rankStrip(unit('a', 4, [3, 6]), 10)).toBe('··─●──····');
    // 300 ranks in 30 characters (10 to a character): rank 150 → character 14, interval 101–200 → 10 to 19.
    expect(rankStrip(unit('b', 150, [101, 200]), 300)).toBe('··········────●─────··········');
  });

  it('gives band chances as whole percents, never a 0% or 100% that is not so', () => {
    const u = unit('a', 1, [1, 2], { bandDraws: [{ band: 'Tốt', draws: 996 }, { band: 'Khá', draws: 3 }], unrankedDraws: 1 });
    // 996/1000 = 99,6% rounds to 100 though 4 draws went elsewhere; 3/1000 and 1/1000 are under 1%.
    expect(chances(result(1000), u, 'vi')).toBe('Tốt >99%, Khá <1%, chưa xếp hạng <1%');
    expect(chances(result(0), u, 'vi')).toBe('—');
  });

  it('lists the units within reach of the next band, the nearest first', () => {
    const band = (gap: string) => ({ label: 'Tốt', min: Exact.of(80), gap: Exact.parse(gap)! });
    const g = { id: 'xa', title: 'Xã', bands: ['Tốt', 'Khá'], unranked: [], units: [unit('a', 1, [1, 1], { nextBand: band('0.9') }), unit('b', 2, [2, 2], { nextBand: band('0.07') }), unit('c', 3, [3, 3], { nextBand: band('1.01') })] };
    expect(withinReach(g, Exact.ONE).map((u) => u.unit)).toEqual(['b', 'a']);
  });

  it('says what was redrawn, or why nothing was', () => {
    expect(robustnessHeader(result(0), 'vi')[0]).toMatch(/^Không có chỉ tiêu nào tính từ mẫu/);
    expect(robustnessHeader(result(0, [{ source: 'khao_sat', indicator: 'hl', kind: 'mean', units: 3 }]), 'en')[0]).toBe('Nothing redrawn (--draws 0): each interval is the rank as scored.');
    expect(robustnessHeader(result(1000, [{ source: 'khao_sat', indicator: 'hl', kind: 'mean', units: 3 }]), 'en')[0]).toBe('1,000 draws (seed 1) of the indicators estimated from samples: hl (khao_sat).');
  });

  it('charts intervals as inline SVG, every label escaped', () => {
    const svg = rankIntervals([{ label: '1. <Xã>', rank: 1, lo: 1, hi: 3, colour: '#1a9850', title: 'a & b' }], { ranks: 3, title: 'Độ vững' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart intervals"/);
    expect(svg).toContain('&lt;Xã&gt;');
    expect(svg).toContain('<title>a &amp; b</title>');
    expect(svg).not.toMatch(/<script/);
  });
});
