/**
 * The citizen's page on a phone: the receipt's QR code and the SMS open it, the secret never
 * travels in a URL, a wrong secret is a plain refusal, the page is small and accessible.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_COMMUNES } from '../../infra/local/seed.js';
import { citizenPageUrl } from '../../shared/domain/forms.js';
import { money } from '../../web/src/format.js';
import { apiClient, eventually } from '../support/client.js';
import { checkScreen, launchChromium } from '../support/browser.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const TEST_MS = 150_000;
/** The page's budget: what a phone on a slow mountain link loads, compressed. */
const BUDGET = 60 * 1024;

let runtime: LocalRuntime;
let browser: Browser;
let who: Awaited<ReturnType<typeof officials>>;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  api = apiClient(runtime);
  who = await officials(api);
}, TEST_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** A phone (390×844, touch) with no cookie jar of its own, failing the test on any script error; every request it sends is kept. */
async function phone(): Promise<{ context: BrowserContext; page: Page; requests: Request[] }> {
  const context = await browser.newContext({
    baseURL: runtime.url,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => {
    throw error;
  });
  const requests: Request[] = [];
  page.on('request', (r) => void requests.push(r));
  return { context, page, requests };
}

/** An in-person dossier accepted at the desk: its code and the secret its receipt prints. */
async function accepted(): Promise<{ id: string; code: string; secret: string }> {
  const created = await api.call('POST', '/v1/communes/H30.01/dossiers', { token: who.reception, body: newDossier('1.001612') });
  expect(created.status).toBe(201);
  const accept = await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/accept`, { token: who.reception, body: {} });
  expect(accept.status).toBe(200);
  return { id: created.body.id, code: accept.body.code, secret: created.body.lookupSecret };
}

describe("the citizen's page on a phone", () => {
  it(
    "opens from the receipt's QR code and the SMS: the status in Vietnamese, the secret in no URL, no cookie, nothing from elsewhere, small, axe clean",
    async () => {
      const { id, code, secret } = await accepted();
      // Form 01's QR code, as the receipt prints it (test/e2e/form-pdf.test.ts reads it back from the PDF).
      const url = citizenPageUrl(runtime.url, code, secret);
      // The acceptance SMS links to the same page.
      const sms = await eventually(async () => {
        const { items } = (await api.call('GET', '/_local/messages')).body as { items: { dossierId?: string; type: string; text: string }[] };
        return items.find((m) => m.dossierId === id && m.type === 'dossier.accepted');
      }, 30_000);
      expect(sms.text).toContain(url);

      const { context, page, requests } = await phone();
      await page.goto(url);
      await expect(page.getByTestId('status').textContent()).resolves.toBe('Đang giải quyết');
      const shown = await page.locator('main').innerText();
      expect(shown).toContain(code);
      expect(shown).toContain('Ngày hẹn trả kết quả');
      expect(shown).toContain('Quá trình giải quyết');
      expect(shown).toContain('Phòng Kinh tế');

      // The secret went in the body of one POST, never in an address; only the page's own origin was asked.
      expect(requests.filter((r) => r.url().includes(secret)).map((r) => r.url())).toEqual([]);
      const lookups = requests.filter((r) => r.url() === `${runtime.url}/v1/lookup/${code}`);
      expect(lookups.map((r) => [r.method(), JSON.parse(r.postData() ?? '{}').secret])).toEqual([['POST', secret]]);
      expect(new Set(requests.map((r) => new URL(r.url()).origin))).toEqual(new Set([runtime.url]));
      expect(await context.cookies()).toEqual([]);

      // Its own small bundle: none of the console's React or antd.
      const files = requests.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/assets/'));
      expect(files.length).toBeGreaterThan(0);
      const bodies = files.map((p) => readFileSync(join(CONSOLE_DIST, p)));
      const html = readFileSync(join(CONSOLE_DIST, 'tra-cuu/index.html'));
      const compressed = [...bodies, html].reduce((sum, b) => sum + gzipSync(b).length, 0);
      expect(compressed).toBeLessThan(BUDGET);
      for (const body of bodies) expect(body.toString()).not.toMatch(/react\.(transitional\.)?element|ant-btn/);

      await checkScreen(page, 'citizen-page');
      await context.close();
    },
    TEST_MS,
  );

  it(
    'refuses a wrong secret in plain words, and takes a code and secret typed by hand',
    async () => {
      const { code, secret } = await accepted();
      const { context, page } = await phone();
      await page.goto(citizenPageUrl(runtime.url, code, 'not-the-secret'));
      await expect(page.getByTestId('refusal').textContent()).resolves.toContain('Không tìm thấy hồ sơ');
      expect(await page.locator('main').innerText()).not.toMatch(/Not found|no dossier/i);
      await checkScreen(page, 'citizen-page-refused');

      await page.goto('/tra-cuu/');
      await page.getByLabel('Mã hồ sơ', { exact: true }).fill(code);
      await page.getByLabel('Mật khẩu tra cứu').fill(secret);
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await expect(page.getByTestId('status').textContent()).resolves.toBe('Đang giải quyết');
      // The address is now the one the receipt's QR code opens.
      expect(page.url()).toBe(citizenPageUrl(runtime.url, code, secret));
      await context.close();
    },
    TEST_MS,
  );

  it(
    "shows what a dossier awaiting its fees is to pay, the VietQR of the commune's account, and pays online on the platform's page",
    async () => {
      const created = await api.call('POST', '/v1/communes/H30.01/dossiers', { token: who.reception, body: newDossier('1.009994') });
      expect(created.status).toBe(201);
      const accepted = await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/accept`, { token: who.reception, body: {} });
      expect(accepted.body.status).toBe('AWAITING_PAYMENT');
      const { code } = accepted.body as { code: string };
      const secret = created.body.lookupSecret as string;
      const account = DEMO_COMMUNES.find((c) => c.code === 'H30.01')!.collectionAccount!;

      const { context, page, requests } = await phone();
      await page.goto(citizenPageUrl(runtime.url, code, secret));
      await expect(page.getByTestId('status').textContent()).resolves.toBe('Chờ nộp phí, lệ phí');
      const due = page.getByRole('region', { name: 'Phí, lệ phí cần nộp' });
      await expect(page.getByTestId('amount-due').textContent()).resolves.toBe(money(125_000));
      expect(await due.innerText()).toContain(account.accountNumber);
      // The QR code is drawn on the phone from the payload Form 01 prints: an image, loaded from nowhere.
      const qr = due.getByRole('img', { name: /Mã VietQR/ });
      await expect.poll(() => qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      await checkScreen(page, 'citizen-page-payment');

      await due.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
      await page.waitForURL(/\/_local\/payment-platform\/pay\//);
      const opened = requests.filter((r) => r.url() === `${runtime.url}/v1/lookup/${code}/payment/online`);
      expect(opened.map((r) => [r.method(), JSON.parse(r.postData() ?? '{}').secret])).toEqual([['POST', secret]]);
      expect(requests.filter((r) => r.url().includes(secret))).toEqual([]);
      await expect(page.locator('body').innerText()).resolves.toContain(code);
      await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
      await eventually(
        async () => (await api.call('GET', `/v1/communes/H30.01/dossiers/${created.body.id}`, { token: who.reception })).body.payment?.status === 'PAID',
        30_000,
      );

      await page.goto(citizenPageUrl(runtime.url, code, secret));
      await expect(page.getByTestId('status').textContent()).resolves.not.toBe('Chờ nộp phí, lệ phí');
      expect(await page.getByRole('region', { name: 'Phí, lệ phí cần nộp' }).count()).toBe(0);
      await context.close();
    },
    TEST_MS,
  );

  it(
    'shows what is missing and by when, then the rating form once the result was returned',
    async () => {
      const { id, code, secret } = await accepted();
      await eventually(async () => (await api.call('GET', `/v1/communes/H30.01/dossiers/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT', 30_000);
      const asked = await api.call('POST', `/v1/communes/H30.01/dossiers/${id}/request-supplement`, {
        token: who.head.ECONOMICS,
        body: { reason: 'Thiếu bản sao giấy tờ', documents: ['Bản sao CCCD của chủ hộ'] },
      });
      expect(asked.status).toBe(200);
      const { context, page } = await phone();
      await page.goto(citizenPageUrl(runtime.url, code, secret));
      await expect(page.getByTestId('status').textContent()).resolves.toBe('Chờ bổ sung');
      const missing = await page.getByRole('region', { name: 'Giấy tờ cần bổ sung' }).innerText();
      expect(missing).toContain('Bản sao CCCD của chủ hộ');
      expect(missing).toMatch(/Hạn bổ sung: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await checkScreen(page, 'citizen-page-supplement');

      const returned = await fullLifecycle(api, who);
      await page.goto(citizenPageUrl(runtime.url, returned.code, returned.secret!));
      await expect(page.getByTestId('status').textContent()).resolves.toBe('Đã trả kết quả');
      await page.getByLabel(/4 — Hài lòng/).check();
      await page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình');
      await checkScreen(page, 'citizen-page-rating');
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await expect(page.getByTestId('rated').textContent()).resolves.toContain('4/5');
      await page.reload();
      await expect(page.getByTestId('rated').textContent()).resolves.toContain('4/5');
      await context.close();
    },
    TEST_MS * 2,
  );
});
