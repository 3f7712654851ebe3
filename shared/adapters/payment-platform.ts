import {
  PLATFORM_VERSION,
  RESULT_CODES,
  signatureHolds,
  signed,
  type InitAnswer,
  type InitMessage,
  type PaymentChannel,
  type TransactionResult,
} from '../domain/payment-platform.js';
import { secretValue } from './secrets.js';

/** Seconds the shared secret read from Secrets Manager is reused: a rotated secret is used within this. */
const SECRET_MAX_AGE_S = 300;
const TIMEOUT_MS = 10_000;

/** The platform refused or could not be reached; the message describes the answer, never the request or the secret. */
export class PaymentPlatformFailed extends Error {
  override name = 'PaymentPlatformFailed';
}

type Setting = 'PAYMENT_PLATFORM_URL' | 'PAYMENT_PLATFORM_PARTNER' | 'PAYMENT_PLATFORM_SECRET';

/** A setting of the province's adapter; a province without one takes no online payment, and says so. */
function setting(name: Setting): string {
  const value = process.env[name];
  if (!value) throw new PaymentPlatformFailed(`the payment platform adapter is not configured for this province (${name})`);
  return value;
}

/** MaDoiTac: the province's partner code with the platform. */
export const partnerCode = (): string => setting('PAYMENT_PLATFORM_PARTNER');

/** Which platform the province's adapter speaks to: the national one unless it names its own gateway. */
export const paymentChannel = (): PaymentChannel => (process.env.PAYMENT_PLATFORM_CHANNEL === 'PROVINCE_GATEWAY' ? 'PROVINCE_GATEWAY' : 'NATIONAL_PLATFORM');

/**
 * The secret the province shares with the platform (MaXacThuc): on AWS the Secrets Manager secret
 * PAYMENT_PLATFORM_SECRET_ARN names, kept five minutes; locally PAYMENT_PLATFORM_SECRET, which
 * the local runtime makes for its emulator.
 */
export async function platformSecret(): Promise<string> {
  const arn = process.env.PAYMENT_PLATFORM_SECRET_ARN;
  const value = arn ? await secretValue(arn, SECRET_MAX_AGE_S) : setting('PAYMENT_PLATFORM_SECRET');
  if (!value) throw new PaymentPlatformFailed('the payment platform secret is empty');
  return value;
}

async function post(path: 'init' | 'query', body: unknown): Promise<Record<string, unknown>> {
  let answer: Response;
  try {
    answer = await fetch(`${setting('PAYMENT_PLATFORM_URL')}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new PaymentPlatformFailed(`the payment platform could not be reached: ${error instanceof Error ? error.name : 'unknown error'}`);
  }
  const json: unknown = await answer.json().catch(() => undefined);
  if (!answer.ok || !json || typeof json !== 'object' || Array.isArray(json)) {
    throw new PaymentPlatformFailed(`the payment platform answered HTTP ${answer.status}${json ? '' : ' with no JSON object'}`);
  }
  return json as Record<string, unknown>;
}

/** INIT: the platform opens a payment page for the request and answers its address. */
export async function initPayment(message: Omit<InitMessage, 'LoaiBanTin' | 'PhienBan' | 'MaDoiTac' | 'MaXacThuc'>): Promise<string> {
  const secret = await platformSecret();
  const partner = partnerCode();
  const answer = (await post(
    'init',
    signed(secret, 'INIT', { LoaiBanTin: 'INIT', PhienBan: PLATFORM_VERSION, MaDoiTac: partner, ...message }),
  )) as Partial<InitAnswer>;
  if (answer.MaLoi !== RESULT_CODES.OK || typeof answer.UrlThanhToan !== 'string') {
    throw new PaymentPlatformFailed(`INIT refused (MaLoi ${String(answer.MaLoi ?? 'missing')})`);
  }
  const { MaXacThuc, ...fields } = answer as InitAnswer;
  if (!signatureHolds(secret, { kind: 'INIT_ANSWER', message: fields }, MaXacThuc) || fields.MaThamChieu !== message.MaThamChieu) {
    throw new PaymentPlatformFailed('the INIT answer does not carry a valid MaXacThuc for this reference');
  }
  return answer.UrlThanhToan;
}

/** QUERY: the platform's word on a request's transaction (whose MaXacThuc the caller checks, as a callback's). */
export async function queryPayment(reference: string): Promise<TransactionResult> {
  const secret = await platformSecret();
  const answer = await post(
    'query',
    signed(secret, 'QUERY', { LoaiBanTin: 'QUERY', PhienBan: PLATFORM_VERSION, MaDoiTac: partnerCode(), MaThamChieu: reference }),
  );
  if (typeof answer.MaLoi !== 'string' || answer.MaLoi === RESULT_CODES.SYSTEM_ERROR)
    throw new PaymentPlatformFailed(`QUERY failed (MaLoi ${String(answer.MaLoi ?? 'missing')})`);
  return answer as unknown as TransactionResult;
}
