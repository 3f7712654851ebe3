import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import type { Department } from '../../shared/domain/model.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { settled } from '../support/settled.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

const base = '/v1/communes/H30.01/dossiers';

/** Every field a dossier answer carries (the contract, /openapi.json). */
const DOSSIER_FIELDS = [
  'id',
  'code',
  'commune',
  'province',
  'procedure',
  'department',
  'channel',
  'applicant',
  'documents',
  'status',
  'nationalStatus',
  'step',
  'assignee',
  'submittedAt',
  'acceptedAt',
  'dueAt',
  'steps',
  'pausedAt',
  'result',
  'completedAt',
  'returnedAt',
  'timeliness',
  'version',
];

function expectDossier(body: Record<string, unknown>) {
  for (const field of DOSSIER_FIELDS) expect(body, `field ${field}`).toHaveProperty(field);
  expect(body).not.toHaveProperty('lookupSecretHash');
}

async function create(procedureCode: string, token = who.reception, channel: 'ONLINE' | 'IN_PERSON' = 'IN_PERSON') {
  const answer = await api.call('POST', base, {
    token,
    body: newDossier(procedureCode, channel),
    headers: channel === 'ONLINE' ? { 'idempotency-key': `key-${Math.random().toString(36).slice(2)}` } : {},
  });
  expect(answer.status).toBe(201);
  expectDossier(answer.body);
  expect(answer.body.lookupSecret).toEqual(expect.any(String));
  return answer.body as { id: string; version: number; lookupSecret: string };
}

async function act(id: string, action: string, token: string, body: Record<string, unknown> = {}) {
  return api.call('POST', `${base}/${id}/${action}`, { token, body });
}

async function ok(id: string, action: string, token: string, body: Record<string, unknown> = {}) {
  const answer = await act(id, action, token, body);
  expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
  expectDossier(answer.body);
  return answer.body;
}

const read = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;

/** Waits for a queue consumer to record a hand-over. */
const handedOver = (id: string, until: (d: any) => boolean) => eventually(async () => until(await read(id)) && read(id));

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

describe('a dossier travels reception → department → approval → back', () => {
  const procedures: [Department, string][] = [
    ['OFFICE', '1.004873'],
    ['ECONOMICS', '1.001612'],
    ['CULTURE_SOCIETY', '2.000286'],
  ];

  it.each(procedures)('runs the whole lifecycle in %s', async (department, procedureCode) => {
    // Prepare
    const { id } = await create(procedureCode);

    // Act and assess, step by step
    const receipt = await ok(id, 'accept', who.reception, { expectedVersion: 1 });
    expect(receipt.code).toMatch(/^H30\.01-\d{6}-\d{4}$/);
    expect(receipt.receipt).toMatchObject({ form: '01', code: receipt.code, dueAt: receipt.dueAt, fee: expect.any(Number) });
    expect(receipt).toMatchObject({ status: 'IN_PROCESSING', step: 'RECEPTION', nationalStatus: 2, version: 2 });

    const received = await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    expect(received).toMatchObject({ department, nationalStatus: 4 });
    expect(received.handoffs[0]).toMatchObject({ from: 'DESK', to: department, receivedBy: `department:${department}` });

    await ok(id, 'assign', who.head[department], { assignee: who.specialistSub(department) });
    await ok(id, 'propose', who.specialist[department], { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
    await ok(id, 'review', who.head[department], { agree: true, note: 'Trình lãnh đạo' });
    await ok(id, 'approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
    const issued = await ok(id, 'issue', who.clerk);
    expect(issued).toMatchObject({ status: 'IN_PROCESSING', step: 'ISSUANCE' });

    const ready = await handedOver(id, (d) => d.status === 'RESULT_READY');
    expect(ready).toMatchObject({ nationalStatus: 9, result: { decision: 'APPROVED' }, timeliness: expect.stringMatching(/EARLY|ON_TIME|LATE/) });
    const returned = await ok(id, 'return', who.reception);
    expect(returned).toMatchObject({ status: 'RETURNED', nationalStatus: 10 });
    expect(returned.steps.map((s: { step: string }) => s.step)).toEqual(['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE']);
    expect(returned.steps.every((s: { completedAt?: string; timeliness?: string }) => s.completedAt && s.timeliness)).toBe(true);
    expect(returned.history.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'accept',
      'receive',
      'assign',
      'propose',
      'review',
      'approve',
      'issue',
      'receive-result',
      'return',
    ]);
  });

  it('returns a leader rejection as a result: a written refusal with reasons', async () => {
    const { id } = await create('1.001612');
    await ok(id, 'accept', who.reception);
    await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    await ok(id, 'assign', who.head.ECONOMICS, { assignee: who.specialistSub('ECONOMICS') });
    await ok(id, 'propose', who.specialist.ECONOMICS, { outcome: 'REJECT', summary: 'Ngành nghề không được phép' });
    await ok(id, 'review', who.head.ECONOMICS, { agree: true, note: 'Đồng ý từ chối' });
    await ok(id, 'approve', who.leader, { decision: 'REJECTED', note: 'Không đủ điều kiện' });
    await ok(id, 'issue', who.clerk);

    const ready = await handedOver(id, (d) => d.status === 'RESULT_READY');

    expect(ready.result).toEqual({ decision: 'REJECTED', note: 'Không đủ điều kiện' });
    expect((await ok(id, 'return', who.reception)).status).toBe('RETURNED');
  });

  it('sends an appraisal back when the department head disagrees', async () => {
    const { id } = await create('2.000286');
    await ok(id, 'accept', who.reception);
    await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    await ok(id, 'assign', who.head.CULTURE_SOCIETY, { assignee: who.specialistSub('CULTURE_SOCIETY') });
    await ok(id, 'propose', who.specialist.CULTURE_SOCIETY, { outcome: 'APPROVE', summary: 'Đủ điều kiện' });

    const back = await ok(id, 'review', who.head.CULTURE_SOCIETY, { agree: false, note: 'Bổ sung xác minh' });

    expect(back.step).toBe('APPRAISAL');
    expect(back.steps.at(-1)).toMatchObject({ step: 'APPRAISAL', actor: who.specialistSub('CULTURE_SOCIETY') });
  });
});

describe('the desk', () => {
  it('refuses a dossier, which then cannot be accepted', async () => {
    const { id } = await create('1.004873');

    const refused = await ok(id, 'refuse', who.reception, { reason: 'Không thuộc thẩm quyền' });

    expect(refused).toMatchObject({ status: 'REFUSED', nationalStatus: 3 });
    const again = await act(id, 'accept', who.reception);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it('asks for a supplement before acceptance, and the portal supplies it', async () => {
    const { id } = await create('1.001612', who.portal, 'ONLINE');

    const asked = await ok(id, 'request-supplement', who.reception, { reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'] });
    expect(asked).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', nationalStatus: 5 });
    const supplied = await api.call('POST', `${base}/${id}/supplement`, {
      token: who.portal,
      body: { documents: [{ name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }] },
    });

    expect(supplied.status).toBe(200);
    expect(supplied.body).toMatchObject({ status: 'SUBMITTED', nationalStatus: 1 });
    expect(supplied.body.documents).toHaveLength(2);
    expect((await ok(id, 'accept', who.reception)).status).toBe('IN_PROCESSING');
  });

  it('records a withdrawal by the portal that submitted the dossier', async () => {
    const { id } = await create('1.003622', who.portal, 'ONLINE');

    const withdrawn = await api.call('POST', `${base}/${id}/withdraw`, { token: who.portal, body: { reason: 'Không còn nhu cầu' } });

    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', nationalStatus: 8 });
  });

  it('withdraws an accepted dossier, and no hand-over brings it back', async () => {
    const { id } = await create('1.001612');
    const handedOver = (runtime.billed().invocations['department-intake'] ?? 0) + 1;
    await ok(id, 'accept', who.reception);

    await ok(id, 'withdraw', who.reception, { reason: 'Công dân rút hồ sơ' });
    // The department's intake has taken the acceptance's hand-over, and nothing else is on its way.
    await settled(runtime, { 'department-intake': handedOver });

    expect(await read(id)).toMatchObject({ status: 'WITHDRAWN', nationalStatus: 8 });
  });
});

describe('the contract at the edges', () => {
  it('lists every invalid field in one problem and writes nothing', async () => {
    const before = (await api.call('GET', `${base}?limit=100`, { token: who.reception })).body.items.length;

    const answer = await api.call('POST', base, {
      token: who.reception,
      body: { procedureCode: '', channel: 'FAX', applicant: { name: 'A', idNumber: '12', address: 'x' }, documents: [] },
    });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String) });
    const paths = answer.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.procedureCode', 'body.channel', 'body.applicant.idNumber', 'body.documents']));
    expect((await api.call('GET', `${base}?limit=100`, { token: who.reception })).body.items.length).toBe(before);
  });

  it('answers 401 without a token and 403 for another commune', async () => {
    expect((await api.call('GET', base)).status).toBe(401);
    const other = await api.token({ sub: 'reception@H30.02', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.02' });
    expect((await api.call('GET', base, { token: other })).status).toBe(403);
  });

  it('requires an Idempotency-Key from portals and replays the same dossier for it', async () => {
    const body = newDossier('1.001612', 'ONLINE');
    expect((await api.call('POST', base, { token: who.portal, body })).status).toBe(400);

    const first = await api.call('POST', base, { token: who.portal, body, headers: { 'idempotency-key': 'portal-order-0001' } });
    const second = await api.call('POST', base, { token: who.portal, body, headers: { 'idempotency-key': 'portal-order-0001' } });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.lookupSecret).toBe(first.body.lookupSecret);
  });

  it('takes If-Match and answers 409 on a stale version', async () => {
    const { id } = await create('1.004873');
    const stale = await api.call('POST', `${base}/${id}/accept`, { token: who.reception, body: {}, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(409);
    const fresh = await api.call('POST', `${base}/${id}/accept`, { token: who.reception, body: {}, headers: { 'if-match': '"1"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"2"');
  });

  it('lets anyone with the code and secret look up the status, without personal data', async () => {
    const { id, lookupSecret } = await create('1.004873');
    const { code } = await ok(id, 'accept', who.reception);

    const found = await api.call('GET', `/v1/lookup/${code}?secret=${lookupSecret}`);
    const wrong = await api.call('GET', `/v1/lookup/${code}?secret=nope`);
    const unknown = await api.call('GET', `/v1/lookup/H30.01-990101-0001?secret=${lookupSecret}`);

    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code, status: 'IN_PROCESSING', nationalStatus: expect.any(Number) });
    expect(JSON.stringify(found.body)).not.toMatch(/Nguyễn|001199012345|0912345678|example\.vn/);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('serves the whole catalogue publicly', async () => {
    const answer = await api.call('GET', '/v1/provinces/LCI/procedures');
    expect(answer.status).toBe(200);
    const departments = new Set(answer.body.items.map((p: { department: string }) => p.department));
    expect(departments).toEqual(new Set(['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY']));
    expect(answer.body.items.some((p: { processing: { kind: string } }) => p.processing.kind === 'SAME_DAY')).toBe(true);
  });

  it('publishes the contract as OpenAPI, one operation per route', async () => {
    const answer = await api.call('GET', '/openapi.json');

    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    for (const route of HTTP_ROUTES) {
      expect(answer.body.paths[route.path]?.[route.method.toLowerCase()]?.operationId, route.name).toBe(route.name);
    }
    expect(answer.body.paths['/v1/communes/{c}/dossiers'].post.requestBody.content['application/json'].schema.required).toContain('applicant');
  });
});
