/**
 * Money owed back on the local runtime: an online payment the platform took when nothing was owed
 * any more (the dossier withdrawn, or paid already through another request) is listed in the
 * commune's and the province's collections reports until the leader gives it back with the
 * refund action and its reference; bad input changes nothing, and the same money is given back
 * once, however often or at once it is asked.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { getPaymentRequest } from '../../shared/adapters/payment-requests.js';
import { DAY_MS, localDate } from '../../shared/domain/time.js';
import { apiClient } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const base = '/v1/communes/H30.01/dossiers';
/** Cấp giấy phép xây dựng: phí thẩm định 50,000 (25,000 online) and lệ phí 75,000, both at reception. */
const AT_RECEPTION = '1.009994';
const ONLINE_TOTAL = 100_000;

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

const read = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.leader })).body;
const today = () => localDate(Date.now());
const report = async (token = who.leader) =>
  (await api.call('GET', `/v1/communes/H30.01/reports/collections?from=${today()}&to=${today()}`, { token })).body as {
    refundsDue: { reference: string; status: string; dossierId: string; code: string; amount: number; refund?: { reason: string; by: string } }[];
  };
const refund = (id: string, body: Record<string, unknown>, token = who.leader) => api.call('POST', `${base}/${id}/payment/refund`, { token, body });

/** An online dossier of the portal, accepted: it waits for its fees. */
async function awaitingOnline() {
  const created = await api.call('POST', base, { token: who.portal, body: newDossier(AT_RECEPTION, 'ONLINE'), headers: { 'idempotency-key': randomUUID() } });
  expect(created.status).toBe(201);
  const accepted = await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} });
  expect(accepted.body).toMatchObject({ status: 'AWAITING_PAYMENT', payment: { status: 'AWAITING', total: ONLINE_TOTAL } });
  return accepted.body as { id: string; code: string; version: number };
}

const open = async (id: string) => (await api.call('POST', `${base}/${id}/payment/online`, { token: who.portal, body: {} })).body.reference as string;
const pay = (reference: string) => api.call('POST', '/_local/payment-platform/pay', { body: { reference, outcome: 'success' } });

/** A dossier withdrawn after its payment was opened, then paid on the platform: the money is owed back. */
async function paidAfterWithdrawal() {
  const d = await awaitingOnline();
  const reference = await open(d.id);
  expect((await api.call('POST', `${base}/${d.id}/withdraw`, { token: who.portal, body: { reason: 'Không còn nhu cầu' } })).status).toBe(200);
  expect((await pay(reference)).body.callback.body.MaLoi).toBe('00');
  expect(await getPaymentRequest('LCI', reference)).toMatchObject({ status: 'REFUND_DUE' });
  return { ...d, reference, version: (await read(d.id)).version as number };
}

describe('an online payment owed back', () => {
  it('is listed in the commune’s and the province’s collections, whenever it came, with the dossier and the transaction', async () => {
    const d = await paidAfterWithdrawal();
    const listed = (await report()).refundsDue.find((r) => r.reference === d.reference);
    expect(listed).toMatchObject({
      status: 'REFUND_DUE',
      dossierId: d.id,
      code: d.code,
      amount: ONLINE_TOTAL,
      transaction: { id: expect.stringMatching(/\S/) },
    });
    expect((await report(who.reception)).refundsDue.map((r) => r.reference)).toContain(d.reference);
    // Still owed, it is listed in any period, one before it came too.
    const before = localDate(Date.now() - 40 * DAY_MS);
    const earlier = await api.call('GET', `/v1/communes/H30.01/reports/collections?from=${before}&to=${before}`, { token: who.leader });
    expect(earlier.body.refundsDue.some((r: { reference: string }) => r.reference === d.reference)).toBe(true);
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const province = (await api.call('GET', `/v1/provinces/LCI/reports/collections?from=${today()}&to=${today()}`, { token: admin })).body;
    const commune = province.communes.find((c: { commune: string }) => c.commune === 'H30.01');
    expect(commune.refundsDue.map((r: { reference: string }) => r.reference)).toContain(d.reference);
    // Apart from the receipts: none was issued, the totals count none.
    expect((await read(d.id)).payment).toMatchObject({ status: 'CANCELLED', receipts: [] });
  });

  it('bad input changes nothing and is answered as a problem', async () => {
    const d = await paidAfterWithdrawal();
    const other = await paidAfterWithdrawal();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ reason: 'Hoàn trả', reference: d.reference }, who.reception, 403],
      [{ reason: 'Hoàn trả', reference: 'not-a-reference' }, who.leader, 400],
      [{ reference: d.reference }, who.leader, 400],
      [{ reason: 'Hoàn trả', reference: d.reference, amount: 1 }, who.leader, 400],
      [{ reason: 'Hoàn trả', reference: `${d.reference.slice(0, 8)}ZZZZZZZZZZZZ` }, who.leader, 404],
      // Another dossier's money is not this dossier's to give back.
      [{ reason: 'Hoàn trả', reference: other.reference }, who.leader, 404],
      [{ reason: 'Hoàn trả', reference: d.reference, expectedVersion: d.version - 1 }, who.leader, 409],
    ];
    for (const [body, token, status] of cases) {
      const answer = await refund(d.id, body, token);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // The fees' own refund does not take the money owed back either: the dossier's payment was never paid.
    expect((await refund(d.id, { reason: 'Hoàn trả' })).status).toBe(409);
    expect((await read(d.id)).version).toBe(d.version);
    expect((await report()).refundsDue.find((r) => r.reference === d.reference)?.status).toBe('REFUND_DUE');
    expect(await getPaymentRequest('LCI', d.reference)).toMatchObject({ status: 'REFUND_DUE' });
  });

  it('the leader gives it back once, with its reason: recorded on the dossier, in its history and in the report; asked twice or at once, once', async () => {
    const d = await paidAfterWithdrawal();
    const given = await refund(d.id, { reason: 'Hồ sơ đã rút trước khi thanh toán', reference: d.reference, expectedVersion: d.version });
    expect(given.status).toBe(200);
    expect(given.body.payment).toMatchObject({
      status: 'CANCELLED',
      receipts: [],
      overpaymentRefunds: [{ reference: d.reference, amount: ONLINE_TOTAL, reason: 'Hồ sơ đã rút trước khi thanh toán', by: 'leader@H30.01' }],
    });
    expect(given.body.history.at(-1)).toMatchObject({ action: 'refund', actor: 'leader@H30.01', note: 'Hồ sơ đã rút trước khi thanh toán' });
    expect(await getPaymentRequest('LCI', d.reference)).toMatchObject({ status: 'REFUNDED', refund: { reason: 'Hồ sơ đã rút trước khi thanh toán' } });
    expect((await report()).refundsDue.find((r) => r.reference === d.reference)).toMatchObject({
      status: 'REFUNDED',
      refund: { reason: 'Hồ sơ đã rút trước khi thanh toán', by: 'leader@H30.01' },
    });

    const again = await refund(d.id, { reason: 'Lần nữa', reference: d.reference });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const after = await read(d.id);
    expect(after.version).toBe(given.body.version);
    expect(after.payment.overpaymentRefunds).toHaveLength(1);

    // Two leaders at once: one gives it back, the other is told it was.
    const e = await paidAfterWithdrawal();
    const both = await Promise.all([1, 2].map((n) => refund(e.id, { reason: `Hoàn trả ${n}`, reference: e.reference })));
    expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
    const once = await read(e.id);
    expect(once.payment.overpaymentRefunds).toHaveLength(1);
    expect(once.history.filter((h: { action: string }) => h.action === 'refund')).toHaveLength(1);
  });

  it('a second payment of a dossier paid already is given back; the dossier’s own payment and receipts stay as they are', async () => {
    const d = await awaitingOnline();
    const first = await open(d.id);
    const second = await open(d.id);
    await pay(first);
    await pay(second);
    const paid = await read(d.id);
    expect(paid.payment.status).toBe('PAID');
    expect((await report()).refundsDue.find((r) => r.reference === second)).toMatchObject({ status: 'REFUND_DUE', amount: ONLINE_TOTAL });

    const given = await refund(d.id, { reason: 'Người nộp thanh toán hai lần', reference: second });
    expect(given.status).toBe(200);
    expect(given.body.payment).toMatchObject({ status: 'PAID', receipts: paid.payment.receipts, overpaymentRefunds: [{ reference: second }] });
    expect((given.body.payment.receipts as { refundedAt?: string }[]).some((r) => r.refundedAt)).toBe(false);
    expect(given.body.status).toBe(paid.status);
  });
});
