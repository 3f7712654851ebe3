/**
 * Online payment through the national Payment Platform (Nền tảng thanh toán of the DVCQG) or a
 * province's own gateway: the messages exchanged (INIT, the platform's callback, QUERY), their
 * keyed hash `MaXacThuc`, the province's record of each payment request, and what a callback or a
 * QUERY answer does to it. Pure: the adapter sends, the application stores and settles.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { nationalDate } from './national-portal.js';
import { parseInstant, toVietnamIso, type Instant } from './time.js';

/** PhienBan: the version of the platform's message format this adapter speaks. */
export const PLATFORM_VERSION = '2.0.0';
export const CURRENCY = 'VND';

/** Where a dossier is paid online: the national Payment Platform, or the province's own gateway. */
export type PaymentChannel = 'NATIONAL_PLATFORM' | 'PROVINCE_GATEWAY';

/** The platform's result codes (MaLoi) the adapter gives and understands. */
export const RESULT_CODES = {
  /** Taken (a callback), done (a transaction), or known (a QUERY). */
  OK: '00',
  BAD_SIGNATURE: '01',
  UNKNOWN_REFERENCE: '02',
  AMOUNT_DIFFERS: '03',
  INVALID_MESSAGE: '04',
  /** A transaction that has not been paid (yet): the citizen has not finished. */
  PENDING: '09',
  /** The citizen's bank or the platform refused the transaction. */
  FAILED: '10',
  SYSTEM_ERROR: '99',
} as const;

const DESCRIPTIONS: Record<string, string> = {
  '00': 'Thành công',
  '01': 'Mã xác thực không hợp lệ',
  '02': 'Không tìm thấy mã tham chiếu',
  '03': 'Số tiền không khớp với yêu cầu thanh toán',
  '04': 'Bản tin không hợp lệ',
  '99': 'Lỗi hệ thống',
};

/** One fee line as the receipt the platform issues lists it. */
export interface PlatformFeeLine {
  /** FEE_KIND_CODES of the national integration: 1 phí, 2 lệ phí. */
  LoaiPhiLePhi: 1 | 2;
  MaPhiLePhi: string;
  TenPhiLePhi: string;
  SoTien: number;
}

/** ThongTinBienLai: what the platform's receipt (biên lai điện tử) says of the dossier. */
export interface ReceiptInfo {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaDonVi: string;
  HoTenNguoiNop: string;
  PhiLePhi: PlatformFeeLine[];
}

export interface InitMessage {
  LoaiBanTin: 'INIT';
  PhienBan: string;
  MaDoiTac: string;
  MaThamChieu: string;
  SoTien: number;
  MaTienTe: typeof CURRENCY;
  ThongTinBienLai: ReceiptInfo;
  MaXacThuc: string;
}

export interface InitAnswer {
  MaLoi: string;
  MoTaLoi?: string;
  MaDoiTac: string;
  MaThamChieu: string;
  UrlThanhToan?: string;
  MaXacThuc: string;
}

export interface QueryMessage {
  LoaiBanTin: 'QUERY';
  PhienBan: string;
  MaDoiTac: string;
  MaThamChieu: string;
  MaXacThuc: string;
}

/**
 * The outcome of a transaction, as the platform calls back (LoaiBanTin CALLBACK) and as it
 * answers a QUERY (LoaiBanTin QUERY): `MaLoi` "00" paid, "09" not paid yet, anything else failed.
 */
export interface TransactionResult {
  LoaiBanTin: 'CALLBACK' | 'QUERY';
  MaLoi: string;
  MaDoiTac: string;
  MaThamChieu: string;
  SoTien: number;
  MaTienTe: string;
  MaGiaoDich: string;
  MaNganHang: string;
  /** yyyyMMddHHmmss in Vietnam's time. */
  ThoiGianGD: string;
  ThongTinGiaoDich: string;
  MaXacThuc: string;
}

/** What the province answers a callback. */
export interface CallbackAnswer {
  MaLoi: string;
  MoTaLoi: string;
  MaDoiTac: string;
  MaThamChieu: string;
  ThoiGianGD: string;
  MaXacThuc: string;
}

/** The messages a MaXacThuc is computed over. */
export type SignedMessage =
  | { kind: 'INIT'; message: Omit<InitMessage, 'MaXacThuc'> }
  | { kind: 'INIT_ANSWER'; message: Omit<InitAnswer, 'MaXacThuc'> }
  | { kind: 'QUERY'; message: Omit<QueryMessage, 'MaXacThuc'> }
  | { kind: 'RESULT'; message: Omit<TransactionResult, 'MaXacThuc'> }
  | { kind: 'CALLBACK_ANSWER'; message: Omit<CallbackAnswer, 'MaXacThuc'> };

/**
 * MaXacThuc: the keyed hash of a message's fields joined by `|`, in hex, with the province's
 * shared secret. The platform's integration document fixes the fields, their order and the
 * hash; this one function follows it (HMAC-SHA256 over the fields below until it says otherwise).
 */
export function maXacThuc(secret: string, signed: SignedMessage): string {
  const m = signed.message as unknown as Record<string, unknown>;
  const FIELDS: Record<SignedMessage['kind'], string[]> = {
    INIT: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'MaTienTe'],
    INIT_ANSWER: ['MaLoi', 'MaDoiTac', 'MaThamChieu', 'UrlThanhToan'],
    QUERY: ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu'],
    RESULT: ['LoaiBanTin', 'MaLoi', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'MaTienTe', 'MaGiaoDich', 'MaNganHang', 'ThoiGianGD'],
    CALLBACK_ANSWER: ['MaLoi', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'],
  };
  const text = FIELDS[signed.kind].map((f) => String(m[f] ?? '')).join('|');
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** Whether a message's MaXacThuc is the one its fields give (compared in constant time). */
export function signatureHolds(secret: string, signed: SignedMessage, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(maXacThuc(secret, signed), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A message with its MaXacThuc. */
export const signed = <K extends SignedMessage['kind'], M extends Extract<SignedMessage, { kind: K }>['message']>(
  secret: string,
  kind: K,
  message: M,
): M & { MaXacThuc: string } => ({ ...message, MaXacThuc: maXacThuc(secret, { kind, message } as SignedMessage) });

/** The province's record of one online payment request (one INIT), found by its reference. */
export interface OnlinePayment {
  /** MaThamChieu: the day it was made (yyyyMMdd) and 12 random characters. */
  reference: string;
  province: string;
  commune: string;
  dossierId: string;
  channel: PaymentChannel;
  amount: number;
  paymentUrl: string;
  createdAt: string;
  expiresAt: string;
  /**
   * PENDING until the platform tells; REFUND_DUE: paid when nothing was owed any more (cancelled,
   * or paid already), until the leader gives it back (REFUNDED).
   */
  status: 'PENDING' | 'PAID' | 'FAILED' | 'REFUND_DUE' | 'REFUNDED';
  /** The transaction as the platform reported it, once it did. */
  transaction?: { id: string; bank: string; at: string; result: string; via: 'CALLBACK' | 'QUERY' };
  settledAt?: string;
  /** How a REFUND_DUE payment was given back. */
  refund?: PaymentRefund;
}

export interface PaymentRefund {
  reason: string;
  by: string;
  byName?: string;
  at: string;
}

/**
 * Money a commune owes back: an online payment the platform took when nothing (or another
 * amount) was owed any more, kept where the commune's leader finds it until it is refunded.
 */
export interface RefundDue {
  reference: string;
  province: string;
  commune: string;
  dossierId: string;
  /** The dossier's code, as the list shows it. */
  code: string | null;
  channel: PaymentChannel;
  amount: number;
  /** When the platform's result was taken. */
  receivedAt: string;
  transaction: { id: string; bank: string; at: string };
  /** Why it is owed back, as the settlement found it. */
  why: string;
  status: 'REFUND_DUE' | 'REFUNDED';
  refund?: PaymentRefund;
}

/** What a commune owes back of a request flagged REFUND_DUE. */
export function refundDueOf(request: OnlinePayment, code: string | null, why: string): RefundDue {
  const t = request.transaction!;
  return {
    reference: request.reference,
    province: request.province,
    commune: request.commune,
    dossierId: request.dossierId,
    code,
    channel: request.channel,
    amount: request.amount,
    receivedAt: request.settledAt!,
    transaction: { id: t.id, bank: t.bank, at: t.at },
    why,
    status: 'REFUND_DUE',
  };
}

/** The money owed back a report lists: every one still owed, and those given back in the period (local days). */
export const refundsDueIn = (all: readonly RefundDue[], from: string, to: string): RefundDue[] =>
  all
    .filter((r) => r.status === 'REFUND_DUE' || (r.refund && r.refund.at.slice(0, 10) >= from && r.refund.at.slice(0, 10) <= to))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.reference.localeCompare(b.reference));

/** A request is asked about (QUERY) when older than this and younger than QUERY_HORIZON_MS, while PENDING. */
export const QUERY_AFTER_MS = 15 * 60_000;
export const QUERY_HORIZON_MS = 3 * 24 * 60 * 60_000;
/** How long a payment page stays open. */
export const PAYMENT_WINDOW_MS = 24 * 60 * 60_000;

/** The reference of a request made at `at`: its day first, so the store finds a day's requests in one partition. */
export const paymentReference = (at: Instant, random: string): string => `${toVietnamIso(at).slice(0, 10).replace(/-/g, '')}${random}`;
/** The day (yyyyMMdd) a reference was made on; undefined for a text that is none. */
export const referenceDay = (reference: string): string | undefined => (/^\d{8}[0-9A-Z]{12}$/.test(reference) ? reference.slice(0, 8) : undefined);

/** Whether the reconciliation asks the platform about a request now. */
export const dueForQuery = (p: OnlinePayment, now: Instant): boolean => {
  const age = now - parseInstant(p.createdAt);
  return p.status === 'PENDING' && age >= QUERY_AFTER_MS && age < QUERY_HORIZON_MS;
};

/** What the dossier's payment makes of a paid transaction: settle it, or record money that is owed back. */
export type Settlement = 'SETTLE' | 'REFUND_DUE';

/**
 * The answer to a callback, signed. `at` is the transaction's own time (ThoiGianGD) when the
 * callback carries a well-formed one, so the same callback is answered the same every time.
 */
export function callbackAnswer(secret: string, code: string, partner: string, reference: string, at: Instant | string): CallbackAnswer {
  return signed(secret, 'CALLBACK_ANSWER', {
    MaLoi: code,
    MoTaLoi: DESCRIPTIONS[code] ?? DESCRIPTIONS['99']!,
    MaDoiTac: partner,
    MaThamChieu: reference,
    ThoiGianGD: typeof at === 'string' ? at : nationalDate(toVietnamIso(at)),
  });
}

/** A national date-time yyyyMMddHHmmss (ThoiGianGD). */
export const isPlatformTime = (text: unknown): text is string => typeof text === 'string' && /^\d{14}$/.test(text);

const TEXT_FIELDS = ['LoaiBanTin', 'MaLoi', 'MaDoiTac', 'MaThamChieu', 'MaTienTe', 'MaGiaoDich', 'MaNganHang', 'ThoiGianGD', 'ThongTinGiaoDich'] as const;

/** A callback's or a QUERY answer's body as a transaction result; undefined when it is none (MaLoi 04). */
export function transactionResultOf(body: unknown): TransactionResult | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const m = body as Record<string, unknown>;
  if (m.LoaiBanTin !== 'CALLBACK' && m.LoaiBanTin !== 'QUERY') return undefined;
  if (!TEXT_FIELDS.every((f) => typeof m[f] === 'string' && (m[f] as string).length <= 256)) return undefined;
  if (!Number.isSafeInteger(m.SoTien) || typeof m.MaXacThuc !== 'string') return undefined;
  const fields = Object.fromEntries([...TEXT_FIELDS, 'SoTien', 'MaXacThuc'].map((f) => [f, m[f]]));
  return fields as unknown as TransactionResult;
}

/** MaThamChieu made of 12 random characters of this alphabet, from 12 random bytes. */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const referenceSuffix = (bytes: Uint8Array): string =>
  Array.from(bytes.subarray(0, 12), (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('');

/**
 * Why a transaction result cannot be taken for this request, as its MaLoi; undefined when it can.
 * Checked in this order, so a forged message learns nothing of the references that exist.
 */
export function resultRefusal(secret: string, result: TransactionResult, request: OnlinePayment | undefined, partner: string): string | undefined {
  const { MaXacThuc, ...fields } = result;
  if (!signatureHolds(secret, { kind: 'RESULT', message: fields }, MaXacThuc) || result.MaDoiTac !== partner) return RESULT_CODES.BAD_SIGNATURE;
  if (!request) return RESULT_CODES.UNKNOWN_REFERENCE;
  if (result.SoTien !== request.amount || result.MaTienTe !== CURRENCY) return RESULT_CODES.AMOUNT_DIFFERS;
  return undefined;
}

/** The request once the platform's result is known: PAID (or REFUND_DUE when nothing was owed), FAILED, or unchanged while pending. */
export function requestAfter(request: OnlinePayment, result: TransactionResult, settlement: Settlement | undefined, at: string): OnlinePayment {
  if (result.MaLoi === RESULT_CODES.PENDING || request.status !== 'PENDING') return request;
  const paid = result.MaLoi === RESULT_CODES.OK;
  return {
    ...request,
    status: paid ? (settlement === 'REFUND_DUE' ? 'REFUND_DUE' : 'PAID') : 'FAILED',
    transaction: { id: result.MaGiaoDich, bank: result.MaNganHang, at: result.ThoiGianGD, result: result.MaLoi, via: result.LoaiBanTin },
    settledAt: at,
  };
}
