import { randomBytes } from 'node:crypto';
import { ReceiptBookMoved, VersionConflict } from '../domain/conflicts.js';
import { settleOnline } from '../domain/lifecycle.js';
import type { Actor, Dossier } from '../domain/model.js';
import { ledgerChange } from '../domain/payment.js';
import {
  callbackAnswer,
  dueForQuery,
  isPlatformTime,
  PAYMENT_WINDOW_MS,
  paymentReference,
  QUERY_HORIZON_MS,
  referenceDay,
  referenceSuffix,
  refundDueOf,
  requestAfter,
  RESULT_CODES,
  resultRefusal,
  transactionResultOf,
  type CallbackAnswer,
  type OnlinePayment,
  type TransactionResult,
} from '../domain/payment-platform.js';
import { DAY_MS, localDate, toVietnamIso } from '../domain/time.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import type { Clock, DossierStore, PaymentPlatform, PaymentRequestStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';
import { secretMatches } from './secrets.js';
import { backOff, MAX_NUMBERING_ATTEMPTS, nextReceiptNumbers } from './transition.js';

/** What the portal or the citizen is answered: where to pay, and until when. */
export interface OpenedPayment {
  reference: string;
  paymentUrl: string;
  expiresAt: string;
}

export interface PaymentDeps {
  store: Pick<DossierStore, 'getDossier' | 'saveDossier' | 'lastReceiptNumber'> &
    PaymentRequestStore & { findDossierByCode(code: string): Promise<Dossier | undefined> };
  clock: Clock;
  provinces: Provinces;
  access: ReturnType<typeof tenancy>;
  platform: PaymentPlatform;
}

/** The national fee kind codes of the platform's receipt (LoaiPhiLePhi): 1 phí, 2 lệ phí. */
const PLATFORM_FEE_KIND = { PHI: 1, LE_PHI: 2 } as const;

/** Why a result is not taken for a request, as its MaLoi: the amount is compared only for a transaction that was paid. */
function refusalOf(secret: string, result: TransactionResult, request: OnlinePayment | undefined, partner: string): string | undefined {
  const refusal = resultRefusal(secret, result, request, partner);
  return refusal === RESULT_CODES.AMOUNT_DIFFERS && result.MaLoi !== RESULT_CODES.OK ? undefined : refusal;
}

/**
 * Online payment (thanh toán trực tuyến): a portal or the citizen opens a payment on the
 * province's platform for what the dossier awaits; the platform's callback, or its answer to the
 * reconciliation's QUERY when the callback was lost, settles it exactly as the desk's collection
 * does (method ONLINE, one receipt per kind, the dossier moves on), once.
 */
export function onlinePayments({ store, clock, provinces, access, platform }: PaymentDeps) {
  /** INIT for what the dossier awaits now; the request is stored before anyone can pay it. */
  async function open(dossier: Dossier): Promise<OpenedPayment> {
    const payment = dossier.payment;
    if (payment?.status !== 'AWAITING' || (dossier.status !== 'AWAITING_PAYMENT' && dossier.status !== 'RESULT_READY')) {
      throw new Refused('conflict', `nothing is awaited: the payment is ${payment?.status ?? 'NONE'} and the dossier ${dossier.status}`);
    }
    const now = clock.now();
    const reference = paymentReference(now, referenceSuffix(randomBytes(12)));
    let paymentUrl: string;
    try {
      paymentUrl = await platform.init({
        MaThamChieu: reference,
        SoTien: payment.total,
        MaTienTe: 'VND',
        ThongTinBienLai: {
          MaHoSo: dossier.code ?? dossier.id,
          MaTTHC: dossier.procedure.code,
          TenTTHC: dossier.procedure.name,
          MaDonVi: dossier.commune,
          HoTenNguoiNop: dossier.applicant.name,
          PhiLePhi: payment.lines
            .filter((l) => l.amount > 0)
            .map((l) => ({ LoaiPhiLePhi: PLATFORM_FEE_KIND[l.kind], MaPhiLePhi: l.code, TenPhiLePhi: l.name, SoTien: l.amount })),
        },
      });
    } catch (error) {
      logger.warn('online payment not opened', { dossierId: dossier.id, commune: dossier.commune, error: error instanceof Error ? error.message : 'unknown' });
      throw new Refused('unavailable', 'the payment platform did not open a payment: try again later');
    }
    const expiresAt = toVietnamIso(now + PAYMENT_WINDOW_MS);
    await store.putPaymentRequest({
      reference,
      province: dossier.province,
      commune: dossier.commune,
      dossierId: dossier.id,
      channel: platform.channel(),
      amount: payment.total,
      paymentUrl,
      createdAt: toVietnamIso(now),
      expiresAt,
      status: 'PENDING',
    });
    logger.info('online payment opened', { dossierId: dossier.id, commune: dossier.commune, reference, amount: payment.total });
    return { reference, paymentUrl, expiresAt };
  }

  /** A portal opens a payment for a dossier it submitted. */
  async function openForPortal(actor: Actor, commune: string, id: string): Promise<OpenedPayment> {
    if (!actor.roles.includes('PORTAL')) throw new Refused('forbidden', 'online payment is opened by the portal that submitted the dossier, or by the citizen');
    const { dossier } = await access.dossierFor(actor, commune, id);
    return open(dossier);
  }

  /** The citizen opens a payment with the dossier's code and lookup secret (not-found for either wrong, as the lookup). */
  async function openForCitizen(code: string, secret: string): Promise<OpenedPayment> {
    const dossier = await store.findDossierByCode(code);
    if (!dossier || !secretMatches(secret, dossier.lookupSecretHash)) throw new Refused('not-found', 'no dossier with this code and secret');
    return open(dossier);
  }

  /** What a paid transaction did: settled the dossier, or left it and is owed back (with the dossier's code, and why). */
  type Outcome = { settlement: 'SETTLE' } | { settlement: 'REFUND_DUE'; code: string | null; why: string };

  /**
   * The dossier settled by a paid transaction: collected with method ONLINE, or, when nothing
   * (or another amount) was owed any more, left as it is and the money flagged to give back.
   */
  async function settleDossier(request: OnlinePayment, result: TransactionResult): Promise<Outcome> {
    const config = await provinces.config(request.province);
    for (let attempt = 1; ; attempt++) {
      const dossier = await store.getDossier(request.commune, request.dossierId);
      if (!dossier || !config) return refundDue(request, null, 'the dossier is not found');
      const now = clock.now();
      const settlement = settleOnline(
        dossier,
        { transaction: result.MaGiaoDich, platform: request.channel, amount: result.SoTien, ...(await nextReceiptNumbers(store, dossier, config, now)) },
        { now, calendar: provinces.calendarOf(config) },
      );
      if (settlement.kind === 'SETTLED') return { settlement: 'SETTLE' };
      if (settlement.kind === 'REFUND_DUE') return refundDue(request, dossier.code ?? null, settlement.why);
      try {
        await store.saveDossier(settlement.dossier, dossier.version, ledgerChange(dossier.payment, settlement.dossier.payment));
        logger.info('online payment settled', {
          dossierId: dossier.id,
          commune: dossier.commune,
          reference: request.reference,
          version: settlement.dossier.version,
        });
        return { settlement: 'SETTLE' };
      } catch (error) {
        if (!(error instanceof ReceiptBookMoved || error instanceof VersionConflict) || attempt >= MAX_NUMBERING_ATTEMPTS) throw error;
        await backOff(attempt);
      }
    }
  }

  function refundDue(request: OnlinePayment, code: string | null, why: string): Outcome {
    logger.warn('online payment to refund', {
      dossierId: request.dossierId,
      commune: request.commune,
      reference: request.reference,
      amount: request.amount,
      why,
    });
    return { settlement: 'REFUND_DUE', code, why };
  }

  /** What a verified result does: a paid one settles the dossier; the request records the outcome once. */
  async function take(request: OnlinePayment, result: TransactionResult): Promise<OnlinePayment> {
    if (result.MaLoi === RESULT_CODES.PENDING || request.status !== 'PENDING') return request;
    const outcome = result.MaLoi === RESULT_CODES.OK ? await settleDossier(request, result) : undefined;
    const decided = requestAfter(request, result, outcome?.settlement, toVietnamIso(clock.now()));
    // Recorded where the commune's leader finds it before the request says so: a crash between leaves it listed, never lost.
    if (outcome?.settlement === 'REFUND_DUE') await store.putRefundDue(refundDueOf(decided, outcome.code, outcome.why));
    // Another caller (the callback and the reconciliation at once) may have recorded it first: the same outcome.
    if (!(await store.decidePaymentRequest(decided))) return (await store.getPaymentRequest(request.province, request.reference)) ?? decided;
    return decided;
  }

  /**
   * The platform's callback (public, no token): checked before anything else — a wrong
   * MaXacThuc, an unknown reference, another amount are answered with their MaLoi and change
   * nothing; the same callback again is answered the same and settles nothing twice.
   */
  async function callback(province: string, body: unknown): Promise<CallbackAnswer> {
    const secret = await platform.secret();
    const partner = platform.partner();
    const result = transactionResultOf(body);
    const given = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const reference = typeof given.MaThamChieu === 'string' ? given.MaThamChieu.slice(0, 64) : '';
    const at = isPlatformTime(given.ThoiGianGD) ? given.ThoiGianGD : clock.now();
    if (!result || result.LoaiBanTin !== 'CALLBACK') return callbackAnswer(secret, RESULT_CODES.INVALID_MESSAGE, partner, reference, at);
    const request = referenceDay(result.MaThamChieu) ? await store.getPaymentRequest(province, result.MaThamChieu) : undefined;
    const refusal = refusalOf(secret, result, request, partner);
    if (refusal || !request) {
      logger.warn('payment callback refused', { province, code: refusal ?? RESULT_CODES.UNKNOWN_REFERENCE });
      return callbackAnswer(secret, refusal ?? RESULT_CODES.UNKNOWN_REFERENCE, partner, reference, at);
    }
    const after = await take(request, result);
    logger.info('payment callback taken', { province, reference: request.reference, result: result.MaLoi, status: after.status });
    return callbackAnswer(secret, RESULT_CODES.OK, partner, request.reference, at);
  }

  /**
   * The reconciliation: every request of the province still PENDING, older than 15 minutes and
   * younger than 3 days, asked of the platform (QUERY), its signed answer taken as a callback's.
   * A request the platform could not answer is asked again at the next run.
   */
  async function reconcile(province: string): Promise<{ asked: number; settled: number; failed: number }> {
    const now = clock.now();
    const days = new Set<string>();
    for (let back = 0; back * DAY_MS <= QUERY_HORIZON_MS + DAY_MS; back++) days.add(localDate(now - back * DAY_MS).replace(/-/g, ''));
    const counts = { asked: 0, settled: 0, failed: 0 };
    const secret = await platform.secret();
    const partner = platform.partner();
    for (const day of days) {
      for (const request of await store.paymentRequestsOn(province, day)) {
        if (!dueForQuery(request, now)) continue;
        counts.asked++;
        try {
          const result = await platform.query(request.reference);
          // An answer that does not hold, or tells of another amount paid, is not taken: asked again next time.
          const refusal = refusalOf(secret, result, request, partner);
          if (refusal || result.MaThamChieu !== request.reference) {
            counts.failed++;
            logger.warn('payment query answer refused', { province, reference: request.reference, code: refusal ?? RESULT_CODES.UNKNOWN_REFERENCE });
            continue;
          }
          if ((await take(request, result)).status !== 'PENDING') counts.settled++;
        } catch (error) {
          counts.failed++;
          logger.warn('payment query failed', { province, reference: request.reference, error: error instanceof Error ? error.message : 'unknown' });
        }
      }
    }
    logger.info('online payments reconciled', { province, ...counts });
    return counts;
  }

  return { openForPortal, openForCitizen, callback, reconcile };
}

export type OnlinePayments = ReturnType<typeof onlinePayments>;
