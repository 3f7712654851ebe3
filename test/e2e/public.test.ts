import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { MAX_LOOKUP_FAILURES } from '../../shared/domain/lookup.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const base = '/v1/communes/H30.01/dossiers';

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  who = await officials(api);
});

afterAll(async () => {
  await runtime?.stop();
});

async function returnedDossier() {
  const created = await api.call('POST', base, { token: who.reception, body: newDossier('2.000908') });
  const id = created.body.id;
  const step = (action: string, token: string, body: Record<string, unknown> = {}) => api.call('POST', `${base}/${id}/${action}`, { token, body });
  const { code } = (await step('accept', who.reception)).body;
  await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
  await step('assign', who.head.OFFICE, { assignee: who.specialistSub('OFFICE') });
  await step('propose', who.specialist.OFFICE, { outcome: 'APPROVE', summary: 'Đúng bản chính' });
  await step('review', who.head.OFFICE, { agree: true, note: 'Trình' });
  await step('approve', who.leader, { decision: 'APPROVED', note: 'Ký' });
  await step('issue', who.clerk);
  await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.status === 'RESULT_READY');
  return { id, code: code as string, secret: created.body.lookupSecret as string, step };
}

describe('public lookup and rating', () => {
  it('refuses lookups of a code after too many wrong secrets, even with the right one', async () => {
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873') });
    const { code } = (await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).body;
    expect((await api.call('GET', `/v1/lookup/${code}?secret=${created.body.lookupSecret}`)).status).toBe(200);

    for (let i = 0; i < MAX_LOOKUP_FAILURES; i++) {
      expect((await api.call('GET', `/v1/lookup/${code}?secret=guess-${i}`)).status).toBe(404);
    }
    const throttled = await api.call('GET', `/v1/lookup/${code}?secret=${created.body.lookupSecret}`);

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
  });

  it('takes one rating per dossier, only after the result was returned', async () => {
    const { code, secret, step } = await returnedDossier();
    const rate = (body: Record<string, unknown>) => api.call('POST', `/v1/lookup/${code}/rating`, { body });

    expect((await rate({ secret, score: 5 })).status).toBe(409);
    await step('return', who.reception);
    const first = await rate({ secret, score: 4, comment: 'Nhanh, chu đáo' });
    const second = await rate({ secret, score: 1 });
    const wrongSecret = await rate({ secret: 'nope', score: 5 });
    const badScore = await rate({ secret, score: 6 });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ code, score: 4 });
    expect(second.status).toBe(409);
    expect(wrongSecret.status).toBe(404);
    expect(badScore.status).toBe(400);
  });
});
