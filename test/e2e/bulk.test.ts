import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  who = await officials(api);
});

afterAll(async () => {
  await runtime?.stop();
});

type Result = { id: string; status: number; version?: number; problem?: { status: number; detail: string; errors?: { path: string }[] } };
const BASE = '/v1/communes/H30.01/dossiers';

const batch = async (token: string, action: string, items: Record<string, unknown>[], commune = 'H30.01') => {
  const answer = await api.call<{ results: Result[]; errors?: { path: string }[] }>('POST', `/v1/communes/${commune}/dossiers/batch`, {
    token,
    body: { action, items },
  });
  return answer;
};
const read = async (id: string, token = who.reception) => (await api.call('GET', `${BASE}/${id}`, { token })).body;
const created = async (count: number, procedureCode = '1.004873') => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await api.call('POST', BASE, { token: who.reception, body: newDossier(procedureCode) })).body.id);
  return ids;
};
const allOk = (results: Result[]) => results.filter((r) => r.status !== 200);

describe('batch transitions', () => {
  it('takes 20 dossiers from acceptance to return in batches: 20 results each, 20 histories', async () => {
    const ids = await created(20);
    const items = (body?: Record<string, unknown>) => ids.map((id) => ({ id, ...(body ? { body } : {}) }));

    const accepted = await batch(who.reception, 'accept', items());
    expect(accepted.status).toBe(200);
    expect(allOk(accepted.body.results)).toEqual([]);
    await eventually(async () => (await Promise.all(ids.map((id) => read(id)))).every((d) => d.step === 'ASSIGNMENT'), 30_000);
    expect(allOk((await batch(who.head.OFFICE, 'assign', items({ assignee: who.specialistSub('OFFICE') }))).body.results)).toEqual([]);
    expect(allOk((await batch(who.specialist.OFFICE, 'propose', items({ outcome: 'APPROVE', summary: 'Đủ điều kiện' }))).body.results)).toEqual([]);
    expect(allOk((await batch(who.head.OFFICE, 'review', items({ agree: true, note: 'Trình' }))).body.results)).toEqual([]);
    expect(allOk((await batch(who.leader, 'approve', items({ decision: 'APPROVED', note: 'Đồng ý' }))).body.results)).toEqual([]);
    expect(allOk((await batch(who.clerk, 'issue', items())).body.results)).toEqual([]);
    await eventually(async () => (await Promise.all(ids.map((id) => read(id)))).every((d) => d.status === 'RESULT_READY'), 30_000);

    const returned = await batch(who.reception, 'return', items());

    expect(returned.status).toBe(200);
    expect(returned.body.results.map((r) => r.id)).toEqual(ids);
    expect(returned.body.results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const dossiers = await Promise.all(ids.map((id) => read(id)));
    expect(dossiers.map((d) => d.status)).toEqual(ids.map(() => 'RETURNED'));
    expect(returned.body.results.map((r) => r.version)).toEqual(dossiers.map((d) => d.version));
    for (const d of dossiers) {
      const actions = (d.history as { action: string; actor: string }[]).map((h) => h.action);
      expect(actions).toEqual(['submit', 'accept', 'receive', 'assign', 'propose', 'review', 'approve', 'issue', 'receive-result', 'return']);
      expect(d.history.at(-1).actor).toBe('reception@H30.01');
    }
    // Each history is still a valid chain of its own.
    const verified = await Promise.all(
      ids.map(async (id) => (await api.call('GET', `${BASE}/${id}/history/verification`, { token: who.reception })).body.valid),
    );
    expect(verified).toEqual(ids.map(() => true));
  }, 120_000);

  it("fails only the item that is another commune's, stale, not allowed in its state or of another department, or invalid", async () => {
    const [good, stale, early, invalid] = await created(4);
    const [economics] = await created(1, '1.001612');
    const elsewhere = (
      await api.call('POST', '/v1/communes/H30.02/dossiers', { token: (await officials(api, 'H30.02')).reception, body: newDossier('1.004873') })
    ).body.id as string;
    const ready = [good!, stale!, economics!];
    expect(
      allOk(
        (
          await batch(
            who.reception,
            'accept',
            ready.map((id) => ({ id })),
          )
        ).body.results,
      ),
    ).toEqual([]);
    await eventually(async () => (await Promise.all(ready.map((id) => read(id)))).every((d) => d.step === 'ASSIGNMENT'));
    const staleVersion = (await read(stale!)).version - 1;

    const answer = await batch(who.head.OFFICE, 'assign', [
      { id: good, body: { assignee: 'specialist-office@H30.01' } },
      { id: elsewhere, body: { assignee: 'specialist-office@H30.01' } },
      { id: stale, expectedVersion: staleVersion, body: { assignee: 'specialist-office@H30.01' } },
      { id: early, body: { assignee: 'specialist-office@H30.01' } },
      { id: economics, body: { assignee: 'specialist-office@H30.01' } },
      { id: invalid, body: { assignee: '' } },
    ]);

    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.status, r.problem?.status])).toEqual([
      [200, undefined],
      [404, 404],
      [409, 409],
      [409, 409],
      [403, 403],
      [400, 400],
    ]);
    expect(answer.body.results[5]!.problem!.errors).toEqual([expect.objectContaining({ path: 'body.assignee' })]);
    expect((await read(good!)).assignee).toBe('specialist-office@H30.01');
    expect((await read(stale!)).assignee).toBeNull();
    expect((await read(early!)).status).toBe('SUBMITTED');
    expect((await read(economics!)).assignee).toBeNull();
  }, 60_000);

  it('refuses the whole batch to a caller without the step’s role or of another commune, and a batch over 50 or with a dossier twice', async () => {
    const [id] = await created(1);
    expect((await batch(who.leader, 'return', [{ id }])).status).toBe(403);
    expect((await batch(who.reception, 'return', [{ id }], 'H30.02')).status).toBe(403);
    const many = Array.from({ length: 51 }, () => ({ id: crypto.randomUUID() }));
    const tooMany = await batch(who.reception, 'return', many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'body.items' })]);
    expect((await batch(who.reception, 'accept', [{ id }, { id }])).status).toBe(400);
    expect((await read(id!)).status).toBe('SUBMITTED');
  });
});
