import { csvDocument } from './csv.js';
import type { FeeKind, LedgerEntry, PaymentMethod } from './payment.js';
import type { RefundDue } from './payment-platform.js';

/*
 * The collections report (báo cáo tình hình thu phí, lệ phí): a commune's receipts of a period,
 * per local day, kind and method, with the first and the last receipt number of each; its totals
 * are the sums of the receipts, always (a refunded receipt stays issued and is counted, its refund
 * shown beside).
 */

export interface CollectionsLine {
  date: string;
  kind: FeeKind;
  method: PaymentMethod;
  series: string;
  count: number;
  total: number;
  firstNumber: number;
  lastNumber: number;
  /** Of these, the receipts refunded since, and their amount. */
  refunded: { count: number; total: number };
}

export interface CommuneCollections {
  commune: string;
  name?: string;
  lines: CollectionsLine[];
  totals: { count: number; total: number; refunded: { count: number; total: number } };
  /** Online payments the commune owes back (refundsDueIn), apart from the receipts and their totals. */
  refundsDue: RefundDue[];
}

const ORDER: Record<string, number> = { PHI: 0, LE_PHI: 1, CASH: 0, BANK_TRANSFER: 1, ONLINE: 2 };

/** A commune's receipts summed per day, kind, method (and series). */
export function collectionsOf(commune: string, receipts: readonly LedgerEntry[], name?: string, refundsDue: RefundDue[] = []): CommuneCollections {
  const lines = new Map<string, CollectionsLine>();
  for (const r of receipts) {
    const date = r.issuedAt.slice(0, 10);
    const key = `${date}|${r.kind}|${r.method}|${r.series}`;
    const line = lines.get(key) ?? {
      date,
      kind: r.kind,
      method: r.method,
      series: r.series,
      count: 0,
      total: 0,
      firstNumber: r.number,
      lastNumber: r.number,
      refunded: { count: 0, total: 0 },
    };
    line.count++;
    line.total += r.amount;
    line.firstNumber = Math.min(line.firstNumber, r.number);
    line.lastNumber = Math.max(line.lastNumber, r.number);
    if (r.refundedAt) {
      line.refunded.count++;
      line.refunded.total += r.amount;
    }
    lines.set(key, line);
  }
  const sorted = [...lines.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || ORDER[a.kind]! - ORDER[b.kind]! || ORDER[a.method]! - ORDER[b.method]! || a.series.localeCompare(b.series),
  );
  const sum = (f: (l: CollectionsLine) => number) => sorted.reduce((s, l) => s + f(l), 0);
  return {
    commune,
    ...(name ? { name } : {}),
    lines: sorted,
    totals: { count: sum((l) => l.count), total: sum((l) => l.total), refunded: { count: sum((l) => l.refunded.count), total: sum((l) => l.refunded.total) } },
    refundsDue,
  };
}

const KIND_TERMS: Record<FeeKind, string> = { PHI: 'Phí', LE_PHI: 'Lệ phí' };
const METHOD_TERMS: Record<PaymentMethod, string> = { CASH: 'Tiền mặt', BANK_TRANSFER: 'Chuyển khoản', ONLINE: 'Trực tuyến' };

/** The report as CSV: one row per line of each commune, then each commune's total. */
export function collectionsCsv(communes: readonly CommuneCollections[]): string {
  const rows = communes.flatMap((c) => [
    ...c.lines.map((l) => [
      c.commune,
      c.name ?? '',
      l.date,
      KIND_TERMS[l.kind],
      METHOD_TERMS[l.method],
      l.series,
      l.count,
      l.total,
      l.firstNumber,
      l.lastNumber,
      l.refunded.count,
      l.refunded.total,
    ]),
    [c.commune, c.name ?? '', 'Tổng cộng', '', '', '', c.totals.count, c.totals.total, null, null, c.totals.refunded.count, c.totals.refunded.total],
  ]);
  return csvDocument(
    [
      'Mã đơn vị (commune)',
      'Tên đơn vị (name)',
      'Ngày (date)',
      'Loại (kind)',
      'Hình thức (method)',
      'Ký hiệu (series)',
      'Số biên lai (count)',
      'Số tiền (total)',
      'Từ số (first number)',
      'Đến số (last number)',
      'Đã hoàn trả (refunded)',
      'Số tiền hoàn trả (refunded total)',
    ],
    rows,
  );
}
