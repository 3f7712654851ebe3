import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let admin: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  who = await officials(api);
  admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = [
  'STT',
  'Mã TTHC',
  'Tên TTHC',
  'Lĩnh vực',
  'Cơ quan thực hiện / phòng',
  'Thời hạn giải quyết',
  'Phí / lệ phí',
  'Thành phần hồ sơ',
  'Căn cứ pháp lý',
];
const DEPARTMENTS = ['Phòng Kinh tế', 'Văn phòng HĐND và UBND', 'Văn hóa – Xã hội', 'Kinh tế'];
const TIMES = ['03 ngày làm việc', '0,5 ngày làm việc', 'Trong ngày', '15 ngày làm việc', '10 ngày làm việc'];
const FEES = ['50.000 đồng', '0', 'Không', '100.000 đồng', '2.000 đồng'];

/** The annex of a decision: a title above the header, then a procedure a row. */
const annexRows = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return [
      n,
      `8.${String(n).padStart(6, '0')}`,
      `Thủ tục nhập từ phụ lục số ${n}`,
      n % 2 ? 'Hộ tịch' : 'Thành lập và hoạt động của hộ kinh doanh',
      DEPARTMENTS[n % DEPARTMENTS.length]!,
      TIMES[n % TIMES.length]!,
      FEES[n % FEES.length]!,
      'Tờ khai theo mẫu\nBản sao giấy tờ tùy thân',
      'Nghị định 123/2015/NĐ-CP',
    ];
  });

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Phụ lục');
  sheet.addRow(['DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ']);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csv = (rows: (string | number)[][]) =>
  `${[HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',')).join('\r\n')}\r\n`;

type ImportRow = { row: number; code?: string; outcome: string; version?: number; changes?: string[]; problems?: { column?: string; message: string }[] };
async function upload(body: Buffer | string, type: string, dryRun = false, token = admin) {
  const response = await fetch(`${runtime.url}/v1/provinces/LCI/procedure-imports${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as any };
}
const catalogue = async () =>
  (await api.call('GET', '/v1/provinces/LCI/procedures')).body.items as {
    code: string;
    version: number;
    processing: unknown;
    fees?: unknown[];
    field?: string;
  }[];

describe('catalogue import', () => {
  it('imports a 200-row workbook: a dry run, then for real, then again finds every row unchanged', async () => {
    const file = await workbook(annexRows(200));

    const dry = await upload(file, XLSX, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, written: false, summary: { created: 200, changed: 0, unchanged: 0, refused: 0 } });
    expect((await catalogue()).filter((p) => p.code.startsWith('8.'))).toEqual([]);

    const real = await upload(file, XLSX);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, written: true, summary: { created: 200 } });
    expect((real.body.rows as ImportRow[]).slice(0, 2)).toEqual([
      { row: 3, code: '8.000001', outcome: 'CREATED', version: 1 },
      { row: 4, code: '8.000002', outcome: 'CREATED', version: 1 },
    ]);
    const imported = (await catalogue()).filter((p) => p.code.startsWith('8.'));
    expect(imported).toHaveLength(200);
    expect(imported.find((p) => p.code === '8.000001')).toMatchObject({
      version: 1,
      name: 'Thủ tục nhập từ phụ lục số 1',
      department: 'OFFICE',
      processing: { kind: 'WORKING_DAYS', days: 0.5 },
      field: 'Hộ tịch',
      legalBasis: 'Nghị định 123/2015/NĐ-CP',
      requiredDocuments: ['Tờ khai theo mẫu', 'Bản sao giấy tờ tùy thân'],
    });
    expect(imported.find((p) => p.code === '8.000002')).toMatchObject({ department: 'CULTURE_SOCIETY', processing: { kind: 'SAME_DAY' } });
    expect(imported.find((p) => p.code === '8.000005')).toMatchObject({ department: 'OFFICE', processing: { kind: 'WORKING_DAYS', days: 3 } });
    // The annex's one amount is one lệ phí collected at reception.
    expect(imported.find((p) => p.code === '8.000005')!.fees).toEqual([
      { code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI', amount: 50000, collectAt: 'RECEPTION' },
    ]);
    expect(imported.find((p) => p.code === '8.000001')!.fees).toBeUndefined();

    const again = await upload(file, XLSX);
    expect(again.body).toMatchObject({ written: false, summary: { created: 0, changed: 0, unchanged: 200, refused: 0 } });

    const edited = annexRows(200);
    edited[4]![6] = '150.000 đồng';
    const changed = await upload(await workbook(edited), XLSX);
    expect(changed.body.summary).toEqual({ created: 0, changed: 1, unchanged: 199, refused: 0 });
    expect((changed.body.rows as ImportRow[])[4]).toEqual({ row: 7, code: '8.000005', outcome: 'CHANGED', version: 2, changes: ['fee'] });
    expect((await catalogue()).find((p) => p.code === '8.000005')).toMatchObject({ version: 2, fees: [expect.objectContaining({ amount: 150000 })] });
  }, 120_000);

  it('refuses each bad row by name and writes nothing: malformed, duplicate code, negative or non-quarter time, unknown department, over-long name, formula', async () => {
    const good = annexRows(3, 901);
    const bad = annexRows(8, 911);
    bad[0]!.push('một ô thừa');
    bad[1]![1] = bad[2]![1]!;
    bad[3]![5] = '-3 ngày làm việc';
    bad[4]![5] = '0,3 ngày làm việc';
    bad[5]![4] = 'Phòng Tài nguyên';
    bad[6]![2] = 'T'.repeat(501);
    bad[7]![6] = '=50000*2';
    const file = csv([...good, ...bad]);

    const dry = await upload(file, 'text/csv', true);
    const real = await upload(file, 'text/csv');

    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({ created: 3, changed: 0, unchanged: 0, refused: 8 });
    const refused = (dry.body.rows as ImportRow[]).filter((r) => r.outcome === 'REFUSED');
    expect(refused.map((r) => [r.row, r.problems!.map((p) => p.column ?? null)])).toEqual([
      [5, [null]],
      [6, ['Mã TTHC']],
      [7, ['Mã TTHC']],
      [8, ['Thời hạn giải quyết']],
      [9, ['Thời hạn giải quyết']],
      [10, ['Cơ quan thực hiện / phòng']],
      [11, ['Tên TTHC']],
      [12, ['Phí / lệ phí']],
    ]);
    expect(refused[3]!.problems![0]!.message).toMatch(/negative/);
    expect(refused[4]!.problems![0]!.message).toMatch(/quarter/);
    expect(refused[7]!.problems![0]!.message).toMatch(/formula/);
    expect(real.status).toBe(400);
    expect(real.body.detail).toBe('8 of 11 rows are refused; nothing was written');
    expect(new Set((real.body.errors as { path: string }[]).map((e) => e.path.split('.')[1]))).toEqual(new Set(['5', '6', '7', '8', '9', '10', '11', '12']));
    const codes = (await catalogue()).map((p) => p.code);
    expect([...good, ...bad].map((r) => r[1]).filter((c) => codes.includes(String(c)))).toEqual([]);
  });

  it('answers a file too large with 413 (the function over 4 MB, the gateway over its limits), another media type with 415, anyone but the admin with 403', async () => {
    const rows = annexRows(1, 990);
    const padding = `,${'x'.repeat(1000)}`;
    const large = csv(rows) + Array.from({ length: 4600 }, () => padding).join('\r\n');
    const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, 0x41);

    const overFunction = await upload(large, 'text/csv');
    const overGateway = await upload(tenMegabytes, XLSX);

    expect(overFunction.status).toBe(413);
    expect(overFunction.body.detail).toMatch(/at most 4194304/);
    expect(overGateway.status).toBe(413);
    expect((await upload(csv(rows), 'application/json')).status).toBe(415);
    expect((await upload(csv(rows), 'text/csv', false, who.leader)).status).toBe(403);
    expect((await upload(Buffer.from('not a zip'), XLSX)).status).toBe(400);
    expect((await catalogue()).map((p) => p.code)).not.toContain('8.000990');
  });
});
