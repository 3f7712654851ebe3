import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  callbackAnswer,
  dueForQuery,
  maXacThuc,
  paymentReference,
  referenceDay,
  refundDueOf,
  refundsDueIn,
  requestAfter,
  resultRefusal,
  signatureHolds,
  signed,
  type OnlinePayment,
  type TransactionResult,
} from '../../shared/domain/payment-platform.js';
import { parseInstant } from '../../shared/domain/time.js';

const SECRET = 'the-province-shared-secret';
const PARTNER = 'LCI-MOTCUA';
const reference = '20261205A1B2C3D4E5F6';

const request: OnlinePayment = {
  reference,
  province: 'LCI',
  commune: 'H30.01',
  dossierId: '3f1c2a9e-8d1b-4c55-9a0e-1b2c3d4e5f60',
  channel: 'NATIONAL_PLATFORM',
  amount: 150_000,
  paymentUrl: 'https://thanhtoan.example/pay/x',
  createdAt: '2026-12-05T09:00:00+07:00',
  expiresAt: '2026-12-06T09:00:00+07:00',
  status: 'PENDING',
};

const result = (fields: Partial<Omit<TransactionResult, 'MaXacThuc'>> = {}, secret = SECRET): TransactionResult =>
  signed(secret, 'RESULT', {
    LoaiBanTin: 'CALLBACK',
    MaLoi: '00',
    MaDoiTac: PARTNER,
    MaThamChieu: reference,
    SoTien: 150_000,
    MaTienTe: 'VND',
    MaGiaoDich: 'GD0001',
    MaNganHang: 'VCB',
    ThoiGianGD: '20261205091500',
    ThongTinGiaoDich: 'Thanh toan ho so',
    ...fields,
  });

describe('MaXacThuc', () => {
  it('is the HMAC-SHA256, in hex, of the fields joined by | in their order', () => {
    const init = { LoaiBanTin: 'INIT', PhienBan: '2.0.0', MaDoiTac: PARTNER, MaThamChieu: reference, SoTien: 150_000, MaTienTe: 'VND' } as const;
    const message = {
      ...init,
      ThongTinBienLai: { MaHoSo: 'H30.01-261205-0001', MaTTHC: '1.001612', TenTTHC: 'x', MaDonVi: 'H30.01', HoTenNguoiNop: 'A', PhiLePhi: [] },
    };
    const expected = createHmac('sha256', SECRET).update(`INIT|2.0.0|${PARTNER}|${reference}|150000|VND`).digest('hex');
    expect(maXacThuc(SECRET, { kind: 'INIT', message })).toBe(expected);
  });

  it('holds for the message it was made for only: another field value, another secret, none', () => {
    const { MaXacThuc, ...fields } = result();
    expect(signatureHolds(SECRET, { kind: 'RESULT', message: fields }, MaXacThuc)).toBe(true);
    expect(signatureHolds(SECRET, { kind: 'RESULT', message: fields }, MaXacThuc.toUpperCase())).toBe(true);
    expect(signatureHolds(SECRET, { kind: 'RESULT', message: { ...fields, SoTien: 1_500_000 } }, MaXacThuc)).toBe(false);
    expect(signatureHolds('another secret', { kind: 'RESULT', message: fields }, MaXacThuc)).toBe(false);
    expect(signatureHolds(SECRET, { kind: 'RESULT', message: fields }, undefined)).toBe(false);
  });

  it('signs the answer to a callback', () => {
    const answer = callbackAnswer(SECRET, '00', PARTNER, reference, parseInstant('2026-12-05T09:15:00+07:00'));
    const { MaXacThuc, ...fields } = answer;
    expect(fields).toEqual({ MaLoi: '00', MoTaLoi: 'Thành công', MaDoiTac: PARTNER, MaThamChieu: reference, ThoiGianGD: '20261205091500' });
    expect(signatureHolds(SECRET, { kind: 'CALLBACK_ANSWER', message: fields }, MaXacThuc)).toBe(true);
  });
});

describe('a transaction result the platform sends', () => {
  it('is refused with its MaLoi: a bad MaXacThuc or another partner 01, an unknown reference 02, another amount 03', () => {
    expect(resultRefusal(SECRET, result({}, 'forged'), request, PARTNER)).toBe('01');
    expect(resultRefusal(SECRET, result({ MaDoiTac: 'HNI-MOTCUA' }), request, PARTNER)).toBe('01');
    expect(resultRefusal(SECRET, { ...result(), SoTien: 1 }, request, PARTNER)).toBe('01');
    expect(resultRefusal(SECRET, result(), undefined, PARTNER)).toBe('02');
    expect(resultRefusal(SECRET, result({ SoTien: 140_000 }), request, PARTNER)).toBe('03');
    expect(resultRefusal(SECRET, result(), request, PARTNER)).toBeUndefined();
  });

  it('settles a pending request once: paid, paid when nothing was owed (refund due), failed; not yet paid changes nothing', () => {
    const at = '2026-12-05T09:15:01+07:00';
    expect(requestAfter(request, result(), 'SETTLE', at)).toMatchObject({
      status: 'PAID',
      transaction: { id: 'GD0001', bank: 'VCB', via: 'CALLBACK' },
      settledAt: at,
    });
    expect(requestAfter(request, result(), 'REFUND_DUE', at).status).toBe('REFUND_DUE');
    expect(requestAfter(request, result({ MaLoi: '10' }), undefined, at).status).toBe('FAILED');
    expect(requestAfter(request, result({ MaLoi: '09' }), undefined, at)).toBe(request);
    const paid = requestAfter(request, result(), 'SETTLE', at);
    expect(requestAfter(paid, result({ LoaiBanTin: 'QUERY' }), 'REFUND_DUE', '2026-12-05T09:30:00+07:00')).toBe(paid);
  });
});

describe('money owed back', () => {
  const at = '2026-12-05T09:15:01+07:00';
  const owed = refundDueOf(requestAfter(request, result(), 'REFUND_DUE', at), 'H30.01-261205-0001', 'the payment is CANCELLED and the dossier WITHDRAWN');

  it('is recorded with the dossier, the amount and the transaction, owed until refunded', () => {
    expect(owed).toEqual({
      reference,
      province: 'LCI',
      commune: 'H30.01',
      dossierId: request.dossierId,
      code: 'H30.01-261205-0001',
      channel: 'NATIONAL_PLATFORM',
      amount: 150_000,
      receivedAt: at,
      transaction: { id: 'GD0001', bank: 'VCB', at: expect.any(String) },
      why: 'the payment is CANCELLED and the dossier WITHDRAWN',
      status: 'REFUND_DUE',
    });
  });

  it('is listed while owed whatever the period, and once refunded only in the period of its refund', () => {
    const refunded = {
      ...owed,
      reference: '20261101A1B2C3D4E5F6',
      status: 'REFUNDED' as const,
      refund: { reason: 'x', by: 'leader@H30.01', at: '2026-11-02T10:00:00+07:00' },
    };
    expect(refundsDueIn([refunded, owed], '2026-01-01', '2026-01-31').map((r) => r.reference)).toEqual([reference]);
    expect(refundsDueIn([owed, refunded], '2026-11-01', '2026-11-30').map((r) => r.reference)).toEqual([refunded.reference, reference]);
  });
});

describe('references and the reconciliation window', () => {
  it('starts a reference with the local day it was made', () => {
    const made = paymentReference(parseInstant('2026-12-05T23:30:00+07:00'), 'A1B2C3D4E5F6');
    expect(made).toBe('20261205A1B2C3D4E5F6');
    expect(referenceDay(made)).toBe('20261205');
    expect(referenceDay('2026-12-05')).toBeUndefined();
  });

  it('asks about a pending request from 15 minutes to 3 days after it was made', () => {
    const made = parseInstant(request.createdAt);
    const minutes = (n: number) => made + n * 60_000;
    expect(dueForQuery(request, minutes(14))).toBe(false);
    expect(dueForQuery(request, minutes(15))).toBe(true);
    expect(dueForQuery(request, minutes(3 * 24 * 60 - 1))).toBe(true);
    expect(dueForQuery(request, minutes(3 * 24 * 60))).toBe(false);
    expect(dueForQuery({ ...request, status: 'PAID' }, minutes(30))).toBe(false);
  });
});
