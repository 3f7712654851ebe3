import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let admin: string;

const procedure = {
  name: 'Thủ tục thử nghiệm của tỉnh',
  department: 'OFFICE',
  processing: { kind: 'WORKING_DAYS', days: 2 },
  stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 0.75, REVIEW: 0.25, APPROVAL: 0.25, ISSUANCE: 0.25 },
  requiredDocuments: ['Đơn'],
  fee: 0,
};

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('province administration', () => {
  it('onboards a commune that takes a dossier from creation to return at once', async () => {
    // Prepare: a new commune and a new procedure, through the admin API only
    const onboarded = await api.call('PUT', '/v1/provinces/LCI/communes/H30.05', {
      token: admin,
      body: { name: 'Bản Giang', centers: [{ name: 'Trung tâm Phục vụ hành chính công xã Bản Giang', address: 'Bản Giang' }] },
    });
    expect(onboarded.status).toBe(201);
    expect((await api.call('PUT', '/v1/provinces/LCI/procedures/9.000001', { token: admin, body: procedure })).status).toBe(201);
    const who = await officials(api, 'H30.05');
    const base = '/v1/communes/H30.05/dossiers';

    // Act: the whole lifecycle
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('9.000001') });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const step = (action: string, token: string, body: Record<string, unknown> = {}) => api.call('POST', `${base}/${id}/${action}`, { token, body });
    expect((await step('accept', who.reception)).body.code).toMatch(/^H30\.05-/);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    expect((await step('assign', who.head.OFFICE, { assignee: who.specialistSub('OFFICE') })).status).toBe(200);
    expect((await step('propose', who.specialist.OFFICE, { outcome: 'APPROVE', summary: 'Đủ điều kiện' })).status).toBe(200);
    expect((await step('review', who.head.OFFICE, { agree: true, note: 'Trình' })).status).toBe(200);
    expect((await step('approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' })).status).toBe(200);
    expect((await step('issue', who.clerk)).status).toBe(200);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.status === 'RESULT_READY');
    const returned = await step('return', who.reception);

    // Assess
    expect(returned.body).toMatchObject({ status: 'RETURNED', commune: 'H30.05', procedure: { code: '9.000001', version: 1 } });
  });

  it('keeps the catalogue version a dossier was accepted under', async () => {
    const who = await officials(api, 'H30.01');
    const created = await api.call('POST', '/v1/communes/H30.01/dossiers', { token: who.reception, body: newDossier('9.000001') });
    const accepted = await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/accept`, { token: who.reception, body: {} });

    const republished = await api.call('PUT', '/v1/provinces/LCI/procedures/9.000001', {
      token: admin,
      body: { ...procedure, fee: 50000, expectedVersion: 1 },
    });

    expect(republished.body).toMatchObject({ version: 2, fees: [{ kind: 'LE_PHI', amount: 50000, collectAt: 'RECEPTION' }] });
    const dossier = await api.call('GET', `/v1/communes/H30.01/dossiers/${accepted.body.id}`, { token: who.reception });
    expect(dossier.body.procedure.version).toBe(1);
    const stale = await api.call('PUT', '/v1/provinces/LCI/procedures/9.000001', { token: admin, body: { ...procedure, expectedVersion: 1 } });
    expect(stale.status).toBe(409);
  });

  it('refuses a procedure whose step budgets do not add up, and writes nothing', async () => {
    const answer = await api.call('PUT', '/v1/provinces/LCI/procedures/9.000002', {
      token: admin,
      body: { ...procedure, stepBudgets: { ...procedure.stepBudgets, APPRAISAL: 3 } },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'body.stepBudgets' })]);
    const catalogue = await api.call('GET', '/v1/provinces/LCI/procedures');
    expect(catalogue.body.items.some((p: { code: string }) => p.code === '9.000002')).toBe(false);
  });

  it('stores a year calendar from its notice and validates it', async () => {
    const ok = await api.call('PUT', '/v1/provinces/LCI/calendar/2030', {
      token: admin,
      body: { daysOff: ['2030-01-01', '2030-02-01'], workingDays: ['2030-01-05'], source: 'Thông báo của Bộ Nội vụ (thử nghiệm)' },
    });
    const bad = await api.call('PUT', '/v1/provinces/LCI/calendar/2030', {
      token: admin,
      body: { daysOff: ['2031-01-01'], workingDays: ['2030-01-07'], source: 'x' },
    });
    const impossible = await api.call('PUT', '/v1/provinces/LCI/calendar/2030', { token: admin, body: { daysOff: ['2030-02-31'], source: 'x' } });
    expect(impossible.status).toBe(400);

    expect(ok.status).toBe(200);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.daysOff', 'body.workingDays']);
  });

  it('versions communes and calendars: a stale expectedVersion or If-Match is 409, and nothing changes', async () => {
    const first = await api.call('PUT', '/v1/provinces/LCI/communes/H30.06', { token: admin, body: { name: 'Khun Há' } });
    expect(first.body).toMatchObject({ name: 'Khun Há', version: 1 });
    const renamed = await api.call('PUT', '/v1/provinces/LCI/communes/H30.06', { token: admin, body: { name: 'Khun Há (mới)', expectedVersion: 1 } });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    const stale = await api.call('PUT', '/v1/provinces/LCI/communes/H30.06', { token: admin, body: { name: 'Cũ' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    const calendar = await api.call('PUT', '/v1/provinces/LCI/calendar/2041', {
      token: admin,
      body: { daysOff: ['2041-01-01'], source: 'x', expectedVersion: 0 },
    });
    expect(calendar.body.version).toBe(1);
    expect((await api.call('PUT', '/v1/provinces/LCI/calendar/2041', { token: admin, body: { daysOff: [], source: 'x', expectedVersion: 0 } })).status).toBe(
      409,
    );
  });

  it('lets only the province administrator of that province write', async () => {
    const auditor = await api.token({ sub: 'auditor@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    const otherAdmin = await api.token({ sub: 'admin@HNI', roles: ['PROVINCE_ADMIN'], province: 'HNI' });
    const leader = (await officials(api, 'H30.01')).leader;

    for (const token of [auditor, otherAdmin, leader]) {
      expect((await api.call('PUT', '/v1/provinces/LCI/communes/H30.09', { token, body: { name: 'X' } })).status).toBe(403);
    }
    expect((await api.call('GET', '/v1/provinces/LCI/procedures')).body.items.length).toBeGreaterThan(0);
  });
});

describe('province-wide reception', () => {
  it('lets a desk receive for another commune: the code names the receiving unit, the competent commune works it', async () => {
    const desk = await officials(api, 'H30.01');
    const competent = await officials(api, 'H30.02');
    const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
      token: desk.reception,
      body: { ...newDossier('1.001612'), competentCommune: 'H30.02' },
    });
    expect(created.body).toMatchObject({ commune: 'H30.02', receivingUnit: 'H30.01' });
    expect(created.headers.get('location')).toBe(`/v1/communes/H30.02/dossiers/${created.body.id}`);
    const path = `/v1/communes/H30.02/dossiers/${created.body.id}`;

    const accepted = await api.call('POST', `${path}/accept`, { token: desk.reception, body: {} });
    expect(accepted.body.code).toMatch(/^H30\.01-\d{6}-\d{4}$/);
    await eventually(async () => (await api.call('GET', path, { token: competent.reception })).body.step === 'ASSIGNMENT');
    const assigned = await api.call('POST', `${path}/assign`, { token: competent.head.ECONOMICS, body: { assignee: competent.specialistSub('ECONOMICS') } });
    expect(assigned.status).toBe(200);

    // The receiving desk acts there as a desk only, whatever other roles its token holds.
    const deskAndLeader = await api.token({
      sub: 'desk-and-chair@H30.01',
      roles: ['RECEPTION', 'LEADER', 'DEPT_HEAD'],
      province: 'LCI',
      commune: 'H30.01',
      department: 'ECONOMICS',
    });
    expect((await api.call('POST', `${path}/review`, { token: deskAndLeader, body: { agree: true, note: 'x' } })).status).toBe(403);
    expect((await api.call('POST', `${path}/assign`, { token: deskAndLeader, body: { assignee: 'x' } })).status).toBe(403);

    const stranger = await officials(api, 'H30.03');
    expect((await api.call('GET', path, { token: stranger.reception })).status).toBe(403);
    expect((await api.call('POST', `${path}/assign`, { token: desk.head.ECONOMICS, body: { assignee: 'x' } })).status).toBe(403);
  });
});

describe('commune overrides of the catalogue', () => {
  const override = (commune: string, code: string, body: Record<string, unknown>) =>
    api.call('PUT', `/v1/provinces/LCI/communes/${commune}/procedures/${code}`, { token: admin, body });
  const catalogueOf = async (commune: string) =>
    (await api.call('GET', `/v1/communes/${commune}/procedures`)).body.items as { code: string; processing: unknown; fees?: unknown[] }[];

  it("a commune's shorter time makes its dossiers due earlier than the same procedure's elsewhere", async () => {
    expect((await api.call('PUT', '/v1/provinces/LCI/procedures/9.000003', { token: admin, body: procedure })).status).toBe(201);
    const oneDay = { RECEPTION: 0.25, ASSIGNMENT: 0, APPRAISAL: 0.5, REVIEW: 0, APPROVAL: 0.25, ISSUANCE: 0 };
    const stored = await override('H30.02', '9.000003', { enabled: true, processing: { kind: 'WORKING_DAYS', days: 1 }, stepBudgets: oneDay });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ commune: 'H30.02', code: '9.000003', version: 1 });

    const dueAt = async (commune: string) => {
      const who = await officials(api, commune);
      const created = await api.call('POST', `/v1/communes/${commune}/dossiers`, { token: who.reception, body: newDossier('9.000003') });
      expect(created.status).toBe(201);
      const path = `/v1/communes/${commune}/dossiers/${created.body.id}`;
      const accepted = await api.call('POST', `${path}/accept`, { token: who.reception, body: {} });
      expect(accepted.status).toBe(200);
      // The department's intake reads the dossier back to open its step: the step's budget is the commune's too.
      await eventually(async () => (await api.call('GET', path, { token: who.reception })).body.step === 'ASSIGNMENT');
      const { steps } = (await api.call('GET', path, { token: who.reception })).body as { steps: { step: string; startedAt: string; dueAt: string }[] };
      const assignment = steps.find((s) => s.step === 'ASSIGNMENT')!;
      return { dossier: Date.parse(accepted.body.dueAt), assignment: Date.parse(assignment.dueAt) - Date.parse(assignment.startedAt) };
    };
    const [here, elsewhere] = [await dueAt('H30.02'), await dueAt('H30.01')];
    expect(here.dossier).toBeLessThan(elsewhere.dossier);
    // The commune gives assignment no time of its own (0 days), the province a quarter day.
    expect(here.assignment).toBeLessThan(elsewhere.assignment);
    expect((await catalogueOf('H30.02')).find((p) => p.code === '9.000003')).toMatchObject({ processing: { kind: 'WORKING_DAYS', days: 1 } });
    expect((await catalogueOf('H30.01')).find((p) => p.code === '9.000003')).toMatchObject({ processing: procedure.processing });
  });

  it('a procedure the commune does not offer is left out of its catalogue, and a dossier for it is refused (409)', async () => {
    expect((await api.call('PUT', '/v1/provinces/LCI/procedures/9.000004', { token: admin, body: procedure })).status).toBe(201);
    expect((await override('H30.02', '9.000004', { enabled: false })).status).toBe(200);

    const who = await officials(api, 'H30.02');
    const refused = await api.call('POST', '/v1/communes/H30.02/dossiers', { token: who.reception, body: newDossier('9.000004') });
    expect(refused.status).toBe(409);
    expect((await catalogueOf('H30.02')).map((p) => p.code)).not.toContain('9.000004');
    expect((await catalogueOf('H30.01')).map((p) => p.code)).toContain('9.000004');
  });

  it("refuses a time longer than the province's (400) and stores nothing; an unknown procedure or commune is 404", async () => {
    expect((await api.call('PUT', '/v1/provinces/LCI/procedures/9.000005', { token: admin, body: procedure })).status).toBe(201);
    const longer = await override('H30.02', '9.000005', {
      enabled: true,
      processing: { kind: 'WORKING_DAYS', days: 3 },
      stepBudgets: { ...procedure.stepBudgets, APPRAISAL: 1.75 },
    });

    expect(longer.status).toBe(400);
    expect(longer.body.errors).toEqual([expect.objectContaining({ path: 'body.processing' })]);
    expect((await catalogueOf('H30.02')).find((p) => p.code === '9.000005')).toMatchObject({ processing: procedure.processing });
    expect((await override('H30.02', '9.999999', { enabled: false })).status).toBe(404);
    expect((await override('H30.99', '9.000005', { enabled: false })).status).toBe(404);
    expect((await api.call('GET', '/v1/communes/H30.99/procedures')).status).toBe(404);
  });
});
