/**
 * Receipts read back on the local runtime: an in-person dossier paid in cash at acceptance gets
 * its two receipts (phí, lệ phí), each as data and as a PDF that pdftotext reads back with the
 * issuing unit, the payer, the line, the amount in figures and in words, the method, the
 * collector's name and the date.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_OFFICIALS } from '../../infra/local/seed.js';
import { apiClient } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';
/** Cấp giấy phép xây dựng: phí thẩm định 50,000 and lệ phí 75,000, both at reception. */
const AT_RECEPTION = '1.009994';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-receipts-'));

beforeAll(async () => {
  ({ runtime, api } = await startSuite());
  who = await officials(api, 'H30.01', 'LCI', { named: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function paidInCash() {
  const created = await api.call('POST', base, { token: who.reception, body: newDossier(AT_RECEPTION) });
  expect((await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).status).toBe(200);
  const paid = await api.call('POST', `${base}/${created.body.id}/payment/collect`, { token: who.reception, body: { method: 'CASH' } });
  expect(paid.status).toBe(200);
  return paid.body as { id: string; code: string; payment: { receipts: { kind: string; number: number; series: string; amount: number }[] } };
}

async function pdfText(id: string, number: number, token = who.reception) {
  const answer = await fetch(`${runtime.url}${base}/${id}/payment/receipts/${number}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' },
  });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/pdf');
  const file = join(folder, `${id}-${number}.pdf`);
  writeFileSync(file, Buffer.from(await answer.arrayBuffer()));
  return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, ' ');
}

describe('the receipts of a dossier paid in cash at the desk', () => {
  it('are one per kind, each read as data with its amount in Vietnamese words and the collector’s name', async () => {
    const d = await paidInCash();
    const [phi, lePhi] = d.payment.receipts;
    const read = async (number: number) => (await api.call('GET', `${base}/${d.id}/payment/receipts/${number}`, { token: who.reception })).body;
    const collector = DEMO_OFFICIALS.find((o) => o.sub === 'reception@H30.01')!.name;
    expect(await read(phi!.number)).toMatchObject({
      kind: 'PHI',
      number: phi!.number,
      amount: 50_000,
      amountInWords: 'Năm mươi nghìn đồng',
      method: 'CASH',
      payer: { name: applicant.name },
      dossierCode: d.code,
      collectorName: collector,
      lines: [{ code: 'PHI_THAM_DINH', amount: 50_000 }],
    });
    expect(await read(lePhi!.number)).toMatchObject({ kind: 'LE_PHI', amount: 75_000, amountInWords: 'Bảy mươi lăm nghìn đồng' });
  });

  it('print as PDFs that pdftotext reads back: unit, payer, line, figures and words, method, collector, date', async () => {
    const d = await paidInCash();
    const [phi, lePhi] = d.payment.receipts;
    const collector = DEMO_OFFICIALS.find((o) => o.sub === 'reception@H30.01')!.name;
    const phiText = await pdfText(d.id, phi!.number);
    for (const expected of [
      'BIÊN LAI THU PHÍ',
      'UBND XÃ',
      'Mã đơn vị: H30.01',
      applicant.name,
      'Phí thẩm định hồ sơ cấp giấy phép xây dựng',
      '50.000 đồng',
      'Năm mươi nghìn đồng',
      'Tiền mặt',
      collector,
      `Số: ${String(phi!.number).padStart(7, '0')}`,
      d.code,
    ])
      expect(phiText).toContain(expected);
    expect(phiText).toMatch(/ngày \d{2} tháng \d{2} năm \d{4}/);
    const lePhiText = await pdfText(d.id, lePhi!.number);
    expect(lePhiText).toContain('BIÊN LAI THU LỆ PHÍ');
    expect(lePhiText).toContain('Bảy mươi lăm nghìn đồng');
    expect(lePhiText).not.toContain('Phí thẩm định');
  });

  it('answer 404 for a number the dossier has no receipt of, 400 for no number, and nothing to another commune', async () => {
    const d = await paidInCash();
    const other = d.payment.receipts[1]!.number + 1000;
    expect((await api.call('GET', `${base}/${d.id}/payment/receipts/${other}`, { token: who.reception })).status).toBe(404);
    for (const bad of ['0', 'abc', '12345678', '-1']) {
      expect((await api.call('GET', `${base}/${d.id}/payment/receipts/${bad}`, { token: who.reception })).status, bad).toBe(400);
    }
    const elsewhere = await officials(api, 'H30.02');
    expect((await api.call('GET', `${base}/${d.id}/payment/receipts/${d.payment.receipts[0]!.number}`, { token: elsewhere.reception })).status).toBe(403);
  });
});
