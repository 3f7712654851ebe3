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
import { parseCsv } from '../../shared/domain/csv.js';
import { localDate } from '../../shared/domain/time.js';
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

/** Every receipt this suite's runtime issued: its table has no other. */
const issued: { kind: string; number: number; amount: number }[] = [];

async function paidInCash(body: Record<string, unknown> = { method: 'CASH' }) {
  const created = await api.call('POST', base, { token: who.reception, body: newDossier(AT_RECEPTION) });
  expect((await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).status).toBe(200);
  const paid = await api.call('POST', `${base}/${created.body.id}/payment/collect`, { token: who.reception, body });
  expect(paid.status).toBe(200);
  issued.push(...paid.body.payment.receipts);
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

describe('the collections report', () => {
  const today = localDate(Date.now());
  const period = `from=${today}&to=${today}`;

  it('sums the receipts per day, kind and method, with their first and last numbers; its totals equal the receipts', async () => {
    await paidInCash({ method: 'BANK_TRANSFER', reference: 'FT26120600001' });
    const refunded = await paidInCash();
    await api.call('POST', `${base}/${refunded.id}/withdraw`, { token: who.reception, body: { reason: 'Rút hồ sơ' } });
    expect((await api.call('POST', `${base}/${refunded.id}/payment/refund`, { token: who.leader, body: { reason: 'Hồ sơ đã rút' } })).status).toBe(200);

    const report = await api.call('GET', `/v1/communes/H30.01/reports/collections?${period}`, { token: who.leader });
    expect(report.status).toBe(200);
    const { lines, totals } = report.body as {
      lines: { date: string; kind: string; method: string; count: number; total: number; firstNumber: number; lastNumber: number }[];
      totals: { count: number; total: number; refunded: { count: number; total: number } };
    };
    expect(totals).toEqual({
      count: issued.length,
      total: issued.reduce((s, r) => s + r.amount, 0),
      refunded: { count: 2, total: 125_000 },
    });
    expect(lines.map((l) => `${l.date} ${l.kind} ${l.method}`)).toEqual([
      `${today} PHI CASH`,
      `${today} PHI BANK_TRANSFER`,
      `${today} LE_PHI CASH`,
      `${today} LE_PHI BANK_TRANSFER`,
    ]);
    for (const kind of ['PHI', 'LE_PHI']) {
      const mine = issued.filter((r) => r.kind === kind).map((r) => r.number);
      const of = lines.filter((l) => l.kind === kind);
      expect(Math.min(...of.map((l) => l.firstNumber))).toBe(Math.min(...mine));
      expect(Math.max(...of.map((l) => l.lastNumber))).toBe(Math.max(...mine));
      expect(of.reduce((s, l) => s + l.count, 0)).toBe(mine.length);
    }
    expect((await api.call('GET', `/v1/communes/H30.01/reports/collections?${period}`, { token: who.reception })).body).toEqual(report.body);

    const csv = await fetch(`${runtime.url}/v1/communes/H30.01/reports/collections?${period}&format=csv`, {
      headers: { authorization: `Bearer ${who.leader}` },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(await csv.text());
    expect(rows).toHaveLength(1 + lines.length + 1);
    expect(rows.at(-1)!.slice(2, 8)).toEqual(['Tổng cộng', '', '', '', String(totals.count), String(totals.total)]);

    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const province = await api.call('GET', `/v1/provinces/LCI/reports/collections?${period}`, { token: admin });
    expect(province.status).toBe(200);
    expect(province.body.communes.find((c: { commune: string }) => c.commune === 'H30.01')).toEqual(report.body);
    expect(province.body.totals).toEqual(totals);
  });

  it('is read by the leader and the desk of the commune, the province by its roles; a bad period is a 400', async () => {
    expect((await api.call('GET', `/v1/communes/H30.01/reports/collections?${period}`, { token: who.specialist.OFFICE })).status).toBe(403);
    expect((await api.call('GET', `/v1/communes/H30.01/reports/collections?${period}`, { token: (await officials(api, 'H30.02')).leader })).status).toBe(403);
    expect((await api.call('GET', `/v1/provinces/LCI/reports/collections?${period}`, { token: who.leader })).status).toBe(403);
    for (const bad of ['from=2026-02-01&to=2026-01-01', 'from=2025-01-01&to=2026-06-01', 'from=2026-13-01&to=2026-12-31', 'to=2026-01-01']) {
      expect((await api.call('GET', `/v1/communes/H30.01/reports/collections?${bad}`, { token: who.leader })).status, bad).toBe(400);
    }
  });
});
