import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_COMMUNES } from '../../infra/local/seed.js';
import { initPayment, PaymentPlatformFailed, queryPayment } from '../../shared/adapters/payment-platform.js';
import { paymentReference } from '../../shared/domain/payment-platform.js';
import { apiClient } from '../support/client.js';
import { crcHolds, emvFields } from '../support/emvco.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';
const account = DEMO_COMMUNES.find((c) => c.code === 'H30.01')!.collectionAccount!;

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-payment-'));

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('the VietQR of the commune collection account on Form 01', () => {
  let code: string;
  let form: { transfer: { amount: number; vietQr: string } | null };

  beforeAll(async () => {
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('2.000635') });
    expect(created.status).toBe(201);
    const accepted = await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} });
    expect(accepted.status).toBe(200);
    code = accepted.body.code;
    form = (await api.call('GET', `${base}/${created.body.id}/forms/01`, { token: who.reception })).body;
    const pdf = await fetch(`${runtime.url}${base}/${created.body.id}/forms/01`, {
      headers: { authorization: `Bearer ${who.reception}`, accept: 'application/pdf' },
    });
    writeFileSync(join(folder, 'receipt.pdf'), Buffer.from(await pdf.arrayBuffer()));
  });

  it('is printed on the PDF, and zbarimg reads back a NAPAS payload of the account, the fee and the dossier code with its CRC', async () => {
    await run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', join(folder, 'receipt.pdf'), join(folder, 'receipt')]);
    const { stdout } = await run('zbarimg', ['-q', '--raw', join(folder, 'receipt-1.png')]);
    const payload = stdout.split('\n').find((line) => line.startsWith('000201'));
    expect(payload, stdout).toBeDefined();
    expect(crcHolds(payload!)).toBe(true);
    const fields = emvFields(payload!);
    const beneficiary = emvFields(emvFields(fields.get('38')!).get('01')!);
    expect(emvFields(fields.get('38')!).get('00')).toBe('A000000727');
    expect([beneficiary.get('00'), beneficiary.get('01')]).toEqual([account.bankBin, account.accountNumber]);
    expect(fields.get('53')).toBe('704');
    expect(Number(fields.get('54'))).toBe(form.transfer?.amount);
    expect(fields.get('58')).toBe('VN');
    expect(emvFields(fields.get('62')!).get('08')).toBe(code);
    expect(payload).toBe(form.transfer?.vietQr);
  });

  it('names the account beside the code', async () => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', join(folder, 'receipt.pdf'), '-']);
    expect(stdout).toContain(account.accountNumber);
    expect(stdout).toContain(account.accountName);
    expect(stdout).toContain('VietQR');
  });
});

describe('the emulated Payment Platform', () => {
  const receipt = (code: string) => ({
    MaHoSo: code,
    MaTTHC: '1.001612',
    TenTTHC: 'Đăng ký thành lập hộ kinh doanh',
    MaDonVi: 'H30.01',
    HoTenNguoiNop: 'Nguyễn Thị Hoa',
    PhiLePhi: [{ LoaiPhiLePhi: 2 as const, MaPhiLePhi: 'LE_PHI', TenPhiLePhi: 'Lệ phí', SoTien: 100_000 }],
  });
  const init = (reference: string) => initPayment({ MaThamChieu: reference, SoTien: 100_000, MaTienTe: 'VND', ThongTinBienLai: receipt('H30.01-261205-0009') });
  const requests = async () =>
    (await api.call('GET', '/_local/payment-platform/requests')).body.items as { type: string; reference: string; answered: string }[];

  it('opens a pay page for a signed INIT and tells the truth to QUERY, before and after a payment whose callback was lost', async () => {
    const reference = paymentReference(Date.now(), 'EMU000000001');
    const url = await init(reference);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('100.000 đồng');
    expect((await queryPayment(reference)).MaLoi).toBe('09');
    const paid = await api.call('POST', '/_local/payment-platform/pay', { body: { reference, outcome: 'lost' } });
    expect(paid.body).toMatchObject({ state: 'PAID', callback: null });
    const known = await queryPayment(reference);
    expect(known).toMatchObject({ LoaiBanTin: 'QUERY', MaLoi: '00', MaThamChieu: reference, SoTien: 100_000 });
    expect(known.MaGiaoDich).not.toBe('');
    expect((await requests()).filter((r) => r.reference === reference).map((r) => `${r.type} ${r.answered}`)).toEqual(['INIT 00', 'QUERY 09', 'QUERY 00']);
  });

  it('answers MaLoi 99 to the next calls it is told to fail, then works again', async () => {
    expect((await api.call('PUT', '/_local/payment-platform/faults', { body: { failNext: 1 } })).status).toBe(200);
    const reference = paymentReference(Date.now(), 'EMU000000002');
    await expect(init(reference)).rejects.toThrow(PaymentPlatformFailed);
    await expect(init(reference)).resolves.toContain(reference);
  });

  it('refuses an INIT signed with another secret', async () => {
    const secret = process.env.PAYMENT_PLATFORM_SECRET;
    process.env.PAYMENT_PLATFORM_SECRET = 'not the shared secret';
    try {
      await expect(init(paymentReference(Date.now(), 'EMU000000003'))).rejects.toThrow(/MaLoi 01/);
    } finally {
      process.env.PAYMENT_PLATFORM_SECRET = secret;
    }
  });
});
