import type { Found, ProblemData } from '../core/problems.js';
import type { ProblemCatalog } from './problems.js';
import { statusText } from './messages.js';

const attrTypeVi = { boolean: 'thuộc tính có/không', number: 'một số', text: 'một chữ' } as const;
const testVi = { yes: 'phép thử "có"', is: 'is:', compare: 'so sánh số (min:, above:, below:, at_most:)' } as const;
const specVi = (t: string) =>
  ({ boolean: 'có/không', number: 'một số', percent: 'tỷ lệ phần trăm', count: 'số lần', date: 'ngày', level: 'một mức', text: 'một chữ', points: 'điểm' })[t] ?? t;
const q = (s: string) => `"${s}"`;
const mean = (s?: string) => (s ? ` Có phải ý bạn là ${q(s)}?` : '');
const formatWords = {
  id: 'mã tiêu chí gồm chữ, số, ".", "_" và "-", ví dụ "1.1.2"',
  'criteria-id': 'chữ thường không dấu, số và "-", ví dụ par-xa-2025',
  'group-id': 'chữ thường không dấu, số, "-" và "_", ví dụ xa',
  date: 'ngày theo dạng yyyy-mm-dd, ví dụ 2024-12-15',
  indicator: 'chữ, số, ".", "_" và "-", không có dấu cách, ví dụ dung_han',
};

/** The column roles of evidence tables (`src/evidence/tables/headers.ts`), as Vietnamese headers say them. */
const roleVi: Record<string, string> = {
  unit: 'Mã đơn vị',
  indicator: 'Chỉ tiêu',
  value: 'Giá trị',
  source: 'Tài liệu kiểm chứng',
  note: 'Ghi chú',
  name: 'Tên đơn vị',
  group: 'Nhóm',
  previous: 'Mã đơn vị cũ',
  item: 'Tiêu chí',
  points: 'Điểm',
  reason: 'Lý do',
  by: 'Người điều chỉnh',
  index: 'Chỉ số',
  rank: 'Xếp hạng',
  band: 'Xếp loại',
  max: 'Điểm tối đa',
  sequence: 'STT',
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
  'indicator-option': (d) => `Chỉ tiêu ${q(d.indicator)}: ${q(d.key)} chỉ dùng với ${d.allowed.join(', ')}, không dùng với ${d.kind}.`,
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
  'adjustment-shape': (d) =>
    d.has === 'both'
      ? `Mục ${d.id} vừa có quy tắc chấm vừa có mục con (children): mục có mục con chỉ đặt mức tối đa chung (cap) cho tổng các mục con; hãy bỏ rule hoặc children.`
      : `Mục ${d.id} không có quy tắc chấm (rule) cũng không có mục con (children); hãy bổ sung một trong hai.`,
  'adjustment-child-kind': (d) =>
    `Mục con ${d.id} khai báo kind: ${d.kind} nhưng thuộc mục ${d.parent} (${d.parentKind}); các mục con cùng loại với mục cha, hãy bỏ kind hoặc sửa thành ${d.parentKind}.`,
  'test-status': (d) => `${q(d.value)} không phải một trạng thái; dùng số điểm hoặc một trong: ${d.allowed.map((s) => statusText(s, 'vi')).join(', ')}.`,
  'unknown-test-attribute': (d) => `Ví dụ kiểm thử cho thuộc tính ${q(d.attribute)}, nhưng attributes: không khai báo thuộc tính này.${mean(d.suggestion)}`,
  'condition-shape': (d) =>
    `Điều kiện ${d.keys.length === 0 ? 'trống' : `có ${d.keys.join(', ')}`} không đúng dạng: mỗi điều kiện đọc đúng một chỉ tiêu (indicator:) hoặc một thuộc tính (attribute:), với nhiều nhất một phép thử (is:, hoặc min:/above: cùng below:/at_most:; of: chỉ đi kèm phép so sánh), hoặc ghép các điều kiện bằng all:, any:, not:.`,
  'case-outcome': (d) =>
    d.has === 'both' ? 'Mỗi trường hợp cho điểm (points:) hoặc một quy tắc (rule:), không cả hai.' : 'Trường hợp này chưa nói cho bao nhiêu điểm: thêm points: hoặc rule:.',
  'unknown-attribute': (d) =>
    `Thuộc tính ${q(d.attribute)} chưa được khai báo trong attributes:.${mean(d.suggestion)}${d.allowed.length > 0 ? ` Các thuộc tính đã khai báo: ${d.allowed.join(', ')}.` : ' Hãy khai báo nó (title, type, column) trong attributes:.'}`,
  'attribute-test': (d) =>
    `Thuộc tính ${q(d.attribute)} là ${attrTypeVi[d.type]}, không thử được bằng ${testVi[d.test]}; ${d.type === 'boolean' ? 'viết { attribute: ' + d.attribute + ' } (đúng khi "có") hoặc bọc trong not:' : d.type === 'number' ? 'dùng min:, above:, below: hoặc at_most: (giá trị của thuộc tính số luôn đọc là số)' : 'dùng is:'}.`,
  'read-conflict': (d) =>
    d.text !== undefined && d.levels
      ? `${d.reads === 'text' ? d.id : d.otherId} thử chỉ tiêu ${q(d.indicator)} bằng is: ${q(d.text)}, nhưng ${d.reads === 'text' ? d.otherId : d.id} đọc nó là một mức trong ${d.levels.map(q).join(', ')}, không có mức này; hãy viết is: đúng tên một mức (hoặc thêm mức đó vào levels).`
      : `${d.id} đọc chỉ tiêu ${q(d.indicator)} là ${specVi(d.reads)}, nhưng ${d.otherId} đọc nó là ${specVi(d.other)}; một chỉ tiêu chỉ có một loại giá trị: hãy sửa phép thử (ví dụ bỏ min: với chỉ tiêu có/không, hoặc thêm of: number khi so sánh một số) hoặc dùng hai chỉ tiêu.`,
  'case-unreachable': (d) =>
    d.by.length === 0
      ? `${d.id}: trường hợp ${d.case} không bao giờ được xét, vì điều kiện của nó không bao giờ đúng; hãy sửa điều kiện.`
      : `${d.id}: trường hợp ${d.case} không bao giờ được xét, vì ${d.by.length === 1 ? `trường hợp ${d.by[0]}` : `các trường hợp ${d.by.join(', ')}`} đã đúng mỗi khi nó đúng; hãy sắp xếp lại hoặc sửa điều kiện.`,
  'cap-above-max': (d, f) => `${d.id}: cap ${f.num(d.cap)} cao hơn điểm tối đa ${f.num(d.max)}, nên không có tác dụng; hãy hạ cap hoặc bỏ nó.`,
  'nested-rule': (d) => `${d.id}: quy tắc ${q(d.kind)} không đặt được bên trong quy tắc khác (nó so với giá trị tốt nhất của nhóm cho chính tiêu chí); hãy dùng nó trực tiếp cho tiêu chí.`,
  'rule-indicator': (d) =>
    `${d.id}: rule ghi indicator: ${d.indicator}, nhưng chỉ tiêu mà ${d.id} đọc phải khai báo ngay ở ${d.id}, cạnh rule:; hãy chuyển indicator: ${d.indicator} ra khỏi rule (indicator: trong rule chỉ dùng cho quy tắc lồng bên trong quy tắc khác).`,
  'reserved-indicator': (d) =>
    `Tên chỉ tiêu ${q(d.indicator)} trùng với tên cột dành riêng (${roleVi[d.role] ?? d.role}): trong bảng dạng ngang, cột đúng tên này được đọc là chỉ tiêu, nhưng bảng dạng dọc, danh sách đơn vị và bảng tự chấm đọc nó là cột ${roleVi[d.role] ?? d.role}. Hãy đặt tên khác cho chỉ tiêu (khoá indicator của tiêu chí, hoặc tên khoá trong indicators:).`,
  'value-type': (d) => {
    const what = { boolean: 'giá trị có/không (có/không, đạt/không đạt, x)', date: d.locale === 'en' ? 'ngày (yyyy-mm-dd)' : 'ngày (dd/mm/yyyy)', number: 'một số', percent: 'tỷ lệ phần trăm hoặc tỷ số a/b' }[d.expected];
    return `${q(d.value)} không phải ${what}.`;
  },
  'number-format': (d) =>
    `${q(d.value)} không đúng cách viết số ${d.locale === 'vi' ? 'kiểu Việt Nam (1.234,5)' : 'kiểu tiếng Anh (1,234.5)'} của bộ tiêu chí; hãy viết ${q(d.suggestion)}.`,
  'percent-above-100': (d, f) => `${q(d.value)} bằng ${f.num(d.percent, 2)}%, vượt 100%; kiểm tra lại tử số và mẫu số.`,
  'negative-value': (d) => `${q(d.value)} là số âm; giá trị này không thể nhỏ hơn 0.`,
  'not-a-count': (d) => `${q(d.value)} không phải số lần (số nguyên).`,
  'unknown-level': (d) => `${q(d.value)} không phải một mức của tiêu chí này.${mean(d.suggestion)} Các mức: ${d.levels.join(', ')}.`,
  'points-out-of-range': (d, f) => `${q(d.value)} điểm nằm ngoài khoảng cho phép ${f.num(d.floor)}–${f.num(d.max)}.`,
  'ratio-zero-denominator': (d) => `${q(d.value)} có mẫu số bằng 0: tỷ số a/0 không có giá trị, còn 0/0 ("không phát sinh") chỉ dùng được khi quy tắc nêu cách tính (empty của proportional).`,
  'percent-looks-like-fraction': (d) => `${q(d.value)} được hiểu là ${d.value}%; nếu ý là tỷ lệ thập phân, hãy viết dạng phần trăm (ví dụ 95%).`,
  'formula-without-result': (d) =>
    `Ô này chứa công thức${d.formula ? ` (=${d.formula})` : ''} nhưng bảng tính không lưu kết quả của nó: hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại.`,
  'cell-error': (d) =>
    d.formula ? `Công thức (=${d.formula}) cho kết quả lỗi ${d.value}: hãy sửa trong bảng tính.` : `Ô này chứa giá trị lỗi ${d.value}: hãy sửa trong bảng tính.`,
  'no-header': () => 'Không tìm thấy dòng tiêu đề có cột đơn vị (unit, Mã đơn vị) trong 20 dòng đầu; hãy thêm dòng tiêu đề phía trên dữ liệu.',
  'extra-fields': (d) =>
    d.csv
      ? `Dòng này có nhiều hơn dòng tiêu đề ${d.count} ô nên các giá trị bị lệch cột (có giá trị chứa dấu phân cách, ví dụ 92,5% trong tệp phân cách bằng dấu phẩy?): hãy đặt các giá trị đó trong "dấu nháy kép" hoặc lưu tệp phân cách bằng dấu chấm phẩy. Dòng này không được đọc.`
      : `Dòng này có ${d.count} ô có dữ liệu nằm bên phải dòng tiêu đề; các ô đó không được đọc.`,
  'duplicate-header': (d) => `Có hai cột cùng tên ${q(d.header)}; hãy đổi tên một cột.`,
  'missing-column': (d) => {
    const layouts = {
      long: 'Bảng dạng dọc cần cả cột chỉ tiêu (indicator, Chỉ tiêu) và cột giá trị (value, Giá trị)',
      wide: 'Bảng dạng ngang cần mỗi chỉ tiêu một cột bên cạnh cột đơn vị',
      units: 'Danh sách đơn vị cần các cột unit (Mã đơn vị), name (Tên đơn vị) và group (Nhóm)',
      self: 'Bảng tự chấm cần các cột unit, item (Tiêu chí), points (Điểm), có thể thêm note (Ghi chú)',
      overrides: 'Bảng điều chỉnh cần các cột unit, item, points, reason (Lý do), có thể thêm by (Người điều chỉnh)',
      published:
        'Bảng kết quả công bố cần cột unit (Mã đơn vị) và ít nhất một cột points (Điểm), index (Chỉ số), rank (Xếp hạng), band (Xếp loại) hoặc một cột mang mã tiêu chí ("1", "1.2")',
    };
    if (d.attribute !== undefined) return `Danh sách đơn vị thiếu cột ${q(d.column)} của thuộc tính ${d.attribute} (attributes: trong bộ tiêu chí); hãy thêm cột này, mỗi đơn vị một giá trị.`;
    return `Thiếu cột ${q(d.column)}. ${layouts[d.layout]}.`;
  },
  'unknown-unit': (d) => `Đơn vị ${q(d.unit)} không có trong danh sách đơn vị (${d.rows} dòng).${mean(d.suggestion)}`,
  'unknown-indicator': (d) => `Không tiêu chí nào dùng chỉ tiêu ${q(d.indicator)} (${d.rows} dòng).${mean(d.suggestion)}`,
  'ambiguous-indicator': (d) =>
    `Ô ghi ${d.what === 'item' ? 'mã tiêu chí' : 'chỉ tiêu'} là số ${d.value} nên Excel đã bỏ các số 0 ở cuối (gõ 1.10 thành 1.1): có thể là ${d.candidates.map(q).join(' hoặc ')} (${d.rows} dòng). Hãy định dạng ô là Văn bản (Text) rồi gõ lại mã, hoặc gõ dấu ' ở đầu ('1.10).`,
  'not-optional': (d) => `${q(d.value)}: tiêu chí ${d.id} không được khai báo "không áp dụng"; hãy cung cấp minh chứng.`,
  'manual-without-note': (d) => `${q(d.value)} thấp hơn điểm tối đa ${d.max} nhưng không có ghi chú lý do.`,
  'conflicting-values': (d) => `Chỉ tiêu ${q(d.indicator)} được khai hai lần với giá trị khác nhau: ${q(d.value)} ở đây và ${q(d.other)} trước đó; hãy giữ giá trị đúng.`,
  'attribute-blank': (d) =>
    `Đơn vị ${d.unit} để trống ${q(d.title)} (${d.attribute}), trong khi tiêu chí ${d.items.join(', ')} xét thuộc tính này; ô trống không được hiểu là "không": hãy ghi có hoặc không (hoặc giá trị).`,
  'unit-no-evidence': (d) => `Đơn vị ${d.unit} không có minh chứng nào; đơn vị sẽ không được xếp hạng.`,
  'no-evidence': (d) => `Đơn vị ${d.unit} chưa có minh chứng cho ${d.items.length} tiêu chí: ${d.items.join(', ')}.`,
  'record-missing-column': (d) =>
    `Tệp dữ liệu không có cột ${q(d.column)}, cần cho chỉ tiêu ${d.indicators.join(', ')}; hãy kiểm tra tên cột ở dòng tiêu đề, hoặc sửa tên cột trong phần indicators của tệp tiêu chí.`,
  'record-blank-unit': (d) => `${d.rows} dòng không có mã đơn vị nên không được tính vào chỉ tiêu nào; hãy bổ sung mã đơn vị (dòng đầu tiên ở đây).`,
  'records-not-given': (d) =>
    `Chỉ tiêu ${d.indicators.join(', ')} tính từ nguồn dữ liệu ${q(d.source)} nhưng không có tệp nào được cung cấp; hãy thêm --records ${d.source}=TỆP (hoặc ghi giá trị các chỉ tiêu này trong tệp minh chứng).`,
  'record-unreadable': (d, f) => {
    const rows = d.first.map((r) => `dòng ${f.num(r.row)}: ${q(r.text)}`).join('; ') + (d.rows > d.first.length ? '; …' : '');
    return `Cột ${q(d.column)}: ${f.num(d.rows)} dòng không đọc được nên không được tính (${rows}). ${unreadableVi(d)}`;
  },
  'record-mixed-notation': (d, f) =>
    `Cột ${q(d.column)} viết số theo cả hai kiểu: ${q(d.vi.text)} (dòng ${f.num(d.vi.row)}, dấu phẩy thập phân) và ${q(d.en.text)} (dòng ${f.num(d.en.row)}, dấu chấm thập phân), nên một số như "1.234" có thể là 1234 hoặc 1,234. Chỉ những số đọc theo hai kiểu như nhau được tính; hãy viết cả cột theo một kiểu.`,
  'unit-without-group': (d) => `Đơn vị ${d.unit} chưa có nhóm; hãy ghi mã nhóm vào cột Nhóm (group).`,
  'unit-unknown-group': (d) => `Đơn vị ${d.unit}: nhóm ${q(d.group)} không có trong bộ tiêu chí.${mean(d.suggestion)} Các nhóm: ${d.allowed.join(', ')}.`,
  'duplicate-unit': (d) => `Đơn vị ${d.unit} xuất hiện hai lần; hãy giữ một dòng.`,
  'unknown-item': (d) => `${q(d.item)} không phải tiêu chí thành phần hay mục điểm thưởng/trừ của bộ tiêu chí.${mean(d.suggestion)}`,
  'node-item': (d) => `${q(d.item)} có tiêu chí con; điểm của nó là tổng các tiêu chí con nên dòng này không được dùng.`,
  'points-not-number': (d) => `${q(d.value)} không phải số điểm.`,
  'self-out-of-range': (d, f) => `Điểm tự chấm ${f.num(d.points)} của ${d.item} nằm ngoài khoảng ${f.num(d.floor)}–${f.num(d.max)}.`,
  'override-without-reason': (d) => `Điều chỉnh điểm ${d.item} không có lý do; mọi thay đổi điểm đều phải nêu lý do.`,
  'override-out-of-range': (d, f) => `Điều chỉnh điểm ${d.item} thành ${f.num(d.points)} nằm ngoài khoảng ${f.num(d.floor)}–${f.num(d.max)}.`,
  'conflicting-rows': (d) => `${d.item} được khai hai lần cho đơn vị này; hãy giữ một dòng.`,
  'published-value': (d) =>
    d.expected === 'rank' ? `${q(d.value)} không phải thứ hạng; hãy ghi số nguyên như 3 (hoặc 3= khi đồng hạng).` : `${q(d.value)} không phải số; hãy ghi số như 82,25 hoặc để trống.`,
  'json-syntax': (d) => `Tệp không phải JSON hợp lệ: ${d.detail}. Hãy dùng đúng tệp do parscore score --format json tạo ra.`,  'annex-no-header': (d) =>
    `Không tìm thấy dòng tiêu đề của bảng tiêu chí (cần các cột STT, Lĩnh vực/Tiêu chí và Điểm tối đa) trong ${d.sheets.length === 1 ? 'trang tính' : 'các trang tính'} ${d.sheets.map(q).join(', ')}; hãy kiểm tra tên cột, hoặc chọn trang tính bằng --sheet.`,
  'annex-duplicate-column': (d) => `Cột ${q(d.header)} là cột ${annexColumnVi[d.role]} thứ hai của bảng; hãy giữ một cột, hoặc đổi tên cột thừa.`,
  'annex-no-rows': () => 'Bảng không có dòng tiêu chí nào có số thứ tự dưới dòng tiêu đề.',
  'annex-number-format': (d) =>
    d.date
      ? `Ô số thứ tự là ngày (${q(d.value)}): bảng tính đã hiểu số như "1.1" thành ngày; hãy định dạng cột STT là Văn bản (Text) rồi gõ lại số thứ tự.`
      : `Số thứ tự ${q(d.value)} không đọc được; hãy ghi dạng 1, 1.1, 1.1.1 hoặc I, 1, a (ô gạch đầu dòng "-" là dòng diễn giải).`,
  'annex-number-ambiguous': (d) => `Dòng có nhiều số thứ tự (${d.values.map(q).join(', ')}) nên không biết tiêu chí ở cấp nào; hãy để mỗi dòng một số thứ tự.`,
  'annex-number-skip': (d) =>
    d.parent === undefined
      ? `Số thứ tự ${q(d.number)} là tiêu chí cấp dưới nhưng bên trên chưa có lĩnh vực nào; hãy kiểm tra số thứ tự.`
      : `Số thứ tự ${q(d.number)} nhảy cấp: dưới ${q(d.parent)} còn thiếu một cấp; hãy kiểm tra số thứ tự.`,
  'annex-number-parent': (d) => `Số thứ tự ${q(d.number)} nằm dưới ${q(d.parent)}, không khớp số của tiêu chí cha; hãy sửa một trong hai.`,
  'annex-duplicate-number': (d) => `Số thứ tự ${q(d.number)} trùng với một dòng bên trên; mỗi tiêu chí cần một số riêng.`,
  'annex-orphan-row': (d) => `Dòng ${q(d.text)} không có số thứ tự và chưa thuộc tiêu chí nào bên trên; hãy ghi số thứ tự, hoặc xoá dòng.`,
  'annex-missing-title': (d) => `Tiêu chí ${q(d.number)} không có tên; hãy ghi tên tiêu chí.`,
  'annex-missing-max': (d) => `Tiêu chí thành phần ${q(d.number)} không có điểm tối đa; hãy ghi điểm tối đa.`,
  'annex-max-not-number': (d, f) =>
    d.readings
      ? `Điểm tối đa ${q(d.value)} đọc được hai cách: ${f.num(d.readings[0])} (dấu phẩy thập phân) hoặc ${f.num(d.readings[1])} (dấu chấm thập phân); hãy ghi rõ, ví dụ ${f.num(d.readings[1])}.`
      : d.formula
        ? `Điểm tối đa là công thức ${q(d.value)} mà bảng tính chưa lưu kết quả; hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại.`
        : `Điểm tối đa ${q(d.value)} không phải số; hãy ghi số như 1 hoặc 1,5.`,
  'annex-max-not-positive': (d, f) => `Điểm tối đa của ${q(d.number)} là ${f.num(d.max)}; điểm tối đa phải lớn hơn 0.`,
  'annex-subtotal': (d, f) =>
    d.number === ''
      ? `Dòng tổng cộng ghi ${f.num(d.declared)} nhưng tổng điểm tối đa các lĩnh vực là ${f.num(d.sum)}; hãy sửa cho khớp.`
      : `${q(d.number)} ghi điểm tối đa ${f.num(d.declared)} nhưng tổng các tiêu chí bên dưới là ${f.num(d.sum)}; hãy sửa cho khớp.`,
  'annex-merged-max': (d) => `Ô điểm tối đa ${d.range} được gộp qua nhiều tiêu chí (${d.numbers.map(q).join(', ')}) nên không biết điểm của từng tiêu chí; hãy bỏ gộp ô và ghi điểm cho từng tiêu chí.`,
  'annex-no-title': () => 'Phía trên bảng không có tên bộ tiêu chí; hãy thêm --title "Tên bộ tiêu chí".',
  'annex-no-year': (d) => `Tên bộ tiêu chí ${q(d.title)} không ghi năm; hãy thêm --year NĂM.`,
  'annex-total-unchecked': (d) =>
    `Dòng ${q(d.label)} không được đối chiếu: bảng không cho biết tiêu chí nào áp dụng cho nhóm nào; hãy khai báo applies_to cho các tiêu chí đó rồi kiểm tra bằng parscore validate.`,
  'annex-after-total': (d) =>
    `${d.rows} dòng từ dòng ${d.first} trở đi nằm sau dòng tổng cộng (điểm thưởng, điểm trừ) nên không được nhập vào cây tiêu chí; hãy khai báo chúng ở mục adjustments của tệp tiêu chí.`,
};

const annexColumnVi = {
  number: 'số thứ tự',
  title: 'tên tiêu chí',
  max: 'điểm tối đa',
  method: 'phương pháp chấm điểm',
  evidence: 'tài liệu kiểm chứng',
  responsible: 'cơ quan chủ trì',
  note: 'ghi chú',
} as const;

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
    text: 'một chữ (văn bản)',
  };
  return t
    .split(' | ')
    .map((p) => words[p] ?? p)
    .join(' hoặc ');
}

function unreadableVi(d: ProblemData['record-unreadable']): string {
  const notation = { vi: 'viết kiểu 1.234,5 (dấu phẩy thập phân)', en: 'viết kiểu 1,234.5 (dấu chấm thập phân) như các dòng đầu của cột', mixed: 'đọc theo hai kiểu như nhau, vì cột viết lẫn hai kiểu' }[d.notation ?? 'vi'];
  switch (d.expected) {
    case 'date':
      return `Cần một ngày ${d.notation === 'en' ? 'yyyy-mm-dd' : 'dd/mm/yyyy hoặc yyyy-mm-dd'}, có thể kèm giờ (17:00); ngày kèm múi giờ (Z, +07:00) không dùng được vì ngày theo lịch tuỳ múi giờ.`;
    case 'number':
      return `Cần một số ${notation}.`;
    case 'weight':
      return `Cần một trọng số không âm ${notation}.`;
    case 'answer':
      return `Cần một câu trả lời có trong map của chỉ tiêu (${(d.answers ?? []).join(', ')}); câu trả lời cố ý không tính thì thêm vào map với giá trị null, ví dụ Không biết: null.`;
    case 'value':
      return 'Đây là ô lỗi công thức (như #N/A) hoặc công thức mà bảng tính chưa lưu kết quả (=…); hãy sửa công thức, hoặc mở tệp bằng Excel hay LibreOffice rồi lưu lại.';
  }
}

function foundVi(g: Found): string {
  const words = { text: 'văn bản', number: 'số', boolean: 'giá trị', list: 'một danh sách', map: 'một khối khoá: giá trị', null: 'giá trị rỗng (null)', other: 'giá trị' };
  return g.value === undefined ? words[g.type] : `${words[g.type]} ${g.type === 'text' ? q(g.value) : g.value}`;
}
