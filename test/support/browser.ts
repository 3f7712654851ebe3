import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'test-results/console';

/** Debian's Chromium, headless, as the machine runs it (no browser download here). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A new page at the size of a commune office's screen, failing the test on any script error. */
export async function officePage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  // Playwright's 30 s per action is too short when the other suites share the cores.
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/**
 * Signs in from the local sign-in page as the official listed so ("Lò Thị Hoa — Tiếp nhận (công
 * chức một cửa) — Tân Uyên"), or by post and place alone ("Tiếp nhận (công chức một cửa) — Tân
 * Uyên"); waits for their first screen.
 */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  const listed = new RegExp(`(^|— )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.getByRole('button', { name: listed }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: name }).waitFor();
}

/** No serious or critical accessibility violation on the screen as it is now; a screenshot of it. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const grave = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(grave, `axe on ${name}`).toEqual([]);
}
