import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_COMMUNES, DEMO_PROVINCE } from '../../infra/local/seed.js';
import { dynamo } from '../../shared/adapters/aws.js';
import { getDossier } from '../../shared/adapters/repository.js';
import { dossierItem } from '../../shared/adapters/dossier-item.js';
import { FORM_TITLES, type FormData, type FormNumber } from '../../shared/domain/forms.js';
import { sha256 } from '../../shared/app/secrets.js';
import { layoutForm, NATIONAL_HEADING, NATIONAL_MOTTO, untranslated, type Block } from '../../shared/http/pdf/layout.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';
const PROCEDURE = { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' };

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-pdf-'));

async function create(): Promise<{ id: string; secret: string }> {
  const answer = await api.call('POST', base, { token: who.reception, body: newDossier(PROCEDURE.code) });
  expect(answer.status).toBe(201);
  return { id: answer.body.id, secret: answer.body.lookupSecret };
}

async function ok(id: string, action: string, token: string, body: Record<string, unknown> = {}) {
  const answer = await api.call('POST', `${base}/${id}/${action}`, { token, body });
  expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

/** The form as the desk prints it: the PDF bytes, as a browser receives them. */
async function pdf(id: string, form: FormNumber): Promise<{ status: number; type: string | null; bytes: Buffer; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${runtime.url}${base}/${id}/forms/${form}`, {
    headers: { authorization: `Bearer ${who.reception}`, accept: 'application/pdf' },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), bytes, ms: performance.now() - started };
}

/** The text of a PDF in content order (-raw), so that each drawn string stays whole. */
async function text(bytes: Buffer, name: string, raw = false): Promise<string> {
  const file = join(folder, `${name}.pdf`);
  writeFileSync(file, bytes);
  return (await run('pdftotext', [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'])).stdout;
}

/** Every label and value a form's layout prints. */
function printed(blocks: Block[]): string[] {
  return blocks.flatMap((b): string[] => {
    switch (b.kind) {
      case 'field':
        return [b.label, b.value];
      case 'list':
        return [b.label, ...b.items];
      case 'group':
        return [b.label, ...printed(b.blocks)];
      case 'table':
        return [b.label, ...b.columns.map((c) => c.label), ...b.rows.flat()];
    }
  });
}

/** Text without its white space: narrow table cells wrap anywhere, even inside a word. */
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('Form 01 as PDF, the receipt the citizen takes home', () => {
  let id: string;
  let secret: string;
  let code: string;
  let receipt: Awaited<ReturnType<typeof pdf>>;

  beforeAll(async () => {
    ({ id, secret } = await create());
    code = (await ok(id, 'accept', who.reception)).code;
    receipt = await pdf(id, '01');
    console.log(`Form 01 PDF: ${receipt.bytes.length} bytes, answered in ${receipt.ms.toFixed(0)} ms (first render of the process)`);
  });

  it('is an A4 PDF with the national heading, the code and the procedure in Vietnamese', async () => {
    expect(receipt.status).toBe(200);
    expect(receipt.type).toBe('application/pdf');
    expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const body = await text(receipt.bytes, 'receipt');
    expect(body).toContain(NATIONAL_HEADING);
    expect(body).toContain(NATIONAL_MOTTO);
    expect(body).toContain(code);
    expect(body).toContain(PROCEDURE.name);
    expect(body).toContain('UBND XÃ TÂN UYÊN');
    expect(body).toContain(FORM_TITLES['01'].toLocaleUpperCase('vi'));
    expect(body).toContain('Mẫu số 01 — Thông tư 03/2025/TT-VPCP');
    expect(body).toContain(applicant.name);
    expect(body).toContain('Không thu');
    expect(body).toContain(secret);
    const size = (await run('pdfinfo', [join(folder, 'receipt.pdf')])).stdout.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    expect(size?.slice(1).map(Number).map(Math.round)).toEqual([595, 842]);
  });

  it("carries a QR code of the citizen's page, the secret in its fragment, which opens the status", async () => {
    await run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', join(folder, 'receipt.pdf'), join(folder, 'receipt')]);
    const { stdout } = await run('zbarimg', ['-q', '--raw', join(folder, 'receipt-1.png')]);
    // The page also carries the VietQR of the fee (test/e2e/payment-online.test.ts reads that one).
    const url = new URL(stdout.split('\n').find((line) => line.startsWith('http'))!);
    expect(url.href).toBe(`${runtime.url}/tra-cuu/${code}#${secret}`);

    // What the page does with it: the secret, from the fragment, in the body of the lookup.
    const status = await fetch(`${url.origin}/v1/lookup/${code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: url.hash.slice(1) }),
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ code, status: 'IN_PROCESSING', procedure: { code: PROCEDURE.code, name: PROCEDURE.name } });
  });

  it('prints the same secret again later, although only its hash is stored', async () => {
    const again = await pdf(id, '01');
    expect(await text(again.bytes, 'again')).toContain(secret);
    const stored = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('leaves the secret and the QR code out for a dossier whose secret was not derived', async () => {
    const older = await create();
    const olderCode = (await ok(older.id, 'accept', who.reception)).code;
    // Once the department recorded it: its intake would otherwise store the dossier it read before.
    await eventually(async () => (await api.call('GET', `${base}/${older.id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    // A dossier of before: its secret was random, so the stored hash is not the derived one's.
    const stored = (await getDossier('H30.01', older.id))!;
    await dynamo().send(
      new PutCommand({ TableName: runtime.tableName, Item: dossierItem({ ...stored, lookupSecretHash: sha256('a random secret of before') }) }),
    );
    const printedOlder = await pdf(older.id, '01');
    expect(printedOlder.status).toBe(200);
    const body = await text(printedOlder.bytes, 'older');
    expect(body).toContain(olderCode);
    expect(body).not.toContain('Mật khẩu tra cứu');
    expect(body).not.toContain(older.secret);
  });

  it('answers JSON as before when the client does not ask for a PDF', async () => {
    const answer = await api.call('GET', `${base}/${id}/forms/01`, { token: who.reception });
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.body).toMatchObject({ form: '01', dossierCode: code });
  });
});

describe('every form as PDF', () => {
  const dossiers: Partial<Record<FormNumber, string>> = {};

  beforeAll(async () => {
    await api.call('PUT', '/_local/clock', { body: { now: '2026-03-02T08:00:00+07:00' } });
    const accepted = (await create()).id;
    await ok(accepted, 'accept', who.reception);
    await eventually(async () => (await api.call('GET', `${base}/${accepted}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    await api.call('PUT', '/_local/clock', { body: { now: '2026-03-03T08:00:00+07:00' } });
    await ok(accepted, 'extend', who.head.ECONOMICS, { newDueAt: '2026-03-13T17:00:00+07:00', reason: 'Cần xác minh thực địa' });
    const supplement = (await create()).id;
    await ok(supplement, 'request-supplement', who.reception, { reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD', 'Giấy ủy quyền'] });
    const refused = (await create()).id;
    await ok(refused, 'refuse', who.reception, { reason: 'Không thuộc thẩm quyền giải quyết' });
    const withdrawn = (await create()).id;
    await ok(withdrawn, 'withdraw', who.reception, { reason: 'Công dân rút hồ sơ' });
    Object.assign(dossiers, { '01': accepted, '02': supplement, '03': refused, '04': accepted, '05': withdrawn, '06': accepted, '07': accepted });
  });

  it.each(['01', '02', '03', '04', '05', '06', '07'] as FormNumber[])('Form %s prints its heading and every field of its data', async (form) => {
    const id = dossiers[form]!;
    const json = (await api.call('GET', `${base}/${id}/forms/${form}`, { token: who.reception })).body as FormData;
    const printedForm = await pdf(id, form);
    expect(printedForm.status).toBe(200);
    const body = squash(await text(printedForm.bytes, `form-${form}`, true));

    for (const line of [NATIONAL_HEADING, FORM_TITLES[form].toLocaleUpperCase('vi'), `Mẫu số ${form}`]) expect(body).toContain(squash(line));
    const layout = layoutForm(json, { province: DEMO_PROVINCE.name, communes: DEMO_COMMUNES });
    expect(untranslated(layout)).toEqual([]);
    const missing = printed(layout.blocks).filter((s) => !body.includes(squash(s)));
    expect(missing).toEqual([]);
  });
});
