/**
 * Deterministic inputs at national scale: the same seed gives the same bytes (the fixtures'
 * mulberry32), so runs on different days and machines measure the same work.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 as rng } from '../fixtures/common.js';

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

/** The record-derived part of a benchmark criteria file: dossier rates, survey answers. */
export interface Derived {
  /** The four dossier rates of the PAR sets (on time, online, digitised, paid online) from `ho_so`. */
  dossiers?: boolean;
  /** Survey questions averaged from `khao_sat` (weighted, through a map), one leaf each. */
  questions?: number;
}

/**
 * A criteria file of 10 areas of `leaves`/10 leaves read from evidence, cycling through the rule
 * kinds, 100 points in all; then, if asked, an area of dossier rates and an area of survey
 * questions read from record files.
 */
export function criteriaYaml(id: string, leaves: number, derived: Derived = {}): string {
  const areas = 10;
  const perArea = leaves / areas;
  const max = leaves === 0 ? 0 : 100 / leaves;
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
  for (let a = 1; a <= (leaves === 0 ? 0 : areas); a++) {
    lines.push(`  - id: "${a}"`, `    title: Lĩnh vực ${a}`, `    responsible: Phòng ${a}`, '    children:');
    for (let l = 1; l <= perArea; l++) {
      const n = (a - 1) * perArea + l;
      lines.push(`      - { id: "${a}.${l}", title: Tiêu chí ${a}.${l}, max: ${max}, indicator: c${n}, rule: ${ruleFor(n, max)} }`);
    }
  }
  const indicators: string[] = [];
  if (derived.dossiers) {
    lines.push('  - id: "11"', '    title: Giải quyết hồ sơ TTHC', '    responsible: Bộ phận Một cửa', '    children:');
    lines.push(
      '      - { id: "11.1", title: Tỷ lệ hồ sơ đúng hạn, max: 4, indicator: dung_han, rule: { kind: proportional } }',
      '      - { id: "11.2", title: Tỷ lệ hồ sơ trực tuyến, max: 3, indicator: truc_tuyen, rule: { kind: proportional, target: 80 } }',
      '      - { id: "11.3", title: Tỷ lệ số hóa, max: 2.5, indicator: so_hoa, rule: { kind: proportional } }',
      '      - { id: "11.4", title: Tỷ lệ thanh toán trực tuyến, max: 2, indicator: thanh_toan, rule: { kind: bands, bands: [{ above: 50, points: 2 }, { min: 30, points: 1 }] } }',
    );
    indicators.push(
      '  dung_han: { from: ho_so, row_label: hồ sơ, on_time: { done: ngay_tra_ket_qua, due: han_tra_ket_qua } }',
      '  truc_tuyen: { from: ho_so, row_label: hồ sơ, share: { column: kenh_nop, values: [Trực tuyến] } }',
      '  so_hoa: { from: ho_so, row_label: hồ sơ, share: { column: so_hoa, values: [Có] } }',
      '  thanh_toan: { from: ho_so, row_label: hồ sơ, share: { column: thanh_toan_truc_tuyen, values: [Có] } }',
    );
  }
  if (derived.questions) {
    lines.push('  - id: "12"', '    title: Mức độ hài lòng', '    responsible: Sở Nội vụ', '    children:');
    for (let q = 1; q <= derived.questions; q++) {
      lines.push(`      - { id: "12.${q}", title: Câu ${q}, max: 1, indicator: hl_${q}, rule: { kind: proportional, of: number, target: 1 } }`);
      indicators.push(`  hl_${q}: { from: khao_sat, unit_column: ma_xa, weight_column: trong_so, row_label: phiếu, min_rows: 10, mean: { column: c${q}, map: { ${LIKERT.map((l, i) => `${l}: ${LIKERT_VALUE[i]}`).join(', ')} } } }`);
    }
  }
  if (indicators.length > 0) lines.push('indicators:', ...indicators);
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

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A CSV field, quoted when it holds a comma ("Chứng thực chữ ký trong giấy tờ, văn bản"). */
const quoted = (s: string) => (s.includes(',') ? `"${s}"` : s);
const PROCEDURES: ReadonlyArray<[string, string]> = [
  ['Đăng ký khai sinh', 'Hộ tịch'],
  ['Đăng ký khai tử', 'Hộ tịch'],
  ['Đăng ký kết hôn', 'Hộ tịch'],
  ['Chứng thực bản sao từ bản chính', 'Chứng thực'],
  ['Chứng thực chữ ký trong giấy tờ, văn bản', 'Chứng thực'],
  ['Đăng ký thường trú', 'Đăng ký, quản lý cư trú'],
  ['Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Xây dựng'],
  ['Đăng ký biến động quyền sử dụng đất', 'Đất đai'],
  ['Xác nhận tình trạng hôn nhân', 'Hộ tịch'],
  ['Giải quyết trợ cấp xã hội hằng tháng', 'Bảo trợ xã hội'],
];

/**
 * A dossier export as the provincial one-stop-shop system writes it (one row per hồ sơ): received,
 * due and returned dates (dd/mm/yyyy), channel, digitisation and online-payment flags; about 3% not
 * yet returned. Communes get dossiers in proportion to a size drawn once per commune.
 */
export function* dossierCsv(units: number, rows: number, seed: number): Generator<string> {
  const r = rng(seed);
  const sizes = Array.from({ length: units }, () => 0.2 + r() * r() * 4);
  const cumulative: number[] = [];
  let total = 0;
  for (const s of sizes) cumulative.push((total += s));
  const pick = () => {
    const x = r() * total;
    let lo = 0;
    let hi = units - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  yield 'STT,Mã hồ sơ,Mã đơn vị,Tên thủ tục hành chính,Lĩnh vực,Ngày tiếp nhận,Hạn trả kết quả,Ngày trả kết quả,Kênh nộp,Số hóa,Thanh toán trực tuyến,Trạng thái';
  for (let i = 1; i <= rows; i++) {
    const unit = pick();
    const [procedure, field] = PROCEDURES[Math.floor(r() * PROCEDURES.length)]!;
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 18);
    const due = day + 3 + Math.floor(r() * 7);
    const pending = r() < 0.03;
    const returned = pending ? '' : `${pad2(Math.min(28, day + Math.floor(r() * (due - day + 3))))}/${pad2(month)}/2025`;
    const online = r() < 0.62;
    yield [
      i,
      `000.00.${pad2(unit % 100)}.H${pad2(10 + (unit % 34))}-25${pad2(month)}${pad2(day)}-${String(i).padStart(7, '0')}`,
      unitId(unit),
      quoted(procedure),
      quoted(field),
      `${pad2(day)}/${pad2(month)}/2025`,
      `${pad2(due)}/${pad2(month)}/2025`,
      returned,
      online ? 'Trực tuyến' : 'Trực tiếp',
      r() < 0.78 ? 'Có' : 'Không',
      online && r() < 0.55 ? 'Có' : 'Không',
      pending ? 'Đang xử lý' : 'Đã trả kết quả',
    ].join(',');
  }
}

export const LIKERT = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng'] as const;
export const LIKERT_VALUE = [1, 0.75, 0.5, 0.25, 0] as const;

/**
 * Survey answers, one row per respondent: commune, post-stratification weight (one per province,
 * sex and age group, as PAPI weights are), and `questions` answers on a five-point scale (a few
 * unanswered).
 */
export function* surveyCsv(units: number, respondents: number, questions: number, seed: number): Generator<string> {
  const r = rng(seed);
  const weights = Array.from({ length: 34 * 8 }, () => (0.4 + r() * 1.6).toFixed(4).replace('.', ','));
  const sexes = ['Nam', 'Nữ'];
  const ages = ['18-29', '30-44', '45-59', '60+'];
  yield ['ma_phieu', 'ma_xa', 'trong_so', 'gioi_tinh', 'nhom_tuoi', ...Array.from({ length: questions }, (_, q) => `c${q + 1}`)].join(',');
  for (let i = 1; i <= respondents; i++) {
    const unit = 1 + Math.floor(r() * units);
    const sex = Math.floor(r() * 2);
    const age = Math.floor(r() * 4);
    const mood = r();
    const answers = Array.from({ length: questions }, () => (r() < 0.02 ? '' : LIKERT[Math.min(4, Math.floor((r() + mood) * 2.2))]!));
    yield [`P${String(i).padStart(6, '0')}`, unitId(unit), `"${weights[(unit % 34) * 8 + sex * 4 + age]}"`, sexes[sex], ages[age], ...answers].join(',');
  }
}

/** The id of leaf n (1-based) of `criteriaYaml`'s tree of `leaves` leaves in 10 areas. */
export function leafId(n: number, leaves: number): string {
  const perArea = leaves / 10;
  return `${Math.floor((n - 1) / perArea) + 1}.${((n - 1) % perArea) + 1}`;
}

/**
 * A self-assessment (tự chấm): each unit claims the full point on `perUnit` leaves drawn at
 * random among the evidence leaves — where appraisal gave less, a claim that differs.
 */
export function* selfCsv(units: number, leaves: number, perUnit: number, seed: number): Generator<string> {
  const r = rng(seed);
  yield 'Mã đơn vị,Tiêu chí,Điểm tự chấm,Ghi chú';
  for (let i = 1; i <= units; i++) {
    const picked = new Set<number>();
    while (picked.size < Math.min(perUnit, leaves)) picked.add(1 + Math.floor(r() * leaves));
    for (const n of [...picked].sort((a, b) => a - b)) yield `${unitId(i)},${leafId(n, leaves)},1,Đơn vị tự đánh giá đạt yêu cầu`;
  }
}

/** Appraisers' overrides (thẩm định): `count` units, each one leaf lowered to 0 or 0,5 with a reason. */
export function* overridesCsv(units: number, leaves: number, count: number, seed: number): Generator<string> {
  const r = rng(seed);
  yield 'Mã đơn vị,Tiêu chí,Điểm,Lý do,Người điều chỉnh';
  const picked = new Set<number>();
  while (picked.size < Math.min(count, units)) picked.add(1 + Math.floor(r() * units));
  for (const i of [...picked].sort((a, b) => a - b)) {
    const points = r() < 0.5 ? '0' : '"0,5"';
    yield `${unitId(i)},${leafId(1 + Math.floor(r() * leaves), leaves)},${points},Minh chứng không đầy đủ theo biên bản thẩm định,Tổ thẩm định`;
  }
}
