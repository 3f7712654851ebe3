/**
 * `npm run lighthouse`: Lighthouse 12.2.3 (mobile: a mid-range phone on a slow 4G link,
 * simulated) on the citizen's page of a dossier just accepted, as its receipt's QR code opens it,
 * against a fresh local runtime in a data folder of its own. Prints the four category scores (the
 * target is 95 or more in each) and the page's compressed size. Debian's Chromium, headless.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../infra/local/console.js';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { citizenPageUrl } from '../shared/domain/forms.js';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

await ensureConsoleBuilt((line) => console.error(line));
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const dataDir = mkdtempSync(join(tmpdir(), 'mot-cua-lighthouse-'));
const runtime = await startLocalRuntime({ dataDir, visibilityTimeoutS: 1 });
try {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, any>;
  };
  const { token } = await call('/_local/token', { sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
  const created = await call(
    '/v1/communes/H30.01/dossiers',
    {
      procedureCode: '1.001612',
      channel: 'IN_PERSON',
      applicant: { name: 'Lò Văn Minh', idNumber: '012345678901', phone: '0912345678', address: 'Bản Nà Pa, Tân Uyên' },
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
    },
    token,
  );
  const accepted = await call(`/v1/communes/H30.01/dossiers/${created.id}/accept`, {}, token);
  const url = citizenPageUrl(runtime.url, accepted.code, created.lookupSecret);

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join('node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
    ],
    { env: { ...process.env, CHROME_PATH }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as {
    lighthouseVersion: string;
    categories: Record<string, { score: number | null }>;
    audits: Record<string, { score: number | null; title: string }>;
  };
  console.log(`Lighthouse ${report.lighthouseVersion} (mobile) on ${url.replace(/#.*/, '#…')}`);
  for (const category of CATEGORIES) console.log(`  ${category.padEnd(15)} ${Math.round((report.categories[category]?.score ?? 0) * 100)}`);
  const failing = Object.entries(report.audits).filter(([, a]) => a.score !== null && a.score < 0.9);
  for (const [id, audit] of failing) console.log(`  below 0.9: ${id} (${audit.score}) — ${audit.title}`);

  // What the page loads, compressed: its HTML and the files it names.
  const html = readFileSync(join(CONSOLE_DIST, 'tra-cuu', 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => join(CONSOLE_DIST, m[1]!));
  const gzipped = [html, ...files.map((f) => readFileSync(f))].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  console.log(`  page size       ${(gzipped / 1024).toFixed(1)} KB compressed (${files.length + 1} files; budget 60 KB)`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
