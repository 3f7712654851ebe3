/**
 * The living demo in the console: on a runtime seeded with it, every official's first worklist and
 * the desk's other tabs list dossiers, the leader's report counts overdue ones, and
 * the province's statistics have numbers — a newcomer's first screens are not empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_OFFICIALS } from '../../infra/local/seed.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { startTestRuntime } from '../support/local.js';

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;

/** Seeding the demo takes a minute or more when the other suites share the cores. */
const SEED_MS = 600_000;
const TEST_MS = 300_000;

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime({ seed: 'demo' }), launchChromium()]);
  page = await officePage(browser, runtime.url);
}, SEED_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** Waits for the worklist opened afresh on a tab (by its key) to list a dossier: no row of another tab is left on screen. */
async function listsUnder(tab: string): Promise<void> {
  await page.goto(`/?tab=${tab}`);
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
}

describe('the living demo', () => {
  it(
    'opens every official of a commune on a first worklist that lists dossiers',
    async () => {
      for (const official of DEMO_OFFICIALS.filter((o) => o.commune === 'H30.01')) {
        await signIn(page, official.label);
        // The role's first list is the one the worklist opens on.
        await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      }
      await checkScreen(page, 'demo-clerk');
    },
    TEST_MS,
  );

  it(
    "shows dossiers in the desk's and the department's other lists",
    async () => {
      await signIn(page, 'Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên');
      for (const tab of ['new', 'payment', 'supplement', 'ready']) await listsUnder(tab);
      await checkScreen(page, 'demo-desk');

      await signIn(page, 'Trưởng phòng Văn phòng — Tân Uyên');
      for (const tab of ['review', 'all']) await listsUnder(tab);
    },
    TEST_MS,
  );

  it(
    "shows the leader a report with overdue dossiers and the province's statistics",
    async () => {
      await signIn(page, 'Lãnh đạo UBND xã — Tân Uyên');
      await page.getByRole('link', { name: 'Báo cáo' }).click();
      const report = page.getByTestId('sla-report');
      await report.getByText('Hồ sơ đang giải quyết').waitFor();
      const overdue = report.locator('.ant-statistic').filter({ hasText: 'Quá hạn' }).locator('.ant-statistic-content');
      await expect.poll(async () => Number((await overdue.textContent())?.replace(/\D/g, '') ?? 0)).toBeGreaterThan(0);

      await signIn(page, 'Quản trị tỉnh — Lai Châu');
      const statistics = page.getByTestId('statistics');
      await statistics.getByText('Tổng cộng').waitFor();
      await expect(statistics.getByRole('row').filter({ hasText: 'Mường Khoa' }).count()).resolves.toBe(1);
      await checkScreen(page, 'demo-province');
    },
    TEST_MS,
  );

  it(
    "prints the desk's receipt naming the official and the commune, with the QR of the citizen's page",
    async () => {
      await signIn(page, 'Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên');
      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
      const procedure = page.getByRole('combobox', { name: 'Thủ tục hành chính' });
      await procedure.click();
      await procedure.fill('1.004873');
      await page.keyboard.press('Enter');
      for (const box of await page.getByTestId('checklist').getByRole('checkbox').all()) await box.check();
      await page.getByLabel('Họ và tên').fill('Lò Văn Minh');
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('012345678901');
      await page.getByLabel('Số điện thoại').fill('0912345678');
      await page.getByLabel('Địa chỉ').fill('Bản Nà Pa, xã Tân Uyên');
      await page.getByRole('button', { name: 'Tạo hồ sơ và tiếp nhận' }).click();

      const code = (await page.getByTestId('receipt-code').textContent())!;
      const secret = (await page.getByTestId('lookup-secret').textContent())!;
      await expect(page.getByTestId('received-by').textContent()).resolves.toBe('Lò Thị Hoa');
      await expect(page.getByTestId('receipt').textContent()).resolves.toContain('UBND XÃ TÂN UYÊN');
      // The QR opens the citizen's page on the console's origin, the secret in the fragment only.
      await expect(page.getByTestId('lookup-qr').getAttribute('data-url')).resolves.toBe(`${runtime.url}/tra-cuu/${code}#${encodeURIComponent(secret)}`);
      await page.getByTestId('receipt').screenshot({ path: 'test-results/console/demo-receipt.png' });
      await checkScreen(page, 'demo-receipt-page');
    },
    TEST_MS,
  );
});
