import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

/*
 * The morning digest: after the 07:00 SLA report, one Vietnamese e-mail per commune with
 * something overdue or at risk to the recipients its configuration lists, and the roll-up to the
 * province's; kept by the local message recorder.
 */

type Message = { channel: string; to: string; dossierId?: string; type: string; text: string; at: string };

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let admin: string;
const digests = async (): Promise<Message[]> => ((await api.call('GET', '/_local/messages')).body.items as Message[]).filter((m) => m.type === 'sla-digest');

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

describe('the morning SLA digest', () => {
  it("goes by e-mail to each late commune's recipients and the province's, once a day, never to a commune with nothing late", async () => {
    // Prepare: H30.02's recipients through the admin API; an overdue dossier there, nothing late in H30.03
    const recipients = ['chutich.muongkhoa@laichau.gov.vn', 'vanphong.muongkhoa@laichau.gov.vn'];
    const put = await api.call('PUT', '/v1/provinces/LCI/communes/H30.02', { token: admin, body: { name: 'Mường Khoa', reportRecipients: recipients } });
    expect(put.status).toBe(200);
    expect(put.body.reportRecipients).toEqual(recipients);
    const refused = await api.call('PUT', '/v1/provinces/LCI/communes/H30.03', {
      token: admin,
      body: { name: 'Pắc Ta', reportRecipients: ['not an address'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.reportRecipients.0');
    await api.call('PUT', '/v1/provinces/LCI/communes/H30.03', { token: admin, body: { name: 'Pắc Ta', reportRecipients: ['lanhdao.pacta@laichau.gov.vn'] } });
    await api.call('PUT', '/_local/clock', { body: { now: '2026-04-06T08:00:00+07:00' } });
    const who = await officials(api, 'H30.02');
    const created = await api.call('POST', '/v1/communes/H30.02/dossiers', { token: who.reception, body: newDossier('1.004873') });
    const accepted = await api.call('POST', `/v1/communes/H30.02/dossiers/${created.body.id}/accept`, { token: who.reception, body: {} });
    await eventually(
      async () => (await api.call('GET', `/v1/communes/H30.02/dossiers/${created.body.id}`, { token: who.reception })).body.step === 'ASSIGNMENT',
    );
    await api.call('PUT', '/_local/clock', { body: { now: '2026-04-20T07:00:00+07:00' } });

    // Act: the 07:00 run, and a rerun of the same day
    expect((await api.call('POST', '/_local/schedules/sla-report/run')).status).toBe(200);
    expect((await api.call('POST', '/_local/schedules/sla-report/run')).status).toBe(200);

    // Assess
    const sent = await digests();
    expect(sent.map((m) => m.to).sort()).toEqual([...recipients, 'vanphong@laichau.gov.vn'].sort());
    expect(sent.every((m) => m.channel === 'EMAIL' && m.dossierId === undefined)).toBe(true);
    const commune = sent.find((m) => m.to === recipients[0])!;
    expect(commune.text).toContain('Báo cáo hồ sơ trễ hạn ngày 20/04/2026 — Mường Khoa');
    expect(commune.text).toMatch(/Quá hạn: [1-9]/);
    expect(commune.text).toContain(accepted.body.receipt.code);
    expect(commune.text).toContain('bước Phân công · Văn phòng HĐND và UBND');
    expect(commune.text).toMatch(/quá hạn \d+ ngày/);
    expect(commune.text).toContain(`${runtime.url}/dossiers/H30.02/${created.body.id}`);
    expect(commune.text).not.toContain('Nguyễn Thị Hoa');
    const roll = sent.find((m) => m.to === 'vanphong@laichau.gov.vn')!;
    expect(roll.text).toContain('toàn tỉnh');
    expect(roll.text).toContain('Mường Khoa (H30.02)');
    expect(roll.text).not.toContain('Pắc Ta');
  });
});
