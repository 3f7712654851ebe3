import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { ACCESS } from '../../infra/stacks/access.js';
import { PROVINCE_KEY_LEADING_KEYS, type ProvinceKey } from '../../shared/adapters/table.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../../infra/workers.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';
import { draftPdf } from '../support/signing.js';

/**
 * Every function run on the local runtime, and every DynamoDB and S3 action it took compared with
 * what its IAM role allows in the CDK app (infra/stacks/access.ts): a handler that starts using a
 * new action, a new index or the files bucket fails here before it fails on AWS with AccessDenied.
 */
let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  // No configuration cache: in this one process every function must read for itself, as on Lambda.
  process.env.PROVINCE_CACHE_MS = '0';
  runtime = await startTestRuntime();
  api = apiClient(runtime);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('least privilege', () => {
  it('every DynamoDB and S3 action each function takes is one its role allows', async () => {
    // Prepare: every route, consumer and schedule, on their usual paths
    const who = await officials(api);
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const base = '/v1/communes/H30.01/dossiers';
    const ok = async (method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) => {
      const answer = await api.call(method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    };
    await ok('GET', '/openapi.json', undefined);
    await ok('GET', '/v1/provinces/LCI/procedures', undefined);
    await ok('PUT', '/v1/provinces/LCI/communes/H30.09', admin, { name: 'Xã thử' });
    await ok('PUT', '/v1/provinces/LCI/calendar/2040', admin, { daysOff: ['2040-01-01'], source: 'thử' });
    await ok('PUT', '/v1/provinces/LCI/procedures/9.000009', admin, {
      name: 'Thủ tục thử',
      department: 'OFFICE',
      processing: { kind: 'SAME_DAY' },
      stepBudgets: { RECEPTION: 0, ASSIGNMENT: 0, APPRAISAL: 0, REVIEW: 0, APPROVAL: 0, ISSUANCE: 0 },
      requiredDocuments: [],
      fee: 0,
    });
    await ok('PUT', '/v1/provinces/LCI/communes/H30.02/procedures/9.000009', admin, { enabled: false });
    await ok('PUT', '/v1/provinces/LCI/communes/H30.02/signers/SEAL', admin, { provider: 'local', credentialRef: 'seal:H30.02' });
    await ok('PUT', '/v1/provinces/LCI/communes/H30.02/signers/LEADER/chair.h30.02', admin, { provider: 'local', credentialRef: 'leader:H30.02:chair.h30.02' });
    await ok('GET', '/v1/communes/H30.02/procedures', undefined);
    const annex = [
      'Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan thực hiện / phòng,Thời hạn giải quyết,Phí / lệ phí,Thành phần hồ sơ,Căn cứ pháp lý',
      '9.000010,Thủ tục nhập,Hộ tịch,Văn phòng,Trong ngày,Không,Tờ khai,',
    ];
    await ok('POST', '/v1/provinces/LCI/procedure-imports', admin, `${annex.join('\r\n')}\r\n`, { 'content-type': 'text/csv' });
    const official = '/v1/provinces/LCI/officials/thu.nghiem';
    await ok('PUT', official, admin, { name: 'Nguyễn Văn Thử', email: 'thu.nghiem@lci.gov.vn', roles: ['RECEPTION'], commune: 'H30.01', enabled: true });
    await ok('GET', '/v1/provinces/LCI/officials', admin);
    await ok('DELETE', official, admin);
    // Fees at reception: collected then refunded after a withdrawal, and waived.
    const awaitingPayment = async () => {
      const created = await ok('POST', base, who.reception, newDossier('1.009994'));
      await ok('POST', `${base}/${created.id}/accept`, who.reception, {});
      return created.id as string;
    };
    const paid = await awaitingPayment();
    const { payment } = await ok('POST', `${base}/${paid}/payment/collect`, who.reception, { method: 'CASH' });
    await ok('GET', `${base}/${paid}/payment/receipts/${payment.receipts[0].number}`, who.reception);
    await ok('GET', `${base}/${paid}/payment/receipts/${payment.receipts[0].number}`, who.reception, undefined, { accept: 'application/pdf' });
    await ok('POST', `${base}/${paid}/withdraw`, who.reception, { reason: 'Rút' });
    await ok('POST', `${base}/${paid}/payment/refund`, who.leader, { reason: 'Hồ sơ đã rút' });
    await ok('POST', `${base}/${await awaitingPayment()}/payment/waive`, who.reception, { group: 'HO_NGHEO', evidence: 'Giấy chứng nhận hộ nghèo' });
    // Paid online: the citizen and the portal open a payment, the platform's callback settles it.
    const payingOnline = await ok('POST', base, who.portal, newDossier('1.009994', 'ONLINE'), { 'idempotency-key': 'least-privilege-pay' });
    const awaitingOnline = await ok('POST', `${base}/${payingOnline.id}/accept`, who.reception, {});
    // The citizen's page reads what is awaited, with the VietQR of the commune's account, then opens a payment.
    expect((await ok('POST', `/v1/lookup/${awaitingOnline.code}`, undefined, { secret: payingOnline.lookupSecret })).payment.transfer.vietQr).toMatch(
      /^000201/,
    );
    const byCitizen = await ok('POST', `/v1/lookup/${awaitingOnline.code}/payment/online`, undefined, { secret: payingOnline.lookupSecret });
    const { reference } = await ok('POST', `${base}/${payingOnline.id}/payment/online`, who.portal, {});
    expect((await ok('POST', '/_local/payment-platform/pay', undefined, { reference, outcome: 'success' })).callback.body.MaLoi).toBe('00');
    // Paid twice: the second payment is owed back, and the leader gives it back.
    expect((await ok('POST', '/_local/payment-platform/pay', undefined, { reference: byCitizen.reference, outcome: 'success' })).callback.body.MaLoi).toBe(
      '00',
    );
    await ok('POST', `${base}/${payingOnline.id}/payment/refund`, who.leader, { reason: 'Nộp hai lần', reference: byCitizen.reference });
    // The portal's webhook, before its dossier: the webhooks consumer delivers (here: fails and records) its events.
    const hooks = '/v1/provinces/LCI/webhooks';
    await ok('PUT', `${hooks}/lp`, who.portal, { url: 'http://127.0.0.1:9/hooks' });
    await ok('PUT', `${hooks}/lp`, who.portal, { url: 'http://127.0.0.1:9/hooks', events: ['dossier.submitted'] });
    const online = await ok('POST', base, who.portal, newDossier('1.001612', 'ONLINE'), { 'idempotency-key': 'least-privilege-1' });
    await ok('POST', base, who.portal, newDossier('1.001612', 'ONLINE'), { 'idempotency-key': 'least-privilege-1' });
    const id = online.id as string;
    const step = (action: string, token: string, body: Record<string, unknown> = {}) => ok('POST', `${base}/${id}/${action}`, token, body);
    await step('request-supplement', who.reception, { reason: 'Thiếu', documents: ['Tờ khai'] });
    await step('supplement', who.portal, { documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }] });
    const { code } = await step('accept', who.reception);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    await step('assign', who.head.ECONOMICS, { assignee: who.specialistSub('ECONOMICS') });
    await ok('GET', `${base}?assignee=${who.specialistSub('ECONOMICS')}`, who.specialist.ECONOMICS);
    await ok('GET', `${base}?status=IN_PROCESSING&timeliness=ON_TRACK`, who.reception);
    await step('extend', who.head.ECONOMICS, { newDueAt: '2031-01-06T09:00:00+07:00', reason: 'Xin lỗi' });
    await step('propose', who.specialist.ECONOMICS, { outcome: 'APPROVE', summary: 'Đủ' });
    await step('review', who.head.ECONOMICS, { agree: true, note: 'Trình' });
    // The result's draft, signed by the leader through the emulated CA (the signing-sessions consumer completes it).
    const draftBytes = await draftPdf();
    const draft = await ok('POST', `${base}/${id}/attachments`, who.specialist.ECONOMICS, {
      name: 'Dự thảo.pdf',
      purpose: 'RESULT',
      contentType: 'application/pdf',
      size: draftBytes.length,
    });
    expect((await fetch(draft.uploadUrl, { method: 'PUT', headers: draft.uploadHeaders, body: draftBytes })).status).toBe(200);
    await ok('POST', `${base}/${id}/attachments/${draft.id}/complete`, who.specialist.ECONOMICS, {});
    // First through the batch, under one authorisation for all its items (the phone refuses it here), then alone.
    await ok('PUT', '/_local/signing/behaviour', undefined, { confirm: 'reject' });
    const approval = { action: 'approve', items: [{ id, body: { decision: 'APPROVED', note: 'Ký', sign: true } }] };
    const [batched] = (await ok('POST', `${base}/batch`, who.leader, approval)).results;
    expect(batched.status).toBe(202);
    await eventually(async () => (await ok('GET', `${base}/${id}/signing/${batched.signing.id}`, who.leader)).status === 'REJECTED', 30_000);
    await ok('PUT', '/_local/signing/behaviour', undefined, { confirm: 'auto' });
    const { signing } = await step('approve', who.leader, { decision: 'APPROVED', note: 'Ký', sign: true });
    await eventually(async () => (await ok('GET', `${base}/${id}/signing/${signing.id}`, who.leader)).status === 'SIGNED', 30_000);
    // Files: the clerk's signed result (declared, uploaded, checked, read) and a mismatch, deleted.
    const file = async (name: string, bytes: Buffer, declaredType: string) => {
      const declared = await ok('POST', `${base}/${id}/attachments`, who.clerk, { name, purpose: 'RESULT', contentType: declaredType, size: bytes.length });
      expect((await fetch(declared.uploadUrl, { method: 'PUT', headers: declared.uploadHeaders, body: bytes })).status).toBe(200);
      return { id: declared.id as string, check: await ok('POST', `${base}/${id}/attachments/${declared.id}/complete`, who.clerk, {}) };
    };
    const signed = await file('Kết quả.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    expect(signed.check.status).toBe('AVAILABLE');
    expect((await file('Ảnh.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'application/pdf')).check.status).toBe('REJECTED');
    await ok('GET', `${base}/${id}/attachments/${signed.id}`, who.clerk);
    await step('issue', who.clerk);
    await ok('GET', `${base}/${id}/attachments/${draft.id}/signatures`, who.clerk);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.status === 'RESULT_READY');
    await step('return', who.reception);
    await ok('POST', `${base}/batch`, who.reception, { action: 'return', items: [{ id }] });
    await ok('GET', `${base}/${id}`, who.reception);
    await ok('GET', `${base}/${id}/forms/06`, who.reception);
    // The printed receipt carries the lookup secret, derived again from the province's key.
    await ok('GET', `${base}/${id}/forms/01`, who.reception, undefined, { accept: 'application/pdf' });
    await ok('GET', `${base}/${id}/audit`, who.leader);
    await ok('GET', `${base}/${id}/history/verification`, who.leader);
    await ok('POST', `${base}/search`, who.reception, { code });
    await ok('POST', `${base}/search`, who.reception, { idNumber: applicant.idNumber });
    await ok('POST', `${base}/search`, who.reception, { phone: applicant.phone });
    const elsewhere = await officials(api, 'H30.02');
    await ok('POST', '/v1/communes/H30.02/dossiers', elsewhere.reception, { ...newDossier('1.004873'), competentCommune: 'H30.01' });
    await ok('GET', '/v1/communes/H30.02/dossiers/received-for-others', elsewhere.reception);
    await ok('GET', `/v1/lookup/${code}?secret=${online.lookupSecret}`, undefined);
    await ok('GET', `/v1/lookup/${code}/result?secret=${online.lookupSecret}`, undefined);
    await ok('POST', `/v1/lookup/${code}`, undefined, { secret: online.lookupSecret });
    await ok('POST', `/v1/lookup/${code}/result`, undefined, { secret: online.lookupSecret });
    await ok('POST', `/v1/lookup/${code}/rating`, undefined, { secret: online.lookupSecret, score: 5 });
    const refused = await ok('POST', base, who.reception, newDossier('1.004873'));
    await ok('POST', `${base}/${refused.id}/refuse`, who.reception, { reason: 'Không hợp lệ' });
    const withdrawn = await ok('POST', base, who.reception, newDossier('1.004873'));
    await ok('POST', `${base}/${withdrawn.id}/withdraw`, who.reception, { reason: 'Rút' });
    for (const schedule of SCHEDULES) await ok('POST', `/_local/schedules/${schedule.name}/run`, undefined);
    await ok('GET', '/v1/communes/H30.01/reports/sla-breaches', who.leader);
    await ok('GET', '/v1/provinces/LCI/reports/sla-breaches', admin);
    await ok('GET', '/v1/provinces/LCI/reports/statistics?from=2026-01-01&to=2026-12-31&groupBy=procedure', admin);
    await ok('GET', '/v1/provinces/LCI/reports/service-index?from=2026-01-01&to=2026-12-31&groupBy=commune', admin);
    await ok('GET', '/v1/communes/H30.01/reports/collections?from=2026-01-01&to=2026-12-31', who.leader);
    await ok('GET', '/v1/provinces/LCI/reports/collections?from=2026-01-01&to=2026-12-31&format=csv', admin);

    await ok('GET', hooks, who.portal);
    await ok('GET', `${hooks}/lp`, who.portal);
    await eventually(async () => (await ok('GET', `${hooks}/lp/deliveries`, who.portal)).items.length > 0);
    await ok('DELETE', `${hooks}/lp`, who.portal);

    // The applicant's messages of the result, the last the event consumers send on these paths.
    await eventually(async () => ((await api.call('GET', '/_local/messages')).body.items as { type: string }[]).some((m) => m.type === 'dossier.result-ready'));
    // Their list, with the texts (on the trail) for the desk.
    await ok('GET', `${base}/${id}/messages`, who.reception);

    // Act
    const usage = runtime.dynamoUsage();

    // Assess: every function that touches the table ran; each of its actions is allowed
    const functions = [...HTTP_ROUTES, ...QUEUE_CONSUMERS, ...STREAM_CONSUMERS, ...EVENT_CONSUMERS, ...SCHEDULES].map((f) => f.name);
    expect(functions.filter((name) => (ACCESS[name]?.table.length ?? 0) > 0 && !usage.has(name))).toEqual([]);
    const denied: string[] = [];
    const unused: string[] = [];
    for (const name of functions) {
      const access = ACCESS[name]!;
      const used = usage.get(name) ?? new Set<string>();
      for (const action of used) {
        const [verb, index] = action.split('@');
        const allowed =
          action === 'PutItem:trail'
            ? access.audits === true
            : index
              ? verb === 'Query' && (access.indexes ?? []).includes(index as never)
              : access.table.includes(verb as never);
        if (!allowed) denied.push(`${name}: ${action}`);
      }
      const granted = [...access.table, ...(access.indexes ?? []).map((i) => `Query@${i}`), ...(access.audits ? ['PutItem:trail'] : [])];
      unused.push(...granted.filter((g) => !used.has(g)).map((g) => `${name}: ${g}`));
    }
    console.log(
      `least privilege: ${functions.length} functions, ${[...usage.values()].reduce((n, s) => n + s.size, 0)} actions used; granted but not used on these paths: ${unused.join(', ') || 'none'}`,
    );
    expect(denied).toEqual([]);

    // The province's key items (denied to every role that does not declare them): the functions
    // whose requests named one are exactly those that declare it, and the others with the table
    // ran here, each request's partition keys recorded, without naming it.
    const keysNamed = runtime.dynamoKeys();
    const like = (pattern: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
    for (const key of Object.keys(PROVINCE_KEY_LEADING_KEYS) as ProvinceKey[]) {
      const item = like(PROVINCE_KEY_LEADING_KEYS[key]);
      const declaring = functions.filter((name) => ACCESS[name]!.keys?.includes(key)).sort();
      const naming = functions.filter((name) => [...(keysNamed.get(name) ?? [])].some((pk) => item.test(pk))).sort();
      expect(naming, `functions whose requests named the ${key} key item`).toEqual(declaring);
      const others = functions.filter((name) => !declaring.includes(name) && (keysNamed.get(name)?.size ?? 0) > 0);
      expect(others.length, `functions that ran on the table without the ${key} key`).toBeGreaterThan(0);
    }

    // And S3: a URL signed for upload is a PutObject of the signer; HeadObject is allowed by GetObject.
    const fileUsage = runtime.fileUsage();
    const asGranted = (action: string) => (action === 'HeadObject' ? 'GetObject' : action);
    const deniedFiles = functions.flatMap((name) =>
      [...(fileUsage.get(name) ?? [])].filter((a) => !(ACCESS[name]!.files ?? []).includes(asGranted(a) as never)).map((a) => `${name}: s3:${a}`),
    );
    const unusedFiles = functions.flatMap((name) =>
      (ACCESS[name]!.files ?? []).filter((g) => ![...(fileUsage.get(name) ?? [])].some((a) => asGranted(a) === g)).map((g) => `${name}: s3:${g}`),
    );
    expect(deniedFiles).toEqual([]);
    expect(unusedFiles).toEqual([]);
  }, 120_000);
});
