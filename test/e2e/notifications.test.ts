import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { STAFF_SCOPE } from '../../infra/scopes.js';
import { vietnameseDateTime } from '../../shared/domain/notifications.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startSuite } from '../support/local.js';
import { applicant, officials } from '../support/officials.js';
import { settled } from '../support/settled.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

type Message = { channel: string; to: string; dossierId: string; type: string; text: string; at: string };
const messagesOf = async (id: string): Promise<Message[]> =>
  ((await api.call('GET', '/_local/messages')).body.items as Message[]).filter((m) => m.dossierId === id);

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the applicant is told', () => {
  it('by SMS of the acceptance, with code and appointment, and of the result', async () => {
    const { id, code, dueAt } = await fullLifecycle(api, who);

    const sent = await eventually(async () => {
      const found = await messagesOf(id);
      return found.some((m) => m.type === 'dossier.result-ready') && found;
    });

    expect(sent.map((m) => [m.channel, m.type])).toEqual([
      ['SMS', 'dossier.accepted'],
      ['SMS', 'dossier.result-ready'],
    ]);
    expect(sent.every((m) => m.to === applicant.phone)).toBe(true);
    expect(sent[0]!.text).toContain(code);
    expect(sent[0]!.text).toContain(vietnameseDateTime(dueAt));
    expect(sent[1]!.text).toContain(code);
    expect(sent[1]!.text).toContain('kết quả');
  });

  it('on every channel chosen, once each, though the provider fails twice first', async () => {
    await api.call('PUT', '/_local/messages/faults', { body: { failNext: 2 } });

    const { id } = await fullLifecycle(api, who, { applicant: { ...applicant, notify: ['SMS', 'EMAIL'] } });

    const sent = await eventually(async () => {
      const found = await messagesOf(id);
      return found.filter((m) => m.type === 'dossier.result-ready').length === 2 && found;
    }, 20_000);
    expect(sent.map((m) => `${m.type} ${m.channel}`).sort()).toEqual([
      'dossier.accepted EMAIL',
      'dossier.accepted SMS',
      'dossier.result-ready EMAIL',
      'dossier.result-ready SMS',
    ]);
    expect(sent.find((m) => m.channel === 'EMAIL')!.to).toBe(applicant.email);
  });

  it('not at all without a phone or a channel', async () => {
    const { phone: _phone, email: _email, ...silent } = applicant;
    const { id } = await fullLifecycle(api, who, { applicant: silent });
    const other = await fullLifecycle(api, who);

    await eventually(async () => (await messagesOf(other.id)).some((m) => m.type === 'dossier.result-ready'));
    // The silent dossier's events are another message group: they may still be on their way.
    await settled(runtime);
    expect(await messagesOf(id)).toEqual([]);
  });
});

describe("the dossier's messages, for the officials who may see it", () => {
  it('lists what the applicant was sent, oldest first, with the text for the desk and the leader only, and never the address', async () => {
    const { id, code } = await fullLifecycle(api, who, { portal: who.portal });
    const path = `/v1/communes/H30.01/dossiers/${id}/messages`;
    // Waited for with a list without texts (not on the access trail), then read once by the desk.
    await eventually(async () => {
      const answer = await api.call('GET', path, { token: who.clerk });
      return answer.body.items?.some((m: { type: string }) => m.type === 'dossier.result-ready');
    });
    const listed = await api.call('GET', path, { token: who.reception });

    expect(listed.status).toBe(200);
    const items = listed.body.items as { channel: string; type: string; at: string; version: number; text?: string }[];
    expect(items.map((m) => [m.channel, m.type])).toEqual([
      ['SMS', 'dossier.accepted'],
      ['SMS', 'dossier.result-ready'],
    ]);
    expect(items[0]!.version).toBeLessThan(items[1]!.version);
    for (const m of items) expect(m.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
    expect(items[0]!.text).toContain(code);
    expect(items[1]!.text).toContain('đã có kết quả');
    expect(JSON.stringify(listed.body)).not.toContain(applicant.phone);
    expect(items.every((m) => !('to' in m))).toBe(true);

    const leader = await api.call('GET', path, { token: who.leader });
    expect(leader.body.items.map((m: { text?: string }) => m.text)).toEqual(items.map((m) => m.text));
    const auditor = await api.token({ sub: 'auditor@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    for (const token of [who.specialist.OFFICE, who.head.OFFICE, who.clerk, auditor]) {
      const staff = await api.call('GET', path, { token });
      expect(staff.status).toBe(200);
      expect(staff.body.items).toEqual(items.map(({ text: _text, ...m }) => m));
    }

    // Reading the texts is on the access trail, without them; a list without texts is not.
    const trail = await api.call('GET', `/v1/communes/H30.01/dossiers/${id}/audit?limit=100`, { token: who.leader });
    const reads = (trail.body.items as { action: string; sub: string }[]).filter((e) => e.action === 'messages-read');
    expect(reads.map((e) => e.sub)).toEqual(['reception@H30.01', 'leader@H30.01']);
    expect(JSON.stringify(trail.body)).not.toContain(items[0]!.text!);
  });

  it('is refused to another commune and to the portal that submitted the dossier', async () => {
    const { id } = await fullLifecycle(api, who, { portal: who.portal, until: 'RESULT_READY' });
    const other = await officials(api, 'H30.02');
    const at = (commune: string, token: string) => api.call('GET', `/v1/communes/${commune}/dossiers/${id}/messages`, { token });

    expect((await at('H30.01', other.reception)).status).toBe(403);
    expect((await at('H30.02', other.reception)).status).toBe(404);
    // A portal's scope does not open the route; were its token to carry the staff scope, the handler refuses it.
    expect((await at('H30.01', who.portal)).status).toBe(403);
    const scopedPortal = await api.token({ sub: 'portal-dvc', roles: ['PORTAL'], province: 'LCI', scope: STAFF_SCOPE });
    const answer = await at('H30.01', scopedPortal);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ status: 403, detail: expect.stringContaining('officials who may see the dossier') });
    expect((await at('H30.01', who.reception)).status).toBe(200);
  });
});
