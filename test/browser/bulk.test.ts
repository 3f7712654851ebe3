import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { checkScreen, launchChromium, officePage, signIn } from '../support/browser.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';
import { draftPdf } from '../support/signing.js';

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

/** Sized for a machine whose cores the other suites share. */
const JOURNEY_MS = 300_000;
const SHOWS_MS = 60_000;
const BASE = '/v1/communes/H30.01/dossiers';

beforeAll(async () => {
  await ensureConsoleBuilt();
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  page = await officePage(browser, runtime.url);
  api = apiClient(runtime);
  who = await officials(api);
}, JOURNEY_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const read = async (id: string) => (await api.call('GET', `${BASE}/${id}`, { token: who.reception })).body;

/** The assigned specialist attaches the result drafted as a PDF. */
async function attachDraft(id: string, department: 'OFFICE' | 'ECONOMICS') {
  const bytes = await draftPdf();
  const declared = await api.call('POST', `${BASE}/${id}/attachments`, {
    token: who.specialist[department],
    body: { name: 'Dự thảo quyết định.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: bytes.length },
  });
  await fetch(declared.body.uploadUrl, { method: 'PUT', headers: declared.body.uploadHeaders, body: bytes });
  const checked = await api.call('POST', `${BASE}/${id}/attachments/${declared.body.id}/complete`, { token: who.specialist[department], body: {} });
  expect(checked.body.status).toBe('AVAILABLE');
}

/** Dossiers taken over the API, in batches, as far as `until` (APPROVAL: with their results drafted as PDFs); their codes. */
async function dossiersAt(count: number, procedureCode: string, department: 'OFFICE' | 'ECONOMICS', until: 'ASSIGNMENT' | 'APPROVAL' | 'RESULT_READY') {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await api.call('POST', BASE, { token: who.reception, body: newDossier(procedureCode) })).body.id);
  const batch = async (token: string, action: string, body?: Record<string, unknown>) => {
    const answer = await api.call('POST', `${BASE}/batch`, { token, body: { action, items: ids.map((id) => ({ id, ...(body ? { body } : {}) })) } });
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual(ids.map(() => 200));
  };
  await batch(who.reception, 'accept');
  await eventually(async () => (await Promise.all(ids.map(read))).every((d) => d.step === 'ASSIGNMENT'), SHOWS_MS);
  if (until !== 'ASSIGNMENT') {
    await batch(who.head[department], 'assign', { assignee: who.specialistSub(department) });
    if (until === 'APPROVAL') for (const id of ids) await attachDraft(id, department);
    await batch(who.specialist[department], 'propose', { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
    await batch(who.head[department], 'review', { agree: true, note: 'Trình' });
  }
  if (until === 'RESULT_READY') {
    await batch(who.leader, 'approve', { decision: 'APPROVED', note: 'Đồng ý' });
    await batch(who.clerk, 'issue');
    await eventually(async () => (await Promise.all(ids.map(read))).every((d) => d.status === 'RESULT_READY'), SHOWS_MS);
  }
  return Promise.all(ids.map(async (id) => ({ id, code: (await read(id)).code as string })));
}

/** Ticks the rows of these codes on the worklist tab on screen. */
async function select(codes: string[]) {
  for (const code of codes) await page.getByRole('checkbox', { name: `Chọn hồ sơ ${code}` }).check();
}

/** The leader selects drafted dossiers at approval and approves them with one signature: the dialog, waiting for the device. */
async function approveSigned(count: number, decision: 'Phê duyệt' | 'Không phê duyệt' = 'Phê duyệt') {
  const dossiers = await dossiersAt(count, '1.001612', 'ECONOMICS', 'APPROVAL');
  await signIn(page, 'Lãnh đạo UBND xã — Tân Uyên');
  await page.getByRole('tab', { name: 'Chờ phê duyệt' }).click();
  await page.getByRole('link', { name: dossiers.at(-1)!.code }).waitFor({ timeout: SHOWS_MS });
  await select(dossiers.map((d) => d.code));
  await page.getByRole('button', { name: `Phê duyệt (${count} hồ sơ đã chọn)` }).click();
  const dialog = page.getByRole('dialog', { name: `Phê duyệt — ${count} hồ sơ` });
  await dialog
    .getByTestId('signs')
    .filter({ hasText: `${count} hồ sơ` })
    .waitFor({ timeout: SHOWS_MS });
  await dialog.getByRole('radio', { name: decision, exact: true }).check();
  await dialog.getByLabel('Ý kiến').fill('Đồng ý');
  await dialog.getByRole('button', { name: decision === 'Phê duyệt' ? 'Phê duyệt và ký số' : 'Từ chối và ký số' }).click();
  await dialog.getByText('Đang chờ xác nhận trên thiết bị ký').waitFor({ timeout: SHOWS_MS });
  return { dossiers, dialog };
}

const HEADER = 'Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan thực hiện / phòng,Thời hạn giải quyết,Phí / lệ phí,Thành phần hồ sơ,Căn cứ pháp lý';
const sheet = (...rows: string[]) => ({ name: 'phu-luc.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`) });

describe('bulk work in the console', () => {
  it(
    'the admin checks an annex, reads the refused row in the report, then imports the corrected file',
    async () => {
      await signIn(page, 'Quản trị tỉnh — Lai Châu');
      await page.getByRole('link', { name: 'Nhập danh mục' }).click();
      await page.getByRole('heading', { name: 'Nhập danh mục thủ tục hành chính' }).waitFor();
      const good = '7.000001,Đăng ký khai sinh,Hộ tịch,Văn phòng,03 ngày làm việc,Không,Tờ khai đăng ký khai sinh,Luật Hộ tịch 2014';
      const bad = '7.000002,Đăng ký kết hôn,Hộ tịch,Phòng Tài nguyên,"0,3 ngày làm việc",Không,Tờ khai,';

      await page.locator('input[type=file]').setInputFiles(sheet(good, bad));
      await page.getByRole('button', { name: 'Kiểm tra' }).click();
      const report = page.getByTestId('import-report');
      await report.getByText('Phòng Tài nguyên').waitFor();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kết quả kiểm tra' }).textContent()).toMatch(/1 thêm mới.*1 bị từ chối/);
      expect(await page.getByRole('button', { name: 'Nhập vào danh mục' }).isDisabled()).toBe(true);
      await checkScreen(page, 'catalogue-import-report');

      await page.locator('input[type=file]').setInputFiles(sheet(good, bad.replace('Phòng Tài nguyên', 'Văn phòng').replace('0,3', '0,5')));
      await page.getByRole('button', { name: 'Kiểm tra' }).click();
      await page.getByRole('status').filter({ hasText: '2 thêm mới' }).waitFor();
      await page.getByRole('button', { name: 'Nhập vào danh mục' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã nhập: 2 thêm mới' }).waitFor();

      const catalogue = (await api.call('GET', '/v1/provinces/LCI/procedures')).body.items as { code: string; processing: unknown }[];
      expect(catalogue.find((p) => p.code === '7.000002')).toMatchObject({ processing: { kind: 'WORKING_DAYS', days: 0.5 } });
    },
    JOURNEY_MS,
  );

  it(
    'the desk returns five dossiers at once',
    async () => {
      const dossiers = await dossiersAt(5, '1.004873', 'OFFICE', 'RESULT_READY');
      await signIn(page, 'Tiếp nhận (công chức một cửa) — Tân Uyên');
      await page.getByRole('tab', { name: 'Chờ trả kết quả' }).click();
      await page.getByRole('link', { name: dossiers[4]!.code }).waitFor({ timeout: SHOWS_MS });

      await select(dossiers.map((d) => d.code));
      await page.getByRole('button', { name: 'Trả kết quả (5 hồ sơ đã chọn)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Trả kết quả — 5 hồ sơ' });
      await checkScreen(page, 'batch-return');
      await dialog.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      expect((await Promise.all(dossiers.map((d) => read(d.id)))).map((d) => d.status)).toEqual(dossiers.map(() => 'RETURNED'));
      await page.getByRole('link', { name: dossiers[0]!.code }).waitFor({ state: 'detached', timeout: SHOWS_MS });
    },
    JOURNEY_MS,
  );

  it(
    'the head assigns three dossiers to one specialist',
    async () => {
      const dossiers = await dossiersAt(3, '1.001612', 'ECONOMICS', 'ASSIGNMENT');
      await signIn(page, 'Trưởng phòng Kinh tế — Tân Uyên');
      await page.getByRole('tab', { name: 'Chờ phân công' }).click();
      await page.getByRole('link', { name: dossiers[2]!.code }).waitFor({ timeout: SHOWS_MS });

      await select(dossiers.map((d) => d.code));
      await page.getByRole('button', { name: 'Phân công (3 hồ sơ đã chọn)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Phân công — 3 hồ sơ' });
      await dialog.getByLabel('Chuyên viên thụ lý').click();
      await page.getByText('Vàng A Sình (specialist-economics@H30.01)').click();
      await dialog.getByRole('button', { name: 'Phân công', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      const after = await Promise.all(dossiers.map((d) => read(d.id)));
      expect(after.map((d) => [d.step, d.assignee])).toEqual(dossiers.map(() => ['APPRAISAL', 'specialist-economics@H30.01']));
    },
    JOURNEY_MS,
  );

  it(
    'the leader approves three drafted results with one confirmation on the signing device',
    async () => {
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'manual' } });
      const { dossiers, dialog } = await approveSigned(3);
      await checkScreen(page, 'batch-approve-signing');

      const sessions = (await Promise.all(dossiers.map((d) => read(d.id)))).map((d) => d.signings[0].id as string);
      expect(new Set(sessions).size).toBe(1);
      await api.call('POST', `/_local/signing/${sessions[0]}/confirm`, { body: {} });
      await dialog.getByText('Đã ký số và phê duyệt 3 hồ sơ').waitFor({ timeout: SHOWS_MS });
      await eventually(async () => (await Promise.all(dossiers.map((d) => read(d.id)))).every((d) => d.step === 'ISSUANCE'), SHOWS_MS);
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'auto' } });
    },
    JOURNEY_MS,
  );

  it(
    "the provider's fault ends a batch's signing: the dialog says why in Vietnamese, not in the provider's English",
    async () => {
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'manual' } });
      const { dossiers, dialog } = await approveSigned(2);
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'garbage' } });

      const ended = dialog.getByTestId('batch-signing').filter({ hasText: 'Không ký được: 2 hồ sơ vẫn chờ phê duyệt' });
      await ended.waitFor({ timeout: SHOWS_MS });
      const after = await Promise.all(dossiers.map((d) => read(d.id)));
      expect(after.map((d) => [d.step, d.signings[0].status])).toEqual([
        ['APPROVAL', 'FAILED'],
        ['APPROVAL', 'FAILED'],
      ]);
      // The reason stored for integrators is not what the leader reads.
      expect(await ended.textContent()).not.toContain(after[0].signings[0].reason);
      await expect(ended.textContent()).resolves.toContain('dịch vụ ký số không trả về chữ ký hợp lệ');
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'auto' } });
    },
    JOURNEY_MS,
  );

  it(
    'the leader rejects two drafted results with one signature: the dialog says rejected, not approved',
    async () => {
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'manual' } });
      const { dossiers, dialog } = await approveSigned(2, 'Không phê duyệt');
      const sid = (await read(dossiers[0]!.id)).signings[0].id as string;
      await api.call('POST', `/_local/signing/${sid}/confirm`, { body: {} });
      await dialog.getByText('Đã ký số và từ chối 2 hồ sơ').waitFor({ timeout: SHOWS_MS });
      await api.call('PUT', '/_local/signing/behaviour', { body: { confirm: 'auto' } });
    },
    JOURNEY_MS,
  );
});
