import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNES } from '../../infra/local/seed.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const base = '/v1/communes/H30.01/dossiers';

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await api.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

describe('what the staff console reads of the API', () => {
  it('lists the seeded officials by name, post and place: every role and department of each commune, and the province roles, each signing in', async () => {
    const { status, body } = await api.call<{
      items: { sub: string; name: string; label: string; roles: string[]; province: string; commune?: string; department?: string }[];
    }>('GET', '/_local/officials');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(DEMO_COMMUNES.length * 9 + 2);
    expect(body.items.map((o) => o.label)).toEqual(
      expect.arrayContaining([
        'Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên',
        'Hoàng Văn Dũng — Trưởng phòng Kinh tế — Tân Uyên',
        'Giàng Thị Dua — Chuyên viên Văn hóa – Xã hội — Nậm Sỏ',
        'Đèo Văn Thắng — Lãnh đạo UBND xã — Pắc Ta',
        'Nguyễn Thị Minh Phương — Quản trị tỉnh — Lai Châu',
      ]),
    );
    expect(new Set(body.items.map((o) => o.sub)).size).toBe(body.items.length);
    const head = body.items.find((o) => o.label.endsWith('— Trưởng phòng Kinh tế — Tân Uyên'))!;
    expect(head).toMatchObject({ name: 'Hoàng Văn Dũng', roles: ['DEPT_HEAD'], commune: 'H30.01', department: 'ECONOMICS', province: 'LCI' });
    const { sub, name, roles, province, commune, department } = head;
    const { token } = (await api.call('POST', '/_local/token', { body: { sub, name, roles, province, commune, department } })).body;
    expect((await api.call('GET', `${base}?status=SUBMITTED`, { token })).status).toBe(200);
  });

  it('answers each reader of a dossier the actions the rules let them take now, and nothing for a wrong department', async () => {
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') });
    const id = created.body.id as string;
    const actions = async (token: string) => (await api.call('GET', `${base}/${id}`, { token })).body.allowedActions;
    await expect(actions(who.reception)).resolves.toEqual(['accept', 'request-supplement', 'refuse', 'withdraw']);
    await expect(actions(who.head.ECONOMICS)).resolves.toEqual([]);
    expect((await api.call('POST', `${base}/${id}/accept`, { token: who.reception, body: {} })).status).toBe(200);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    await expect(actions(who.head.ECONOMICS)).resolves.toEqual(['request-supplement', 'assign', 'extend']);
    await expect(actions(who.head.OFFICE)).resolves.toEqual([]);
    await expect(actions(who.reception)).resolves.toEqual(['withdraw']);
    await expect(actions(who.leader)).resolves.toEqual([]);
  });

  it('gives each worklist item its applicant and how it stands against its appointment now', async () => {
    await api.call('PUT', '/_local/clock', { body: { now: '2026-03-02T08:00:00+07:00' } });
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('2.000908') });
    expect((await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).status).toBe(200);
    const item = async () =>
      ((await api.call('GET', `${base}?status=IN_PROCESSING&limit=100`, { token: who.reception })).body.items as { id: string }[]).find(
        (i) => i.id === created.body.id,
      );
    await expect(item()).resolves.toMatchObject({ applicantName: applicant.name, timeliness: 'AT_RISK' });
    // The same-day appointment was 17:00; the next morning it is past.
    await api.call('PUT', '/_local/clock', { body: { now: '2026-03-03T08:00:00+07:00' } });
    await expect(item()).resolves.toMatchObject({ timeliness: 'OVERDUE' });
    const overdue = (await api.call('GET', `${base}?status=IN_PROCESSING&timeliness=OVERDUE&limit=100`, { token: who.reception })).body.items as {
      id: string;
    }[];
    expect(overdue.map((i) => i.id)).toContain(created.body.id);
  });

  it("lists on the desk's Đã bổ sung tab the dossiers whose supplement came back, until the desk accepts them", async () => {
    const asked = (await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') })).body.id as string;
    const untouched = (await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') })).body.id as string;
    const request = { reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'] };
    expect((await api.call('POST', `${base}/${asked}/request-supplement`, { token: who.reception, body: request })).status).toBe(200);
    const ids = async (supplied: string) =>
      ((await api.call('GET', `${base}?status=SUBMITTED&supplied=${supplied}&limit=100`, { token: who.reception })).body.items as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids('true')).not.toContain(asked);

    const documents = [{ name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }];
    expect((await api.call('POST', `${base}/${asked}/supplement`, { token: who.reception, body: { documents } })).status).toBe(200);
    const supplied = await ids('true');
    expect(supplied).toContain(asked);
    expect(supplied).not.toContain(untouched);
    const others = await ids('false');
    expect(others).toContain(untouched);
    expect(others).not.toContain(asked);

    expect((await api.call('POST', `${base}/${asked}/accept`, { token: who.reception, body: {} })).status).toBe(200);
    expect(await ids('true')).not.toContain(asked);
    expect((await api.call('GET', `${base}?status=SUBMITTED&supplied=yes`, { token: who.reception })).status).toBe(400);
  });
});
