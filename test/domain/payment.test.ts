import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancel,
  collect,
  collectionPointOf,
  DEFAULT_RECEIPT_BOOK,
  exempt,
  exemptionOf,
  feeProblems,
  legacyFeeLines,
  paymentStatus,
  receiptsDue,
  refund,
  requestPayment,
  settled,
  waive,
  type AppliedExemption,
  type Collection,
  type FeeLine,
  type Payment,
  type PaymentDecision,
} from '../../shared/domain/payment.js';

const NOW = '2026-03-02T08:00:00+07:00';
const LATER = '2026-03-02T09:00:00+07:00';

const phi: FeeLine = { code: 'PHI_TD', name: 'Phí thẩm định', kind: 'PHI', amount: 50_000, onlineAmount: 25_000, collectAt: 'RECEPTION' };
const lePhi: FeeLine = { code: 'LE_PHI', name: 'Lệ phí cấp phép', kind: 'LE_PHI', amount: 75_000, collectAt: 'RECEPTION' };
const poor: AppliedExemption = { group: 'HO_NGHEO', name: 'Hộ nghèo', percent: 100, evidence: 'Giấy chứng nhận hộ nghèo số 12' };
const half: AppliedExemption = { group: 'DTTS', name: 'Dân tộc thiểu số, xã ĐBKK', percent: 50, evidence: 'CCCD' };

const requested = (fees: FeeLine[] = [phi, lePhi]) => requestPayment(fees, 'RECEPTION', 'IN_PERSON', NOW)!;
const cash = (numbers: number[], extra: Partial<Collection> = {}): Collection => ({
  method: 'CASH',
  numbers,
  book: DEFAULT_RECEIPT_BOOK,
  at: LATER,
  by: 'reception-1',
  ...extra,
});
const paid = (p: Payment = requested()) => {
  const decision = collect(p, cash([7, 8]));
  if (!decision.ok) throw new Error(decision.refusal.detail);
  return decision.payment;
};

describe('the catalogue’s fee lines', () => {
  it('the single fee of earlier procedures is one lệ phí collected at reception; 0 is none', () => {
    expect(legacyFeeLines(100_000)).toEqual([{ code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI', amount: 100_000, collectAt: 'RECEPTION' }]);
    expect(legacyFeeLines(0)).toEqual([]);
  });

  it('refuses a code given twice, an online amount above the amount, two collection points, a group given twice', () => {
    expect(feeProblems([phi, lePhi], [poor])).toEqual([]);
    expect(feeProblems([phi, { ...lePhi, code: phi.code }]).map((p) => p.path)).toEqual(['fees.1.code']);
    expect(feeProblems([{ ...phi, onlineAmount: 60_000 }]).map((p) => p.path)).toEqual(['fees.0.onlineAmount']);
    expect(feeProblems([phi, { ...lePhi, collectAt: 'RESULT' }]).map((p) => p.path)).toEqual(['fees']);
    expect(feeProblems([phi], [poor, { ...half, group: poor.group }]).map((p) => p.path)).toEqual(['exemptions.1.group']);
  });

  it('names where a procedure collects: none for no line or only lines of 0', () => {
    expect(collectionPointOf([{ ...lePhi, collectAt: 'RESULT' }])).toBe('RESULT');
    expect(collectionPointOf([{ ...lePhi, amount: 0 }])).toBeUndefined();
    expect(collectionPointOf(undefined)).toBeUndefined();
  });
});

describe('a payment request', () => {
  it('owes the lines of its collection point, the online amount for an online dossier', () => {
    expect(requested()).toEqual({
      status: 'AWAITING',
      lines: [
        { code: 'PHI_TD', name: 'Phí thẩm định', kind: 'PHI', base: 50_000, amount: 50_000 },
        { code: 'LE_PHI', name: 'Lệ phí cấp phép', kind: 'LE_PHI', base: 75_000, amount: 75_000 },
      ],
      total: 125_000,
      collectAt: 'RECEPTION',
      requestedAt: NOW,
      receipts: [],
    });
    expect(requestPayment([phi, lePhi], 'RECEPTION', 'ONLINE', NOW, LATER)).toMatchObject({ total: 100_000, payBy: LATER });
  });

  it('is nothing when nothing is owed at that point', () => {
    expect(requestPayment([phi, lePhi], 'RESULT', 'IN_PERSON', NOW)).toBeUndefined();
    expect(requestPayment([{ ...phi, amount: 0, onlineAmount: 0 }], 'RECEPTION', 'IN_PERSON', NOW)).toBeUndefined();
    expect(requestPayment(undefined, 'RECEPTION', 'IN_PERSON', NOW)).toBeUndefined();
    expect(paymentStatus(undefined)).toBe('NONE');
    expect(settled(undefined)).toBe(true);
  });
});

describe('collection at the desk', () => {
  it('pays with one receipt per kind, numbered in order', () => {
    const payment = paid();
    expect(payment).toMatchObject({ status: 'PAID', paidAt: LATER, method: 'CASH', collectedBy: 'reception-1', total: 125_000 });
    expect(payment.receipts).toEqual([
      { kind: 'PHI', amount: 50_000, number: 7, ...DEFAULT_RECEIPT_BOOK, issuedAt: LATER, issuedBy: 'reception-1' },
      { kind: 'LE_PHI', amount: 75_000, number: 8, ...DEFAULT_RECEIPT_BOOK, issuedAt: LATER, issuedBy: 'reception-1' },
    ]);
    expect(settled(payment)).toBe(true);
  });

  it('a bank transfer needs the bank’s reference, and keeps it', () => {
    expect(collect(requested(), cash([1, 2], { method: 'BANK_TRANSFER' }))).toMatchObject({ ok: false, refusal: { kind: 'invalid' } });
    expect(collect(requested(), cash([1, 2], { method: 'BANK_TRANSFER', reference: 'FT2606112233' }))).toMatchObject({
      ok: true,
      payment: { method: 'BANK_TRANSFER', reference: 'FT2606112233' },
    });
  });

  it('with a 100 % exemption is WAIVED with no receipt, never "paid 0"', () => {
    const decision = collect(requested(), cash([], { exemption: poor }));
    expect(decision).toMatchObject({ ok: true, payment: { status: 'WAIVED', total: 0, receipts: [] } });
    expect(decision.ok && decision.payment.lines.every((l) => l.amount === 0 && l.exemption?.group === 'HO_NGHEO')).toBe(true);
    expect(decision.ok && decision.payment.method).toBeUndefined();
  });

  it('is refused unless the payment is awaited: nothing requested, paid, waived, cancelled', () => {
    for (const payment of [undefined, paid(), cancel(requested())]) {
      expect(collect(payment, cash([1, 2]))).toMatchObject({ ok: false, refusal: { kind: 'conflict' } });
    }
  });
});

describe('waiver and exemption groups', () => {
  it('waives in full only for a group exempt from all of it', () => {
    expect(waive(requested(), poor, LATER, 'reception-1')).toMatchObject({ ok: true, payment: { status: 'WAIVED', total: 0, paidAt: LATER } });
    expect(waive(requested(), half, LATER, 'reception-1')).toMatchObject({ ok: false, refusal: { kind: 'invalid' } });
    expect(waive(paid(), poor, LATER, 'reception-1')).toMatchObject({ ok: false, refusal: { kind: 'conflict' } });
  });

  it('finds the group in the catalogue, or refuses one it does not have', () => {
    expect(exemptionOf([{ group: 'HO_NGHEO', name: 'Hộ nghèo', percent: 100 }], 'HO_NGHEO', 'GCN 12')).toEqual({ ...poor, evidence: 'GCN 12' });
    expect(exemptionOf([], 'HO_NGHEO', 'GCN 12')).toMatchObject({ kind: 'invalid' });
  });

  it('leaves every line between 0 and its base, never more than the unexempt share, rounded to the payer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 100 }), (base, percent) => {
        const [line] = exempt([{ code: 'X', name: 'X', kind: 'PHI', base, amount: base }], { ...half, percent });
        expect(Number.isInteger(line!.amount)).toBe(true);
        expect(line!.amount).toBeGreaterThanOrEqual(0);
        expect(line!.amount).toBeLessThanOrEqual((base * (100 - percent)) / 100);
        expect(line!.amount).toBeGreaterThan((base * (100 - percent)) / 100 - 1);
        expect(percent === 100 ? line!.amount === 0 : true).toBe(true);
      }),
    );
  });
});

describe('refund and cancellation', () => {
  it('refunds a paid payment, its receipts kept and marked', () => {
    const decision = refund(paid(), 'Hồ sơ bị từ chối', '2026-03-03T08:00:00+07:00', 'leader-1');
    expect(decision).toMatchObject({
      ok: true,
      payment: { status: 'REFUNDED', refund: { reason: 'Hồ sơ bị từ chối', amount: 125_000, by: 'leader-1', at: '2026-03-03T08:00:00+07:00' } },
    });
    expect(decision.ok && decision.payment.receipts.map((r) => [r.number, r.refundedAt])).toEqual([
      [7, '2026-03-03T08:00:00+07:00'],
      [8, '2026-03-03T08:00:00+07:00'],
    ]);
  });

  it('refunds nothing that was not paid', () => {
    for (const payment of [undefined, requested(), cancel(requested())]) {
      expect(refund(payment, 'x', LATER, 'leader-1')).toMatchObject({ ok: false, refusal: { kind: 'conflict' } });
    }
  });

  it('cancels only an awaited payment', () => {
    expect(cancel(requested())?.status).toBe('CANCELLED');
    expect(cancel(paid())?.status).toBe('PAID');
    expect(cancel(undefined)).toBeUndefined();
  });
});

describe('any fee lines, any exemption, any order of requests', () => {
  const line = fc.record({
    code: fc.string({ minLength: 1, maxLength: 4 }),
    name: fc.constant('Phí'),
    kind: fc.constantFrom('PHI' as const, 'LE_PHI' as const),
    amount: fc.integer({ min: 0, max: 5_000_000 }),
    collectAt: fc.constant('RECEPTION' as const),
  });
  const action = fc.oneof(
    fc.record({ type: fc.constant('collect' as const), percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) }),
    fc.record({ type: fc.constant('waive' as const), percent: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ type: fc.constant('refund' as const) }),
    fc.record({ type: fc.constant('cancel' as const) }),
  );
  const NEXT: Record<string, string[]> = { AWAITING: ['PAID', 'WAIVED', 'CANCELLED'], PAID: ['REFUNDED'], WAIVED: [], REFUNDED: [], CANCELLED: [] };

  it('moves only along the arrows, receipts add up to the total, and one receipt per kind owed', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.array(action, { maxLength: 6 }), (fees, actions) => {
        const first = requestPayment(fees, 'RECEPTION', 'IN_PERSON', NOW);
        const owed = fees.reduce((sum, f) => sum + f.amount, 0);
        if (!first) return expect(owed).toBe(0);
        expect(first.total).toBe(owed);
        let payment: Payment = first;
        let number = 1;
        for (const a of actions) {
          const before: Payment = payment;
          const exemption = 'percent' in a && a.percent ? { ...half, percent: a.percent } : undefined;
          const decision: PaymentDecision =
            a.type === 'collect'
              ? collect(
                  payment,
                  cash(
                    receiptsDue(exemption ? exempt(payment.lines, exemption) : payment.lines).map(() => number++),
                    exemption ? { exemption } : {},
                  ),
                )
              : a.type === 'waive'
                ? waive(payment, exemption!, LATER, 'reception-1')
                : a.type === 'refund'
                  ? refund(payment, 'x', LATER, 'leader-1')
                  : { ok: true as const, payment: cancel(payment)! };
          if (!decision.ok) {
            expect(payment).toBe(before);
            continue;
          }
          payment = decision.payment;
          if (payment.status !== before.status) expect(NEXT[before.status]).toContain(payment.status);
          expect(payment.receipts.reduce((sum, r) => sum + r.amount, 0)).toBe(
            payment.status === 'WAIVED' || payment.status === 'AWAITING' || payment.status === 'CANCELLED' ? 0 : payment.total,
          );
          expect(new Set(payment.receipts.map((r) => r.kind)).size).toBe(payment.receipts.length);
          expect(payment.receipts.every((r) => r.amount > 0)).toBe(true);
          if (payment.status === 'WAIVED') expect(payment.total).toBe(0);
          if (payment.status === 'PAID') expect(payment.total).toBeGreaterThan(0);
        }
      }),
      { seed: 20_260_302, numRuns: 400 },
    );
  });
});
