import { describe, expect, it } from 'vitest';
import { run, XA_EVIDENCE } from '../helpers/cli.js';

const f = (name: string) => `test/evidence/fixtures/${name}`;
const base = ['plan', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv')];

/*
 * By hand (see score.test.ts for the fixtures): xa-tan-lap scores 3 of 10, so it lost 7:
 *   2.1 no evidence: −2 (send it: +2); 1.2 70% → 1 of 2: −1 (band above 90%: +1); 1.3 no evidence: −1;
 *   2.3 no evidence: −1; 2.4 no evidence: −1; 1.1 late 05/08 → 0,5: −0,5 (on time by 31/07: +0,5);
 *   1.4 cấp phó → 0,5: −0,5 (Cấp trưởng: +0,5). 2 + 1 + 1 + 1 + 1 + 0,5 + 0,5 = 7.
 * xa-an-binh lost 0,87: 1.3 two late reports −0,5; 2.4 manual 0,75 −0,25; 2.1 1,88 −0,12.
 */
describe('parscore plan', () => {
  it("lists a unit's lost points largest first, with the office, the rule and the way back", async () => {
    const r = await run([...base, '--unit', 'xa-tan-lap', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.format).toBe('parscore/plan@1');
    expect(plan.lost.map((l: { id: string; lost: number }) => [l.id, l.lost])).toEqual([
      ['2.1', 2],
      ['1.2', 1],
      ['1.3', 1],
      ['2.3', 1],
      ['2.4', 1],
      ['1.1', 0.5],
      ['1.4', 0.5],
    ]);
    const late = plan.lost.find((l: { id: string }) => l.id === '1.1');
    expect(late).toMatchObject({ responsible: 'Văn phòng HĐND và UBND', max: 1, final: 0.5, rule: 'đúng hạn (đến 31/07/2025): 1; chậm: 0,5; không thực hiện: 0' });
    expect(late.ways).toEqual([{ id: 'regain.deadline', data: { due: '2025-07-31', late: false }, text: 'thực hiện đúng hạn (đến ngày 31/07/2025)', points: 1, gain: 0.5 }]);
    expect(plan.lost[0].ways.map((w: { id: string; gain: number }) => [w.id, w.gain])).toEqual([['regain.submit', 2]]);
    expect(plan.lost[1].ways.map((w: { id: string; gain: number }) => [w.id, w.gain])).toEqual([['regain.bands', 1]]);
  });

  it('prints the plan as text, in English with --lang en', async () => {
    const r = await run([...base, '--unit', 'xa-tan-lap', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Points lost: 7 on 7 criteria');
    expect(r.stdout).toContain('6. 1.1 Ban hành kế hoạch CCHC: −0.5 (Văn phòng HĐND và UBND)');
    expect(r.stdout).toContain('   To regain: do it on time (by 2025-07-31): +0.5');
    expect(r.stdout).toContain('   To regain: reach the level "Cấp trưởng": +0.5');
  });

  it('for a group, sums the losses per criterion and per responsible office across its units', async () => {
    const r = await run([...base, '--group', 'xa', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    // 2.1: 2 + 0,12; 1.3: 1 + 0,5; 2.4: 1 + 0,25; then 1.2 and 2.3 (1 each, tree order); 1.1 and 1.4 (0,5).
    expect(plan.criteria.map((c: { id: string; lost: number; units: number; counted: number }) => [c.id, c.lost, c.units, c.counted])).toEqual([
      ['2.1', 2.12, 2, 2],
      ['1.3', 1.5, 2, 2],
      ['2.4', 1.25, 2, 2],
      ['1.2', 1, 1, 2],
      ['2.3', 1, 1, 1],
      ['1.1', 0.5, 1, 2],
      ['1.4', 0.5, 1, 2],
    ]);
    // Bộ phận một cửa: 2,12 + 1,25 + 1 = 4,37 over 2 + 2 + 1 outcomes; Văn phòng: 1,5 + 1 + 0,5 + 0,5 = 3,5 over 5.
    expect(plan.responsible).toEqual([
      { responsible: 'Bộ phận một cửa', lost: 4.37, items: 5, units: 2, criteria: ['2.1', '2.3', '2.4'] },
      { responsible: 'Văn phòng HĐND và UBND', lost: 3.5, items: 5, units: 2, criteria: ['1.1', '1.2', '1.3', '1.4'] },
    ]);
    const md = await run([...base, '--group', 'xa', '--format', 'md']);
    expect(md.stdout).toContain('| 2.1 | Tỷ lệ hồ sơ đúng hạn | 2,12 | 2/2 | Bộ phận một cửa |');
  });

  it('needs exactly one of --unit and --group, and names the nearest unit', async () => {
    expect((await run(base)).code).toBe(2);
    const r = await run([...base, '--unit', 'xa-tan-lapp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('có phải ý bạn là "xa-tan-lap"');
  });
});

describe('the progress line', () => {
  const demo = [...XA_EVIDENCE, '--records', 'ho_so=fixtures/par-xa-2025/ho-so.csv'];

  it('shows scoring on a terminal, redrawn in place and erased at the end', async () => {
    const r = await run(['plan', ...demo, '--group', 'xa'], { tty: true });
    expect(r.code).toBe(0);
    // Scoring starts at 0 of the 40 units and always shows its end.
    expect(r.stderr).toContain('\r\u001b[KĐang chấm điểm ░░░░░░░░░░░░░░░░░░░░░░░░ 0/40 đơn vị');
    expect(r.stderr).toContain('\r\u001b[KĐang chấm điểm ████████████████████████ 40/40 đơn vị\r\u001b[K');
    expect(r.stdout).not.toContain('Đang chấm điểm');
  });

  it('says nothing with --quiet or when stderr is not a terminal', async () => {
    expect((await run(['plan', ...demo, '--group', 'xa', '--quiet'], { tty: true })).stderr).not.toContain('\r');
    expect((await run(['plan', ...demo, '--group', 'xa'])).stderr).not.toContain('\r');
  });
});
