import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { vietnameseDateTime } from '../../shared/domain/notifications.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startSuite } from '../support/local.js';
import { applicant, officials } from '../support/officials.js';

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
    expect(await messagesOf(id)).toEqual([]);
  });
});
