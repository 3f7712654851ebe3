import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { settled } from '../support/settled.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let auditor: string;

const base = '/v1/communes/H30.01/dossiers';
const period = 'from=2027-03-01&to=2027-03-31';
const index = (query: string, token = auditor) => api.call('GET', `/v1/provinces/LCI/reports/service-index?${query}`, { token });

/**
 * A seeded March 2027 in Tân Uyên, counted by hand: A in person, through to its return, rated 4;
 * B online, accepted and still in processing; C refused at the desk (never received).
 * Received A B; online B; digitised none; synchronised A B; completed A (early); one rating, 4.
 */
beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  who = await officials(api);
  auditor = await api.token({ sub: 'auditor@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
  await api.call('PUT', '/_local/clock', { body: { now: '2027-03-01T08:00:00+07:00' } });
  const a = await fullLifecycle(api, who);
  expect((await api.call('POST', `/v1/lookup/${a.code}/rating`, { body: { secret: a.secret, score: 4 } })).status).toBe(201);
  const b = await api.call('POST', base, { token: who.portal, body: newDossier('1.004873', 'ONLINE'), headers: { 'idempotency-key': 'service-index-b' } });
  await api.call('POST', `${base}/${b.body.id}/accept`, { token: who.reception, body: {} });
  const c = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873') });
  await api.call('POST', `${base}/${c.body.id}/refuse`, { token: who.reception, body: { reason: 'Không thuộc thẩm quyền' } });
  // The national portal has every change of A and B.
  for (const id of [a.id, b.body.id as string]) {
    await eventually(async () => {
      const d = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
      return d.step !== 'RECEPTION' && d.nationalSync.status === 'SYNCED' && d.nationalSync.version === d.version;
    }, 20_000);
  }
  // The stream consumer has counted every change into the daily aggregates the index reads.
  await settled(runtime);
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

const HAND_COUNT = {
  onTime: { numerator: 1, denominator: 1, value: 1 },
  online: { numerator: 1, denominator: 2, value: 0.5 },
  // Neither dossier was asked for a fee.
  onlinePayment: { numerator: 0, denominator: 0, value: null },
  digitisation: { numerator: 0, denominator: 2, value: 0 },
  nationalSync: { numerator: 2, denominator: 2, value: 1 },
  satisfaction: { numerator: 4, denominator: 1, value: 4 },
};

describe('the service index report', () => {
  it('matches the hand count of the seeded period, province-wide and per commune', async () => {
    const province = await index(period);
    expect(province.status).toBe(200);
    expect(province.body).toEqual({ province: 'LCI', from: '2027-03-01', to: '2027-03-31', indicators: HAND_COUNT });

    const byCommune = (await index(`${period}&groupBy=commune`)).body;
    expect(byCommune.communes.map((c: { commune: string }) => c.commune)).toEqual(['H30.01', 'H30.02', 'H30.03', 'H30.04']);
    expect(byCommune.communes[0]).toEqual({ commune: 'H30.01', name: 'Tân Uyên', indicators: HAND_COUNT });
    expect(byCommune.communes[1].indicators.online).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('is a CSV like the statistics', async () => {
    const csv = await index(`${period}&groupBy=commune&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="service-index-LCI-2027-03-01-2027-03-31.csv"');
    const lines = String(csv.body).split('\r\n');
    expect(lines).toContain('TOTAL,,online,Tỷ lệ hồ sơ trực tuyến,1,2,0.5');
    expect(lines).toContain('H30.02,Mường Khoa,online,Tỷ lệ hồ sơ trực tuyến,0,0,');
  });

  it('is read by a commune leader for their own commune only, and by no other commune role', async () => {
    const own = await index(period, who.leader);
    expect(own.body).toEqual({ province: 'LCI', commune: 'H30.01', from: '2027-03-01', to: '2027-03-31', indicators: HAND_COUNT });
    const other = await officials(api, 'H30.02');
    expect((await index(period, other.leader)).body.indicators.online).toEqual({ numerator: 0, denominator: 0, value: null });
    for (const token of [who.reception, who.head.OFFICE, await api.token({ sub: 'x', roles: ['PROVINCE_ADMIN'], province: 'XYZ' })]) {
      const refused = await index(period, token);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses a period that is no period, changing nothing', async () => {
    const bad = await index('from=2027-03-31&to=2027-03-01');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.to');
    expect((await index('from=2027-03-01')).status).toBe(400);
  });
});
