/**
 * The living demo in the console: on a runtime seeded with it, the desk's tabs, a department's,
 * the leader's and the clerk's each list dossiers, the leader's report counts overdue ones, and
 * the province's statistics have numbers — a newcomer's first screens are not empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
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

/** The number of dossier rows the worklist shows under a tab. */
async function rowsUnder(tab: string): Promise<number> {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor();
  return rows.count();
}

describe('the living demo', () => {
  it(
    "shows dossiers in every role's worklist",
    async () => {
      await signIn(page, 'Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên');
      for (const tab of ['Hồ sơ mới', 'Chờ thu phí', 'Chờ bổ sung', 'Chờ trả kết quả']) expect(await rowsUnder(tab), tab).toBeGreaterThan(0);
      await checkScreen(page, 'demo-desk');

      await signIn(page, 'Trưởng phòng Kinh tế — Tân Uyên');
      expect(await rowsUnder('Chờ phân công')).toBeGreaterThan(0);
      expect(await rowsUnder('Tất cả hồ sơ')).toBeGreaterThan(3);

      await signIn(page, 'Lãnh đạo UBND xã — Tân Uyên');
      expect(await rowsUnder('Chờ phê duyệt')).toBeGreaterThan(0);
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
});
