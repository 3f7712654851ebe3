/**
 * Fees in the console, in Chromium on the local runtime: the desk receives an in-person dossier
 * whose fees are due at reception, collects them in cash in the same flow and prints the fee
 * receipt (the amount in figures and in Vietnamese words); the applicant withdraws, and the
 * leader refunds the fees with a reason; the dossier page shows the payment refunded. An online
 * payment taken after a withdrawal is listed among the sums owed back, and the leader gives it back.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const run = promisify(execFile);

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-fees-'));

/** Sized for a machine whose cores the other suites share. */
const JOURNEY_MS = 300_000;

const DESK = 'Tiếp nhận (công chức một cửa) — Tân Uyên';
const LEADER = 'Lãnh đạo UBND xã — Tân Uyên';
/** Cấp giấy phép xây dựng: phí thẩm định 50,000 and lệ phí 75,000, both at reception (the demo catalogue). */
const AT_RECEPTION = '1.009994';

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  page = await officePage(browser, runtime.url);
}, JOURNEY_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** What a test reads of the page's own globals (the tests compile without the DOM's types). */
type InPage = { getComputedStyle(element: unknown): { opacity: string } };

/** Clicks the action's button on the dossier page, fills the dialog and confirms it; waits for the dialog to close. */
async function act(action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByTestId('actions').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The text pdftotext reads from a PDF, its spaces folded. */
async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(folder, `receipt-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, ' ');
}

describe('fees in the console', () => {
  it(
    'the desk collects the fees in cash as it receives the dossier and prints the receipt; the leader refunds them after a withdrawal',
    async () => {
      await signIn(page, DESK);
      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
      const procedure = page.getByRole('combobox', { name: 'Thủ tục hành chính' });
      await procedure.click();
      await procedure.fill(AT_RECEPTION);
      await page.keyboard.press('Enter');
      await page.getByText('Phí thẩm định hồ sơ cấp giấy phép xây dựng: 50.000 đồng').waitFor();
      for (const box of await page.getByTestId('checklist').getByRole('checkbox').all()) await box.check();
      await page.getByLabel('Họ và tên').fill('Tẩn Văn Chiến');
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('012345678911');
      await page.getByLabel('Địa chỉ').fill('Bản Nà Pa, Tân Uyên');
      await page.getByRole('button', { name: 'Tạo hồ sơ và tiếp nhận' }).click();

      // Accepted, the dossier waits for its fees: the desk collects them before printing the appointment, which counts from the payment.
      const due = page.getByTestId('payment-due');
      await due.waitFor();
      await expect(due.textContent()).resolves.toContain('125.000 đồng');
      await checkScreen(page, 'fees-awaiting');
      await page.getByRole('button', { name: 'Thu phí, lệ phí', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Thu phí, lệ phí' });
      await expect(dialog.getByTestId('amount-due').textContent()).resolves.toContain('125.000 đồng');
      await expect(dialog.getByRole('radio', { name: 'Tiền mặt' }).isChecked()).resolves.toBe(true);
      // Checked once it has faded in: half-transparent text is not what the official reads.
      await expect.poll(() => dialog.evaluate((el) => (globalThis as unknown as InPage).getComputedStyle(el).opacity)).toBe('1');
      await checkScreen(page, 'fees-collect');
      await dialog.getByRole('button', { name: 'Thu phí, lệ phí', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await due.waitFor({ state: 'detached' });

      // The appointment now counts from the payment; the receipts print beside the form.
      await expect.poll(() => page.getByTestId('receipt').textContent()).toMatch(/Ngày hẹn trả: \d{2}\/\d{2}\/\d{4}/);
      // The lookup secret, answered once on creation, is still there to print.
      await expect(page.getByTestId('lookup-secret').textContent()).resolves.toMatch(/\S{8,}/);
      const receipts = page.getByTestId('fee-receipts');
      const lePhi = receipts.getByRole('button', { name: /^Biên lai thu lệ phí số \d{7} — 75\.000 đồng$/ });
      await receipts.getByRole('button', { name: /^Biên lai thu phí số \d{7} — 50\.000 đồng$/ }).waitFor();
      await checkScreen(page, 'fees-receipts');
      const [response, popup] = await Promise.all([
        page.waitForResponse((r) => /\/payment\/receipts\/\d+$/.test(new URL(r.url()).pathname)),
        page.waitForEvent('popup'),
        lePhi.click(),
      ]);
      expect(response.headers()['content-type']).toContain('application/pdf');
      expect(popup.url()).toMatch(/^blob:/);
      await popup.close();
      // The same request again, as the console made it (its token, Accept: application/pdf): what the tab showed.
      const again = await fetch(response.url(), { headers: await response.request().allHeaders() });
      const text = await pdfText(Buffer.from(await again.arrayBuffer()));
      for (const expected of ['BIÊN LAI THU LỆ PHÍ', 'Tẩn Văn Chiến', '75.000 đồng', 'Bảy mươi lăm nghìn đồng', 'Tiền mặt']) expect(text).toContain(expected);

      // The applicant withdraws at the desk.
      await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
      await page.getByTestId('payment-status').filter({ hasText: 'Đã nộp' }).waitFor();
      const dossierUrl = page.url();
      // Paid, it went on to its department: the page follows the hand-over until it lands.
      await page.getByTestId('status').filter({ hasText: 'Phân công' }).waitFor();
      await act('Rút hồ sơ', (d) => d.getByLabel('Lý do rút hồ sơ').fill('Người nộp không xây nhà nữa'));
      await page.getByTestId('status').filter({ hasText: 'Đã rút hồ sơ' }).waitFor();

      // The leader gives the fees back, with the reason.
      await signIn(page, LEADER);
      await page.goto(dossierUrl);
      await act('Hoàn trả phí, lệ phí', (d) => d.getByLabel('Lý do hoàn trả').fill('Hồ sơ đã rút trước khi giải quyết'));
      await page.getByTestId('payment-status').filter({ hasText: 'Đã hoàn trả' }).waitFor();
      await expect(page.getByTestId('payment-refund').textContent()).resolves.toContain('125.000 đồng — Hồ sơ đã rút trước khi giải quyết');
      await expect(
        page
          .getByTestId('fee-receipts')
          .getByRole('button', { name: /đã hoàn trả/ })
          .count(),
      ).resolves.toBe(2);
      await expect(page.getByTestId('actions').getByRole('button', { name: 'Hoàn trả phí, lệ phí' }).count()).resolves.toBe(0);
      await checkScreen(page, 'fees-refunded');

      const api = apiClient(runtime);
      const who = await officials(api);
      const [, , commune, id] = new URL(dossierUrl).pathname.split('/');
      const stored = (await api.call('GET', `/v1/communes/${commune}/dossiers/${id}`, { token: who.leader })).body;
      expect(stored.payment).toMatchObject({ status: 'REFUNDED', refund: { reason: 'Hồ sơ đã rút trước khi giải quyết', amount: 125_000 } });
    },
    JOURNEY_MS,
  );

  it(
    'the leader finds an online payment taken after a withdrawal among the sums owed back, and gives it back with a reason',
    async () => {
      const api = apiClient(runtime);
      const who = await officials(api);
      const base = '/v1/communes/H30.01/dossiers';
      const created = await api.call('POST', base, {
        token: who.portal,
        body: newDossier(AT_RECEPTION, 'ONLINE'),
        headers: { 'idempotency-key': randomUUID() },
      });
      const { code } = (await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).body;
      const { reference } = (await api.call('POST', `${base}/${created.body.id}/payment/online`, { token: who.portal, body: {} })).body;
      expect((await api.call('POST', `${base}/${created.body.id}/withdraw`, { token: who.portal, body: { reason: 'Không còn nhu cầu' } })).status).toBe(200);
      expect((await api.call('POST', '/_local/payment-platform/pay', { body: { reference, outcome: 'success' } })).body.callback.body.MaLoi).toBe('00');

      await signIn(page, LEADER);
      await page.getByRole('link', { name: 'Thu phí, lệ phí' }).click();
      const owed = page.getByTestId('refunds-due');
      const row = owed.getByRole('row').filter({ hasText: code });
      await row.getByText('Chờ hoàn trả').waitFor();
      await expect(row.textContent()).resolves.toContain('100.000 đồng');
      await checkScreen(page, 'fees-refunds-due');
      await row.getByRole('button', { name: `Hoàn trả ${code}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Hoàn trả khoản thu trực tuyến' });
      await dialog.getByLabel('Lý do hoàn trả').fill('Hồ sơ đã rút trước khi thanh toán');
      await dialog.getByRole('button', { name: 'Hoàn trả', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('Đã hoàn trả').waitFor();
      await expect(row.textContent()).resolves.toContain('Hồ sơ đã rút trước khi thanh toán');

      // The dossier page shows the refund beside its payment, which stays as it was.
      await row.getByRole('link', { name: code }).click();
      await page.getByTestId('payment-status').filter({ hasText: 'Không thu' }).waitFor();
      await expect(page.getByTestId('payment').textContent()).resolves.toContain('Hồ sơ đã rút trước khi thanh toán');
    },
    JOURNEY_MS,
  );
});
