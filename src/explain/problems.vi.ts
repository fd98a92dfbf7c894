import type { Found } from '../core/problems.js';
import type { ProblemCatalog } from './problems.js';

const q = (s: string) => `"${s}"`;
const mean = (s?: string) => (s ? ` Có phải ý bạn là ${q(s)}?` : '');
const formatWords = {
  id: 'mã tiêu chí gồm chữ, số, ".", "_" và "-", ví dụ "1.1.2"',
  'criteria-id': 'chữ thường không dấu, số và "-", ví dụ par-xa-2025',
  'group-id': 'chữ thường không dấu, số, "-" và "_", ví dụ xa',
  date: 'ngày theo dạng yyyy-mm-dd, ví dụ 2024-12-15',
  indicator: 'chữ, số, ".", "_" và "-", không có dấu cách, ví dụ dung_han',
};

export const problemsVi: ProblemCatalog = {
  'not-utf8': (d) => `Tệp không phải văn bản UTF-8 (không đọc được byte thứ ${d.offset + 1}); hãy lưu lại với mã hoá UTF-8.`,
  'yaml-syntax': (d) => `Lỗi cú pháp YAML: ${d.detail}. Sửa thụt lề hoặc dấu nháy ở dòng này.`,
  'yaml-tab': () => 'Dòng này thụt lề bằng phím Tab; YAML chỉ thụt lề bằng dấu cách. Hãy thay Tab bằng dấu cách.',
  'yaml-duplicate-key': (d) => `Khoá ${q(d.key)} xuất hiện hai lần trong cùng một khối; giữ lại một.`,
  'yaml-alias-limit': (d) => `Tệp mở rộng quá ${d.limit} bí danh (*tên); hãy viết trực tiếp giá trị hoặc dùng ít bí danh hơn.`,
  'yaml-too-deep': (d) => `Tệp lồng nhau sâu quá ${d.limit} cấp; một bộ tiêu chí không cần sâu như vậy.`,
  'yaml-forbidden-key': (d) => `Không được dùng khoá ${q(d.key)} trong tệp tiêu chí; hãy đổi tên.`,
  'yaml-multiple-documents': () => `Tệp chứa nhiều tài liệu YAML (ngăn bởi ---); mỗi bộ tiêu chí cần một tệp riêng.`,
  'unknown-key': (d) => `Khoá ${q(d.key)} không hợp lệ.${mean(d.suggestion)} Các khoá dùng được ở đây: ${d.allowed.join(', ') || 'không có'}.`,
  'missing-key': (d) => `Thiếu khoá bắt buộc ${q(d.key)}; hãy bổ sung.`,
  'wrong-type': (d) => {
    const hint =
      d.hint === 'decimal-comma'
        ? ' Trong tệp tiêu chí, số thập phân viết bằng dấu chấm: 0.5, không phải 0,5.'
        : d.hint === 'quote-id'
          ? ' Hãy đặt mã trong dấu nháy ("1.10"), nếu không YAML đọc thành số và 1.10 thành 1.1.'
          : '';
    return `Cần ${typeVi(d.expected)}, nhưng gặp ${foundVi(d.got)}.${hint}`;
  },
  'invalid-value': (d) => `Giá trị ${q(d.value)} không hợp lệ ở đây.${mean(d.suggestion)} Dùng một trong: ${d.allowed.join(', ')}.`,
  'invalid-format': (d, f) =>
    `${q(d.value)} không đúng định dạng: cần ${formatWords[d.format]}.` + (d.iso ? ` Ở đây: ${d.iso} (tức ${f.date(d.iso)}).` : ''),
  'too-small': (d) =>
    d.what === 'list'
      ? `Danh sách cần ít nhất ${d.minimum} mục.`
      : d.what === 'text'
        ? `Nội dung không được để trống.`
        : `Giá trị phải ${d.inclusive ? 'từ' : 'lớn hơn'} ${d.minimum}${d.inclusive ? ' trở lên' : ''}.`,
  'too-big': (d) =>
    d.what === 'list' ? `Danh sách chỉ được có tối đa ${d.maximum} mục.` : `Giá trị phải ${d.inclusive ? 'không quá' : 'nhỏ hơn'} ${d.maximum}.`,
  'not-integer': (d) => `${d.value} phải là số nguyên.`,
  'unknown-rule-kind': (d) => `Loại quy tắc ${q(d.kind)} không tồn tại.${mean(d.suggestion)} Các loại: ${d.allowed.join(', ')}.`,
  'leaf-or-node': (d) =>
    d.has === 'both'
      ? `Tiêu chí ${d.id} vừa có tiêu chí con vừa có quy tắc chấm: điểm của tiêu chí cha là tổng điểm các tiêu chí con; hãy chuyển quy tắc xuống một tiêu chí con hoặc bỏ các tiêu chí con.`
      : `Tiêu chí ${d.id} không có tiêu chí con cũng không có quy tắc chấm: tiêu chí thành phần cần max và rule, tiêu chí cha cần children.`,
  'leaf-key-on-node': (d) => `Tiêu chí ${d.id} có tiêu chí con nên khoá ${q(d.key)} không có tác dụng; hãy chuyển xuống tiêu chí thành phần tương ứng.`,
  'leaf-without-max': (d) => `Tiêu chí thành phần ${d.id} có quy tắc chấm nhưng thiếu điểm tối đa (max); hãy bổ sung.`,
  'duplicate-id': (d) => `Mã ${d.id} bị dùng hai lần; mỗi tiêu chí và mỗi mục điểm thưởng/trừ cần một mã riêng.`,
  'max-mismatch': (d, f) =>
    `Tiêu chí ${d.id} khai báo điểm tối đa ${f.num(d.declared)} nhưng tổng các tiêu chí con là ${f.num(d.sum)}; hãy sửa max hoặc các tiêu chí con.`,
  'points-above-max': (d, f) =>
    `${d.id}: ${d.key} cho ${f.num(d.points)} điểm, vượt điểm tối đa ${f.num(d.max)}; điểm trong quy tắc là điểm tuyệt đối, không được vượt max.`,
  'points-below-floor': (d, f) =>
    `${d.id}: ${d.key} cho ${f.num(d.points)} điểm, thấp hơn mức sàn ${f.num(d.floor)}; hãy nâng lên hoặc khai báo floor thấp hơn.`,
  'floor-above-max': (d, f) => `${d.id}: mức sàn ${f.num(d.floor)} cao hơn điểm tối đa ${f.num(d.max)}.`,
  'points-precision': (d, f) =>
    `${d.id}: ${d.key} ${f.num(d.points)} có nhiều chữ số thập phân hơn độ chính xác ${d.precision}; kết quả sẽ bị làm tròn.`,
  'max-unreachable': (d, f) =>
    `${d.id}: quy tắc cho tối đa ${f.num(d.best)} trên ${f.num(d.max)} điểm, nên tiêu chí không bao giờ đạt điểm tối đa.`,
  'bands-order': (d, f) =>
    `${d.id}: mức ${d.index} bắt đầu từ ${f.num(d.threshold)}, không thấp hơn mức trước (${f.num(d.previous)}), nên không bao giờ được áp dụng; hãy sắp các mức từ cao xuống thấp.`,
  'band-bound': (d) => (d.has === 'both' ? 'Mỗi mức chỉ dùng min (≥) hoặc above (>), không dùng cả hai.' : 'Mỗi mức cần min (≥) hoặc above (>).'),
  'bands-no-zero': (d, f) =>
    `Nhóm ${d.id}: mức xếp loại thấp nhất bắt đầu từ ${f.num(d.lowest)}; đơn vị thấp hơn sẽ không được xếp loại. Hãy thêm một mức có min: 0.`,
  'level-duplicate': (d) => `${d.id}: mức ${q(d.level)} trùng với ${q(d.first)} khi bỏ qua chữ hoa và dấu cách; giữ lại một.`,
  'unknown-group': (d) => `Không có nhóm ${q(d.group)}.${mean(d.suggestion)} Các nhóm đã khai báo: ${d.allowed.join(', ')}.`,
  'duplicate-group': (d) => `Nhóm ${q(d.group)} được khai báo hai lần.`,
  'unknown-node': (d) => `tiebreak nêu ${q(d.id)}, không phải tiêu chí trong tệp này.${mean(d.suggestion)}`,
  'unused-indicator': (d) =>
    `Chỉ tiêu tính từ dữ liệu ${q(d.indicator)} không được tiêu chí nào dùng.` +
    (d.near ? ` Có tiêu chí dùng ${q(d.near)}: có phải ý bạn là ${q(d.indicator)}?` : ' Hãy dùng làm indicator của một tiêu chí hoặc xoá đi.'),
  'indicator-kind': (d) =>
    d.has === 'none'
      ? `Chỉ tiêu ${q(d.indicator)} cần một trong count, share, mean hoặc on_time.`
      : `Chỉ tiêu ${q(d.indicator)} khai báo cả ${d.kinds.join(' và ')}; chỉ được một.`,
  'indicator-option': (d) => `Chỉ tiêu ${q(d.indicator)}: ${q(d.key)} chỉ dùng với on_time, không dùng với ${d.kind}.`,
  'indicator-type': (d) =>
    `${d.id} đọc chỉ tiêu ${q(d.indicator)} cho ra ${typeVi(d.gives)}, nhưng quy tắc chấm cần ${typeVi(d.needs)}; hãy đổi quy tắc (ví dụ of: number) hoặc chỉ tiêu.`,
  'indicator-clash': (d) => `Chỉ tiêu ${q(d.indicator)} và ${q(d.other)} chỉ khác nhau chữ hoa/thường; dữ liệu không phân biệt được.`,
  'count-values-without-column': (d) => `Chỉ tiêu ${q(d.indicator)}: đếm theo giá trị (values) cần nêu cột (column).`,
  'unknown-test-item': (d) => `Ví dụ kiểm thử mong đợi ${q(d.item)}, không phải tiêu chí, mục điểm thưởng/trừ, total hay index.${mean(d.suggestion)}`,
  'unknown-test-indicator': (d) => `Ví dụ kiểm thử cho dữ liệu ${q(d.indicator)}, không tiêu chí nào đọc chỉ tiêu này.${mean(d.suggestion)}`,
  'empty-group': (d) => `Không có tiêu chí nào áp dụng cho nhóm ${q(d.group)}, nên đơn vị trong nhóm không có điểm tối đa; kiểm tra applies_to.`,
  'missing-responsible': (d) =>
    d.id === '*'
      ? 'Không tiêu chí nào nêu cơ quan chịu trách nhiệm (responsible:); báo cáo điểm bị trừ sẽ không chỉ ra được trách nhiệm.'
      : `Tiêu chí ${d.id} chưa nêu cơ quan chịu trách nhiệm (responsible:).`,
  'adjustment-rule': (d) => `Mục ${d.id} không dùng được quy tắc ${q(d.kind)}; dùng một trong: ${d.allowed.join(', ')}.`,
};

function typeVi(t: string): string {
  const words: Record<string, string> = {
    number: 'một số',
    string: 'một chuỗi văn bản',
    boolean: 'true/false',
    array: 'một danh sách',
    object: 'một khối khoá: giá trị',
    record: 'một khối khoá: giá trị',
    int: 'một số nguyên',
    percent: 'một tỷ lệ phần trăm',
    count: 'một số lần (số đếm)',
    points: 'số điểm',
    date: 'một ngày',
    level: 'một mức đánh giá',
  };
  return t
    .split(' | ')
    .map((p) => words[p] ?? p)
    .join(' hoặc ');
}

function foundVi(g: Found): string {
  const words = { text: 'văn bản', number: 'số', boolean: 'giá trị', list: 'một danh sách', map: 'một khối khoá: giá trị', null: 'giá trị rỗng (null)', other: 'giá trị' };
  return g.value === undefined ? words[g.type] : `${words[g.type]} ${g.type === 'text' ? q(g.value) : g.value}`;
}
