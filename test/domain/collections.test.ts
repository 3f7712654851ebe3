import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectionsCsv, collectionsOf } from '../../shared/domain/collections.js';
import { parseCsv } from '../../shared/domain/csv.js';
import type { LedgerEntry } from '../../shared/domain/payment.js';

const entry = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 7, max: 17 }),
  kind: fc.constantFrom('PHI' as const, 'LE_PHI' as const),
  method: fc.constantFrom('CASH' as const, 'BANK_TRANSFER' as const, 'ONLINE' as const),
  amount: fc.integer({ min: 1, max: 5_000_000 }),
  refunded: fc.boolean(),
});

const ledger = (raw: (typeof entry extends fc.Arbitrary<infer T> ? T : never)[]): LedgerEntry[] =>
  raw.map((r, i) => ({
    kind: r.kind,
    template: '01BLP0-001',
    series: 'BL',
    number: i + 1,
    amount: r.amount,
    issuedAt: `2026-12-${String(r.day).padStart(2, '0')}T${String(r.hour).padStart(2, '0')}:00:00+07:00`,
    issuedBy: 'reception@H30.01',
    ...(r.refunded ? { refundedAt: '2026-12-30T09:00:00+07:00' } : {}),
    commune: 'H30.01',
    dossierId: `d${i}`,
    code: `H30.01-261201-${String(i).padStart(4, '0')}`,
    method: r.method,
  }));

describe('the collections of a period', () => {
  it('total exactly the receipts, line by line and in all, with each line’s first and last numbers among its receipts', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 80 }), (raw) => {
        const receipts = ledger(raw);
        const { lines, totals } = collectionsOf('H30.01', receipts);
        expect(totals.count).toBe(receipts.length);
        expect(totals.total).toBe(receipts.reduce((s, r) => s + r.amount, 0));
        expect(totals.refunded.total).toBe(receipts.filter((r) => r.refundedAt).reduce((s, r) => s + r.amount, 0));
        for (const l of lines) {
          const mine = receipts.filter((r) => r.issuedAt.startsWith(l.date) && r.kind === l.kind && r.method === l.method);
          expect(l.count).toBe(mine.length);
          expect(l.total).toBe(mine.reduce((s, r) => s + r.amount, 0));
          expect([l.firstNumber, l.lastNumber]).toEqual([Math.min(...mine.map((r) => r.number)), Math.max(...mine.map((r) => r.number))]);
        }
        expect(lines.map((l) => l.date)).toEqual([...lines.map((l) => l.date)].sort());
      }),
    );
  });

  it('writes CSV whose total row is the totals', () => {
    const collections = collectionsOf('H30.01', ledger([{ day: 5, hour: 9, kind: 'PHI', method: 'CASH', amount: 50_000, refunded: false }]), 'Pắc Ta');
    const rows = parseCsv(collectionsCsv([collections]));
    expect(rows[1]).toEqual(['H30.01', 'Pắc Ta', '2026-12-05', 'Phí', 'Tiền mặt', 'BL', '1', '50000', '1', '1', '0', '0']);
    expect(rows[2]).toEqual(['H30.01', 'Pắc Ta', 'Tổng cộng', '', '', '', '1', '50000', '', '', '0', '0']);
  });
});
