/**
 * Online payment end to end on the local runtime and its emulated Payment Platform: a portal (or
 * the citizen) opens a payment, the platform's signed callback settles it as the desk's collection
 * does (method ONLINE, one receipt per kind, the dossier moves on, its appointment counted from the
 * payment); forged, unknown, other-amount and repeated callbacks change nothing; a callback lost
 * is found once by the reconciliation's QUERY; a payment after cancellation is flagged for refund.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_COMMUNES } from '../../infra/local/seed.js';
import { getPaymentRequest } from '../../shared/adapters/payment-requests.js';
import { signatureHolds, signed, type TransactionResult } from '../../shared/domain/payment-platform.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

// Every log line is kept, so that the test can say what none of them holds.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const base = '/v1/communes/H30.01/dossiers';
/** Cấp giấy phép xây dựng: phí thẩm định 50,000 (25,000 online) and lệ phí 75,000, both at reception. */
const AT_RECEPTION = '1.009994';
const ONLINE_TOTAL = 100_000;

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const logged: string[] = [];

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return write(chunk);
    });
  }
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  vi.restoreAllMocks();
  await runtime?.stop();
});

const secret = () => process.env.PAYMENT_PLATFORM_SECRET!;
const partner = () => process.env.PAYMENT_PLATFORM_PARTNER!;
const read = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
const setClock = async (at: number) => expect((await api.call('PUT', '/_local/clock', { body: { now: new Date(at).toISOString() } })).status).toBe(200);

/** An online dossier of the portal, accepted: it waits for its fees. */
async function awaitingOnline() {
  const created = await api.call('POST', base, { token: who.portal, body: newDossier(AT_RECEPTION, 'ONLINE'), headers: { 'idempotency-key': randomUUID() } });
  expect(created.status).toBe(201);
  const accepted = await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} });
  expect(accepted.body).toMatchObject({ status: 'AWAITING_PAYMENT', payment: { status: 'AWAITING', total: ONLINE_TOTAL } });
  return { ...(accepted.body as { id: string; code: string; version: number }), lookupSecret: created.body.lookupSecret as string };
}

const open = (id: string, token = who.portal) => api.call('POST', `${base}/${id}/payment/online`, { token, body: {} });
const pay = (reference: string, outcome: 'success' | 'fail' | 'lost') => api.call('POST', '/_local/payment-platform/pay', { body: { reference, outcome } });
const reconcile = () => api.call('POST', '/_local/schedules/payment-reconciliation/run');

async function callback(body: unknown) {
  const answer = await fetch(`${runtime.url}/v1/payments/LCI/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, string> };
}

/** A callback as the platform signs it. */
const result = (reference: string, fields: Partial<TransactionResult> = {}, key = secret()) => {
  const { MaXacThuc: _ignored, ...rest } = {
    LoaiBanTin: 'CALLBACK' as const,
    MaLoi: '00',
    MaDoiTac: partner(),
    MaThamChieu: reference,
    SoTien: ONLINE_TOTAL,
    MaTienTe: 'VND',
    MaGiaoDich: `GD${reference.slice(-8)}`,
    MaNganHang: 'VCB',
    ThoiGianGD: '20261206093000',
    ThongTinGiaoDich: 'Thanh toan ho so',
    MaXacThuc: '',
    ...fields,
  };
  return signed(key, 'RESULT', rest);
};

describe('a payment opened online and paid on the platform', () => {
  it('settles the dossier through the callback: PAID ONLINE, one receipt per kind, processing starts from the payment', async () => {
    const d = await awaitingOnline();
    const opened = await open(d.id);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ reference: expect.stringMatching(/^\d{8}[0-9A-Z]{12}$/), paymentUrl: expect.stringContaining(opened.body.reference) });
    expect(Date.parse(opened.body.expiresAt)).toBeGreaterThan(Date.now());
    const init = (await api.call('GET', '/_local/payment-platform/requests')).body.items.filter(
      (r: { reference: string }) => r.reference === opened.body.reference,
    );
    expect(init).toMatchObject([{ type: 'INIT', amount: ONLINE_TOTAL, answered: '00' }]);

    const paid = await pay(opened.body.reference, 'success');
    const answer = paid.body.callback as { status: number; body: Record<string, string> };
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ MaLoi: '00', MaDoiTac: partner(), MaThamChieu: opened.body.reference });
    const { MaXacThuc, ...fields } = answer.body;
    expect(signatureHolds(secret(), { kind: 'CALLBACK_ANSWER', message: fields as never }, MaXacThuc)).toBe(true);

    const after = await read(d.id);
    expect(after).toMatchObject({ status: 'IN_PROCESSING', nationalStatus: 2, payment: { status: 'PAID', method: 'ONLINE', total: ONLINE_TOTAL } });
    expect(after.payment.reference).toMatch(/^GD/);
    expect(after.payment.receipts.map((r: { kind: string; amount: number; issuedBy: string }) => [r.kind, r.amount, r.issuedBy])).toEqual([
      ['PHI', 25_000, 'system:payment-platform'],
      ['LE_PHI', 75_000, 'system:payment-platform'],
    ]);
    // The appointment counts from the payment: the reception step starts when it was paid.
    expect(after.steps[0].startedAt).toBe(after.payment.paidAt);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(after.payment.paidAt));
    expect(await getPaymentRequest('LCI', opened.body.reference)).toMatchObject({ status: 'PAID', transaction: { via: 'CALLBACK' } });
    // Nothing is awaited any more.
    expect((await open(d.id)).status).toBe(409);
    // The applicant was told what to pay and where, by SMS.
    const told = await eventually(async () => {
      const items = (await api.call('GET', '/_local/messages')).body.items as { dossierId?: string; type: string; channel: string; text: string }[];
      return items.find((m) => m.dossierId === d.id && m.type === 'dossier.payment-requested');
    });
    expect(told.channel).toBe('SMS');
    expect(told.text).toContain('100.000 đồng');
    expect(told.text).toContain('thanh toán trực tuyến tại: http');
  });

  it('is opened by the portal that submitted the dossier, or by the citizen with its code and secret; no one else', async () => {
    const d = await awaitingOnline();
    const otherPortal = await api.token({ sub: 'portal-other', roles: ['PORTAL'], province: 'LCI' });
    expect((await open(d.id, otherPortal)).status).toBe(404);
    expect((await open(d.id, who.reception)).status).toBe(403);
    const wrong = await api.call('POST', `/v1/lookup/${d.code}/payment/online`, { body: { secret: 'not-the-secret' } });
    expect(wrong.status).toBe(404);
    const citizen = await api.call('POST', `/v1/lookup/${d.code}/payment/online`, { body: { secret: d.lookupSecret } });
    expect(citizen.status, JSON.stringify(citizen.body)).toBe(201);
    expect(citizen.body.paymentUrl).toContain(citizen.body.reference);
    expect((await read(d.id)).version).toBe(d.version);
  });

  it('answers 502 and stores nothing when the platform refuses to open it', async () => {
    const d = await awaitingOnline();
    expect((await api.call('PUT', '/_local/payment-platform/faults', { body: { failNext: 1 } })).status).toBe(200);
    const refused = await open(d.id);
    expect(refused.status).toBe(502);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await read(d.id)).version).toBe(d.version);
  });
});

describe('callbacks that are not taken', () => {
  it('a wrong MaXacThuc, an unknown reference, another amount or no message: their MaLoi, and nothing changes', async () => {
    const d = await awaitingOnline();
    const { reference } = (await open(d.id)).body;
    const cases: [unknown, string][] = [
      [result(reference, {}, 'not the shared secret'), '01'],
      [{ ...result(reference), MaXacThuc: 'ab'.repeat(32) }, '01'],
      [result(reference, { MaDoiTac: 'HNI-MOTCUA' }), '01'],
      [result('20261206ZZZZZZZZZZZZ'), '02'],
      [result(reference, { SoTien: ONLINE_TOTAL - 1 }), '03'],
      [result(reference, { SoTien: ONLINE_TOTAL * 10 }), '03'],
      [{ hello: 'world' }, '04'],
      [[1, 2], '04'],
    ];
    for (const [body, code] of cases) {
      const answer = await callback(body);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect(answer.body.MaLoi, JSON.stringify(body)).toBe(code);
      expect(answer.body.MoTaLoi).toBeTruthy();
    }
    expect(await read(d.id)).toMatchObject({ version: d.version, status: 'AWAITING_PAYMENT', payment: { status: 'AWAITING', receipts: [] } });
    expect(await getPaymentRequest('LCI', reference)).toMatchObject({ status: 'PENDING' });
    // The right one is still taken afterwards.
    expect((await callback(result(reference))).body.MaLoi).toBe('00');
    expect((await read(d.id)).payment.status).toBe('PAID');
  });

  it('the same callback twice is answered the same and issues its receipts once', async () => {
    const d = await awaitingOnline();
    const { reference } = (await open(d.id)).body;
    const message = result(reference);
    const first = await callback(message);
    const paid = await read(d.id);
    const answers = await Promise.all([callback(message), callback(message)]);
    expect(answers.map((a) => a.body)).toEqual([first.body, first.body]);
    expect(first.body.MaLoi).toBe('00');
    const again = await read(d.id);
    expect(again.payment).toEqual(paid.payment);
    expect(again.payment.receipts).toHaveLength(2);
    expect(again.history.filter((h: { action: string }) => h.action === 'collect')).toHaveLength(1);
  });

  it('a payment after the dossier was withdrawn is taken and flagged for refund; the dossier stays as it is', async () => {
    const d = await awaitingOnline();
    const { reference } = (await open(d.id)).body;
    expect((await api.call('POST', `${base}/${d.id}/withdraw`, { token: who.portal, body: { reason: 'Không còn nhu cầu' } })).status).toBe(200);
    const withdrawn = await read(d.id);
    expect(withdrawn.payment.status).toBe('CANCELLED');
    const paid = await pay(reference, 'success');
    expect(paid.body.callback.body.MaLoi).toBe('00');
    expect(await read(d.id)).toMatchObject({ version: withdrawn.version, status: 'WITHDRAWN', payment: { status: 'CANCELLED', receipts: [] } });
    expect(await getPaymentRequest('LCI', reference)).toMatchObject({ status: 'REFUND_DUE', amount: ONLINE_TOTAL, transaction: { result: '00' } });
  });

  it('a second request paid after the first settled the dossier is flagged for refund, with no second receipt', async () => {
    const d = await awaitingOnline();
    const first = (await open(d.id)).body.reference as string;
    const second = (await open(d.id)).body.reference as string;
    await pay(first, 'success');
    await pay(second, 'success');
    expect((await read(d.id)).payment.receipts).toHaveLength(2);
    expect(await getPaymentRequest('LCI', second)).toMatchObject({ status: 'REFUND_DUE' });
  });
});

describe('the reconciliation of lost callbacks', () => {
  it('asks the platform about a request older than 15 minutes and settles it once; it is not asked again', async () => {
    const start = Date.now();
    await setClock(start);
    try {
      const d = await awaitingOnline();
      const lost = (await open(d.id)).body.reference as string;
      expect((await pay(lost, 'lost')).body).toMatchObject({ state: 'PAID', callback: null });

      // Younger than 15 minutes: not asked yet.
      expect((await reconcile()).status).toBe(200);
      expect((await read(d.id)).payment.status).toBe('AWAITING');

      await setClock(start + 20 * 60_000);
      expect((await reconcile()).status).toBe(200);
      const settled = await read(d.id);
      expect(settled).toMatchObject({ status: 'IN_PROCESSING', payment: { status: 'PAID', method: 'ONLINE' } });
      expect(settled.payment.receipts).toHaveLength(2);
      expect(await getPaymentRequest('LCI', lost)).toMatchObject({ status: 'PAID', transaction: { via: 'QUERY' } });

      // Found once: a later run asks nothing of it and issues nothing.
      await setClock(start + 40 * 60_000);
      expect((await reconcile()).status).toBe(200);
      const later = await read(d.id);
      expect(later.payment).toEqual(settled.payment);
      expect(later.history.filter((h: { action: string }) => h.action === 'collect')).toHaveLength(1);
      const queries = (await api.call('GET', '/_local/payment-platform/requests')).body.items.filter(
        (r: { type: string; reference: string }) => r.type === 'QUERY' && r.reference === lost,
      );
      expect(queries.map((q: { answered: string }) => q.answered)).toEqual(['00']);
    } finally {
      await api.call('DELETE', '/_local/clock');
    }
  });

  it('leaves a request older than 3 days alone', async () => {
    const start = Date.now();
    await setClock(start);
    try {
      const d = await awaitingOnline();
      const { reference } = (await open(d.id)).body;
      await pay(reference, 'lost');
      await setClock(start + 3 * 24 * 3600_000 + 60_000);
      await reconcile();
      expect((await read(d.id)).payment.status).toBe('AWAITING');
      expect(await getPaymentRequest('LCI', reference)).toMatchObject({ status: 'PENDING' });
    } finally {
      await api.call('DELETE', '/_local/clock');
    }
  });
});

describe('logs', () => {
  it('hold neither the shared secret nor the collection account number nor the applicant', () => {
    const lines = logged.join('');
    expect(lines).toContain('online payment settled');
    expect(lines).not.toContain(secret());
    expect(lines).not.toContain(DEMO_COMMUNES.find((c) => c.code === 'H30.01')!.collectionAccount!.accountNumber);
    expect(lines).not.toContain('Nguyễn Thị Hoa');
  });
});
