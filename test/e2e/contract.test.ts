import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { createApiClient, type ApiClient } from '../../shared/client/index.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { apiClient, eventually } from '../support/client.js';
import { contractChecker } from '../support/contract.js';
import { startSuite } from '../support/local.js';
import { applicant, officials } from '../support/officials.js';
import { draftPdf } from '../support/signing.js';

/*
 * Every answer here goes through the generated client and is checked against /openapi.json as
 * the API serves it: a field, status or media type the contract does not document fails the test.
 */

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let contract: ReturnType<typeof contractChecker>;
let as: (token?: string) => ApiClient;

const c = 'H30.01';
const documents = [{ name: 'Tờ khai', kind: 'ORIGINAL' as const, count: 1 }];
const setClock = async (now: string) => expect((await api.call('PUT', '/_local/clock', { body: { now } })).status).toBe(200);

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite({ scheduleTickMs: 100 }));
  // The contract as the running API serves it, not as this process would generate it.
  contract = contractChecker((await api.call('GET', '/openapi.json')).body);
  as = (token) => createApiClient({ baseUrl: runtime.url, fetch: contract.fetch, ...(token ? { token: () => token } : {}) });
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

const dossierPath = '/v1/communes/{c}/dossiers/{id}' as const;
const read = async (id: string) => (await as(who.reception).GET(dossierPath, { params: { path: { c, id } } })).data!;
const handedOver = (id: string, until: (d: Awaited<ReturnType<typeof read>>) => boolean) => eventually(async () => until(await read(id)));

async function create(procedureCode: string, token = who.reception) {
  const { data, response } = await as(token).POST('/v1/communes/{c}/dossiers', {
    params: { path: { c } },
    body: { procedureCode, channel: 'IN_PERSON', applicant, documents },
  });
  expect(response.status).toBe(201);
  return data!;
}

describe('every answer keeps the contract', () => {
  it('through a whole lifecycle: create, accept, each step, supplement, extension, return, forms (JSON and PDF), lookup, rating', async () => {
    await setClock('2026-03-02T08:00:00+07:00');
    const portal = as(who.portal);
    const key = 'contract-key-0001';
    const body = { procedureCode: '1.004873', channel: 'ONLINE' as const, applicant, documents };
    const created = await portal.POST('/v1/communes/{c}/dossiers', { params: { path: { c }, header: { 'Idempotency-Key': key } }, body });
    const replayed = await portal.POST('/v1/communes/{c}/dossiers', { params: { path: { c }, header: { 'Idempotency-Key': key } }, body });
    expect(created.response.status).toBe(201);
    expect(replayed.response.headers.get('idempotent-replayed')).toBe('true');
    const { id, lookupSecret } = created.data!;
    const path = { c, id };
    const step = async (token: string, action: (client: ApiClient) => Promise<{ response: Response; data?: unknown }>) => {
      const { response, data } = await action(as(token));
      expect(response.status, JSON.stringify(data)).toBe(200);
      return data as Awaited<ReturnType<typeof read>>;
    };

    const accepted = await as(who.reception).POST(`${dossierPath}/accept`, { params: { path, header: { 'If-Match': '"1"' } }, body: {} });
    expect(accepted.data?.receipt.code).toMatch(/^H30\.01-\d{6}-\d{4}$/);
    await handedOver(id, (d) => d.step === 'ASSIGNMENT');
    await step(who.head.OFFICE, (x) =>
      x.POST(`${dossierPath}/request-supplement`, { params: { path }, body: { reason: 'Thiếu giấy tờ', documents: ['Bản sao giấy khai sinh'] } }),
    );
    await setClock('2026-03-03T09:00:00+07:00');
    await step(who.portal, (x) =>
      x.POST(`${dossierPath}/supplement`, { params: { path }, body: { documents: [{ name: 'Bản sao giấy khai sinh', kind: 'COPY', count: 1 }] } }),
    );
    await step(who.head.OFFICE, (x) => x.POST(`${dossierPath}/assign`, { params: { path }, body: { assignee: who.specialistSub('OFFICE') } }));
    await step(who.head.OFFICE, (x) =>
      x.POST(`${dossierPath}/extend`, { params: { path }, body: { newDueAt: '2026-03-20T17:00:00+07:00', reason: 'Cần xác minh thêm' } }),
    );
    await step(who.specialist.OFFICE, (x) => x.POST(`${dossierPath}/propose`, { params: { path }, body: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } }));
    await step(who.head.OFFICE, (x) => x.POST(`${dossierPath}/review`, { params: { path }, body: { agree: true, note: 'Trình lãnh đạo' } }));
    await step(who.leader, (x) => x.POST(`${dossierPath}/approve`, { params: { path }, body: { decision: 'APPROVED', note: 'Đồng ý' } }));
    // The signed result as a file: declared, uploaded through its presigned URL, checked.
    const signed = Buffer.from('%PDF-1.4\n% kết quả đã ký\n%%EOF\n');
    const clerk = as(who.clerk);
    const declared = await clerk.POST(`${dossierPath}/attachments`, {
      params: { path },
      body: { name: 'Giấy xác nhận.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: signed.length },
    });
    expect(declared.response.status).toBe(201);
    const aid = declared.data!.id;
    const early = await clerk.GET(`${dossierPath}/attachments/{aid}`, { params: { path: { ...path, aid } } });
    expect(early.response.status).toBe(409);
    expect((await fetch(declared.data!.uploadUrl, { method: 'PUT', headers: declared.data!.uploadHeaders, body: signed })).status).toBe(200);
    expect((await clerk.POST(`${dossierPath}/attachments/{aid}/complete`, { params: { path: { ...path, aid } } })).data?.status).toBe('AVAILABLE');
    expect((await clerk.GET(`${dossierPath}/attachments/{aid}`, { params: { path: { ...path, aid } } })).data?.downloadUrl).toEqual(expect.any(String));
    await step(who.clerk, (x) => x.POST(`${dossierPath}/issue`, { params: { path }, body: {} }));
    await handedOver(id, (d) => d.status === 'RESULT_READY');
    const returned = await step(who.reception, (x) => x.POST(`${dossierPath}/return`, { params: { path }, body: {} }));
    expect(returned.status).toBe('RETURNED');
    // A batch answers each item's result: here a step the dossier's state no longer allows.
    const again = await as(who.reception).POST('/v1/communes/{c}/dossiers/batch', { params: { path: { c } }, body: { action: 'return', items: [{ id }] } });
    expect(again.data?.results).toEqual([expect.objectContaining({ id, status: 409, problem: expect.objectContaining({ status: 409 }) })]);

    for (const form of ['01', '02', '04', '06', '07'] as const) {
      const { data, response } = await as(who.reception).GET(`${dossierPath}/forms/{form}`, { params: { path: { ...path, form } } });
      expect(response.status, form).toBe(200);
      // The route also answers application/pdf: the typed answer is the form or its PDF text.
      expect(typeof data === 'object' ? data.form : data).toBe(form);
    }
    const trail = await as(who.leader).GET(`${dossierPath}/audit`, { params: { path, query: { limit: 100 } } });
    expect(trail.response.status).toBe(200);
    expect(trail.data?.items.some((e) => e.action === 'return')).toBe(true);
    const verified = await as(who.leader).GET(`${dossierPath}/history/verification`, { params: { path } });
    expect(verified.data).toMatchObject({ valid: true, head: returned.historyHead, firstMismatch: null });
    // The applicant's messages, as the event consumer records them: with their texts for the desk, without for the specialist.
    const sent = await eventually(async () => {
      const { data } = await as(who.reception).GET(`${dossierPath}/messages`, { params: { path } });
      return data?.items.some((m) => m.type === 'dossier.result-ready') && data;
    });
    expect(sent.items.map((m) => m.type)).toEqual(['dossier.accepted', 'dossier.supplement-requested', 'dossier.extended', 'dossier.result-ready']);
    expect(sent.items.every((m) => m.channel === 'SMS' && m.text)).toBe(true);
    const unspoken = await as(who.specialist.OFFICE).GET(`${dossierPath}/messages`, { params: { path } });
    expect(unspoken.data?.items.some((m) => 'text' in m)).toBe(false);
    const pdf = await as(who.reception).GET(`${dossierPath}/forms/{form}`, {
      params: { path: { ...path, form: '01' } },
      headers: { accept: 'application/pdf' },
      parseAs: 'arrayBuffer',
    });
    expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
    const code = returned.code!;
    const lookup = await as().GET('/v1/lookup/{code}', { params: { path: { code }, query: { secret: lookupSecret } } });
    expect(lookup.data?.status).toBe('RETURNED');
    const result = await as().GET('/v1/lookup/{code}/result', { params: { path: { code }, query: { secret: lookupSecret } } });
    expect(result.data?.files.map((f) => f.name)).toEqual(['Giấy xác nhận.pdf']);
    // The same two, the secret in the body instead of the URL.
    const posted = await as().POST('/v1/lookup/{code}', { params: { path: { code } }, body: { secret: lookupSecret } });
    expect(posted.data).toEqual(lookup.data);
    const postedResult = await as().POST('/v1/lookup/{code}/result', { params: { path: { code } }, body: { secret: lookupSecret } });
    expect(postedResult.data?.files.map((f) => f.name)).toEqual(['Giấy xác nhận.pdf']);
    const receipt = await as(who.reception).GET(`${dossierPath}/forms/{form}`, {
      params: { path: { ...path, form: '01' } },
      headers: { accept: 'application/pdf' },
      parseAs: 'arrayBuffer',
    });
    expect(receipt.response.headers.get('content-type')).toBe('application/pdf');
    const rating = await as().POST('/v1/lookup/{code}/rating', { params: { path: { code } }, body: { secret: lookupSecret, score: 5, comment: 'Nhanh' } });
    expect(rating.response.status).toBe(201);
    expect((await as(who.reception).GET(dossierPath, { params: { path } })).data?.rating?.score).toBe(5);
  });

  it('for fees collected, waived and refunded', async () => {
    const reception = as(who.reception);
    const accept = async () => {
      const { id } = await create('1.009994');
      const { data } = await reception.POST(`${dossierPath}/accept`, { params: { path: { c, id } }, body: {} });
      expect(data?.status).toBe('AWAITING_PAYMENT');
      return id;
    };
    const paid = await accept();
    const collected = await reception.POST(`${dossierPath}/payment/collect`, { params: { path: { c, id: paid } }, body: { method: 'CASH' } });
    expect(collected.data?.payment?.status).toBe('PAID');
    const receipt = await reception.GET(`${dossierPath}/payment/receipts/{number}`, {
      params: { path: { c, id: paid, number: String(collected.data!.payment!.receipts[0]!.number) } },
    });
    expect(typeof receipt.data === 'object' && receipt.data.amountInWords).toBe('Năm mươi nghìn đồng');
    const today = collected.data!.payment!.paidAt!.slice(0, 10);
    const collections = await as(who.leader).GET('/v1/communes/{c}/reports/collections', { params: { path: { c }, query: { from: today, to: today } } });
    const communeTotals = typeof collections.data === 'object' ? collections.data.totals : undefined;
    expect(communeTotals?.count).toBeGreaterThanOrEqual(2);
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const province = await as(admin).GET('/v1/provinces/{p}/reports/collections', { params: { path: { p: 'LCI' }, query: { from: today, to: today } } });
    expect(typeof province.data === 'object' && province.data.totals).toEqual(communeTotals);
    await reception.POST(`${dossierPath}/withdraw`, { params: { path: { c, id: paid } }, body: { reason: 'Không còn nhu cầu' } });
    const refunded = await as(who.leader).POST(`${dossierPath}/payment/refund`, { params: { path: { c, id: paid } }, body: { reason: 'Hồ sơ đã rút' } });
    expect(refunded.data?.payment?.status).toBe('REFUNDED');
    const waived = await reception.POST(`${dossierPath}/payment/waive`, {
      params: { path: { c, id: await accept() } },
      body: { group: 'HO_NGHEO', evidence: 'Giấy chứng nhận hộ nghèo' },
    });
    expect(waived.data?.payment?.status).toBe('WAIVED');
  });

  it('for fees paid online: opened by the portal and by the citizen, settled by the platform’s callback', async () => {
    const portal = as(who.portal);
    const created = await portal.POST('/v1/communes/{c}/dossiers', {
      params: { path: { c }, header: { 'Idempotency-Key': 'contract-online-payment' } },
      body: { procedureCode: '1.009994', channel: 'ONLINE', applicant, documents },
    });
    const id = created.data!.id;
    const accepted = await as(who.reception).POST(`${dossierPath}/accept`, { params: { path: { c, id } }, body: {} });
    expect(accepted.data?.status).toBe('AWAITING_PAYMENT');
    const citizen = await as().POST('/v1/lookup/{code}/payment/online', {
      params: { path: { code: accepted.data!.code! } },
      body: { secret: created.data!.lookupSecret },
    });
    expect(citizen.response.status).toBe(201);
    const opened = await portal.POST(`${dossierPath}/payment/online`, { params: { path: { c, id } } });
    expect(opened.response.status).toBe(201);
    const refused = await as().POST('/v1/payments/{p}/callback', {
      params: { path: { p: 'LCI' } },
      body: {
        LoaiBanTin: 'CALLBACK',
        MaLoi: '00',
        MaDoiTac: 'LCI-MOTCUA',
        MaThamChieu: opened.data!.reference,
        SoTien: 100000,
        MaTienTe: 'VND',
        MaGiaoDich: 'GD1',
        MaNganHang: 'VCB',
        ThoiGianGD: '20260302090000',
        ThongTinGiaoDich: '',
        MaXacThuc: 'forged',
      },
    });
    expect(refused.data?.MaLoi).toBe('01');
    const paid = await api.call('POST', '/_local/payment-platform/pay', { body: { reference: opened.data!.reference, outcome: 'success' } });
    expect(paid.body.callback.body.MaLoi).toBe('00');
    expect((await read(id)).payment).toMatchObject({ status: 'PAID', method: 'ONLINE' });
  });

  it('for a refused, a withdrawn and a listed dossier', async () => {
    const refused = await create('2.000908');
    const withdrawn = await create('1.001612', who.reception);
    const reception = as(who.reception);
    await reception.POST(`${dossierPath}/refuse`, { params: { path: { c, id: refused.id } }, body: { reason: 'Không thuộc thẩm quyền' } });
    await reception.POST(`${dossierPath}/withdraw`, { params: { path: { c, id: withdrawn.id } }, body: { reason: 'Không còn nhu cầu' } });
    const formOf = async (id: string, form: '03' | '05') => {
      const { data } = await reception.GET(`${dossierPath}/forms/{form}`, { params: { path: { c, id, form } } });
      return typeof data === 'object' ? data.form : data;
    };
    expect(await formOf(refused.id, '03')).toBe('03');
    expect(await formOf(withdrawn.id, '05')).toBe('05');

    const first = await reception.GET('/v1/communes/{c}/dossiers', { params: { path: { c }, query: { limit: 1 } } });
    expect(first.data?.items).toHaveLength(1);
    const next = await reception.GET('/v1/communes/{c}/dossiers', { params: { path: { c }, query: { limit: 1, cursor: first.data!.nextCursor! } } });
    expect(next.data?.items[0]?.id).not.toBe(first.data?.items[0]?.id);
    expect(
      (await reception.GET('/v1/communes/{c}/dossiers', { params: { path: { c }, query: { status: 'REFUSED', timeliness: 'ON_TRACK' } } })).response.status,
    ).toBe(200);

    const found = await reception.POST('/v1/communes/{c}/dossiers/search', { params: { path: { c } }, body: { idNumber: applicant.idNumber, limit: 1 } });
    expect(found.data?.items).toHaveLength(1);
    expect(found.data?.nextCursor).toEqual(expect.any(String));
    const elsewhere = await officials(api, 'H30.02');
    const forOther = await as(elsewhere.reception).POST('/v1/communes/{c}/dossiers', {
      params: { path: { c: 'H30.02' } },
      body: { procedureCode: '1.004873', channel: 'IN_PERSON', applicant, documents, competentCommune: c },
    });
    const receivedThere = await as(elsewhere.reception).GET('/v1/communes/{c}/dossiers/received-for-others', { params: { path: { c: 'H30.02' } } });
    expect(receivedThere.data?.items.map((i) => i.id)).toContain(forOther.data?.id);
  });

  it('when a request is refused: problem+json for 400, 401, 403, 404 and 409', async () => {
    const dossier = await create('1.004873');
    const path = { c, id: dossier.id };
    const invalid = await as(who.reception).POST('/v1/communes/{c}/dossiers', {
      params: { path: { c } },
      body: { procedureCode: '', channel: 'FAX' as 'ONLINE', applicant: { ...applicant, idNumber: '12' }, documents: [] },
    });
    const anonymous = await as().GET(dossierPath, { params: { path } });
    const wrongRole = await as(who.clerk).POST(`${dossierPath}/accept`, { params: { path }, body: {} });
    const unknown = await as(who.reception).GET(dossierPath, { params: { path: { c, id: '00000000-0000-4000-8000-000000000000' } } });
    const stale = await as(who.reception).POST(`${dossierPath}/accept`, { params: { path, header: { 'If-Match': '"7"' } }, body: {} });
    const noForm = await as(who.reception).GET(`${dossierPath}/forms/{form}`, { params: { path: { ...path, form: '03' } } });
    const badLookup = await as().GET('/v1/lookup/{code}', { params: { path: { code: 'H30.01-990101-0001' }, query: { secret: 'wrong' } } });

    expect([invalid, anonymous, wrongRole, unknown, stale, noForm, badLookup].map((a) => a.response.status)).toEqual([400, 401, 403, 404, 409, 404, 404]);
    expect(invalid.error && 'errors' in invalid.error ? invalid.error.errors?.length : 0).toBeGreaterThan(0);
  });

  it('for the catalogue and what the province administers', async () => {
    const admin = as(await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' }));
    const p = 'LCI';
    const procedure = {
      name: 'Thủ tục thử',
      department: 'ECONOMICS' as const,
      processing: { kind: 'WORKING_DAYS' as const, days: 1 },
      stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 0.25, REVIEW: 0.25, APPROVAL: 0, ISSUANCE: 0 },
      requiredDocuments: ['Tờ khai'],
      fee: 0,
    };
    const published = await admin.PUT('/v1/provinces/{p}/procedures/{code}', { params: { path: { p, code: '9.000001' } }, body: procedure });
    const again = await admin.PUT('/v1/provinces/{p}/procedures/{code}', { params: { path: { p, code: '9.000001' } }, body: { ...procedure, fee: 5000 } });
    const commune = await admin.PUT('/v1/provinces/{p}/communes/{c}', {
      params: { path: { p, c: 'H30.09' } },
      body: { name: 'Xã thử', departments: ['OFFICE'] },
    });
    const calendar = await admin.PUT('/v1/provinces/{p}/calendar/{year}', {
      params: { path: { p, year: '2031' } },
      body: { daysOff: ['2031-01-01'], workingDays: ['2031-01-04'], source: 'Thông báo thử' },
    });
    const override = await admin.PUT('/v1/provinces/{p}/communes/{c}/procedures/{code}', {
      params: { path: { p, c: 'H30.09', code: '9.000001' } },
      body: { enabled: true, processing: { kind: 'SAME_DAY' } },
    });
    const annex = [
      'Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan thực hiện / phòng,Thời hạn giải quyết,Phí / lệ phí,Thành phần hồ sơ,Căn cứ pháp lý',
      '9.000002,Thủ tục nhập,Hộ tịch,Phòng Kinh tế,"0,5 ngày làm việc",50.000 đồng,Tờ khai,Nghị định 123/2015/NĐ-CP',
    ].join('\r\n');
    const imported = await admin.POST('/v1/provinces/{p}/procedure-imports', {
      params: { path: { p } },
      body: annex as never,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.data?.summary).toEqual({ created: 1, changed: 0, unchanged: 0, refused: 0 });
    const official = { params: { path: { p, username: 'thu.nghiem' } } };
    const appointed = await admin.PUT('/v1/provinces/{p}/officials/{username}', {
      ...official,
      body: { name: 'Nguyễn Văn Thử', email: 'thu.nghiem@lci.gov.vn', roles: ['RECEPTION'], commune: 'H30.01', enabled: true },
    });
    const officials = await admin.GET('/v1/provinces/{p}/officials', { params: { path: { p } } });
    const removed = await admin.DELETE('/v1/provinces/{p}/officials/{username}', official);
    expect([appointed, officials, removed].map((a) => a.response.status < 300)).toEqual([true, true, true]);
    const catalogue = await as().GET('/v1/provinces/{p}/procedures', { params: { path: { p } } });
    const communeCatalogue = await as().GET('/v1/communes/{c}/procedures', { params: { path: { c: 'H30.09' } } });
    const document = await as().GET('/openapi.json');

    expect([published, again, commune, calendar, override, catalogue, communeCatalogue, document].map((a) => a.response.status)).toEqual([
      201, 200, 201, 200, 200, 200, 200, 200,
    ]);
    // The single fee of earlier clients reads as one lệ phí collected at reception.
    expect(catalogue.data?.items.find((i) => i.code === '9.000001')?.fees).toEqual([
      { code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI', amount: 5000, collectAt: 'RECEPTION' },
    ]);
    expect(communeCatalogue.data?.items.find((i) => i.code === '9.000001')).toMatchObject({
      fees: [{ code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI', amount: 5000, collectAt: 'RECEPTION' }],
      processing: { kind: 'SAME_DAY' },
    });
  });

  it('for the SLA reports of a commune and of the province, the statistics and the service index in JSON and CSV', async () => {
    await setClock('2026-04-06T08:00:00+07:00');
    const late = await create('1.004873');
    await as(who.reception).POST(`${dossierPath}/accept`, { params: { path: { c, id: late.id } }, body: {} });
    await handedOver(late.id, (d) => d.step === 'ASSIGNMENT');
    await setClock('2026-04-10T07:00:00+07:00');
    expect((await api.call('POST', '/_local/schedules/sla-report/run')).status).toBe(200);
    const admin = as(await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' }));

    const commune = await as(who.leader).GET('/v1/communes/{c}/reports/sla-breaches', { params: { path: { c }, query: { date: '2026-04-10' } } });
    const province = await admin.GET('/v1/provinces/{p}/reports/sla-breaches', { params: { path: { p: 'LCI' } } });
    const stats = await Promise.all(
      (['commune', 'department', 'procedure'] as const).map((groupBy) =>
        admin.GET('/v1/provinces/{p}/reports/statistics', { params: { path: { p: 'LCI' }, query: { from: '2026-01-01', to: '2026-12-31', groupBy } } }),
      ),
    );
    const csv = await admin.GET('/v1/provinces/{p}/reports/statistics', {
      params: { path: { p: 'LCI' }, query: { from: '2026-01-01', to: '2026-12-31', format: 'csv' } },
      parseAs: 'text',
    });

    const index = await Promise.all([
      admin.GET('/v1/provinces/{p}/reports/service-index', {
        params: { path: { p: 'LCI' }, query: { from: '2026-01-01', to: '2026-12-31', groupBy: 'commune' } },
      }),
      as(who.leader).GET('/v1/provinces/{p}/reports/service-index', { params: { path: { p: 'LCI' }, query: { from: '2026-04-01', to: '2026-04-30' } } }),
    ]);
    const indexCsv = await admin.GET('/v1/provinces/{p}/reports/service-index', {
      params: { path: { p: 'LCI' }, query: { from: '2026-01-01', to: '2026-12-31', format: 'csv' } },
      parseAs: 'text',
    });

    expect(index.map((i) => i.response.status)).toEqual([200, 200]);
    const [provinceIndex, communeIndex] = index.map((i) => (typeof i.data === 'object' ? i.data : undefined));
    expect(provinceIndex?.communes?.length).toBeGreaterThan(0);
    expect(communeIndex?.commune).toBe(c);
    expect(indexCsv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(commune.data?.entries.some((e) => e.dossierId === late.id && e.standing === 'OVERDUE')).toBe(true);
    expect(province.data?.communes.length).toBeGreaterThan(0);
    expect(stats.map((s) => (typeof s.data === 'object' ? s.data.total.received.total : s.data))).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ]);
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it("for a portal's webhooks and their deliveries", async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
    const portal = as(who.portal);
    const path = { p: 'LCI', name: 'contract' };
    try {
      const created = await portal.PUT('/v1/provinces/{p}/webhooks/{name}', { params: { path }, body: { url, events: ['dossier.submitted'] } });
      expect(created.response.status).toBe(201);
      expect(created.data && 'secret' in created.data && created.data.secret).toMatch(/^whsec_/);
      const changed = await portal.PUT('/v1/provinces/{p}/webhooks/{name}', { params: { path }, body: { url } });
      expect(changed.response.status).toBe(200);
      const submitted = await portal.POST('/v1/communes/{c}/dossiers', {
        params: { path: { c }, header: { 'Idempotency-Key': 'contract-webhook-1' } },
        body: { procedureCode: '1.004873', channel: 'ONLINE', applicant, documents },
      });
      const deliveries = await eventually(async () => {
        const page = await portal.GET('/v1/provinces/{p}/webhooks/{name}/deliveries', { params: { path, query: { limit: 10 } } });
        return page.data?.items.some((d) => d.dossierId === submitted.data?.id && d.status === 'DELIVERED') && page.data;
      });
      expect(deliveries.items[0]).toMatchObject({ webhook: 'contract', type: 'dossier.submitted', attempts: 1, lastStatus: 200 });
      expect(received).toContain(deliveries.items[0]!.eventId);
      expect((await portal.GET('/v1/provinces/{p}/webhooks', { params: { path: { p: 'LCI' } } })).data?.items.map((w) => w.name)).toContain('contract');
      expect((await portal.GET('/v1/provinces/{p}/webhooks/{name}', { params: { path } })).data?.url).toBe(url);
      expect((await portal.DELETE('/v1/provinces/{p}/webhooks/{name}', { params: { path } })).response.status).toBe(204);
      const invalid = await portal.PUT('/v1/provinces/{p}/webhooks/{name}', { params: { path }, body: { url: 'https://portal.example.vn/hooks' } });
      expect(invalid.response.status).toBe(400);
    } finally {
      receiver.close();
    }
  });

  it("through a signed result: the leader's signature (202, the session), the clerk's register number and seal, the file's signatures", async () => {
    // The emulated CA issues certificates valid from today: the runtime's own time again.
    await api.call('DELETE', '/_local/clock');
    const created = await create('1.001612');
    const path = { c, id: created.id };
    await as(who.reception).POST(`${dossierPath}/accept`, { params: { path }, body: {} });
    await handedOver(created.id, (d) => d.step === 'ASSIGNMENT');
    await as(who.head.ECONOMICS).POST(`${dossierPath}/assign`, { params: { path }, body: { assignee: who.specialistSub('ECONOMICS') } });
    const specialist = as(who.specialist.ECONOMICS);
    const bytes = await draftPdf();
    const declared = await specialist.POST(`${dossierPath}/attachments`, {
      params: { path },
      body: { name: 'Dự thảo.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: bytes.length },
    });
    const aid = declared.data!.id;
    await fetch(declared.data!.uploadUrl, { method: 'PUT', headers: declared.data!.uploadHeaders, body: bytes });
    await specialist.POST(`${dossierPath}/attachments/{aid}/complete`, { params: { path: { ...path, aid } } });
    await specialist.POST(`${dossierPath}/propose`, { params: { path }, body: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    await as(who.head.ECONOMICS).POST(`${dossierPath}/review`, { params: { path }, body: { agree: true, note: 'Trình' } });
    // First many at once under one authorisation (the phone refuses it here), then alone.
    await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'reject' } });
    const batched = await as(who.leader).POST('/v1/communes/{c}/dossiers/batch', {
      params: { path: { c } },
      body: { action: 'approve', items: [{ id: created.id, body: { decision: 'APPROVED', note: 'Đồng ý', sign: true } }] },
    });
    expect(batched.data?.results).toEqual([expect.objectContaining({ id: created.id, status: 202, signing: expect.objectContaining({ status: 'PENDING' }) })]);
    await eventually(async () => {
      const { data } = await as(who.leader).GET(`${dossierPath}/signing/{sid}`, { params: { path: { ...path, sid: batched.data!.results[0]!.signing!.id } } });
      return data?.status === 'REJECTED';
    }, 30_000);
    await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'auto' } });
    const started = await as(who.leader).POST(`${dossierPath}/approve`, { params: { path }, body: { decision: 'APPROVED', note: 'Đồng ý', sign: true } });
    expect(started.response.status).toBe(202);
    const sid = (started.data as { signing: { id: string } }).signing.id;
    await eventually(async () => {
      const { data } = await as(who.leader).GET(`${dossierPath}/signing/{sid}`, { params: { path: { ...path, sid } } });
      return data?.status === 'SIGNED';
    }, 30_000);
    const issued = await as(who.clerk).POST(`${dossierPath}/issue`, { params: { path }, body: { symbol: '7/QĐ-UBND', issuedOn: '2026-03-05' } });
    expect(issued.data?.registration).toMatchObject({ symbol: '7/QĐ-UBND', issuedOn: '2026-03-05' });
    const signatures = await as(who.clerk).GET(`${dossierPath}/attachments/{aid}/signatures`, { params: { path: { ...path, aid } } });
    expect(signatures.data?.map((s) => s.role)).toEqual(['LEADER', 'SEAL']);
    const admin = as(await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' }));
    const where = { p: 'LCI', c };
    const seal = await admin.PUT('/v1/provinces/{p}/communes/{c}/signers/SEAL', {
      params: { path: where },
      body: { provider: 'local', credentialRef: `seal:${c}` },
    });
    expect(seal.data?.role).toBe('SEAL');
    const leader = await admin.PUT('/v1/provinces/{p}/communes/{c}/signers/LEADER/{sub}', {
      params: { path: { ...where, sub: 'chair.h30.01' } },
      body: { provider: 'local', credentialRef: `leader:${c}:chair.h30.01` },
    });
    expect(leader.data?.sub).toBe('chair.h30.01');
  }, 60_000);

  it('was kept by every answer, and every operation was called', () => {
    expect(contract.answers.filter((a) => a.violations.length > 0)).toEqual([]);
    const called = new Set(contract.answers.filter((a) => a.status < 300).map((a) => a.operationId));
    expect(HTTP_ROUTES.map((r) => r.name).filter((name) => !called.has(name))).toEqual([]);
  });
});
