/**
 * `npm run bench:console`: the staff console's first load and its time to the first worklist,
 * measured in Debian's Chromium against a fresh local runtime, printed (no target asserted):
 *
 *   a. the compressed size (gzip -9) of the JS and CSS the browser loads for the sign-in page,
 *      and with the worklist's route chunks after sign-in: the budget is 350 KB;
 *   b. the time from the click on an official to the first worklist on screen, median of 5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../infra/local/console.js';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { launchChromium } from '../test/support/browser.js';
import { apiClient } from '../test/support/client.js';

const RUNS = 5;
const BUDGET_KB = 350;
const DESK = 'Tiếp nhận (công chức một cửa) — Tân Uyên';

await ensureConsoleBuilt((line) => console.error(line));
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const runtime = await startLocalRuntime({ visibilityTimeoutS: 1 });
const browser = await launchChromium();
try {
  // A worklist with something in it: twenty new dossiers at the desk.
  const api = apiClient(runtime);
  const desk = await api.token({ sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
  for (let i = 0; i < 20; i++) {
    await api.call('POST', '/v1/communes/H30.01/dossiers', {
      token: desk,
      body: {
        procedureCode: '1.001612',
        channel: 'IN_PERSON',
        applicant: { name: `Người nộp ${i + 1}`, idNumber: String(100000000000 + i), address: 'Tân Uyên' },
        documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
      },
    });
  }

  const gzipKb = (paths: Set<string>) =>
    [...paths].reduce((sum, path) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, path)), { level: 9 }).length, 0) / 1024;
  const times: number[] = [];
  let signInAssets = new Set<string>();
  let worklistAssets = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ baseURL: runtime.url, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const assets = new Set<string>();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/\.(js|css)$/.test(path)) assets.add(path);
    });
    await page.goto('/sign-in');
    const official = page.getByRole('button', { name: DESK, exact: true });
    await official.waitFor();
    signInAssets = new Set(assets);
    const started = performance.now();
    await official.click();
    await page.getByTestId('worklist').getByRole('link').first().waitFor();
    times.push(performance.now() - started);
    worklistAssets = new Set(assets);
    await context.close();
  }
  times.sort((a, b) => a - b);
  const signIn = gzipKb(signInAssets);
  const worklist = gzipKb(worklistAssets);
  console.log(`console first load (sign-in page): ${signIn.toFixed(1)} KB gzip JS+CSS in ${signInAssets.size} files (budget ${BUDGET_KB} KB)`);
  console.log(`console with the worklist after sign-in: ${worklist.toFixed(1)} KB gzip JS+CSS in ${worklistAssets.size} files`);
  console.log(
    `time to first worklist after sign-in: median ${Math.round(times[Math.floor(RUNS / 2)]!)} ms (min ${Math.round(times[0]!)}, max ${Math.round(times.at(-1)!)}; target 1500 ms)`,
  );
  console.log(
    `BENCH_CONSOLE_JSON ${JSON.stringify({ signInKb: +signIn.toFixed(1), worklistKb: +worklist.toFixed(1), timeToWorklistMs: times.map(Math.round) })}`,
  );
} finally {
  await browser.close();
  await runtime.stop();
}
