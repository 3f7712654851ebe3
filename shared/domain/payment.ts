import type { Channel } from './model.js';
import type { PaymentChannel } from './payment-platform.js';

/*
 * Fees and charges (phí, lệ phí; Law 97/2015) and the dossier's payment of them. A phí offsets a
 * service's cost, a lệ phí is a fixed state charge: separate lines, separate receipts. Amounts are
 * whole đồng.
 */

export const FEE_KINDS = ['PHI', 'LE_PHI'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

/** When a fee is collected: when the dossier is accepted, or when its result is handed over. */
export const COLLECTION_POINTS = ['RECEPTION', 'RESULT'] as const;
export type CollectionPoint = (typeof COLLECTION_POINTS)[number];

/** One fee line of a catalogued procedure. */
export interface FeeLine {
  code: string;
  name: string;
  kind: FeeKind;
  amount: number;
  /** The reduced amount for a dossier submitted online, where the fee decree grants one. */
  onlineAmount?: number;
  collectAt: CollectionPoint;
  /** The decree or resolution that sets it. */
  legalBasis?: string;
}

/** A group of applicants exempt from a share of the fees (e.g. a poor household, 100 %). */
export interface ExemptionGroup {
  group: string;
  name: string;
  percent: number;
}

export const PAYMENT_STATUSES = ['NONE', 'AWAITING', 'PAID', 'WAIVED', 'REFUNDED', 'CANCELLED'] as const;
/** NONE: nothing requested (yet); AWAITING → PAID | WAIVED; PAID → REFUNDED; AWAITING → CANCELLED. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_METHODS = ['CASH', 'BANK_TRANSFER', 'ONLINE'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** An exemption as applied to a dossier: its group and the evidence the desk saw. */
export interface AppliedExemption {
  group: string;
  name: string;
  percent: number;
  evidence: string;
}

/** A fee line as the dossier owes it: the catalogue's amount (`base`), less its exemption. */
export interface PaymentLine {
  code: string;
  name: string;
  kind: FeeKind;
  base: number;
  exemption?: AppliedExemption;
  amount: number;
}

/** A receipt (biên lai thu phí, lệ phí), numbered per commune, series and year. */
export interface Receipt {
  kind: FeeKind;
  template: string;
  series: string;
  number: number;
  amount: number;
  issuedAt: string;
  issuedBy: string;
  /** When the money was given back: the receipt stays, marked. */
  refundedAt?: string;
}

/** A commune's receipt book: the template (mẫu số) and series (ký hiệu) its receipts carry. */
export interface ReceiptBook {
  template: string;
  series: string;
}

export const DEFAULT_RECEIPT_BOOK: ReceiptBook = { template: '01BLP0-001', series: 'BL' };

/** The payment a dossier owes at one collection point. */
export interface Payment {
  status: Exclude<PaymentStatus, 'NONE'>;
  lines: PaymentLine[];
  total: number;
  collectAt: CollectionPoint;
  requestedAt: string;
  /** Unpaid at reception past this, the dossier is refused (set for fees due at reception). */
  payBy?: string;
  paidAt?: string;
  method?: PaymentMethod;
  /** The bank's or the payment platform's transaction reference. */
  reference?: string;
  /** The platform an ONLINE payment went through. */
  platform?: PaymentChannel;
  /** Who collected it, or waived it. */
  collectedBy?: string;
  receipts: Receipt[];
  refund?: { reason: string; amount: number; by: string; at: string };
  /** Money the platform took online when it was no longer owed (flagged REFUND_DUE), given back: the payment itself stays as it was. */
  overpaymentRefunds?: OverpaymentRefund[];
}

/** The refund of an online payment taken when nothing (or another amount) was owed any more. */
export interface OverpaymentRefund {
  /** The payment request's reference (MaThamChieu) and the platform's transaction (MaGiaoDich). */
  reference: string;
  transaction: string;
  amount: number;
  reason: string;
  by: string;
  at: string;
}

export const DEFAULT_PAYMENT_LIMIT_DAYS = 15;

/** Why a procedure's fee lines or exemption groups cannot be catalogued; empty when they can. */
export function feeProblems(fees: readonly FeeLine[], exemptions: readonly ExemptionGroup[] = []): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  fees.forEach((line, i) => {
    if (seen.has(line.code)) problems.push({ path: `fees.${i}.code`, message: `fee line ${line.code} is given twice` });
    seen.add(line.code);
    if (line.onlineAmount !== undefined && line.onlineAmount > line.amount)
      problems.push({ path: `fees.${i}.onlineAmount`, message: 'the online amount may only be lower than the amount' });
  });
  // One payment per dossier: a procedure collects all its fees at one point.
  if (new Set(fees.map((f) => f.collectAt)).size > 1)
    problems.push({ path: 'fees', message: 'all fee lines of a procedure are collected at the same point (reception or result)' });
  const groups = new Set<string>();
  exemptions.forEach((e, i) => {
    if (groups.has(e.group)) problems.push({ path: `exemptions.${i}.group`, message: `exemption group ${e.group} is given twice` });
    groups.add(e.group);
  });
  return problems;
}

/** What a procedure charges in all, as the catalogue lists it (before any exemption). */
export const feeTotal = (fees: readonly FeeLine[] | undefined): number => (fees ?? []).reduce((sum, f) => sum + f.amount, 0);

/** The fee lines a procedure collects at a point. */
export const linesAt = (fees: readonly FeeLine[] | undefined, at: CollectionPoint): FeeLine[] => (fees ?? []).filter((f) => f.collectAt === at);

/** Where a procedure collects its fees; undefined when it has none. */
export const collectionPointOf = (fees: readonly FeeLine[] | undefined): CollectionPoint | undefined => fees?.find((f) => f.amount > 0)?.collectAt;

/** A line's amount less a share: the exempt part is rounded in the payer's favour, to whole đồng. */
const afterExemption = (base: number, percent: number): number => base - Math.ceil((base * percent) / 100);

const totalOf = (lines: readonly PaymentLine[]) => lines.reduce((sum, l) => sum + l.amount, 0);

/**
 * The payment a dossier owes at a point, requested now: each line at the online amount when it
 * was submitted online and the line has one. Undefined when nothing is owed there (no line, or
 * only lines of 0).
 */
export function requestPayment(
  fees: readonly FeeLine[] | undefined,
  at: CollectionPoint,
  channel: Channel,
  requestedAt: string,
  payBy?: string,
): Payment | undefined {
  const lines = linesAt(fees, at)
    .map(({ code, name, kind, amount, onlineAmount }) => {
      const base = channel === 'ONLINE' && onlineAmount !== undefined ? onlineAmount : amount;
      return { code, name, kind, base, amount: base };
    })
    .filter((l) => l.base > 0);
  if (!lines.length) return undefined;
  return { status: 'AWAITING', lines, total: totalOf(lines), collectAt: at, requestedAt, ...(payBy ? { payBy } : {}), receipts: [] };
}

/** The lines with an exemption applied to each (a group's share of every line). */
export function exempt(lines: readonly PaymentLine[], exemption: AppliedExemption): PaymentLine[] {
  return lines.map((l) => ({ ...l, exemption, amount: afterExemption(l.base, exemption.percent) }));
}

/** Why a payment cannot change as asked: maps to 409 (conflict) or 400 (invalid). */
export interface PaymentRefusal {
  kind: 'conflict' | 'invalid';
  detail: string;
}

export type PaymentDecision = { ok: true; payment: Payment } | { ok: false; refusal: PaymentRefusal };

/** The exemption group named, applied with its evidence; a refusal when the procedure has no such group. */
export function exemptionOf(groups: readonly ExemptionGroup[] | undefined, group: string, evidence: string): AppliedExemption | PaymentRefusal {
  const found = (groups ?? []).find((g) => g.group === group);
  if (!found) return { kind: 'invalid', detail: `the procedure has no exemption group '${group}'` };
  return { group: found.group, name: found.name, percent: found.percent, evidence };
}

const awaiting = (p: Payment | undefined): PaymentRefusal | undefined =>
  p?.status === 'AWAITING' ? undefined : { kind: 'conflict', detail: `the payment is ${p?.status ?? 'NONE'}, not AWAITING` };

/** What a collection owes after its exemption, per kind: the receipts to number, one per kind with something to pay. */
export function receiptsDue(lines: readonly PaymentLine[]): { kind: FeeKind; amount: number }[] {
  return FEE_KINDS.map((kind) => ({ kind, amount: totalOf(lines.filter((l) => l.kind === kind)) })).filter((r) => r.amount > 0);
}

export interface Collection {
  method: PaymentMethod;
  reference?: string;
  platform?: PaymentChannel;
  exemption?: AppliedExemption;
  /** The next numbers of the receipt book, in order: the receipts due (receiptsDue) take the first ones. */
  numbers: number[];
  book: ReceiptBook;
  at: string;
  by: string;
}

/**
 * An awaiting payment collected: PAID with one receipt per kind. An exemption that leaves
 * nothing to pay makes it WAIVED, never "paid 0". A bank transfer names the bank's reference.
 */
export function collect(payment: Payment | undefined, c: Collection): PaymentDecision {
  const refusal = awaiting(payment);
  if (refusal || !payment) return { ok: false, refusal: refusal! };
  if (c.method === 'BANK_TRANSFER' && !c.reference) return { ok: false, refusal: { kind: 'invalid', detail: 'a bank transfer needs the bank’s reference' } };
  const lines = c.exemption ? exempt(payment.lines, c.exemption) : payment.lines;
  const due = receiptsDue(lines);
  if (!due.length) return waived(payment, lines, c.at, c.by);
  if (c.numbers.length < due.length) throw new Error(`${due.length} receipt numbers are due, ${c.numbers.length} were given`);
  const receipts = due.map((r, i) => ({ ...r, ...c.book, number: c.numbers[i]!, issuedAt: c.at, issuedBy: c.by }));
  return {
    ok: true,
    payment: {
      ...payment,
      status: 'PAID',
      lines,
      total: totalOf(lines),
      paidAt: c.at,
      method: c.method,
      ...(c.reference ? { reference: c.reference } : {}),
      ...(c.platform ? { platform: c.platform } : {}),
      collectedBy: c.by,
      receipts,
    },
  };
}

const waived = (payment: Payment, lines: PaymentLine[], at: string, by: string): PaymentDecision => ({
  ok: true,
  payment: { ...payment, status: 'WAIVED', lines, total: 0, paidAt: at, collectedBy: by },
});

/** An awaiting payment waived in full for a group exempt from all of it (100 %). */
export function waive(payment: Payment | undefined, exemption: AppliedExemption, at: string, by: string): PaymentDecision {
  const refusal = awaiting(payment);
  if (refusal || !payment) return { ok: false, refusal: refusal! };
  if (exemption.percent < 100)
    return {
      ok: false,
      refusal: { kind: 'invalid', detail: `group '${exemption.group}' is exempt from ${exemption.percent} %, not all: collect with the exemption` },
    };
  return waived(payment, exempt(payment.lines, exemption), at, by);
}

/** A paid payment given back: its receipts stay, marked refunded. */
export function refund(payment: Payment | undefined, reason: string, at: string, by: string): PaymentDecision {
  if (payment?.status !== 'PAID')
    return { ok: false, refusal: { kind: 'conflict', detail: `only a PAID payment is refunded; it is ${payment?.status ?? 'NONE'}` } };
  return {
    ok: true,
    payment: {
      ...payment,
      status: 'REFUNDED',
      receipts: payment.receipts.map((r) => ({ ...r, refundedAt: at })),
      refund: { reason, amount: payment.total, by, at },
    },
  };
}

/** A payment no longer asked for (the dossier was refused or withdrawn before paying); any other stays as it is. */
export const cancel = (payment: Payment | undefined): Payment | undefined => (payment?.status === 'AWAITING' ? { ...payment, status: 'CANCELLED' } : payment);

/** The status a dossier's payment shows: NONE when nothing was ever requested. */
export const paymentStatus = (payment: Payment | undefined): PaymentStatus => payment?.status ?? 'NONE';

/** Whether the dossier's payment lets it move on: nothing requested, or paid, or waived. */
export const settled = (payment: Payment | undefined): boolean => payment === undefined || payment.status === 'PAID' || payment.status === 'WAIVED';

/** The single amount procedures carried before fee lines: one lệ phí collected at reception (none when 0). */
export const legacyFeeLines = (fee: number): FeeLine[] =>
  fee > 0 ? [{ code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI', amount: fee, collectAt: 'RECEPTION' }] : [];

/**
 * What is left to pay on a dossier: its awaited payment's total; before anything was requested,
 * what its procedure's lines will ask of its channel.
 */
export function amountDue(d: { channel: Channel; procedure: { fees?: FeeLine[] }; payment?: Payment }): number {
  if (d.payment) return d.payment.status === 'AWAITING' ? d.payment.total : 0;
  const at = collectionPointOf(d.procedure.fees);
  return at ? (requestPayment(d.procedure.fees, at, d.channel, '')?.total ?? 0) : 0;
}

/** The most receipts one collection issues: one per kind. */
export const MAX_RECEIPTS = FEE_KINDS.length;

/** What a change of the payment writes in the commune's receipt ledger: receipts issued, receipts marked refunded. */
export interface LedgerChange {
  issued: Receipt[];
  refunded: Receipt[];
}

const sameReceipt = (a: Receipt, b: Receipt) => a.series === b.series && a.number === b.number && a.issuedAt === b.issuedAt;

/** The ledger entries a change of the payment makes; undefined when it makes none. */
export function ledgerChange(before: Payment | undefined, after: Payment | undefined): LedgerChange | undefined {
  const earlier = before?.receipts ?? [];
  const receipts = after?.receipts ?? [];
  const issued = receipts.filter((r) => !earlier.some((e) => sameReceipt(e, r)));
  const refunded = receipts.filter((r) => r.refundedAt && !earlier.some((e) => sameReceipt(e, r) && e.refundedAt));
  return issued.length || refunded.length ? { issued, refunded } : undefined;
}

/** The year a receipt is numbered in: its local year of issue. */
export const receiptYear = (r: Pick<Receipt, 'issuedAt'>): string => r.issuedAt.slice(0, 4);

/** A receipt as the commune's ledger keeps it: with its dossier and how it was paid (what the collections report counts). */
export interface LedgerEntry extends Receipt {
  commune: string;
  dossierId: string;
  code: string;
  method: PaymentMethod;
}

/** What a printed receipt (biên lai) says: the issuing unit, the payer, its kind's lines, the amount in figures and words, how and by whom it was collected. */
export interface ReceiptDocument {
  commune: string;
  communeName: string;
  dossierCode: string | null;
  procedure: { code: string; name: string };
  payer: { name: string; address: string };
  kind: FeeKind;
  template: string;
  series: string;
  number: number;
  lines: PaymentLine[];
  amount: number;
  amountInWords: string;
  method: PaymentMethod;
  reference: string | null;
  collectedBy: string;
  /** The collector's name as the change that issued it recorded it; the platform's for an online payment. */
  collectorName: string;
  issuedAt: string;
  refundedAt: string | null;
}

/** Who collected a receipt, by name where the dossier's history has it. */
export const ONLINE_COLLECTOR = 'Nền tảng thanh toán trực tuyến';

/**
 * The receipt of a dossier by its number (a dossier has one per kind paid); undefined when it has
 * none of that number. `inWords` writes the amount in Vietnamese words.
 */
export function receiptDocument(
  d: {
    code?: string;
    commune: string;
    procedure: { code: string; name: string };
    applicant: { name: string; address: string };
    payment?: Payment;
    history: { action: string; actor: string; actorName?: string }[];
  },
  number: number,
  names: { commune: string; onlineCollector: string },
  inWords: (amount: number) => string,
): ReceiptDocument | undefined {
  const receipt = d.payment?.receipts.find((r) => r.number === number);
  if (!receipt || !d.payment?.method) return undefined;
  const collector = [...d.history].reverse().find((h) => h.action === 'collect' && h.actor === receipt.issuedBy);
  const online = d.payment.method === 'ONLINE';
  return {
    commune: d.commune,
    communeName: names.commune,
    dossierCode: d.code ?? null,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    payer: { name: d.applicant.name, address: d.applicant.address },
    kind: receipt.kind,
    template: receipt.template,
    series: receipt.series,
    number: receipt.number,
    lines: d.payment.lines.filter((l) => l.kind === receipt.kind && l.amount > 0),
    amount: receipt.amount,
    amountInWords: inWords(receipt.amount),
    method: d.payment.method,
    reference: d.payment.reference ?? null,
    collectedBy: receipt.issuedBy,
    collectorName: online ? names.onlineCollector : (collector?.actorName ?? receipt.issuedBy),
    issuedAt: receipt.issuedAt,
    refundedAt: receipt.refundedAt ?? null,
  };
}
