import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEFAULT_OFFICE_HOURS, workingCalendar } from '../../shared/domain/calendar.js';
import { OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { parseInstant } from '../../shared/domain/time.js';
import { apiClient, eventually, type Answer } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { settled } from '../support/settled.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const base = '/v1/communes/H30.01/dossiers';
const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS);

const setClock = async (now: string) => expect((await api.call('PUT', '/_local/clock', { body: { now } })).status).toBe(200);

async function accepted(procedureCode: string, at: string) {
  await setClock(at);
  const created = await api.call('POST', base, { token: who.reception, body: newDossier(procedureCode) });
  const receipt = await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} });
  expect(receipt.status).toBe(200);
  return receipt.body;
}

const read = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite({ scheduleTickMs: 100 }));
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

describe('deadlines on the local runtime, with the clock set', () => {
  it('counts 3 working days from Fri 13 Feb 2026 10:00 across Tết to Wed 25 Feb 2026 10:00', async () => {
    const receipt = await accepted('1.001612', '2026-02-13T10:00:00+07:00');

    expect(receipt.dueAt).toBe('2026-02-25T10:00:00+07:00');
    expect(receipt.receipt.dueAt).toBe('2026-02-25T10:00:00+07:00');
  });

  it('gives a SAME_DAY dossier accepted at 15:30 until 17:00 the next working day', async () => {
    const receipt = await accepted('2.000908', '2026-02-26T15:30:00+07:00');

    expect(receipt.dueAt).toBe('2026-02-27T17:00:00+07:00');
  });

  it('gives a SAME_DAY dossier accepted at 14:00 until 17:00 the same day', async () => {
    const receipt = await accepted('2.000908', '2026-02-26T14:00:00+07:00');

    expect(receipt.dueAt).toBe('2026-02-26T17:00:00+07:00');
  });

  it('moves the due time by exactly 16 working hours after a two-working-day supplement pause', async () => {
    // Prepare: a 3-day dossier at the department
    const receipt = await accepted('1.001612', '2026-03-02T08:00:00+07:00');
    expect(receipt.dueAt).toBe('2026-03-05T08:00:00+07:00');
    await eventually(async () => (await read(receipt.id)).step === 'ASSIGNMENT');
    const stepDue = (await read(receipt.id)).steps.at(-1).dueAt;

    // Act: the department head asks for a supplement; it arrives two working days later
    await setClock('2026-03-02T09:00:00+07:00');
    const paused = await api.call('POST', `${base}/${receipt.id}/request-supplement`, {
      token: who.head.ECONOMICS,
      body: { reason: 'Thiếu giấy tờ', documents: ['Bản sao sổ hộ khẩu'] },
    });
    expect(paused.body).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', pausedAt: '2026-03-02T09:00:00+07:00' });
    await setClock('2026-03-04T09:00:00+07:00');
    const resumed = await api.call('POST', `${base}/${receipt.id}/supplement`, {
      token: who.reception,
      body: { documents: [{ name: 'Bản sao sổ hộ khẩu', kind: 'COPY', count: 1 }] },
    });

    // Assess
    expect(resumed.body).toMatchObject({ status: 'IN_PROCESSING', step: 'ASSIGNMENT', pausedAt: null, dueAt: '2026-03-09T08:00:00+07:00' });
    expect(calendar.workingMinutesBetween(parseInstant(receipt.dueAt), parseInstant(resumed.body.dueAt))).toBe(16 * 60);
    expect(calendar.workingMinutesBetween(parseInstant(stepDue), parseInstant(resumed.body.steps.at(-1).dueAt))).toBe(16 * 60);
  });

  it('names an overdue dossier in the next 07:00 report of its commune and of the province', async () => {
    // Prepare: a 3-day dossier accepted Mon 6 Apr 2026, due Thu 9 Apr; nobody works it
    const receipt = await accepted('1.004873', '2026-04-06T08:00:00+07:00');
    expect(receipt.dueAt).toBe('2026-04-09T08:00:00+07:00');
    await eventually(async () => (await read(receipt.id)).step === 'ASSIGNMENT');

    // Act: the clock reaches 07:00 on Fri 10 Apr; the local scheduler runs the report
    await setClock('2026-04-10T07:00:00+07:00');
    const leader = who.leader;
    const report = await eventually(async () => {
      const answer = await api.call('GET', '/v1/communes/H30.01/reports/sla-breaches?date=2026-04-10', { token: leader });
      return answer.status === 200 && answer.body;
    });

    // Assess
    const entry = report.entries.find((e: { dossierId: string; level: string }) => e.dossierId === receipt.id && e.level === 'DOSSIER');
    expect(entry).toMatchObject({ standing: 'OVERDUE', department: 'OFFICE', code: receipt.code, dueAt: '2026-04-09T08:00:00+07:00', hoursPastDue: 7 });
    expect(
      report.entries.some(
        (e: { dossierId: string; level: string; step: string }) => e.dossierId === receipt.id && e.level === 'STEP' && e.step === 'ASSIGNMENT',
      ),
    ).toBe(true);
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const province = await api.call('GET', '/v1/provinces/LCI/reports/sla-breaches?date=2026-04-10', { token: admin });
    expect(province.status).toBe(200);
    expect(province.body.overdue).toBeGreaterThanOrEqual(1);
    const commune = province.body.communes.find((c: { commune: string }) => c.commune === 'H30.01');
    expect(commune.entries.some((e: { dossierId: string }) => e.dossierId === receipt.id)).toBe(true);
    expect(province.body.nextCursor).toBeNull();
    // A page at a time: the same communes in the same order, the province's totals on every page.
    const seen: string[] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: Answer = await api.call('GET', `/v1/provinces/LCI/reports/sla-breaches?date=2026-04-10&limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
        token: admin,
      });
      expect([page.status, page.body.overdue, page.body.communes.length]).toEqual([200, province.body.overdue, 1]);
      seen.push(page.body.communes[0].commune);
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(province.body.communes.map((c: { commune: string }) => c.commune));
    const wrong = await api.call('GET', '/v1/provinces/LCI/reports/sla-breaches?date=2026-04-10&cursor=H99.99', { token: admin });
    expect([wrong.status, wrong.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
  });

  it('lets only the leader, department heads and the province read SLA reports', async () => {
    await api.call('POST', '/_local/schedules/sla-report/run');
    const today = (await api.call('PUT', '/_local/clock', { body: { now: '2026-04-10T09:00:00+07:00' } })).body.now.slice(0, 10);
    expect((await api.call('GET', `/v1/communes/H30.01/reports/sla-breaches?date=${today}`, { token: who.reception })).status).toBe(403);
    expect((await api.call('GET', `/v1/communes/H30.01/reports/sla-breaches?date=${today}`, { token: who.head.OFFICE })).status).toBe(200);
    expect((await api.call('GET', '/v1/provinces/LCI/reports/sla-breaches', { token: who.leader })).status).toBe(403);
  });

  it('answers province statistics of a period in JSON and in CSV', async () => {
    const auditor = await api.token({ sub: 'auditor@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    const path = '/v1/provinces/LCI/reports/statistics?from=2026-02-01&to=2026-04-30';
    await settled(runtime);

    const json = await api.call('GET', `${path}&groupBy=department`, { token: auditor });
    const csv = await fetch(`${runtime.url}${path}&format=csv`, { headers: { authorization: `Bearer ${auditor}` } });
    const bad = await api.call('GET', '/v1/provinces/LCI/reports/statistics?from=2026-05-01&to=2026-04-30', { token: auditor });

    expect(json.status).toBe(200);
    expect(json.body.total.received.total).toBe(5);
    expect(json.body.lines.map((l: { group: string }) => l.group)).toContain('ECONOMICS');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(bad.status).toBe(400);
    expect((await api.call('GET', path, { token: who.leader })).status).toBe(403);
  });

  it('refuses a dossier whose supplement time limit passed without the documents', async () => {
    await setClock('2026-05-04T09:00:00+07:00');
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873') });
    const asked = await api.call('POST', `${base}/${created.body.id}/request-supplement`, {
      token: who.reception,
      body: { reason: 'Thiếu tờ khai', documents: ['Tờ khai'] },
    });
    expect(asked.body.supplementRequest.supplyBy).toBe('2026-05-25T09:00:00+07:00');

    await setClock(asked.body.supplementRequest.supplyBy);
    await api.call('POST', '/_local/schedules/supplement-expiry/run');
    expect((await read(created.body.id)).status).toBe('SUPPLEMENT_REQUESTED');
    await setClock('2026-06-30T09:00:00+07:00');
    await api.call('POST', '/_local/schedules/supplement-expiry/run');

    const refused = await read(created.body.id);
    expect(refused).toMatchObject({ status: 'REFUSED', nationalStatus: 3, refusal: { reason: expect.stringContaining('not supplied') } });
  });
});
