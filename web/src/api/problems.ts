import type { Problem } from './types';

/**
 * What the console shows of a problem: Vietnamese only. The API's `title` and `detail` are
 * English for integrators; the console puts each problem type, and each invalid field, in its
 * own words. Pure, so that a test can walk every type the API declares.
 */
export interface ShownProblem {
  title: string;
  detail: string;
  /** One line per invalid field: the field's name and what is wrong with it. */
  fields: string[];
}

const PROBLEMS = 'https://motcua.gov.vn/problems/';

/** By the problem type's name (its URL's last segment), as the API declares them. */
const BY_TYPE: Record<string, Omit<ShownProblem, 'fields'>> = {
  'invalid-request': { title: 'Thông tin chưa hợp lệ', detail: 'Ông/bà kiểm tra lại thông tin đã nhập.' },
  unauthorized: { title: 'Phiên đăng nhập đã hết hạn', detail: 'Ông/bà đăng nhập lại để tiếp tục.' },
  forbidden: { title: 'Không có quyền', detail: 'Tài khoản này không được làm việc này, hoặc với hồ sơ của đơn vị khác.' },
  'not-found': { title: 'Không tìm thấy', detail: 'Không có dữ liệu này, hoặc tài khoản này không được xem.' },
  conflict: {
    title: 'Không thực hiện được lúc này',
    detail: 'Tình trạng hồ sơ không cho phép việc này, hoặc hồ sơ vừa được người khác cập nhật. Ông/bà xem lại hồ sơ rồi thử lại.',
  },
  'content-too-large': { title: 'Tệp quá lớn', detail: 'Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép. Ông/bà chọn tệp nhỏ hơn.' },
  'unsupported-media-type': { title: 'Loại tệp không được nhận', detail: 'Ông/bà chọn tệp đúng loại (ví dụ .xlsx hoặc .csv).' },
  'too-many-requests': { title: 'Quá nhiều yêu cầu', detail: 'Ông/bà thử lại sau ít phút.' },
  'internal-error': { title: 'Lỗi hệ thống', detail: 'Yêu cầu chưa thực hiện được. Ông/bà thử lại; nếu lỗi lặp lại, báo quản trị hệ thống kèm thời điểm.' },
  error: { title: 'Không thực hiện được', detail: 'Yêu cầu chưa thực hiện được. Ông/bà thử lại sau ít phút.' },
};

/** A problem made in the browser, before any answer (no connection). */
const OFFLINE = { title: 'Không kết nối được máy chủ', detail: 'Kiểm tra đường truyền rồi thử lại.' };

/** An answer without a problem type (a proxy's, the gateway's own): its type by its status. */
const TYPE_OF_STATUS: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'content-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/** The fields the console sends, by their path in the request (list positions as `*`). */
const FIELD_NAMES: Record<string, string> = {
  'body.procedureCode': 'Thủ tục',
  'body.channel': 'Hình thức nộp',
  'body.competentCommune': 'Xã giải quyết',
  'body.applicant': 'Người nộp',
  'body.applicant.name': 'Họ tên người nộp',
  'body.applicant.idNumber': 'Số định danh cá nhân',
  'body.applicant.phone': 'Số điện thoại',
  'body.applicant.email': 'Thư điện tử',
  'body.applicant.address': 'Địa chỉ',
  'body.applicant.notify': 'Kênh nhận thông báo',
  'body.documents': 'Giấy tờ',
  'body.documents.*': 'Giấy tờ',
  'body.documents.*.name': 'Tên giấy tờ',
  'body.documents.*.kind': 'Hình thức giấy tờ',
  'body.documents.*.count': 'Số lượng giấy tờ',
  'body.note': 'Ghi chú',
  'body.reason': 'Lý do',
  'body.assignee': 'Người được phân công',
  'body.outcome': 'Đề xuất',
  'body.summary': 'Nội dung đề xuất',
  'body.agree': 'Ý kiến',
  'body.decision': 'Quyết định',
  'body.newDueAt': 'Ngày hẹn mới',
  'body.number': 'Số văn bản',
  'body.symbol': 'Ký hiệu văn bản',
  'body.issuedOn': 'Ngày ban hành',
  'body.version': 'Phiên bản hồ sơ',
  'body.name': 'Tên tệp',
  'body.contentType': 'Loại tệp',
  'body.size': 'Dung lượng tệp',
  'body.purpose': 'Mục đích của tệp',
  'body.sha256': 'Mã băm của tệp',
  'headers.if-match': 'Phiên bản hồ sơ',
};

const fieldName = (path: string): string => {
  const general = path.replaceAll(/\.\d+(?=\.|$)/g, '.*');
  if (FIELD_NAMES[general]) return FIELD_NAMES[general];
  if (path.startsWith('query.')) return 'Bộ lọc tìm kiếm';
  if (path.startsWith('params.') || path.startsWith('path.')) return 'Địa chỉ yêu cầu';
  return 'Một thông tin đã nhập';
};

/** What is wrong with a field, from the validator's message (zod) or the application's. */
function fieldFault(message: string): string {
  if (/received undefined|required/i.test(message)) return 'chưa nhập';
  if (/too small|too_small|>=\s*1\b|at least/i.test(message)) return 'chưa nhập hoặc quá ngắn';
  if (/too big|too_big|at most/i.test(message)) return 'quá dài hoặc quá lớn';
  if (/unrecognized key/i.test(message)) return 'không được dùng ở đây';
  if (/invalid option|expected one of/i.test(message)) return 'không thuộc các giá trị cho phép';
  if (/unknown/i.test(message)) return 'không có trong danh mục';
  if (/pattern|format|invalid (string|email|url)|regex/i.test(message)) return 'không đúng định dạng';
  if (/expected/i.test(message)) return 'sai kiểu dữ liệu';
  return 'không hợp lệ';
}

/** A problem as the console shows it. */
export function shownProblem(problem: Problem): ShownProblem {
  if (problem.status === 0) return { ...OFFLINE, fields: [] };
  const name = problem.type?.startsWith(PROBLEMS)
    ? problem.type.slice(PROBLEMS.length)
    : (TYPE_OF_STATUS[problem.status] ?? (problem.status >= 500 ? 'internal-error' : 'error'));
  const words = BY_TYPE[name] ?? BY_TYPE.error!;
  return { ...words, fields: (problem.errors ?? []).map((e) => `${fieldName(e.path)}: ${fieldFault(e.message)}`) };
}
