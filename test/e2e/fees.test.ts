/**
 * Fees at the desk on the local runtime: a dossier whose fees are due at reception waits in
 * AWAITING_PAYMENT (national status 6) until the desk collects them, one receipt per kind; two
 * desks collecting at once give one PAID and one 409; receipts of concurrent collections are
 * consecutive numbers; a result fee holds the return back until it is paid; the leader refunds a
 * withdrawn dossier that was paid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const base = '/v1/communes/H30.01/dossiers';
/** Cấp giấy phép xây dựng: phí thẩm định 50,000 and lệ phí 75,000, both at reception (the demo catalogue). */
const AT_RECEPTION = '1.009994';
/** Cấp bản sao trích lục hộ tịch: lệ phí 8,000 at result. */
const AT_RESULT = '2.000635';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

async function accepted(procedureCode = AT_RECEPTION) {
  const created = await api.call('POST', base, { token: who.reception, body: newDossier(procedureCode) });
  expect(created.status).toBe(201);
  const answer = await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} });
  expect(answer.status).toBe(200);
  return answer.body;
}

const collect = (id: string, body: Record<string, unknown> = { method: 'CASH' }, token = who.reception) =>
  api.call('POST', `${base}/${id}/payment/collect`, { token, body });

describe('fees due at reception', () => {
  it('hold the dossier in AWAITING_PAYMENT (national status 6) with no appointment until the desk collects them', async () => {
    const d = await accepted();
    expect(d).toMatchObject({ status: 'AWAITING_PAYMENT', nationalStatus: 6, dueAt: null, steps: [], handoffs: [] });
    expect(d.payment).toMatchObject({ status: 'AWAITING', total: 125_000, collectAt: 'RECEPTION', receipts: [] });
    expect(d.receipt).toMatchObject({ code: d.code, dueAt: null });
    const read = await api.call('GET', `${base}/${d.id}`, { token: who.reception });
    expect(read.body.allowedActions).toEqual(expect.arrayContaining(['collect', 'waive', 'withdraw']));

    const paid = await collect(d.id);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'IN_PROCESSING',
      step: 'RECEPTION',
      nationalStatus: 2,
      payment: { status: 'PAID', method: 'CASH', total: 125_000 },
    });
    const receipts = paid.body.payment.receipts as { kind: string; amount: number; number: number; series: string }[];
    expect(receipts.map((r) => [r.kind, r.amount])).toEqual([
      ['PHI', 50_000],
      ['LE_PHI', 75_000],
    ]);
    expect(receipts[1]!.number).toBe(receipts[0]!.number + 1);
    // The appointment counts from the payment, and the department receives it.
    expect(paid.body.dueAt).not.toBeNull();
    await eventually(async () => (await api.call('GET', `${base}/${d.id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
  });

  it('an exemption takes its share off every line; a full one waives the fees with no receipt', async () => {
    const half = await collect((await accepted()).id, { method: 'CASH', exemption: { group: 'DTTS_DBKK', evidence: 'CCCD, hộ khẩu xã Pắc Ta' } });
    expect(half.body.payment).toMatchObject({ status: 'PAID', total: 62_500 });
    const waived = await api.call('POST', `${base}/${(await accepted()).id}/payment/waive`, {
      token: who.reception,
      body: { group: 'HO_NGHEO', evidence: 'Giấy chứng nhận hộ nghèo số 12' },
    });
    expect(waived.body).toMatchObject({ status: 'IN_PROCESSING', payment: { status: 'WAIVED', total: 0, receipts: [] } });
  });

  it('refuses bad input as a problem and changes nothing', async () => {
    const d = await accepted();
    for (const body of [{ method: 'BANK_TRANSFER' }, { method: 'GOLD' }, { method: 'CASH', exemption: { group: 'NO_SUCH', evidence: 'x' } }]) {
      const answer = await collect(d.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await collect(d.id, { method: 'CASH' }, who.leader)).status).toBe(403);
    const after = await api.call('GET', `${base}/${d.id}`, { token: who.reception });
    expect(after.body).toMatchObject({ version: d.version, status: 'AWAITING_PAYMENT', payment: { status: 'AWAITING' } });
  });

  it('two desks collecting at once: one PAID, one 409', async () => {
    const d = await accepted();
    const answers = await Promise.all([collect(d.id), collect(d.id, { method: 'BANK_TRANSFER', reference: 'FT26060512345' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const after = await api.call('GET', `${base}/${d.id}`, { token: who.reception });
    expect(after.body.payment.receipts).toHaveLength(2);
  });

  it('20 collections at once number 40 receipts with no gap and none twice', async () => {
    const dossiers = [];
    for (let i = 0; i < 20; i++) dossiers.push(await accepted());
    const answers = await Promise.all(dossiers.map((d) => collect(d.id)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const numbers = answers.flatMap((a) => (a.body.payment.receipts as { number: number }[]).map((r) => r.number)).sort((a, b) => a - b);
    expect(numbers).toHaveLength(40);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  }, 60_000);
});

describe('fees due at result', () => {
  it('are asked for when the result reaches the desk; the return is a 409 problem until they are paid', async () => {
    const { id, act } = await fullLifecycle(api, who, { procedureCode: AT_RESULT, department: 'OFFICE', until: 'RESULT_READY' });
    const ready = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
    expect(ready.payment).toMatchObject({ status: 'AWAITING', total: 8000, collectAt: 'RESULT' });
    expect(ready.allowedActions).not.toContain('return');
    const refused = await api.call('POST', `${base}/${id}/return`, { token: who.reception, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/not paid/);
    expect((await collect(id)).body).toMatchObject({ status: 'RESULT_READY', payment: { status: 'PAID', total: 8000 } });
    await expect(act('return', who.reception)).resolves.toMatchObject({ status: 'RETURNED' });
  });
});

describe('refunds', () => {
  it('the leader refunds a withdrawn dossier that was paid; its receipts stay, marked', async () => {
    const d = await accepted();
    await collect(d.id);
    expect((await api.call('POST', `${base}/${d.id}/withdraw`, { token: who.reception, body: { reason: 'Người nộp rút hồ sơ' } })).status).toBe(200);
    expect((await api.call('POST', `${base}/${d.id}/payment/refund`, { token: who.reception, body: { reason: 'x' } })).status).toBe(403);
    const refunded = await api.call('POST', `${base}/${d.id}/payment/refund`, { token: who.leader, body: { reason: 'Hồ sơ đã rút' } });
    expect(refunded.status).toBe(200);
    expect(refunded.body.payment).toMatchObject({ status: 'REFUNDED', refund: { reason: 'Hồ sơ đã rút', amount: 125_000 } });
    expect((refunded.body.payment.receipts as { refundedAt?: string }[]).every((r) => r.refundedAt)).toBe(true);
    expect((await api.call('POST', `${base}/${d.id}/payment/refund`, { token: who.leader, body: { reason: 'again' } })).status).toBe(409);
  });
});
