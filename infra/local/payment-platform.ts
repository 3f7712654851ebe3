import { randomBytes } from 'node:crypto';
import { nationalDate } from '../../shared/domain/national-portal.js';
import {
  CURRENCY,
  RESULT_CODES,
  signatureHolds,
  signed,
  type InitMessage,
  type QueryMessage,
  type TransactionResult,
} from '../../shared/domain/payment-platform.js';

/** What the emulator received, in order. */
export interface PlatformCall {
  type: 'INIT' | 'QUERY';
  reference: string;
  amount?: number;
  /** The MaLoi it answered. */
  answered: string;
  at: string;
}

type Answer = { status: number; body?: unknown; html?: string; problem?: string };

interface Transaction {
  init: InitMessage;
  /** OPEN until the citizen pays or gives up; a lost callback is PAID all the same. */
  state: 'OPEN' | 'PAID' | 'FAILED';
  id?: string;
  at?: string;
}

const PREFIX = '/_local/payment-platform/';
/** The bank the emulated citizen pays from. */
const BANK = 'VCB';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The local stand-in of the national Payment Platform. It checks each INIT's and QUERY's
 * MaXacThuc with the secret it shares with the runtime (made anew at each start), opens a pay page
 * per request, and calls the province back, signed, when the citizen pays:
 *   POST /_local/payment-platform/init             INIT → { MaLoi, MaDoiTac, MaThamChieu, UrlThanhToan, MaXacThuc }
 *   POST /_local/payment-platform/query            QUERY → the transaction's result, as a callback carries it
 *   GET  /_local/payment-platform/requests         { items: [{ type, reference, amount, answered, at }] }: every INIT and QUERY, in order
 *   POST /_local/payment-platform/pay              { reference, outcome: success | fail | lost }: the citizen pays or not; the
 *                                                  callback is sent unless lost (QUERY tells the truth either way)
 *   PUT  /_local/payment-platform/faults           { failNext }: the next n INIT or QUERY answer MaLoi 99
 *   GET  /_local/payment-platform/pay/{reference}  the pay page a person sees at UrlThanhToan
 */
export function localPaymentPlatform(options: { now: () => { at: number; iso: string }; origin: () => string; province: string }) {
  const secret = randomBytes(24).toString('base64url');
  const partner = `${options.province}-MOTCUA`;
  const transactions = new Map<string, Transaction>();
  const items: PlatformCall[] = [];
  const faults = { failNext: 0 };

  const record = (type: PlatformCall['type'], reference: string, answered: string, amount?: number) =>
    items.push({ type, reference, answered, at: options.now().iso, ...(amount !== undefined ? { amount } : {}) });

  const fault = () => {
    if (faults.failNext <= 0) return false;
    faults.failNext--;
    return true;
  };

  function init(body: Record<string, unknown>): Answer {
    const { MaXacThuc, ...fields } = body as unknown as InitMessage;
    const reference = String(fields.MaThamChieu ?? '');
    const answer = (code: string, url?: string) => {
      record('INIT', reference, code, typeof fields.SoTien === 'number' ? fields.SoTien : undefined);
      return {
        status: 200,
        body: signed(secret, 'INIT_ANSWER', { MaLoi: code, MaDoiTac: partner, MaThamChieu: reference, ...(url ? { UrlThanhToan: url } : {}) }),
      };
    };
    if (fault()) return answer(RESULT_CODES.SYSTEM_ERROR);
    if (!signatureHolds(secret, { kind: 'INIT', message: fields }, MaXacThuc) || fields.MaDoiTac !== partner) return answer(RESULT_CODES.BAD_SIGNATURE);
    if (!reference || !Number.isInteger(fields.SoTien) || fields.SoTien <= 0 || fields.MaTienTe !== CURRENCY) return answer(RESULT_CODES.INVALID_MESSAGE);
    if (!transactions.has(reference)) transactions.set(reference, { init: body as unknown as InitMessage, state: 'OPEN' });
    return answer(RESULT_CODES.OK, `${options.origin()}${PREFIX}pay/${encodeURIComponent(reference)}`);
  }

  /** The transaction's result, signed, as a callback or a QUERY answer carries it. */
  function result(reference: string, via: TransactionResult['LoaiBanTin']): TransactionResult {
    const t = transactions.get(reference);
    const code = !t ? RESULT_CODES.UNKNOWN_REFERENCE : t.state === 'PAID' ? RESULT_CODES.OK : t.state === 'FAILED' ? RESULT_CODES.FAILED : RESULT_CODES.PENDING;
    return signed(secret, 'RESULT', {
      LoaiBanTin: via,
      MaLoi: code,
      MaDoiTac: partner,
      MaThamChieu: reference,
      SoTien: t?.init.SoTien ?? 0,
      MaTienTe: CURRENCY,
      MaGiaoDich: t?.id ?? '',
      MaNganHang: t?.id ? BANK : '',
      ThoiGianGD: t?.at ?? nationalDate(options.now().iso),
      ThongTinGiaoDich: t ? `Thanh toan ho so ${t.init.ThongTinBienLai.MaHoSo}` : '',
    });
  }

  function query(body: Record<string, unknown>): Answer {
    const { MaXacThuc, ...fields } = body as unknown as QueryMessage;
    const reference = String(fields.MaThamChieu ?? '');
    if (fault()) {
      record('QUERY', reference, RESULT_CODES.SYSTEM_ERROR);
      return {
        status: 200,
        body: { MaLoi: RESULT_CODES.SYSTEM_ERROR, MoTaLoi: 'Hệ thống đang bận (injected fault)', MaDoiTac: partner, MaThamChieu: reference },
      };
    }
    if (!signatureHolds(secret, { kind: 'QUERY', message: fields }, MaXacThuc) || fields.MaDoiTac !== partner) {
      record('QUERY', reference, RESULT_CODES.BAD_SIGNATURE);
      return { status: 200, body: { MaLoi: RESULT_CODES.BAD_SIGNATURE, MaDoiTac: partner, MaThamChieu: reference } };
    }
    const answer = result(reference, 'QUERY');
    record('QUERY', reference, answer.MaLoi);
    return { status: 200, body: answer };
  }

  /** The citizen pays (or not); the callback, unless lost, and the province's answer to it. */
  async function pay(reference: string, outcome: unknown): Promise<Answer> {
    const t = transactions.get(reference);
    if (!t) return { status: 404, problem: `no payment request ${reference}` };
    if (outcome !== 'success' && outcome !== 'fail' && outcome !== 'lost') return { status: 400, problem: 'outcome is success, fail or lost' };
    if (t.state !== 'OPEN') return { status: 409, problem: `payment request ${reference} is ${t.state} already` };
    t.state = outcome === 'fail' ? 'FAILED' : 'PAID';
    t.at = nationalDate(options.now().iso);
    if (t.state === 'PAID') t.id = `GD${randomBytes(6).toString('hex').toUpperCase()}`;
    if (outcome === 'lost') return { status: 200, body: { reference, state: t.state, callback: null } };
    return { status: 200, body: { reference, state: t.state, callback: await callBack(result(reference, 'CALLBACK')) } };
  }

  /** Sends a signed result to the province's callback, as the platform would; its answer as given. */
  async function callBack(message: TransactionResult): Promise<unknown> {
    const answer = await fetch(`${options.origin()}/v1/payments/${options.province}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    return { status: answer.status, body: await answer.json().catch(() => null) };
  }

  function page(reference: string): Answer {
    const t = transactions.get(reference);
    if (!t) return { status: 404, problem: `no payment request ${reference}` };
    const info = t.init.ThongTinBienLai;
    const lines = info.PhiLePhi.map((l) => `<li>${escape(l.TenPhiLePhi)}: ${l.SoTien.toLocaleString('vi-VN')} đồng</li>`).join('');
    const buttons =
      t.state === 'OPEN'
        ? `<form method="post" action="${PREFIX}pay/${encodeURIComponent(reference)}">
  <button name="outcome" value="success">Thanh toán</button>
  <button name="outcome" value="fail">Giao dịch thất bại</button>
  <button name="outcome" value="lost">Thanh toán, mất thông báo về</button>
</form>`
        : `<p>Giao dịch: ${t.state === 'PAID' ? 'đã thanh toán' : 'không thành công'}.</p>`;
    return {
      status: 200,
      html: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nền tảng thanh toán (giả lập)</title></head><body>
<h1>Thanh toán phí, lệ phí (giả lập)</h1>
<p>Hồ sơ ${escape(info.MaHoSo)} — ${escape(info.TenTTHC)}</p>
<ul>${lines}</ul>
<p><strong>Tổng: ${t.init.SoTien.toLocaleString('vi-VN')} đồng</strong></p>
${buttons}
</body></html>`,
    };
  }

  async function route(method: string, path: string, body: Record<string, unknown>): Promise<Answer | undefined> {
    if (!path.startsWith(PREFIX)) return undefined;
    const endpoint = path.slice(PREFIX.length);
    if (endpoint === 'init' && method === 'POST') return init(body);
    if (endpoint === 'query' && method === 'POST') return query(body);
    if (endpoint === 'requests' && method === 'GET') return { status: 200, body: { items } };
    if (endpoint === 'pay' && method === 'POST') return pay(String(body.reference ?? ''), body.outcome);
    const pagePath = /^pay\/([^/]+)$/.exec(endpoint);
    if (pagePath && method === 'GET') return page(decodeURIComponent(pagePath[1]!));
    if (pagePath && method === 'POST') {
      const paid = await pay(decodeURIComponent(pagePath[1]!), body.outcome);
      return paid.problem ? paid : page(decodeURIComponent(pagePath[1]!));
    }
    if (endpoint === 'faults' && method === 'PUT') {
      if (!Number.isInteger(body.failNext) || (body.failNext as number) < 0) return { status: 400, problem: 'failNext must be a whole number ≥ 0' };
      faults.failNext = body.failNext as number;
      return { status: 200, body: { ...faults } };
    }
    return undefined;
  }

  return { route, secret, partner };
}
