import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { FORM_TITLES, type FormNumber } from '../../shared/domain/forms.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

const base = '/v1/communes/H30.01/dossiers';
const HEADER = { legalBasis: 'Thông tư 03/2025/TT-VPCP', issuingUnit: 'H30.01', commune: 'H30.01' };

const setClock = async (now: string) => expect((await api.call('PUT', '/_local/clock', { body: { now } })).status).toBe(200);

async function create(procedureCode: string): Promise<string> {
  const answer = await api.call('POST', base, { token: who.reception, body: newDossier(procedureCode) });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function ok(id: string, action: string, token: string, body: Record<string, unknown> = {}) {
  const answer = await api.call('POST', `${base}/${id}/${action}`, { token, body });
  expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

const read = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
const handedOver = (id: string, until: (d: any) => boolean) => eventually(async () => until(await read(id)) && read(id));
/** GET a form, as the reception desk unless another token (or none, `null`) is given. */
const getForm = (id: string, form: string, token: string | null = who.reception) =>
  api.call('GET', `${base}/${id}/forms/${form}`, token === null ? {} : { token });

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

describe('the forms of a dossier that went the whole way', () => {
  let id: string;
  let code: string;

  beforeAll(async () => {
    // A 3-day ECONOMICS dossier: a supplement at the desk, accepted Mon 2 Mar 2026 08:00, a
    // supplement asked by the department, an apology with a new appointment, then the result.
    await setClock('2026-03-02T07:30:00+07:00');
    id = await create('1.001612');
    await ok(id, 'request-supplement', who.reception, { reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'] });
    await setClock('2026-03-02T07:45:00+07:00');
    await ok(id, 'supplement', who.reception, { documents: [{ name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }] });
    await setClock('2026-03-02T08:00:00+07:00');
    code = (await ok(id, 'accept', who.reception)).code;
    // The clock stays put until the queue consumer records the hand-over, so its time is known.
    await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    await setClock('2026-03-02T09:00:00+07:00');
    await ok(id, 'assign', who.head.ECONOMICS, { assignee: who.specialistSub('ECONOMICS') });
    await setClock('2026-03-02T10:00:00+07:00');
    await ok(id, 'request-supplement', who.head.ECONOMICS, { reason: 'Thiếu hợp đồng thuê nhà', documents: ['Hợp đồng thuê nhà'] });
    await setClock('2026-03-03T10:00:00+07:00');
    await ok(id, 'supplement', who.reception, { documents: [{ name: 'Hợp đồng thuê nhà', kind: 'COPY', count: 1 }] });
    await setClock('2026-03-04T08:00:00+07:00');
    await ok(id, 'extend', who.head.ECONOMICS, { newDueAt: '2026-03-12T17:00:00+07:00', reason: 'Cần xác minh thực địa' });
    await setClock('2026-03-09T09:00:00+07:00');
    await ok(id, 'propose', who.specialist.ECONOMICS, { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
    await ok(id, 'review', who.head.ECONOMICS, { agree: true, note: 'Trình lãnh đạo' });
    await ok(id, 'approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
    await ok(id, 'issue', who.clerk);
    await handedOver(id, (d) => d.status === 'RESULT_READY');
    await setClock('2026-03-10T08:00:00+07:00');
    expect((await ok(id, 'return', who.reception)).status).toBe('RETURNED');
  });

  it('answers Form 01, the receipt with the appointment it gave', async () => {
    const answer = await getForm(id, '01');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.body).toMatchObject({
      ...HEADER,
      form: '01',
      title: FORM_TITLES['01'],
      dossierCode: code,
      generatedAt: '2026-03-10T08:00:00+07:00',
      applicant: { name: applicant.name, address: applicant.address, phone: applicant.phone, email: applicant.email },
      procedure: { code: '1.001612' },
      receivedAt: '2026-03-02T08:00:00+07:00',
      receivedBy: 'reception@H30.01',
      // 3 working days, moved by the 8 working hours paused: Fri 6 Mar 08:00 (the apology's date is on Form 04).
      dueAt: '2026-03-06T08:00:00+07:00',
      // The seeded certification of copies charges nothing: no fee line.
      fee: 0,
    });
    expect(answer.body.documents).toHaveLength(3);
  });

  it('answers Form 02, the latest supplement request, answered', async () => {
    const answer = await getForm(id, '02');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ...HEADER,
      form: '02',
      title: FORM_TITLES['02'],
      dossierCode: code,
      applicant: { name: applicant.name },
      stage: 'PROCESSING',
      requestingUnit: 'ECONOMICS',
      reason: 'Thiếu hợp đồng thuê nhà',
      documentsRequired: ['Hợp đồng thuê nhà'],
      requestedBy: 'head-economics@H30.01',
      requestedAt: '2026-03-02T10:00:00+07:00',
      suppliedAt: '2026-03-03T10:00:00+07:00',
    });
  });

  it('answers Form 04, the apology with the new appointment', async () => {
    const answer = await getForm(id, '04');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ...HEADER,
      form: '04',
      title: FORM_TITLES['04'],
      dossierCode: code,
      applicant: { name: applicant.name },
      department: 'ECONOMICS',
      originalDueAt: '2026-03-06T08:00:00+07:00',
      newDueAt: '2026-03-12T17:00:00+07:00',
      reason: 'Cần xác minh thực địa',
      issuedBy: 'head-economics@H30.01',
      issuedAt: '2026-03-04T08:00:00+07:00',
    });
  });

  it('answers Form 06, the process control sheet, without the applicant', async () => {
    const answer = await getForm(id, '06');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ...HEADER, form: '06', title: FORM_TITLES['06'], dossierCode: code, status: 'RETURNED' });
    expect(answer.body.steps.map((s: { step: string }) => s.step)).toEqual(['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE']);
    for (const s of answer.body.steps) {
      expect(s).toMatchObject({
        startedAt: expect.any(String),
        dueAt: expect.any(String),
        completedAt: expect.any(String),
        timeliness: expect.stringMatching(/EARLY|ON_TIME|LATE/),
      });
    }
    expect(answer.body.handoffs).toEqual([
      expect.objectContaining({
        from: 'DESK',
        to: 'ECONOMICS',
        handedOverBy: 'reception@H30.01',
        receivedBy: 'Phòng Kinh tế',
        receivedAt: '2026-03-02T08:00:00+07:00',
      }),
      expect.objectContaining({
        from: 'OFFICE',
        to: 'DESK',
        handedOverBy: 'clerk@H30.01',
        receivedBy: 'Bộ phận một cửa',
        receivedAt: '2026-03-09T09:00:00+07:00',
      }),
    ]);
    expect(answer.body.pauses).toEqual([{ from: '2026-03-02T10:00:00+07:00', to: '2026-03-03T10:00:00+07:00' }]);
    expect(answer.body).toMatchObject({ dueAt: '2026-03-12T17:00:00+07:00', originalDueAt: '2026-03-06T08:00:00+07:00', timeliness: 'LATE' });
    expect(JSON.stringify(answer.body)).not.toMatch(/Nguyễn|001199012345|0912345678|example\.vn/);
  });

  it("answers Form 07, the dossier's row of the tracking book", async () => {
    const answer = await getForm(id, '07');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ...HEADER,
      form: '07',
      title: FORM_TITLES['07'],
      dossierCode: code,
      applicant: { name: applicant.name, address: applicant.address },
      department: 'ECONOMICS',
      receivedAt: '2026-03-02T08:00:00+07:00',
      dueAt: '2026-03-06T08:00:00+07:00',
      handedToDepartment: { department: 'ECONOMICS', at: '2026-03-02T08:00:00+07:00', receivedAt: '2026-03-02T08:00:00+07:00' },
      completedAt: '2026-03-09T09:00:00+07:00',
      returnedAt: '2026-03-10T08:00:00+07:00',
      timeliness: 'LATE',
    });
    expect(answer.body.notes).toHaveLength(2);
  });

  it.each(['03', '05'] as FormNumber[])('answers 404 for Form %s, which does not apply', async (form) => {
    const answer = await getForm(id, form);

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, detail: `form ${form} does not exist for this dossier (status RETURNED)` });
  });

  it("answers 400 for a form that is not one of the circular's", async () => {
    for (const form of ['08', '00', '1', 'abc']) {
      const answer = await getForm(id, form);
      expect(answer.status, form).toBe(400);
      expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.form']);
    }
  });

  it('answers 401 without a token, 403 to another commune, 404 to a portal that did not submit it', async () => {
    const other = await api.token({ sub: 'reception@H30.02', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.02' });

    expect((await getForm(id, '01', null)).status).toBe(401);
    expect((await getForm(id, '01', other)).status).toBe(403);
    expect((await getForm(id, '01', who.portal)).status).toBe(404);
  });

  it('lets the province auditor read the forms', async () => {
    const auditor = await api.token({ sub: 'auditor@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    expect((await getForm(id, '06', auditor)).status).toBe(200);
  });
});

describe('the forms of dossiers that stopped early', () => {
  it('answers Form 03 for a refused dossier, and no receipt', async () => {
    await setClock('2026-03-11T08:00:00+07:00');
    const id = await create('1.004873');
    await ok(id, 'refuse', who.reception, { reason: 'Không thuộc thẩm quyền' });

    const refusal = await getForm(id, '03');
    const receipt = await getForm(id, '01');

    expect(refusal.status).toBe(200);
    expect(refusal.body).toMatchObject({
      ...HEADER,
      form: '03',
      title: FORM_TITLES['03'],
      dossierCode: null,
      applicant: { name: applicant.name },
      reason: 'Không thuộc thẩm quyền',
      refusedBy: 'reception@H30.01',
      refusedAt: '2026-03-11T08:00:00+07:00',
    });
    expect(receipt.status).toBe(404);
    expect(receipt.body.detail).toBe('form 01 does not exist for this dossier (status REFUSED)');
  });

  it('answers Form 05 for a dossier withdrawn during processing, with its receipt still there', async () => {
    await setClock('2026-03-11T08:00:00+07:00');
    const id = await create('2.000286');
    const { code } = await ok(id, 'accept', who.reception);
    // Withdrawn once the department has it: a withdrawal racing the intake would get a 409.
    await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    await setClock('2026-03-11T09:00:00+07:00');
    await ok(id, 'withdraw', who.reception, { reason: 'Công dân rút hồ sơ' });

    const stop = await getForm(id, '05');

    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({
      ...HEADER,
      form: '05',
      title: FORM_TITLES['05'],
      dossierCode: code,
      applicant: { name: applicant.name },
      reason: 'Công dân rút hồ sơ',
      stoppedAtStep: 'ASSIGNMENT',
      stoppedAt: '2026-03-11T09:00:00+07:00',
      recordedBy: 'reception@H30.01',
    });
    expect((await getForm(id, '01')).status).toBe(200);
    expect((await getForm(id, '04')).status).toBe(404);
  });
});
