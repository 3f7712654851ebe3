import * as z from 'zod/mini';
import { COLLECTION_POINTS, FEE_KINDS, PAYMENT_METHODS, PAYMENT_STATUSES } from '../../domain/payment.js';
import { count, instant, named } from './common.js';

const feeKind = named('FeeKind', 'A phí (offsets a service’s cost) or a lệ phí (a fixed state charge)', z.enum(FEE_KINDS));
const collectAt = named('CollectionPoint', 'When a fee is collected: at acceptance, or when the result is handed over', z.enum(COLLECTION_POINTS));
export const paymentMethod = named('PaymentMethod', 'How a payment was made', z.enum(PAYMENT_METHODS));

export const feeLineAnswer = named(
  'FeeLine',
  'One fee line of a procedure, in whole đồng',
  z.strictObject({
    code: z.string(),
    name: z.string(),
    kind: feeKind,
    amount: count,
    onlineAmount: z.optional(count),
    collectAt,
    legalBasis: z.optional(z.string()),
  }),
);

export const exemptionGroupAnswer = named(
  'ExemptionGroup',
  'A group of applicants exempt from a share (percent) of every fee line',
  z.strictObject({ group: z.string(), name: z.string(), percent: z.int().check(z.gte(1), z.lte(100)) }),
);

export const receiptAnswer = named(
  'FeeReceipt',
  'A receipt (biên lai thu phí, lệ phí): one per kind of a payment, numbered per commune, series and year',
  z.strictObject({
    kind: feeKind,
    template: z.string(),
    series: z.string(),
    number: z.int().check(z.gte(1)),
    amount: count,
    issuedAt: instant,
    issuedBy: z.string(),
    refundedAt: z.optional(instant),
  }),
);

/** A fee line as asked: its amount before and after an exemption. */
const paymentLine = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: feeKind,
  base: count,
  exemption: z.optional(z.strictObject({ group: z.string(), name: z.string(), percent: z.int(), evidence: z.string() })),
  amount: count,
});

export const paymentAnswer = named(
  'Payment',
  'The fees asked of a dossier at one collection point, with exemptions applied, and how they were settled',
  z.strictObject({
    /** AWAITING → PAID | WAIVED; PAID → REFUNDED; AWAITING → CANCELLED. */
    status: z.enum(PAYMENT_STATUSES.filter((s) => s !== 'NONE') as ['AWAITING', 'PAID', 'WAIVED', 'REFUNDED', 'CANCELLED']),
    lines: z.array(paymentLine),
    total: count,
    collectAt,
    requestedAt: instant,
    payBy: z.optional(instant),
    paidAt: z.optional(instant),
    method: z.optional(paymentMethod),
    reference: z.optional(z.string()),
    /** The platform an ONLINE payment went through: the national Payment Platform, or the province's own gateway. */
    platform: z.optional(z.enum(['NATIONAL_PLATFORM', 'PROVINCE_GATEWAY'])),
    collectedBy: z.optional(z.string()),
    receipts: z.array(receiptAnswer),
    refund: z.optional(z.strictObject({ reason: z.string(), amount: count, by: z.string(), at: instant })),
    /** Online payments taken when no longer owed, given back by the leader: the payment itself stays as it was. */
    overpaymentRefunds: z.optional(
      z.array(z.strictObject({ reference: z.string(), transaction: z.string(), amount: count, reason: z.string(), by: z.string(), at: instant })),
    ),
  }),
);

export const onlinePaymentAnswer = named(
  'OnlinePayment',
  'A payment opened on the province’s payment platform: where the citizen pays, until when; the reference the platform’s callback names',
  z.strictObject({ reference: z.string(), paymentUrl: z.string(), expiresAt: instant }),
);

export const paymentCallbackAnswer = named(
  'PaymentCallbackAnswer',
  'The province’s answer to the payment platform’s callback, signed (MaXacThuc): MaLoi "00" when taken, "01" a wrong MaXacThuc, "02" an unknown reference, "03" another amount, "04" no valid message',
  z.strictObject({ MaLoi: z.string(), MoTaLoi: z.string(), MaDoiTac: z.string(), MaThamChieu: z.string(), ThoiGianGD: z.string(), MaXacThuc: z.string() }),
);

export const receiptDocumentAnswer = named(
  'FeeReceiptDocument',
  'A fee receipt as it is printed: the issuing unit, the payer, its kind’s lines, the amount in figures and in Vietnamese words, the method, the collector and the date',
  z.strictObject({
    commune: z.string(),
    communeName: z.string(),
    dossierCode: z.nullable(z.string()),
    procedure: z.strictObject({ code: z.string(), name: z.string() }),
    payer: z.strictObject({ name: z.string(), address: z.string() }),
    kind: feeKind,
    template: z.string(),
    series: z.string(),
    number: z.int().check(z.gte(1)),
    lines: z.array(paymentLine),
    amount: count,
    amountInWords: z.string(),
    method: paymentMethod,
    reference: z.nullable(z.string()),
    collectedBy: z.string(),
    collectorName: z.string(),
    issuedAt: instant,
    refundedAt: z.nullable(instant),
  }),
);

const refundedSum = z.strictObject({ count, total: count });

/** Money a commune owes back of an online payment taken when nothing (or another amount) was owed any more, and its refund once given. */
const refundDueAnswer = z.strictObject({
  reference: z.string(),
  province: z.string(),
  commune: z.string(),
  dossierId: z.string(),
  code: z.nullable(z.string()),
  channel: z.enum(['NATIONAL_PLATFORM', 'PROVINCE_GATEWAY']),
  amount: count,
  receivedAt: instant,
  transaction: z.strictObject({ id: z.string(), bank: z.string(), at: z.string() }),
  why: z.string(),
  status: z.enum(['REFUND_DUE', 'REFUNDED']),
  refund: z.optional(z.strictObject({ reason: z.string(), by: z.string(), byName: z.optional(z.string()), at: instant })),
});
const collectionsTotals = z.strictObject({ count, total: count, refunded: refundedSum });

export const communeCollectionsAnswer = named(
  'CommuneCollections',
  'A commune’s receipts of a period per local day, kind and method (and series): count, total, first and last number, those refunded since; the totals are the sums of the receipts',
  z.strictObject({
    commune: z.string(),
    name: z.optional(z.string()),
    lines: z.array(
      z.strictObject({
        date: z.iso.date(),
        kind: feeKind,
        method: paymentMethod,
        series: z.string(),
        count,
        total: count,
        firstNumber: z.int().check(z.gte(1)),
        lastNumber: z.int().check(z.gte(1)),
        refunded: refundedSum,
      }),
    ),
    totals: collectionsTotals,
    /** Online payments the commune owes back: every one still owed (REFUND_DUE, whenever it came), and those refunded in the period. Apart from the receipts and their totals. */
    refundsDue: z.array(refundDueAnswer),
  }),
);

export const provinceCollectionsAnswer = named(
  'ProvinceCollections',
  'Every commune’s collections of a period, and the province’s totals',
  z.strictObject({ province: z.string(), communes: z.array(communeCollectionsAnswer), totals: collectionsTotals }),
);
