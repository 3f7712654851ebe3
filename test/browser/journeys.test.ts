import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { officials } from '../support/officials.js';

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;

/*
 * Timeouts are sized for a machine whose cores the other suites share (a load of 10 on 2 cores
 * makes each step several times slower): a test fails on what the console does, not on a busy machine.
 */
/** Per journey, and per shorter test. */
const JOURNEY_MS = 300_000;
const TEST_MS = 150_000;
/** How long a hand-over over the queues, or a refreshed list, may take to show. */
const SHOWS_MS = 60_000;

const DESK = 'Tiếp nhận (công chức một cửa) — Tân Uyên';
const HEAD = 'Trưởng phòng Kinh tế — Tân Uyên';
const SPECIALIST = 'Chuyên viên Kinh tế — Tân Uyên';
const LEADER = 'Lãnh đạo UBND xã — Tân Uyên';
const CLERK = 'Văn thư — Tân Uyên';

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  page = await officePage(browser, runtime.url);
}, JOURNEY_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** What a test reads of the page's own globals (the tests compile without the DOM's types). */
type InPage = { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } };

type InPageFocus = { document: { activeElement: { textContent: string | null } | null } };

/** An online dossier from the portal, as the desk finds it among its new dossiers. */
async function submitOnline(name: string): Promise<string> {
  const api = apiClient(runtime);
  const portal = await api.token({ sub: 'portal-dvc', roles: ['PORTAL'], province: 'LCI' });
  const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
    token: portal,
    headers: { 'idempotency-key': `browser-${randomUUID()}` },
    body: {
      procedureCode: '1.004873',
      channel: 'ONLINE',
      applicant: { name, idNumber: '001199012346', address: 'Bản Phiêng Phát' },
      documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** Opens the dossier of that code from the official's worklist tab. */
async function openFromWorklist(tab: string, code: string) {
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
}

/** Clicks the action's button, fills the dialog and confirms it; waits for the dialog to close. */
async function act(action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void> = async () => undefined) {
  await page.getByTestId('actions').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Whether the worklist on screen shows the dossier, once it has loaded. */
const listed = (code: string) =>
  page
    .getByRole('link', { name: code })
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);

const statusShows = (text: string) => page.getByTestId('status').filter({ hasText: text }).waitFor({ timeout: SHOWS_MS });

describe('the console on the local runtime', () => {
  it('is served at / with its security headers, any app path falls back to it, and the API keeps its 404s', async () => {
    for (const path of ['/', '/dossiers/H30.01/00000000-0000-4000-8000-000000000000', '/reception']) {
      const answer = await fetch(`${runtime.url}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(await answer.text()).toContain('<div id="root"></div>');
    }
    const page = await (await fetch(`${runtime.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)![1]!;
    const asset = await fetch(`${runtime.url}${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const api = await fetch(`${runtime.url}/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${runtime.url}/assets/..%2f..%2fpackage.json`)).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('the staff console in Chromium', () => {
  it('the sign-in page lists one official per role and department of each commune, and the province roles', async () => {
    const loaded = new Set<string>();
    const record = (request: { url(): string }) => {
      const path = new URL(request.url()).pathname;
      if (/\.(js|css)$/.test(path)) loaded.add(path);
    };
    page.on('request', record);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Một Cửa — Đăng nhập' }).waitFor();
    await page.getByRole('button', { name: `Lò Thị Hoa — ${DESK}`, exact: true }).waitFor();
    for (const name of [
      `Lò Thị Hoa — ${DESK}`,
      `Hoàng Văn Dũng — ${HEAD}`,
      'Giàng Thị Dua — Chuyên viên Văn hóa – Xã hội — Nậm Sỏ',
      'Lê Thị Oanh — Trưởng phòng Văn hóa – Xã hội — Pắc Ta',
      'Nguyễn Thị Yến — Văn thư — Mường Khoa',
      'Nguyễn Thị Minh Phương — Quản trị tỉnh — Lai Châu',
      'Trần Quốc Việt — Thanh tra tỉnh — Lai Châu',
    ]) {
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('button').filter({ hasText: ' — ' }).count()).resolves.toBe(4 * 9 + 2);
    page.off('request', record);
    // Slow mountain links: the first load is at most 350 KB of compressed JS and CSS.
    const gzipped = [...loaded].reduce((sum, path) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, path))).length, 0);
    expect(gzipped).toBeLessThan(350 * 1024);
    await checkScreen(page, 'sign-in');
  });

  it(
    'takes an in-person dossier from reception to return through the seven roles',
    async () => {
      await signIn(page, DESK);
      await page.getByRole('heading', { name: 'Danh sách hồ sơ' }).waitFor();
      await checkScreen(page, 'worklist-desk');

      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
      const procedure = page.getByRole('combobox', { name: 'Thủ tục hành chính' });
      await procedure.click();
      await procedure.fill('1.001612');
      await page.keyboard.press('Enter');
      for (const box of await page.getByTestId('checklist').getByRole('checkbox').all()) await box.check();
      await page.getByLabel('Họ và tên').fill('Lò Văn Minh');
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('012345678901');
      await page.getByLabel('Số điện thoại').fill('0912345678');
      await page.getByLabel('Địa chỉ').fill('Bản Nà Pa, Tân Uyên');
      await checkScreen(page, 'reception');
      await page.getByRole('button', { name: 'Tạo hồ sơ và tiếp nhận' }).click();
      const code = (await page.getByTestId('receipt-code').textContent())!;
      expect(code).toMatch(/^H30\.01-\d{6}-\d{4}$/);
      await expect(page.getByTestId('receipt').textContent()).resolves.toContain('Lò Văn Minh');
      await expect(page.getByTestId('lookup-secret').textContent()).resolves.toMatch(/\S{8,}/);
      await checkScreen(page, 'receipt');

      await signIn(page, HEAD);
      // The department's intake consumer records the hand-over; the worklist refreshes itself.
      await eventually(async () => {
        await page.reload();
        return listed(code);
      }, SHOWS_MS);
      await checkScreen(page, 'worklist-head');
      await openFromWorklist('Chờ phân công', code);
      await checkScreen(page, 'dossier-head');
      await expect(page.getByTestId('actions').getByRole('button').allTextContents()).resolves.toEqual(['Yêu cầu bổ sung', 'Phân công', 'Gia hạn']);
      await act('Phân công', async (dialog) => {
        // The desk's specialists of the department are offered by name.
        await dialog.getByLabel('Chuyên viên thụ lý').click();
        await page.getByText('Vàng A Sình (specialist-economics@H30.01)').click();
      });
      await statusShows('Thẩm định');

      await signIn(page, SPECIALIST);
      await openFromWorklist('Được phân công cho tôi', code);
      await act('Đề xuất kết quả', async (dialog) => {
        await dialog.getByLabel('Tóm tắt kết quả thẩm định').fill('Đủ điều kiện đăng ký hộ kinh doanh');
      });
      await statusShows('Xem xét');

      await signIn(page, HEAD);
      await openFromWorklist('Chờ xem xét', code);
      await act('Xem xét', async (dialog) => {
        await dialog.getByLabel('Nội dung').fill('Trình lãnh đạo ký');
      });
      await statusShows('Phê duyệt');

      await signIn(page, LEADER);
      await openFromWorklist('Chờ phê duyệt', code);
      await act('Phê duyệt', async (dialog) => {
        await dialog.getByLabel('Ý kiến').fill('Đồng ý');
      });
      await statusShows('Vào sổ, đóng dấu');

      await signIn(page, CLERK);
      await openFromWorklist('Chờ vào sổ, đóng dấu', code);
      await act('Vào sổ, đóng dấu');

      await signIn(page, DESK);
      await eventually(async () => {
        await page.goto('/?tab=ready');
        return listed(code);
      }, SHOWS_MS);
      await openFromWorklist('Chờ trả kết quả', code);
      await checkScreen(page, 'dossier-desk');
      await act('Trả kết quả');
      await statusShows('Đã trả kết quả');
      const steps = await page.getByTestId('form06').textContent();
      for (const step of ['Tiếp nhận', 'Phân công', 'Thẩm định', 'Xem xét', 'Phê duyệt', 'Vào sổ, đóng dấu']) expect(steps).toContain(step);
    },
    JOURNEY_MS,
  );

  it(
    'shows a refused action as its problem and a stale version as a reload that keeps the typed reason',
    async () => {
      const api = apiClient(runtime);
      const desk = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
      const portal = await api.token({ sub: 'portal-dvc', roles: ['PORTAL'], province: 'LCI' });
      const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
        token: portal,
        headers: { 'idempotency-key': `browser-${Date.now()}` },
        body: {
          procedureCode: '1.004873',
          channel: 'ONLINE',
          applicant: { name: 'Vàng Thị Mai', idNumber: '001199012346', address: 'Bản Phiêng Phát' },
          documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
        },
      });
      expect(created.status).toBe(201);
      await signIn(page, DESK);
      await page.goto(`/dossiers/H30.01/${created.body.id}`);
      await page.getByTestId('actions').getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
      const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận' });
      await dialog.getByLabel('Lý do từ chối tiếp nhận').fill('Không thuộc thẩm quyền của xã');
      // Someone else changes the dossier while the dialog is open.
      const other = await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/request-supplement`, {
        token: desk,
        body: { reason: 'Thiếu tờ khai', documents: ['Tờ khai'] },
      });
      expect(other.status).toBe(200);
      await dialog.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
      await dialog.getByTestId('conflict').waitFor();
      await expect(dialog.getByTestId('problem').textContent()).resolves.toMatch(/\S/);
      await expect(dialog.getByLabel('Lý do từ chối tiếp nhận').inputValue()).resolves.toBe('Không thuộc thẩm quyền của xã');
      await checkScreen(page, 'dossier-conflict');
      await dialog.getByRole('button', { name: 'Hủy' }).click();
      await statusShows('Chờ bổ sung');
      await expect(page.getByTestId('actions').getByRole('button').allTextContents()).resolves.toEqual(['Bổ sung hồ sơ', 'Rút hồ sơ']);
    },
    TEST_MS,
  );

  it(
    'refuses an online dossier at the desk with its reason',
    async () => {
      const id = await submitOnline('Hoàng Văn Sinh');
      await signIn(page, DESK);
      await page.goto(`/dossiers/H30.01/${id}`);
      await act('Từ chối tiếp nhận', async (dialog) => {
        await dialog.getByLabel('Lý do từ chối tiếp nhận').fill('Hồ sơ không thuộc thẩm quyền giải quyết của xã');
      });
      await statusShows('Từ chối tiếp nhận');
      await expect(page.getByTestId('actions').getByRole('button').count()).resolves.toBe(0);
      await expect(page.getByText('Hồ sơ không thuộc thẩm quyền giải quyết của xã').first().isVisible()).resolves.toBe(true);
    },
    TEST_MS,
  );

  it(
    'shows the desk the messages the applicant was sent, with their text, and a specialist only that they went out',
    async () => {
      const api = apiClient(runtime);
      const { id, code } = await fullLifecycle(api, await officials(api), { until: 'RESULT_READY' });

      await signIn(page, DESK);
      await page.goto(`/dossiers/H30.01/${id}`);
      const panel = page.getByTestId('messages');
      // The notifications consumer records the result-ready message a moment after the dossier shows it.
      await eventually(async () => {
        await page.reload();
        await panel.getByRole('cell', { name: 'Thông báo tiếp nhận hồ sơ' }).waitFor();
        return (await panel.getByRole('cell', { name: 'Thông báo có kết quả' }).count()) > 0;
      }, SHOWS_MS);
      const accepted = panel.getByRole('row').filter({ hasText: 'Thông báo tiếp nhận hồ sơ' });
      await expect(accepted.textContent()).resolves.toContain('Tin nhắn SMS');
      await expect(accepted.textContent()).resolves.toContain(`Hồ sơ ${code}`);
      await expect(panel.getByRole('columnheader', { name: 'Nội dung' }).count()).resolves.toBe(1);
      await checkScreen(page, 'dossier-messages');

      await signIn(page, 'Chuyên viên Văn phòng — Tân Uyên');
      await page.goto(`/dossiers/H30.01/${id}`);
      await panel.getByRole('cell', { name: 'Thông báo tiếp nhận hồ sơ' }).waitFor();
      await expect(panel.getByRole('columnheader', { name: 'Nội dung' }).count()).resolves.toBe(0);
      await expect(panel.textContent()).resolves.not.toContain(`Hồ sơ ${code}`);
    },
    TEST_MS,
  );

  it(
    'runs a supplement round: the head asks for a document, the desk receives it, processing resumes',
    async () => {
      const api = apiClient(runtime);
      const desk = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
      const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
        token: desk,
        body: {
          procedureCode: '1.001612',
          channel: 'IN_PERSON',
          applicant: { name: 'Lù Thị Xuân', idNumber: '001199012347', address: 'Bản Hô Be' },
          documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
        },
      });
      expect((await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/accept`, { token: desk, body: {} })).status).toBe(200);
      await eventually(
        async () => (await api.call('GET', `/v1/communes/H30.01/dossiers/${created.body.id}`, { token: desk })).body.step === 'ASSIGNMENT',
        SHOWS_MS,
      );

      await signIn(page, HEAD);
      await page.goto(`/dossiers/H30.01/${created.body.id}`);
      await act('Yêu cầu bổ sung', async (dialog) => {
        await dialog.getByLabel('Lý do yêu cầu bổ sung').fill('Thiếu bản sao giấy tờ pháp lý của chủ hộ');
        const documents = dialog.getByLabel('Giấy tờ cần bổ sung');
        await documents.fill('Bản sao giấy tờ pháp lý của chủ hộ');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
      });
      await statusShows('Chờ bổ sung');

      await signIn(page, DESK);
      await page.goto('/?tab=supplement');
      await page.getByRole('link', { name: (await api.call('GET', `/v1/communes/H30.01/dossiers/${created.body.id}`, { token: desk })).body.code }).click();
      await act('Bổ sung hồ sơ', async (dialog) => {
        await expect(dialog.getByLabel('Tên giấy tờ').inputValue()).resolves.toBe('Bản sao giấy tờ pháp lý của chủ hộ');
      });
      await statusShows('Đang giải quyết — Phân công');
      await expect(page.getByTestId('form06').textContent()).resolves.toContain('Phân công');
    },
    TEST_MS,
  );

  it(
    'shows the leader the commune report and the province its report, statistics with charts and the CSV',
    async () => {
      const ran = await apiClient(runtime).call('POST', '/_local/schedules/sla-report/run');
      expect(ran.status).toBe(200);
      await signIn(page, LEADER);
      await page.getByRole('link', { name: 'Báo cáo' }).click();
      await page.getByTestId('sla-report').getByText('Hồ sơ đang giải quyết').waitFor();
      await page.locator('[data-testid="sla-report"] canvas').waitFor();
      await checkScreen(page, 'dashboard-leader');

      await signIn(page, 'Quản trị tỉnh — Lai Châu');
      await page.getByRole('heading', { name: 'Báo cáo toàn tỉnh' }).waitFor();
      await page.getByTestId('statistics').getByText('Tổng cộng').waitFor();
      await page.locator('[data-testid="statistics"] canvas').waitFor();
      await expect(page.getByTestId('statistics').getByRole('row').filter({ hasText: 'Tân Uyên' }).count()).resolves.toBe(1);
      await checkScreen(page, 'dashboard-province');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toMatch(/,/);
      expect(csv).toContain('Tân Uyên');
    },
    TEST_MS,
  );

  it(
    'sends an official whose token the API refuses, or whose token runs out, back to sign in with a message',
    async () => {
      const api = apiClient(runtime);
      await signIn(page, DESK);
      // The API refuses the token (expired on its side): the next call ends the session.
      const expired = await api.token({
        sub: 'reception@H30.01',
        roles: ['RECEPTION'],
        province: 'LCI',
        commune: 'H30.01',
        exp: Math.floor(Date.now() / 1000) - 60,
      });
      await page.evaluate((token) => {
        const session = JSON.parse((globalThis as unknown as InPage).sessionStorage.getItem('mot-cua.session')!);
        (globalThis as unknown as InPage).sessionStorage.setItem('mot-cua.session', JSON.stringify({ ...session, token }));
      }, expired);
      await page.goto('/?tab=all');
      await page.getByRole('alert').filter({ hasText: 'Phiên đăng nhập đã hết hạn' }).waitFor();
      await expect(page.url()).toMatch(/\/sign-in$/);

      // The token's own expiry: the console does not wait for a refusal.
      await signIn(page, DESK);
      await page.evaluate(() => {
        const session = JSON.parse((globalThis as unknown as InPage).sessionStorage.getItem('mot-cua.session')!);
        (globalThis as unknown as InPage).sessionStorage.setItem(
          'mot-cua.session',
          JSON.stringify({ ...session, claims: { ...session.claims, exp: Math.floor(Date.now() / 1000) + 8 } }),
        );
      });
      await page.reload();
      await page.getByRole('heading', { name: 'Danh sách hồ sơ' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Phiên đăng nhập đã hết hạn' }).waitFor({ timeout: SHOWS_MS });
    },
    TEST_MS,
  );

  it(
    'finds a dossier by the applicant’s ID number, and lists what the desk received for another commune',
    async () => {
      const api = apiClient(runtime);
      const desk = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
      const receive = async (idNumber: string, competentCommune?: string) => {
        const c = competentCommune ?? 'H30.01';
        const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
          token: desk,
          body: {
            procedureCode: '1.001612',
            channel: 'IN_PERSON',
            applicant: { name: 'Sìn Văn Páo', idNumber, address: 'Bản Phiêng Phát' },
            documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
            ...(competentCommune ? { competentCommune } : {}),
          },
        });
        const accepted = await api.call('POST', `/v1/communes/${c}/dossiers/${created.body.id}/accept`, { token: desk, body: {} });
        expect(accepted.status).toBe(200);
        return accepted.body.receipt.code as string;
      };
      const own = await receive('038200009876');

      // Received at Tân Uyên's desk for Mường Khoa, which decides it (province-wide reception).
      await signIn(page, DESK);
      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
      const procedure = page.getByRole('combobox', { name: 'Thủ tục hành chính' });
      await procedure.click();
      await procedure.fill('1.001612');
      await page.keyboard.press('Enter');
      await page.getByRole('combobox', { name: 'Xã có thẩm quyền giải quyết' }).click();
      await page.getByText('Mường Khoa — tiếp nhận thay').click();
      for (const box of await page.getByTestId('checklist').getByRole('checkbox').all()) await box.check();
      await page.getByLabel('Họ và tên').fill('Sìn Văn Páo');
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('038200009877');
      await page.getByLabel('Địa chỉ').fill('Bản Phiêng Phát');
      await page.getByRole('button', { name: 'Tạo hồ sơ và tiếp nhận' }).click();
      const forOther = (await page.getByTestId('receipt-code').textContent())!;
      expect(forOther).toMatch(/^H30\.01-\d{6}-\d{4}$/);
      expect(page.url()).toContain('/dossiers/H30.02/');

      await page.goto('/');
      await page.getByRole('combobox', { name: 'Tìm theo' }).waitFor();
      await page.getByRole('searchbox', { name: 'Tìm hồ sơ' }).fill('0382 0000 9876');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '038200009876' }).waitFor();
      // The status may show before the table has its rows: wait for exactly the one found.
      await expect.poll(() => page.getByTestId('worklist').getByRole('link').allTextContents(), { timeout: SHOWS_MS }).toEqual([own]);
      // The number stays out of the page's address.
      expect(page.url()).not.toContain('038200009876');
      await checkScreen(page, 'worklist-search');

      await page.getByRole('button', { name: 'Quay lại danh sách' }).click();
      await page.getByRole('tab', { name: 'Tiếp nhận cho xã khác' }).click();
      await page.getByRole('link', { name: forOther }).waitFor();
      await expect(page.getByTestId('worklist').getByRole('link', { name: own }).count()).resolves.toBe(0);
      await checkScreen(page, 'worklist-received');
      await page.getByRole('link', { name: forOther }).click();
      await page.getByRole('heading', { name: `Hồ sơ ${forOther}` }).waitFor();
      expect(page.url()).toContain('/dossiers/H30.02/');
    },
    TEST_MS,
  );

  it(
    'attaches a scan at the desk, lists and downloads it, refuses a file that is not what it claims, and prints the forms',
    async () => {
      const api = apiClient(runtime);
      const desk = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
      const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
        token: desk,
        body: {
          procedureCode: '1.001612',
          channel: 'IN_PERSON',
          applicant: { name: 'Giàng Thị Dở', idNumber: '038200009878', address: 'Bản Nà Cà' },
          documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
        },
      });
      const id = created.body.id as string;
      expect((await api.call('POST', `/v1/communes/H30.01/dossiers/${id}/accept`, { token: desk, body: {} })).status).toBe(200);

      await signIn(page, DESK);
      await page.goto(`/dossiers/H30.01/${id}`);
      const files = page.getByTestId('attachments');
      await files.getByRole('combobox', { name: 'Loại tệp' }).waitFor();
      const pdf = Buffer.from('%PDF-1.4\n% bản quét giấy đề nghị\n%%EOF\n');
      await files.locator('input[type=file]').setInputFiles({ name: 'Bản quét.pdf', mimeType: 'application/pdf', buffer: pdf });
      await files.getByRole('row').filter({ hasText: 'Bản quét.pdf' }).getByText('Đã kiểm tra').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('button', { name: 'Tải về Bản quét.pdf' }).click()]);
      expect(download.suggestedFilename()).toBe('Bản quét.pdf');
      expect(await readFile((await download.path())!)).toEqual(pdf);

      // PNG bytes declared as a PDF: the server's check rejects it and says why.
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
      await files.locator('input[type=file]').setInputFiles({ name: 'Ảnh.pdf', mimeType: 'application/pdf', buffer: png });
      await files.getByRole('alert').filter({ hasText: 'Tệp bị từ chối' }).waitFor();
      await expect(files.getByRole('row').filter({ hasText: 'Ảnh.pdf' }).count()).resolves.toBe(0);
      await checkScreen(page, 'dossier-attachments');

      const forms = page.getByTestId('forms');
      await expect(forms.getByRole('button').allTextContents()).resolves.toEqual([
        'Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
        'Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ',
        'Mẫu 07 — Sổ theo dõi hồ sơ',
      ]);
      const [printable] = await Promise.all([page.waitForEvent('popup'), forms.getByRole('button', { name: /^Mẫu 06/ }).click()]);
      expect(printable.url()).toMatch(/^blob:/);
      await printable.close();
    },
    TEST_MS,
  );

  it(
    'signs in through Cognito’s managed login when config.json says so: authorization code with PKCE, and out again',
    async () => {
      const api = apiClient(runtime);
      const login = 'https://motcua-test.auth.ap-southeast-1.amazoncognito.com';
      const authority = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Test';
      const config = {
        signIn: 'cognito',
        authority,
        loginDomain: login,
        clientId: 'console-client',
        redirectPath: '/auth/callback',
        signedOutPath: '/sign-in',
      };
      // The deployed CSP allows the pool's domain (test/infra/console.test.ts); the local one does not know it.
      const context = await browser.newContext({ baseURL: runtime.url, viewport: { width: 1366, height: 768 }, locale: 'vi-VN', bypassCSP: true });
      const cognito = await context.newPage();
      const accessToken = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const idToken = `${b64({ alg: 'RS256' })}.${b64({ iss: authority, aud: 'console-client', sub: 'reception@H30.01', name: 'Lò Thị Hiền', iat: now, exp: now + 3600 })}.c2ln`;
      let challenge: string | null = null;
      let verified = false;
      await cognito.route('**/config.json', (route) => route.fulfill({ json: config }));
      await cognito.route(`${login}/oauth2/authorize**`, (route) => {
        const asked = new URL(route.request().url()).searchParams;
        expect(Object.fromEntries(asked)).toMatchObject({
          response_type: 'code',
          client_id: 'console-client',
          code_challenge_method: 'S256',
          redirect_uri: `${runtime.url}/auth/callback`,
        });
        expect(asked.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'aws.cognito.signin.user.admin']));
        challenge = asked.get('code_challenge');
        return route.fulfill({ status: 302, headers: { location: `${runtime.url}/auth/callback?code=the-code&state=${asked.get('state')}` } });
      });
      await cognito.route(`${login}/oauth2/token`, (route) => {
        const form = new URLSearchParams(route.request().postData() ?? '');
        // PKCE: the verifier sent with the code is the one whose SHA-256 was the challenge.
        verified =
          form.get('code') === 'the-code' &&
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url') === challenge;
        return route.fulfill({
          status: verified ? 200 : 400,
          headers: { 'access-control-allow-origin': runtime.url },
          json: verified ? { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' },
        });
      });
      await cognito.route(`${login}/logout**`, (route) => {
        const asked = new URL(route.request().url()).searchParams;
        return route.fulfill({ status: 302, headers: { location: asked.get('logout_uri') ?? '/' } });
      });

      await cognito.goto('/sign-in');
      await cognito.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await cognito.getByRole('heading', { name: 'Danh sách hồ sơ' }).waitFor();
      expect(verified).toBe(true);
      await cognito.getByTestId('signed-in-as').filter({ hasText: 'Lò Thị Hiền' }).waitFor();
      expect(cognito.url()).toBe(`${runtime.url}/`);

      await cognito.getByRole('button', { name: 'Đăng xuất' }).click();
      await cognito.waitForURL(`${runtime.url}/sign-in`);
      await cognito.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
      await expect(cognito.getByRole('button').filter({ hasText: ' — ' }).count()).resolves.toBe(0);
      await context.close();
    },
    TEST_MS,
  );

  it(
    'works by keyboard alone: sign in, skip the navigation, open a dossier from the worklist',
    async () => {
      const id = await submitOnline('Tòng Văn Phúc');
      await page.goto('/sign-in');
      await page.getByRole('button', { name: `Lò Thị Hoa — ${DESK}`, exact: true }).waitFor();
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => (globalThis as unknown as InPageFocus).document.activeElement?.textContent)).resolves.toBe(`Lò Thị Hoa — ${DESK}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Danh sách hồ sơ' }).waitFor();
      await page.getByTestId('worklist').getByRole('link').first().waitFor();
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => (globalThis as unknown as InPageFocus).document.activeElement?.textContent)).resolves.toBe('Bỏ qua thanh điều hướng');
      await page.keyboard.press('Enter');
      // From the page's main part, Tab reaches the dossier's link without passing the navigation again.
      let focused: string | undefined;
      for (let i = 0; i < 30 && focused !== 'Chưa có mã'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => (globalThis as unknown as InPageFocus).document.activeElement?.textContent ?? undefined);
        expect(focused).not.toBe('Tiếp nhận hồ sơ');
      }
      expect(focused).toBe('Chưa có mã');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Hồ sơ (chưa có mã)' }).waitFor();
      // The only dossier still without a code at this point of the file is this one.
      expect(page.url()).toContain(`/dossiers/H30.01/${id}`);
    },
    TEST_MS,
  );
});
