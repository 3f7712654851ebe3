/**
 * What a printed form says, in Vietnamese as officials say it: the heading, and every field of
 * the form's data as labelled rows, lists and tables. Pure: the renderer only draws this.
 */
import type { FormData, FormNumber } from '../../domain/forms.js';
import type { Commune } from '../../domain/model.js';
import type { ReceiptDocument } from '../../domain/payment.js';
import { parseInstant, toVietnamIso } from '../../domain/time.js';

export type Block =
  | { kind: 'field'; path: string; label: string; value: string }
  | { kind: 'list'; path: string; label: string; items: string[] }
  | { kind: 'table'; path: string; label: string; columns: { key: string; label: string }[]; rows: string[][] }
  | { kind: 'group'; path: string; label: string; blocks: Block[] };

export interface FormLayout {
  /** The form of Circular 03/2025, or a fee receipt (biên lai). */
  form: FormNumber | 'receipt';
  /** The issuing body, as the top left of an administrative document names it. */
  issuingBody: { province: string; committee: string; office: string; unitCode: string };
  title: string;
  /** "Mẫu số 01 — Thông tư 03/2025/TT-VPCP" */
  formNumber: string;
  /** "Tân Uyên, ngày 10 tháng 03 năm 2026", when the form carries its date. */
  placeAndDate: string | null;
  /** The dossier code, or null before acceptance. */
  dossierCode: string | null;
  blocks: Block[];
  /** Who signs at the foot. */
  signers: string[];
  /** A VietQR payload to draw as a QR code beside the transfer's details (Form 01 with something due). */
  vietQr: string | null;
}

export const NATIONAL_HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Header fields drawn in the heading rather than as rows. */
export const HEADING_FIELDS = ['form', 'title', 'legalBasis', 'issuingUnit', 'issuingUnitName', 'province', 'dossierCode', 'generatedAt'] as const;

/** Labels by path (`documents[].name`), falling back to the last key. */
const LABELS: Record<string, string> = {
  commune: 'Cơ quan giải quyết',
  procedure: 'Thủ tục hành chính',
  'procedure.code': 'Mã thủ tục',
  'procedure.name': 'Tên thủ tục',
  applicant: 'Người nộp hồ sơ',
  name: 'Họ và tên',
  address: 'Địa chỉ',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  channel: 'Hình thức nộp',
  documents: 'Thành phần hồ sơ',
  'documents[].name': 'Tên giấy tờ',
  'documents[].kind': 'Hình thức',
  'documents[].count': 'Số lượng',
  dossierSets: 'Số bộ hồ sơ',
  processing: 'Thời hạn giải quyết',
  fee: 'Phí, lệ phí',
  receivedAt: 'Thời gian tiếp nhận',
  receivedBy: 'Người tiếp nhận',
  dueAt: 'Ngày hẹn trả kết quả',
  department: 'Phòng chuyên môn giải quyết',
  stage: 'Giai đoạn',
  requestingUnit: 'Đơn vị yêu cầu',
  reason: 'Lý do',
  documentsRequired: 'Giấy tờ cần bổ sung, hoàn thiện',
  requestedBy: 'Người yêu cầu',
  requestedAt: 'Ngày yêu cầu',
  suppliedAt: 'Ngày đã bổ sung',
  submittedAt: 'Ngày nộp hồ sơ',
  refusedBy: 'Người từ chối',
  refusedAt: 'Ngày từ chối',
  originalDueAt: 'Ngày hẹn trả ban đầu',
  newDueAt: 'Ngày hẹn trả mới',
  issuedBy: 'Người lập phiếu',
  issuedAt: 'Ngày lập phiếu',
  stoppedAtStep: 'Dừng ở bước',
  stoppedAt: 'Ngày dừng giải quyết',
  recordedBy: 'Người ghi nhận',
  status: 'Trạng thái',
  acceptedAt: 'Ngày tiếp nhận',
  steps: 'Các bước giải quyết',
  'steps[].step': 'Bước',
  'steps[].department': 'Đơn vị',
  'steps[].actor': 'Người thực hiện',
  'steps[].startedAt': 'Bắt đầu',
  'steps[].dueAt': 'Hạn xử lý',
  'steps[].completedAt': 'Hoàn thành',
  'steps[].timeliness': 'Đánh giá',
  handoffs: 'Giao nhận hồ sơ',
  'handoffs[].from': 'Bên giao',
  'handoffs[].to': 'Bên nhận',
  'handoffs[].handedOverBy': 'Người giao',
  'handoffs[].handedOverAt': 'Thời gian giao',
  'handoffs[].receivedBy': 'Người nhận',
  'handoffs[].receivedAt': 'Thời gian nhận',
  'handoffs[].timeliness': 'Đánh giá',
  pauses: 'Thời gian tạm dừng để bổ sung',
  historyHead: 'Chuỗi băm quá trình xử lý (SHA-256), để đối chiếu',
  'historyHead.hash': 'Mã băm của bản ghi cuối',
  'historyHead.entries': 'Số bản ghi trong chuỗi',
  'pauses[].from': 'Từ',
  'pauses[].to': 'Đến',
  signatures: 'Chữ ký số trên kết quả điện tử',
  'signatures[].role': 'Loại chữ ký',
  'signatures[].signer': 'Người ký',
  'signatures[].signedAt': 'Thời điểm ký',
  'signatures[].certificateSubject': 'Chứng thư số',
  'signatures[].certificateFingerprint': 'Dấu vân tay chứng thư số (SHA-256)',
  completedAt: 'Ngày có kết quả',
  timeliness: 'Đánh giá thời hạn',
  handedToDepartment: 'Chuyển phòng chuyên môn',
  'handedToDepartment.department': 'Phòng',
  'handedToDepartment.at': 'Ngày chuyển',
  'handedToDepartment.receivedAt': 'Ngày phòng nhận',
  returnedAt: 'Ngày trả kết quả',
  notes: 'Ghi chú',
  transfer: 'Nộp phí, lệ phí bằng chuyển khoản (quét mã VietQR)',
  'transfer.bankBin': 'Mã ngân hàng (BIN)',
  'transfer.accountNumber': 'Số tài khoản',
  'transfer.accountName': 'Chủ tài khoản',
  'transfer.amount': 'Số tiền',
};

const UNITS: Record<string, string> = {
  OFFICE: 'Văn phòng HĐND và UBND',
  ECONOMICS: 'Phòng Kinh tế',
  CULTURE_SOCIETY: 'Phòng Văn hóa – Xã hội',
  DESK: 'Bộ phận một cửa',
};

/** Terms of the coded values, by the key that holds them. */
const TERMS: Record<string, Record<string, string>> = {
  channel: { ONLINE: 'Trực tuyến', IN_PERSON: 'Trực tiếp', POSTAL: 'Qua dịch vụ bưu chính' },
  kind: { ORIGINAL: 'Bản chính', COPY: 'Bản sao', CERTIFIED_COPY: 'Bản sao chứng thực' },
  department: UNITS,
  requestingUnit: UNITS,
  from: UNITS,
  to: UNITS,
  step: {
    RECEPTION: 'Tiếp nhận',
    ASSIGNMENT: 'Phân công',
    APPRAISAL: 'Thẩm định',
    REVIEW: 'Xem xét',
    APPROVAL: 'Phê duyệt',
    ISSUANCE: 'Vào sổ, đóng dấu',
  },
  status: {
    SUBMITTED: 'Chờ tiếp nhận',
    AWAITING_PAYMENT: 'Chờ thực hiện nghĩa vụ tài chính',
    IN_PROCESSING: 'Đang giải quyết',
    SUPPLEMENT_REQUESTED: 'Chờ bổ sung hồ sơ',
    REFUSED: 'Từ chối tiếp nhận',
    RESULT_READY: 'Đã có kết quả',
    RETURNED: 'Đã trả kết quả',
    WITHDRAWN: 'Dừng giải quyết',
  },
  stage: { RECEPTION: 'Khi tiếp nhận hồ sơ', PROCESSING: 'Trong quá trình giải quyết' },
  timeliness: { EARLY: 'Trước hạn', ON_TIME: 'Đúng hạn', LATE: 'Trễ hạn' },
  role: { LEADER: 'Chữ ký của người có thẩm quyền', SEAL: 'Chữ ký số của cơ quan (đóng dấu)' },
};
TERMS.stoppedAtStep = TERMS.step!;

const FORM_SIGNERS: Record<FormNumber, string[]> = {
  '01': ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ'],
  '02': ['NGƯỜI HƯỚNG DẪN'],
  '03': ['NGƯỜI TIẾP NHẬN HỒ SƠ'],
  '04': ['ĐẠI DIỆN CƠ QUAN GIẢI QUYẾT'],
  '05': ['NGƯỜI LẬP PHIẾU'],
  '06': ['BỘ PHẬN MỘT CỬA'],
  '07': ['NGƯỜI GHI SỔ'],
};

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** "08:00 ngày 02/03/2026", in Vietnam's time whatever offset the value was written with. */
export function formatInstant(iso: string): string {
  const at = toVietnamIso(parseInstant(iso));
  return `${at.slice(11, 16)} ngày ${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)}`;
}

const vnd = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

const labelOf = (path: string) => LABELS[path] ?? LABELS[path.replace(/^.*[.\]]/, '')] ?? path;

/** The key a value is coded by, for its term: the last key of the path. */
const keyOf = (path: string) => path.replace(/^.*[.\]]/, '');

function formatValue(path: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  const key = keyOf(path);
  if (key === 'processing') {
    const p = value as { kind: string; days?: number };
    return p.kind === 'SAME_DAY' ? 'Trong ngày' : `${String(p.days).replace('.', ',')} ngày làm việc`;
  }
  if (key === 'fee' && typeof value === 'number') return value === 0 ? 'Không thu' : vnd(value);
  if (key === 'amount' && typeof value === 'number') return vnd(value);
  if (typeof value === 'number') return value.toLocaleString('vi-VN');
  const text = String(value);
  const term = TERMS[key]?.[text];
  if (term) return term;
  return text.replace(ISO, formatInstant);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lists whose values are too long for a table's narrow cells (a certificate's subject and fingerprint): each item prints as a group of rows. */
const STACKED: Record<string, string> = { signatures: 'Chữ ký' };

function blockOf(path: string, value: unknown): Block {
  const label = labelOf(path);
  // A duration is one value on paper, not its parts.
  if (keyOf(path) !== 'processing' && isPlainObject(value)) {
    return { kind: 'group', path, label, blocks: Object.entries(value).map(([k, v]) => blockOf(`${path}.${k}`, v)) };
  }
  if (Array.isArray(value)) {
    const item = STACKED[path];
    if (item && value.every(isPlainObject)) {
      return {
        kind: 'group',
        path,
        label,
        blocks: value.map((row, i) => ({
          kind: 'group' as const,
          path: `${path}[${i}]`,
          label: `${item} ${i + 1}`,
          blocks: Object.entries(row).map(([k, v]) => blockOf(`${path}[].${k}`, v)),
        })),
      };
    }
    if (value.every(isPlainObject) && value.length > 0) {
      const keys = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return {
        kind: 'table',
        path,
        label,
        columns: keys.map((k) => ({ key: k, label: labelOf(`${path}[].${k}`) })),
        rows: value.map((row) => keys.map((k) => formatValue(`${path}[].${k}`, row[k]))),
      };
    }
    return { kind: 'list', path, label, items: value.map((v) => formatValue(`${path}[]`, v)) };
  }
  return { kind: 'field', path, label, value: formatValue(path, value) };
}

/** The layout of a form, with the names of the communes it mentions. */
export function layoutForm(data: FormData, names: { province: string; communes: Pick<Commune, 'code' | 'name'>[] }): FormLayout {
  const communeName = (code: string) => names.communes.find((c) => c.code === code)?.name ?? code;
  const issuing = communeName(data.issuingUnit);
  const transfer = data.form === '01' ? data.transfer : null;
  // Form 01 prints how to pay by transfer only when there is something to pay, its payload drawn as the QR code rather than printed.
  const rows = Object.entries(data)
    .filter(([k]) => !(HEADING_FIELDS as readonly string[]).includes(k) && k !== 'transfer')
    .concat(transfer ? [['transfer', (({ vietQr: _payload, ...details }) => details)(transfer)]] : []);
  const blocks = rows.map(([k, v]) =>
    k === 'commune' ? { kind: 'field' as const, path: k, label: labelOf(k), value: `UBND xã ${communeName(String(v))}` } : blockOf(k, v),
  );
  const generated = data.generatedAt ? toVietnamIso(parseInstant(data.generatedAt)) : undefined;
  return {
    form: data.form,
    issuingBody: {
      province: `TỈNH ${names.province.toLocaleUpperCase('vi')}`,
      committee: `UBND XÃ ${issuing.toLocaleUpperCase('vi')}`,
      office: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
      unitCode: `Mã đơn vị: ${data.issuingUnit}`,
    },
    title: data.title.toLocaleUpperCase('vi'),
    formNumber: `Mẫu số ${data.form} — ${data.legalBasis}`,
    placeAndDate: generated ? `${issuing}, ngày ${generated.slice(8, 10)} tháng ${generated.slice(5, 7)} năm ${generated.slice(0, 4)}` : null,
    dossierCode: data.dossierCode,
    blocks,
    signers: FORM_SIGNERS[data.form],
    vietQr: transfer?.vietQr ?? null,
  };
}

/** Every label a layout uses that has no Vietnamese term: raw keys would be printed. */
export function untranslated(layout: FormLayout): string[] {
  const walk = (b: Block): string[] => {
    const own = b.label === b.path ? [b.path] : [];
    if (b.kind === 'group') return [...own, ...b.blocks.flatMap(walk)];
    if (b.kind === 'table') return [...own, ...b.columns.filter((c) => c.label === `${b.path}[].${c.key}`).map((c) => `${b.path}[].${c.key}`)];
    return own;
  };
  return layout.blocks.flatMap(walk);
}

const METHOD_TERMS: Record<ReceiptDocument['method'], string> = {
  CASH: 'Tiền mặt',
  BANK_TRANSFER: 'Chuyển khoản',
  ONLINE: 'Thanh toán trực tuyến',
};

/** A fee receipt (biên lai thu phí, lệ phí; Decree 11/2020): the issuing unit, the payer, its lines, the amount in figures and in words, the method, the collector, the date. */
export function layoutReceipt(data: ReceiptDocument, province: string): FormLayout {
  const issued = toVietnamIso(parseInstant(data.issuedAt));
  const field = (path: string, label: string, value: string): Block => ({ kind: 'field', path, label, value });
  const blocks: Block[] = [
    field('payer.name', 'Họ và tên người nộp', data.payer.name),
    field('payer.address', 'Địa chỉ', data.payer.address),
    field('procedure', 'Thủ tục hành chính', `${data.procedure.name} (${data.procedure.code})`),
    {
      kind: 'table',
      path: 'lines',
      label: data.kind === 'PHI' ? 'Khoản phí' : 'Khoản lệ phí',
      columns: [
        { key: 'name', label: 'Nội dung' },
        { key: 'base', label: 'Mức thu' },
        { key: 'exemption', label: 'Miễn, giảm' },
        { key: 'amount', label: 'Số tiền' },
      ],
      rows: data.lines.map((l) => [l.name, vnd(l.base), l.exemption ? `${l.exemption.percent}% (${l.exemption.name})` : '—', vnd(l.amount)]),
    },
    field('amount', 'Tổng số tiền', vnd(data.amount)),
    field('amountInWords', 'Số tiền bằng chữ', data.amountInWords),
    field('method', 'Hình thức thanh toán', METHOD_TERMS[data.method]),
    ...(data.reference ? [field('reference', 'Mã giao dịch', data.reference)] : []),
    field('collectorName', 'Người thu tiền', data.collectorName),
    field('issuedAt', 'Thời gian thu', formatInstant(data.issuedAt)),
    ...(data.refundedAt ? [field('refundedAt', 'Đã hoàn trả', formatInstant(data.refundedAt))] : []),
  ];
  return {
    form: 'receipt',
    issuingBody: {
      province: `TỈNH ${province.toLocaleUpperCase('vi')}`,
      committee: `UBND XÃ ${data.communeName.toLocaleUpperCase('vi')}`,
      office: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
      unitCode: `Mã đơn vị: ${data.commune}`,
    },
    title: data.kind === 'PHI' ? 'BIÊN LAI THU PHÍ' : 'BIÊN LAI THU LỆ PHÍ',
    formNumber: `Mẫu số: ${data.template} — Ký hiệu: ${data.series} — Số: ${String(data.number).padStart(7, '0')}`,
    placeAndDate: `${data.communeName}, ngày ${issued.slice(8, 10)} tháng ${issued.slice(5, 7)} năm ${issued.slice(0, 4)}`,
    dossierCode: data.dossierCode,
    blocks,
    signers: ['NGƯỜI NỘP TIỀN', 'NGƯỜI THU TIỀN'],
    vietQr: null,
  };
}
