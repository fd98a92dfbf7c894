import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Deterministic inputs at national scale: the same seed gives the same bytes, so runs on different
 * days and machines measure the same work.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes lines through a stream, respecting back-pressure. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += line + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export const KINDS = ['deadline', 'bands', 'proportional', 'boolean', 'deduction', 'levels', 'increment', 'relative'] as const;

/** A criteria file of `areas` × `perArea` leaves cycling through the rule kinds, 100 points in all. */
export function criteriaYaml(id: string, leaves: number): string {
  const areas = 10;
  const perArea = leaves / areas;
  const max = 100 / leaves;
  const lines = [
    'format: parscore/criteria@1',
    `id: ${id}`,
    'title: Bộ chỉ số thử tải',
    'year: 2025',
    'precision: 2',
    'groups:',
    '  - id: xa',
    '    title: Xã',
    '    bands: [{ min: 90, label: Xuất sắc }, { min: 80, label: Tốt }, { min: 70, label: Khá }, { min: 50, label: Trung bình }, { min: 0, label: Yếu }]',
    '  - id: phuong',
    '    title: Phường',
    '    bands: { quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] }',
    'criteria:',
  ];
  for (let a = 1; a <= areas; a++) {
    lines.push(`  - id: "${a}"`, `    title: Lĩnh vực ${a}`, `    responsible: Phòng ${a}`, '    children:');
    for (let l = 1; l <= perArea; l++) {
      const n = (a - 1) * perArea + l;
      lines.push(`      - { id: "${a}.${l}", title: Tiêu chí ${a}.${l}, max: ${max}, indicator: c${n}, rule: ${ruleFor(n, max)} }`);
    }
  }
  return lines.join('\n') + '\n';
}

function ruleFor(n: number, max: number): string {
  switch (KINDS[n % KINDS.length]) {
    case 'deadline':
      return `{ kind: deadline, due: 2025-07-31, late: ${max / 2} }`;
    case 'bands':
      return `{ kind: bands, bands: [{ above: 90, points: ${max} }, { min: 70, points: ${max / 2} }] }`;
    case 'proportional':
      return '{ kind: proportional }';
    case 'boolean':
      return '{ kind: boolean }';
    case 'deduction':
      return `{ kind: deduction, per: ${max / 4} }`;
    case 'levels':
      return `{ kind: levels, levels: { Đạt: ${max}, Đạt một phần: ${max / 2}, Không đạt: 0 } }`;
    case 'increment':
      return `{ kind: increment, from: 0, base: 0, step: 1, per_step: ${max / 4} }`;
    default:
      return '{ kind: relative }';
  }
}

/** A value written the way an office would, for the rule of leaf n. */
export function valueFor(n: number, r: () => number): string {
  switch (KINDS[n % KINDS.length]) {
    case 'deadline':
      return `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/0${7 + Math.floor(r() * 2)}/2025`;
    case 'bands':
    case 'proportional': {
      const den = 100 + Math.floor(r() * 2000);
      return `${Math.floor(den * (0.6 + r() * 0.4))}/${den}`;
    }
    case 'boolean':
      return r() < 0.8 ? 'có' : 'không';
    case 'deduction':
      return String(Math.floor(r() * 3));
    case 'levels':
      return ['Đạt', 'Đạt một phần', 'Không đạt'][Math.floor(r() * 3)]!;
    case 'increment':
      return String(Math.floor(r() * 6));
    default:
      return `${Math.floor(r() * 1000)},${Math.floor(r() * 10)}`;
  }
}

export function unitId(i: number): string {
  return `xa-${String(i).padStart(5, '0')}`;
}

export function* unitsCsv(units: number): Generator<string> {
  yield 'Mã đơn vị,Tên đơn vị,Nhóm';
  for (let i = 1; i <= units; i++) yield `${unitId(i)},Xã số ${i},${i % 5 === 0 ? 'phuong' : 'xa'}`;
}

/** Long evidence: one row per unit × leaf. */
export function* longEvidenceCsv(units: number, leaves: number, seed: number): Generator<string> {
  const r = rng(seed);
  yield 'Mã đơn vị,Chỉ tiêu,Giá trị,Tài liệu kiểm chứng';
  for (let i = 1; i <= units; i++) {
    for (let n = 1; n <= leaves; n++) {
      const v = valueFor(n, r);
      yield `${unitId(i)},c${n},${v.includes(',') ? `"${v}"` : v},Báo cáo số ${n}/BC-UBND`;
    }
  }
}
