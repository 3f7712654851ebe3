import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { logger } from '../../shared/observability/logger.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

type Received = { service: string; madonvi: string; isUpdating: boolean; data: Record<string, unknown>[]; at: string };
const portal = '/_local/national-portal';
const base = '/v1/communes/H30.01/dossiers';

/** Every call the adapter accepted about one dossier (by its id before acceptance, its code after). */
async function receivedFor(keys: (string | undefined)[]): Promise<Received[]> {
  const items = (await api.call('GET', `${portal}/received`)).body.items as Received[];
  return items.filter((i) => i.data.some((r) => keys.includes(r.MaHoSo as string)));
}

const syncOf = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.nationalSync;

beforeAll(async () => {
  // A failed event comes back after the visibility timeout: long enough here to see FAILED in between.
  runtime = await startTestRuntime({ visibilityTimeoutS: 3 });
  api = apiClient(runtime);
  who = await officials(api);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the national portal is kept in step', () => {
  it('with a dossier at each national status, 1 → 2 → 4 → 9 → 10, and a progress record per completed step', async () => {
    const { id, code, returned } = await fullLifecycle(api, who);

    const calls = await eventually(async () => {
      const found = await receivedFor([id, code]);
      return found.filter((c) => c.service === 'DongBoHoSoMC').length === 5 && found.filter((c) => c.service === 'CapNhatTienDoHoSoMC').length >= 5 && found;
    });
    await eventually(async () => (await syncOf(id)).status === 'SYNCED' && (await syncOf(id)).version === returned.version);

    const dossiers = calls.filter((c) => c.service === 'DongBoHoSoMC');
    expect(dossiers.map((c) => c.data[0]!.TrangThaiHoSo)).toEqual([1, 2, 4, 9, 10]);
    // The code exists from the acceptance on; the submission is told by the dossier's id.
    expect(dossiers.map((c) => c.data[0]!.MaHoSo)).toEqual([id, code, code, code, code]);
    expect(dossiers.map((c) => c.isUpdating)).toEqual([false, true, true, true, true]);
    expect(calls.every((c) => c.madonvi === 'H30')).toBe(true);
    const steps = (await receivedFor([code])).filter((c) => c.service === 'CapNhatTienDoHoSoMC').flatMap((c) => c.data);
    expect(steps.map((s) => s.NoiDungXuLy)).toEqual(['Tiếp nhận', 'Phân công', 'Thẩm định', 'Xem xét', 'Phê duyệt', 'Vào sổ, đóng dấu']);
    for (const record of [...dossiers.map((c) => c.data[0]!), ...steps]) {
      for (const [field, value] of Object.entries(record)) {
        expect(value, field).not.toBeNull();
        if (/^(Ngay|ThoiDiem)/.test(field)) expect(value, field).toMatch(/^\d{14}$/);
      }
    }
    expect(dossiers.at(-1)!.data[0]).toMatchObject({ MaTTHC: '1.004873', KenhThucHien: 1, ChuHoSo: applicant.name, DonViXuLy: 'H30.01' });
    expect(await syncOf(id)).toEqual({ status: 'SYNCED', version: returned.version, at: expect.stringMatching(/\+07:00$/) });
  });

  it('ends SYNCED though the adapter refuses three calls, showing PENDING or FAILED with its message until then', async () => {
    await api.call('PUT', `${portal}/faults`, { body: { failNext: 3 } });
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873', 'IN_PERSON') });
    const id = created.body.id as string;

    const seen: { status: string; error?: string }[] = [];
    const synced = await eventually(async () => {
      const sync = await syncOf(id);
      seen.push(sync);
      return sync.status === 'SYNCED' && sync;
    }, 20_000);

    expect(seen[0]!.status).toBe('PENDING');
    const failed = seen.find((s) => s.status === 'FAILED');
    expect(failed?.error).toMatch(/error_code 99/);
    expect(synced).toMatchObject({ status: 'SYNCED', version: 1 });
    expect((await receivedFor([id])).map((c) => c.data[0]!.TrangThaiHoSo)).toEqual([1]);
  });

  it('leaves nothing out of a full lifecycle though the adapter refuses three calls at its start', async () => {
    await api.call('PUT', `${portal}/faults`, { body: { failNext: 3 } });
    const { id, code, returned } = await fullLifecycle(api, who);

    const synced = await eventually(async () => {
      const sync = await syncOf(id);
      return sync.status === 'SYNCED' && sync.version === returned.version && sync;
    }, 20_000);

    const calls = await receivedFor([id, code]);
    expect(calls.filter((c) => c.service === 'DongBoHoSoMC').map((c) => c.data[0]!.TrangThaiHoSo)).toEqual([1, 2, 4, 9, 10]);
    expect(calls.filter((c) => c.service === 'CapNhatTienDoHoSoMC').flatMap((c) => c.data)).toHaveLength(6);
    expect(synced.error).toBeUndefined();
  });

  it('renews a session the adapter no longer knows, and takes a malformed answer as a failure, not a crash', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (logged.push(String(chunk)), true));
    logger.setLogLevel('INFO');
    try {
      await api.call('PUT', `${portal}/faults`, { body: { expireSessions: true, malformedNext: 3 } });
      const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873', 'IN_PERSON') });
      const id = created.body.id as string;

      const seen: { status: string; error?: string }[] = [];
      await eventually(async () => {
        const sync = await syncOf(id);
        seen.push(sync);
        return sync.status === 'SYNCED';
      }, 20_000);

      expect(seen.find((s) => s.status === 'FAILED')?.error).toMatch(/HTTP 502 with no JSON/);
      expect((await receivedFor([id])).map((c) => c.data[0]!.TrangThaiHoSo)).toEqual([1]);
    } finally {
      logger.setLogLevel('ERROR');
      spy.mockRestore();
    }
    const lines = logged.join('');
    expect(lines).toContain('national portal synced');
    const { password } = JSON.parse(process.env.NATIONAL_PORTAL_CREDENTIALS!) as { password: string };
    for (const secret of [password, applicant.idNumber, applicant.phone!, applicant.name]) expect(lines).not.toContain(secret);
  });

  it('puts a dossier the portal has not had for an hour in the SLA report, in a section of its own', async () => {
    const leader = await api.token({ sub: 'leader@H30.01', roles: ['LEADER'], province: 'LCI', commune: 'H30.01' });
    await api.call('PUT', '/_local/clock', { body: { now: '2026-12-03T08:00:00+07:00' } });
    await api.call('PUT', `${portal}/faults`, { body: { failNext: 1000 } });
    try {
      const id = (await api.call('POST', base, { token: who.reception, body: newDossier('1.004873', 'IN_PERSON') })).body.id as string;
      await eventually(async () => (await syncOf(id)).status === 'FAILED');

      await api.call('PUT', '/_local/clock', { body: { now: '2026-12-03T10:30:00+07:00' } });
      await api.call('POST', '/_local/schedules/sla-report/run');
      const report = (await api.call('GET', '/v1/communes/H30.01/reports/sla-breaches?date=2026-12-03', { token: leader })).body;

      expect(report.notSynced).toEqual([
        {
          dossierId: id,
          since: '2026-12-03T08:00:00+07:00',
          hoursNotSynced: 2.5,
          error: expect.stringMatching(/^DongBoHoSoMC refused \(HTTP 200, error_code 99\)/),
        },
      ]);
      const auditor = await api.token({ sub: 'auditor', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
      expect((await api.call('GET', '/v1/provinces/LCI/reports/sla-breaches?date=2026-12-03', { token: auditor })).body.notSynced).toBe(1);
    } finally {
      await api.call('PUT', `${portal}/faults`, { body: { failNext: 0 } });
      await api.call('DELETE', '/_local/clock');
    }
  });
});
