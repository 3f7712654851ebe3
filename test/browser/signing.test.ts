import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';
import { draftPdf } from '../support/signing.js';

/**
 * Signed electronic results in the console: the leader approves with their digital signature and
 * the console waits for the emulated phone; the clerk registers and seals the result; the file
 * shows its signatures; a signature refused or never confirmed leaves the dossier at approval,
 * and the console says why.
 */

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

/** Sized for a machine whose cores the other suites share. */
const JOURNEY_MS = 300_000;
const SHOWS_MS = 60_000;
const BASE = '/v1/communes/H30.01/dossiers';
const LEADER = 'Trần Văn Bình — Lãnh đạo UBND xã — Tân Uyên';
const CLERK = 'Phạm Thị Hằng — Văn thư — Tân Uyên';

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  page = await officePage(browser, runtime.url);
  api = apiClient(runtime);
  who = await officials(api);
}, JOURNEY_MS);

afterAll(async () => {
  await api?.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'auto' } });
  await browser?.close();
  await runtime?.stop();
});

const read = async (id: string) => (await api.call('GET', `${BASE}/${id}`, { token: who.reception })).body;

/** What the emulated phone does with the next signings. */
async function phone(confirm: 'auto' | 'manual' | 'reject' | 'expire') {
  expect((await api.call('PUT', '/_local/signing/behaviour', { body: { confirm } })).status).toBe(200);
}

/** A dossier taken over the API to APPROVAL, its assigned specialist having attached the result's draft (PDF). */
async function atApproval(): Promise<{ id: string; code: string; aid: string }> {
  const created = await api.call('POST', BASE, { token: who.reception, body: newDossier('1.001612') });
  const id = created.body.id as string;
  const code = (await api.call('POST', `${BASE}/${id}/accept`, { token: who.reception, body: {} })).body.code as string;
  await eventually(async () => (await read(id)).step === 'ASSIGNMENT', SHOWS_MS);
  await api.call('POST', `${BASE}/${id}/assign`, { token: who.head.ECONOMICS, body: { assignee: who.specialistSub('ECONOMICS') } });
  const bytes = await draftPdf();
  const declared = await api.call('POST', `${BASE}/${id}/attachments`, {
    token: who.specialist.ECONOMICS,
    body: { name: 'Du-thao-quyet-dinh.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: bytes.length },
  });
  expect(declared.status, JSON.stringify(declared.body)).toBe(201);
  await fetch(declared.body.uploadUrl, { method: 'PUT', headers: declared.body.uploadHeaders, body: bytes });
  const checked = await api.call('POST', `${BASE}/${id}/attachments/${declared.body.id}/complete`, { token: who.specialist.ECONOMICS, body: {} });
  expect(checked.body.status).toBe('AVAILABLE');
  await api.call('POST', `${BASE}/${id}/propose`, { token: who.specialist.ECONOMICS, body: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
  await api.call('POST', `${BASE}/${id}/review`, { token: who.head.ECONOMICS, body: { agree: true, note: 'Trình lãnh đạo ký' } });
  expect((await read(id)).step).toBe('APPROVAL');
  return { id, code, aid: declared.body.id };
}

async function openDossier(id: string, code: string) {
  await page.goto(`/dossiers/H30.01/${id}`);
  await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
}

/** The leader opens the approval, chooses to approve with their signature and confirms: the dialog closes. */
async function approveWithSignature() {
  await page.getByTestId('actions').getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Phê duyệt' });
  await dialog.getByRole('radio', { name: 'Phê duyệt và ký số' }).check();
  await dialog.getByLabel('Ý kiến').fill('Đồng ý cấp');
  return dialog;
}

async function confirm(dialog: Locator, button: string) {
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const statusShows = (text: string) => page.getByTestId('status').filter({ hasText: text }).waitFor({ timeout: SHOWS_MS });
const signingState = () => page.getByTestId('signing-state');

/** Today in Vietnam as the issue dialog's date is typed (DD/MM/YYYY), and as the API answers it. */
function today(): { typed: string; iso: string } {
  const iso = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  return { typed: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, iso };
}

describe('signed electronic results in the console', () => {
  it(
    'the leader approves and signs, the console waits for the phone; the clerk registers and seals; the file shows who signed, when, with which certificate',
    async () => {
      await phone('manual');
      const { id, code, aid } = await atApproval();

      await signIn(page, LEADER);
      await openDossier(id, code);
      const dialog = await approveWithSignature();
      await expect(dialog.getByTestId('signs').textContent()).resolves.toContain('xác nhận trên thiết bị ký');
      await checkScreen(page, 'approve-with-signature');
      await confirm(dialog, 'Phê duyệt và ký số');

      await signingState().filter({ hasText: 'Đang chờ xác nhận trên thiết bị ký' }).waitFor({ timeout: SHOWS_MS });
      await checkScreen(page, 'signing-waiting');
      const waiting = await read(id);
      expect(waiting.step).toBe('APPROVAL');
      expect(waiting.signings).toMatchObject([{ status: 'PENDING', role: 'LEADER', byName: 'Trần Văn Bình' }]);
      // Nothing more to do for the leader while the phone has not answered.
      await expect(page.getByTestId('actions').getByRole('button', { name: 'Phê duyệt', exact: true }).count()).resolves.toBe(0);

      // The emulated phone accepts; the page follows the dossier on by itself.
      const confirmed = await api.call('POST', `/_local/signing/${waiting.signings[0].id}/confirm`, { body: {} });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      await statusShows('Vào sổ, đóng dấu');
      await signingState().waitFor({ state: 'detached', timeout: SHOWS_MS });
      await page.getByTestId('signings').filter({ hasText: 'Đã ký' }).filter({ hasText: 'Trần Văn Bình' }).waitFor();
      const leaderOnly = page.getByTestId('file-signatures');
      await leaderOnly.getByTestId('file-signature').first().waitFor({ timeout: SHOWS_MS });
      await expect(leaderOnly.getByTestId('file-signature').count()).resolves.toBe(1);
      await expect(leaderOnly.textContent()).resolves.toContain('Trần Văn Bình');
      // The history says the decision in words, not its code.
      const history = (await page.locator('.ant-card').filter({ hasText: 'Lịch sử xử lý' }).textContent()) ?? '';
      expect(history).toContain('Phê duyệt: ');
      expect(history).not.toMatch(/\b(APPROVED|APPROVE|REJECTED|REJECT): /);

      await signIn(page, CLERK);
      await openDossier(id, code);
      await page.getByTestId('actions').getByRole('button', { name: 'Vào sổ, đóng dấu', exact: true }).click();
      const issue = page.getByRole('dialog', { name: 'Vào sổ, đóng dấu' });
      const date = today();
      await issue.getByLabel('Số văn bản đi').fill('1');
      await issue.getByLabel('Ký hiệu').fill('1/QĐ-UBND');
      await issue.getByLabel('Ngày ban hành').fill(date.typed);
      await issue.getByLabel('Ngày ban hành').press('Enter');
      await checkScreen(page, 'issue-with-register');
      await confirm(issue, 'Vào sổ, đóng dấu');

      const issued = await read(id);
      expect(issued.registration).toEqual({ number: 1, symbol: '1/QĐ-UBND', issuedOn: date.iso });
      expect(issued.signings.map((s: { role: string; status: string }) => [s.role, s.status])).toEqual([
        ['LEADER', 'SIGNED'],
        ['SEAL', 'SIGNED'],
      ]);
      await page
        .getByTestId('registration')
        .filter({ hasText: `Số, ký hiệu: 1/QĐ-UBND — ban hành ngày ${date.typed} (số 1 của sổ văn bản đi)` })
        .waitFor({ timeout: SHOWS_MS });

      // The file's signatures as the API checks them, shown in Vietnamese.
      const checked = (await api.call('GET', `${BASE}/${id}/attachments/${aid}/signatures`, { token: who.clerk })).body as {
        certificate: { fingerprint: string; subject: string; issuer: string };
      }[];
      const shown = page.getByTestId('file-signatures').getByTestId('file-signature');
      await expect.poll(() => shown.count(), { timeout: SHOWS_MS }).toBe(2);
      const [leaderSignature, seal] = [await shown.nth(0).textContent(), await shown.nth(1).textContent()];
      expect(leaderSignature).toContain('Chữ ký 1: Chữ ký của người có thẩm quyền');
      expect(leaderSignature).toContain('Người kýTrần Văn Bình');
      expect(leaderSignature).toContain('Không có dấu thời gian');
      expect(leaderSignature).toContain('Chữ ký hợp lệ, chứng thư số được tin cậy');
      expect(leaderSignature).toContain(checked[0]!.certificate.fingerprint);
      expect(leaderSignature).toContain(checked[0]!.certificate.issuer);
      expect(seal).toContain('Chữ ký 2: Chữ ký số của cơ quan (đóng dấu)');
      expect(seal).toContain('Cơ quan kýỦy ban nhân dân xã Tân UyênVăn thư thực hiện');
      expect(seal).toContain('Văn thư thực hiệnPhạm Thị Hằng');
      expect(seal).toContain('Có dấu thời gian');
      expect(seal).toContain('Chữ ký hợp lệ, chứng thư số được tin cậy');
      expect(seal).toContain('Toàn bộ tệp');
      expect(seal).toContain(checked[1]!.certificate.fingerprint);
      expect(seal).toContain(checked[1]!.certificate.subject);
      expect(seal).toMatch(/Hiệu lực chứng thưTừ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4}/);
      await checkScreen(page, 'file-signatures');
    },
    JOURNEY_MS,
  );

  it(
    'the phone refuses, or lets the signature expire: the dossier stays at approval and the console says why',
    async () => {
      await signIn(page, LEADER);
      for (const [behaviour, why] of [
        ['reject', 'Chưa phê duyệt: người ký đã từ chối ký số trên thiết bị ký'],
        ['expire', 'Chưa phê duyệt: hết thời gian chờ xác nhận trên thiết bị ký'],
      ] as const) {
        await phone(behaviour);
        const { id, code } = await atApproval();
        await openDossier(id, code);
        await confirm(await approveWithSignature(), 'Phê duyệt và ký số');

        await signingState().filter({ hasText: why }).waitFor({ timeout: SHOWS_MS });
        await expect(signingState().textContent()).resolves.toContain('Hồ sơ vẫn ở bước Phê duyệt');
        await statusShows('Phê duyệt');
        await checkScreen(page, `signing-${behaviour}`);
        const after = await read(id);
        expect(after.step).toBe('APPROVAL');
        expect(after.signings.map((s: { status: string }) => s.status)).toEqual([behaviour === 'reject' ? 'REJECTED' : 'EXPIRED']);
        await page
          .getByTestId('signings')
          .filter({ hasText: behaviour === 'reject' ? 'Người ký từ chối' : 'Hết thời gian chờ xác nhận' })
          .waitFor();
        // The leader may sign again.
        await page.getByTestId('actions').getByRole('button', { name: 'Phê duyệt', exact: true }).waitFor();
      }
    },
    JOURNEY_MS,
  );
});
