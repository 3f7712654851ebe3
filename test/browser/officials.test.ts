/**
 * "Cán bộ" in the console: the province's administrator lists the officials, narrows them by
 * commune and role, appoints one, moves them to another post and disables them — and what the
 * screen set is what the pool then gives that official's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { startTestRuntime } from '../support/local.js';

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;

/** Sized for a machine whose cores the other suites share. */
const JOURNEY_MS = 300_000;

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  page = await officePage(browser, runtime.url);
  api = apiClient(runtime);
}, JOURNEY_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const table = () => page.getByTestId('officials');
const row = (name: string) => table().getByRole('row').filter({ hasText: name });

/** Picks an option of the antd select labelled so (in the dialog when given). */
async function choose(label: string, option: string, within: Page | ReturnType<Page['getByRole']> = page) {
  // A list still open (or closing) over the field would take the click.
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  await within.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

/**
 * Leaves exactly `wanted` ticked in the roles' list: opens it, flips what differs, closes it, and
 * reads the selection back (a click the list's animation swallowed is flipped again).
 */
async function setRoles(dialog: ReturnType<Page['getByRole']>, wanted: string[]) {
  const ticked = () => dialog.locator('.ant-select-multiple .ant-select-selection-item-content').allTextContents();
  for (let tries = 0; tries < 3; tries++) {
    const now = await ticked();
    const flip = [...now.filter((r) => !wanted.includes(r)), ...wanted.filter((r) => !now.includes(r))];
    if (flip.length === 0) break;
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await dialog.getByLabel('Vai trò', { exact: true }).click();
    for (const role of flip) await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${role}"]`).click();
    // A multiple select stays open over the fields below it: going to another field closes it.
    await dialog.getByLabel('Họ và tên').click();
  }
  await expect.poll(async () => (await ticked()).sort()).toEqual([...wanted].sort());
}

/** The claims of a token the pool gives the official now, or why it gives none. */
async function tokenOf(username: string) {
  const answer = await api.call('POST', '/_local/token', { body: { username } });
  if (answer.status !== 200) return { refused: answer.status };
  return JSON.parse(Buffer.from(String(answer.body.token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('the officials screen', () => {
  it(
    'lists the officials by commune and role, in Vietnamese',
    async () => {
      await signIn(page, 'Quản trị tỉnh — Lai Châu');
      await page.getByRole('link', { name: 'Cán bộ' }).click();
      await page.getByRole('heading', { name: 'Cán bộ, công chức' }).waitFor();
      await row('Lò Thị Hoa').waitFor();
      await expect(row('Lò Thị Hoa').textContent()).resolves.toContain('Tiếp nhận (công chức một cửa)');

      await choose('Lọc theo xã', 'H30.02');
      await row('Lò Văn Hùng').waitFor();
      await row('Lò Thị Hoa').waitFor({ state: 'detached' });
      await choose('Lọc theo vai trò', 'Lãnh đạo UBND xã');
      await expect.poll(() => table().locator('tbody tr.ant-table-row').count()).toBe(1);
      await expect(table().locator('tbody tr.ant-table-row').textContent()).resolves.toContain('Hà Văn Quang');
      // The filter's list closes as it animates out: axe reads the screen once it is gone.
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      await checkScreen(page, 'officials-filtered');
    },
    JOURNEY_MS,
  );

  it(
    'appoints an official, moves them to a department, then disables them: their token follows each time',
    async () => {
      await signIn(page, 'Quản trị tỉnh — Lai Châu');
      await page.goto('/officials');
      await row('Lò Thị Hoa').waitFor();

      await page.getByRole('button', { name: 'Thêm cán bộ' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm cán bộ' });
      await dialog.getByLabel('Tên đăng nhập').fill('quang.thi.mai');
      await dialog.getByLabel('Họ và tên').fill('Quàng Thị Mai');
      await dialog.getByLabel('Thư điện tử').fill('quang.thi.mai@tanuyen.laichau.gov.vn');
      await setRoles(dialog, ['Tiếp nhận (công chức một cửa)']);
      await choose('Xã', 'H30.01', dialog);
      await checkScreen(page, 'officials-add');
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row('Quàng Thị Mai').waitFor();
      await expect(tokenOf('quang.thi.mai')).resolves.toMatchObject({ name: 'Quàng Thị Mai', roles: ['RECEPTION'], commune: 'H30.01' });

      await page.getByRole('button', { name: 'Sửa cán bộ Quàng Thị Mai' }).click();
      const edit = page.getByRole('dialog', { name: 'Sửa thông tin cán bộ — Quàng Thị Mai' });
      await setRoles(edit, ['Chuyên viên']);
      await choose('Phòng', 'Kinh tế', edit);
      await edit.getByLabel('Chức vụ').fill('Công chức Kinh tế');
      await edit.getByRole('button', { name: 'Lưu' }).click();
      await edit.waitFor({ state: 'hidden' });
      await row('Quàng Thị Mai').filter({ hasText: 'Công chức Kinh tế' }).waitFor();
      await expect(tokenOf('quang.thi.mai')).resolves.toMatchObject({ roles: ['SPECIALIST'], commune: 'H30.01', department: 'ECONOMICS' });

      await page.getByRole('button', { name: 'Khóa tài khoản của Quàng Thị Mai' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Khóa', exact: true }).click();
      await row('Quàng Thị Mai').filter({ hasText: 'Đã khóa' }).waitFor();
      await expect(tokenOf('quang.thi.mai')).resolves.toEqual({ refused: 403 });
      await checkScreen(page, 'officials-disabled');
    },
    JOURNEY_MS,
  );
});
