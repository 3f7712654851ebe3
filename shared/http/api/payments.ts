import * as z from 'zod/mini';
import type { FunctionAccess } from '../../access/least-privilege.js';
import { FONT_FILES, FONT_PACKAGE } from '../pdf/fonts.js';
import { resource } from '../route.js';
import { communeParam, provinceParams, dossierParams, DOSSIER_PATH, uuid } from './common.js';
import { codeParams, lookupBody } from './lookup.js';

const route = resource({ name: 'Payments', description: 'Fees paid online through the province’s payment platform, and its callback' });

const platformText = (max: number) => z.string().check(z.maxLength(max));

/** The callback's body as the platform sends it; the handler checks it itself and answers MaLoi "04" for one that is not this. */
export const callbackBody = z.object({
  LoaiBanTin: z.enum(['CALLBACK']),
  MaLoi: platformText(8),
  MaDoiTac: platformText(64),
  MaThamChieu: platformText(64),
  SoTien: z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  MaTienTe: platformText(8),
  MaGiaoDich: platformText(64),
  MaNganHang: platformText(32),
  ThoiGianGD: platformText(14),
  ThongTinGiaoDich: platformText(256),
  MaXacThuc: platformText(128),
});

const platformDown = { 502: 'The payment platform did not open a payment; nothing was stored: try again later' };
/** The callback and the reconciliation settle a dossier as the desk's collection does: the dossier, the receipt book's counter and the receipts in one transaction. */
export const settles: FunctionAccess = { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] };

export const receiptParams = z.object({
  c: communeParam,
  id: uuid,
  number: z.pipe(z.string().check(z.maxLength(7), z.regex(/^[1-9]\d{0,6}$/, 'a receipt number')), z.transform(Number)),
});

export const routes = {
  receipt: route({
    name: 'dossiers-payment-receipt',
    method: 'GET',
    path: `${DOSSIER_PATH}/payment/receipts/{number}`,
    entry: 'functions/http/dossiers/payment-receipt.ts',
    portal: true,
    params: receiptParams,
    roles: 'commune staff, province roles, PORTAL (own)',
    access: { table: ['Query', 'GetItem'], audits: true },
    // Drawing a PDF is CPU-bound, and Lambda's CPU grows with memory.
    memoryMb: 1024,
    // The PDF renderer is loaded only when a PDF is asked for, as for the forms.
    sideBundle: { variable: 'PDF_RENDERER', file: 'pdf.mjs', entry: 'shared/http/pdf/renderer.ts' },
    shippedFiles: Object.values(FONT_FILES).map((f) => `node_modules/${FONT_PACKAGE}/${f}`),
    summary: 'A fee receipt (biên lai): its data, or the printable PDF',
    description:
      'One receipt of the dossier’s payment by its number (one per kind paid: phí, lệ phí). With Accept: application/pdf the receipt as an A4 PDF: the issuing unit, the payer, the lines, the amount in figures and in Vietnamese words, the method, the collector’s name and the date; a refunded receipt says so. 404 for a number the dossier has no receipt of.',
    answers: { 200: 'FeeReceiptDocument' },
    pdf: true,
  }),
  online: route({
    name: 'dossiers-payment-online',
    method: 'POST',
    path: `${DOSSIER_PATH}/payment/online`,
    entry: 'functions/http/dossiers/payment-online.ts',
    portal: true,
    params: dossierParams,
    roles: 'PORTAL (own dossiers)',
    // The dossier, then the request stored (a PutItem) once the platform opened it.
    access: { table: ['Query', 'GetItem', 'PutItem'] },
    summary: 'Open an online payment of the fees awaited',
    description:
      'For a dossier whose fees are awaited (AWAITING_PAYMENT, or its result at the desk with the result fees unpaid): the province’s payment platform (INIT) opens a page where the citizen pays the total; the answer is its address, how long it stays open and the reference. The platform’s callback (or the reconciliation’s QUERY, when the callback is lost) settles the payment: PAID with method ONLINE, one receipt per kind, and the dossier moves on as after the desk’s collection. 409 when nothing is awaited; each call opens a new request.',
    answers: { 201: 'OnlinePayment' },
    more: platformDown,
  }),
  citizenOnline: route({
    name: 'lookup-payment-online',
    method: 'POST',
    path: '/v1/lookup/{code}/payment/online',
    entry: 'functions/http/lookup/payment-online.ts',
    public:
      "the citizen's online payment of their own dossier's fees, authorized like the lookup by the dossier code plus its lookup secret in the body (guessing bounded per source address, never per code); it answers only where to pay.",
    params: codeParams,
    body: lookupBody,
    // Found as the lookup finds it; the request stored once the platform opened it.
    access: { table: ['GetItem', 'PutItem'], indexes: ['byCode'] },
    summary: 'Open an online payment, for the citizen',
    description:
      'By dossier code and lookup secret, as the portal’s route: the address of the payment page, until when, and the reference. 409 when nothing is awaited.',
    example: { secret: 'the-lookup-secret' },
    answers: { 201: 'OnlinePayment' },
    more: { ...platformDown, 429: 'Too many lookups from this source address' },
  }),
  callback: route({
    name: 'payments-callback',
    method: 'POST',
    path: '/v1/payments/{p}/callback',
    entry: 'functions/http/payments/callback.ts',
    public:
      'the payment platform’s callback: authorized by its MaXacThuc, a keyed hash with the secret the province shares with the platform; a message that does not carry a valid one changes nothing.',
    params: provinceParams,
    body: z.unknown(),
    documentedBody: callbackBody,
    access: settles,
    summary: 'The payment platform tells a transaction’s outcome',
    description:
      'Answered 200 with MaLoi: "00" taken (a paid transaction settles the dossier’s payment, once; the same callback again is answered the same and issues nothing), "01" a wrong MaXacThuc or partner, "02" an unknown reference, "03" another amount than requested, "04" no valid message; those change nothing. A payment for a request no longer owed (cancelled, or paid otherwise meanwhile) is taken and flagged for refund.',
    example: {
      LoaiBanTin: 'CALLBACK',
      MaLoi: '00',
      MaDoiTac: 'LCI-MOTCUA',
      MaThamChieu: '20261205K7Q2M9X4B1TZ',
      SoTien: 125000,
      MaTienTe: 'VND',
      MaGiaoDich: 'GD4F2A9C01B7E3',
      MaNganHang: 'VCB',
      ThoiGianGD: '20261205091200',
      ThongTinGiaoDich: 'Thanh toan ho so H30.01-261205-0009',
      MaXacThuc: '9d2c…',
    },
    answers: { 200: 'PaymentCallbackAnswer' },
  }),
};
