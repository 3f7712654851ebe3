import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCESS, FUNCTIONS } from '../../infra/stacks/access.js';
import { SHIPPED_FILES } from '../../infra/stacks/functions.js';
import { SIGNING_FUNCTIONS } from '../../infra/stacks/service-stack.js';
import { bundle } from '../../scripts/lib/bundles.js';

const run = promisify(execFile);

/**
 * Every function bundled as `cdk synth` bundles it, against the size budget. The AWS SDK v3 is
 * bundled (its version pinned by the lock file) and alone weighs about 330 KB minified: the budget
 * holds for everything else — our code and every other dependency (at most about 122 KB today,
 * in the transitions, which carry the lifecycle, the fee rules and their receipts and refunds; the
 * OpenAPI document is made when bundling, not carried) — and the whole bundle has a ceiling of its
 * own.
 * The forms function's PDF renderer (pdfkit with fontkit and its WOFF2 decoder, 925 KB) is a
 * bundle of its own beside its index.mjs that only a PDF request loads: it has a ceiling of its
 * own, and no other bundle carries any of it. The functions that sign or check files also carry
 * the S3 client and its presigner (about 140 KB more of the SDK): their ceiling is higher.
 * The forms function and the citizen's POST lookup also write the VietQR payload of the commune's
 * account (vietnam-qr-pay, about 40 KB) in their main bundle, since Form 01's JSON and the lookup's
 * answer carry it: their budget is higher.
 * The functions that sign or verify results carry the PDF and certificate libraries (pdf-lib with
 * its standard fonts, pkijs and asn1js, @signpdf: about 940 KB): they have a ceiling of their own,
 * and no other bundle carries any of it.
 */
const BUDGET_WITHOUT_SDK = 128 * 1024;
const FORMS_BUDGET_WITHOUT_SDK = 160 * 1024;
/** The notifications function carries three channels' clients (SNS, SES, SMS): about 414 KB of SDK. */
const CEILING = 480 * 1024;
const FILES_CEILING = 570 * 1024;
const PDF_FUNCTION = 'dossiers-form';
const VIETQR_FUNCTIONS = [PDF_FUNCTION, 'lookup-post'];
const PDF_CEILING = 960 * 1024;
const PDF_PACKAGES = ['pdfkit', 'fontkit', 'qrcode', 'brotli'];
/** The catalogue import's workbook reader: exceljs (with its zip and XML parsers) in a side bundle only an .xlsx body loads. */
const XLSX_FUNCTION = 'admin-import-procedures';
const XLSX_CEILING = 1400 * 1024;
const SIGNING_PACKAGES = [
  'pdf-lib',
  '@pdf-lib/standard-fonts',
  '@pdf-lib/upng',
  'pako',
  'tslib',
  'pkijs',
  'asn1js',
  'bytestreamjs',
  'pvtsutils',
  'pvutils',
  '@signpdf/signpdf',
  '@signpdf/utils',
  '@signpdf/placeholder-pdf-lib',
];
/** The signing functions' own code: the use cases, the CMS and PDF assembly, the signing answers. */
const SIGNING_BUDGET_WITHOUT_SDK = 160 * 1024;
const SIGNING_CEILING = 1700 * 1024;
const out = mkdtempSync(join(tmpdir(), 'mot-cua-bundles-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('function bundles', () => {
  it('stay within the size budget, each runs its handler through middy, and only the forms function carries the PDF renderer', async () => {
    const rows: { name: string; total: number; sdk: number; pdf: number; middy: number; xlsx: number; signing: number }[] = [];
    let renderer = { total: 0, sdk: 0, pdf: 0 };
    let reader = { total: 0, xlsx: 0 };
    for (const { name, entry } of FUNCTIONS) {
      const { bytes, parts, side } = await bundle(name, entry, out);
      const sum = (of: typeof parts, origins: string[]) => of.filter((p) => origins.includes(p.origin)).reduce((n, p) => n + p.bytes, 0);
      rows.push({
        name,
        total: bytes,
        sdk: sum(parts, ['AWS SDK v3']),
        pdf: sum(parts, PDF_PACKAGES),
        middy: sum(parts, ['@middy/core']),
        xlsx: sum(parts, ['exceljs']),
        signing: sum(parts, SIGNING_PACKAGES),
      });
      if (side && name === PDF_FUNCTION) renderer = { total: side.bytes, sdk: sum(side.parts, ['AWS SDK v3']), pdf: sum(side.parts, PDF_PACKAGES) };
      if (side && name === XLSX_FUNCTION) reader = { total: side.bytes, xlsx: sum(side.parts, ['exceljs']) };
    }

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log(
      ['function bundles (total | AWS SDK | rest)', ...rows.map((r) => `${r.name.padEnd(28)}${kb(r.total)}${kb(r.sdk)}${kb(r.total - r.sdk)}`)].join('\n'),
    );
    console.log(`${PDF_FUNCTION} side bundle${kb(renderer.total)}${kb(renderer.sdk)}${kb(renderer.total - renderer.sdk)}`);
    const signing = rows.filter((r) => SIGNING_FUNCTIONS.includes(r.name));
    const others = rows.filter((r) => !SIGNING_FUNCTIONS.includes(r.name));
    console.log(`signing libraries per signing function:${signing.map((r) => kb(r.signing)).join('')}`);
    expect(others.filter((r) => r.total - r.sdk > (VIETQR_FUNCTIONS.includes(r.name) ? FORMS_BUDGET_WITHOUT_SDK : BUDGET_WITHOUT_SDK))).toEqual([]);
    expect(others.filter((r) => r.total > (ACCESS[r.name]?.files?.length ? FILES_CEILING : CEILING))).toEqual([]);
    expect(others.filter((r) => r.signing > 0).map((r) => r.name)).toEqual([]);
    expect(signing.filter((r) => r.signing === 0 || r.total - r.signing - r.sdk > SIGNING_BUDGET_WITHOUT_SDK || r.total > SIGNING_CEILING)).toEqual([]);
    expect(rows.filter((r) => r.pdf > 0).map((r) => r.name)).toEqual([]);
    // esbuild's metafile names the inputs each bundle took its bytes from: middy's among them in every function.
    expect(rows.filter((r) => r.middy === 0).map((r) => r.name)).toEqual([]);
    expect(renderer.pdf).toBeGreaterThan(0);
    expect(renderer.sdk).toBe(0);
    expect(renderer.total).toBeLessThan(PDF_CEILING);
    console.log(`${XLSX_FUNCTION} side bundle${kb(reader.total)} (exceljs ${kb(reader.xlsx)})`);
    expect(rows.filter((r) => r.xlsx > 0).map((r) => r.name)).toEqual([]);
    expect(reader.xlsx).toBeGreaterThan(0);
    expect(reader.total).toBeLessThan(XLSX_CEILING);
  }, 180_000);

  it('render a PDF from the forms bundle with only the files shipped beside it', async () => {
    // The renderer bundled alone into a folder with no node_modules above it, the shipped fonts
    // copied beside it as the CDK asset has them, run in a fresh Node process.
    const source = join(out, 'pdf-probe.ts');
    writeFileSync(
      source,
      [
        `import { layoutForm } from ${JSON.stringify(join(process.cwd(), 'shared/http/pdf/layout.ts'))};`,
        `import { renderFormPdf } from ${JSON.stringify(join(process.cwd(), 'shared/http/pdf/render.ts'))};`,
        'export async function render(data) {',
        "  const layout = layoutForm(data, { province: 'Lai Châu', communes: [{ code: 'H30.01', name: 'Tân Uyên' }] });",
        "  return renderFormPdf(layout, { secret: 'secret', url: 'https://example.vn/v1/lookup/H30.01-260302-0001?secret=secret' });",
        '}',
      ].join('\n'),
    );
    const { file } = await bundle('pdf-probe', source, join(tmpdir(), `mot-cua-pdf-probe-${process.pid}`));
    const runDir = join(tmpdir(), `mot-cua-pdf-probe-${process.pid}`, 'pdf-probe');
    for (const shipped of SHIPPED_FILES[PDF_FUNCTION]!) copyFileSync(shipped, join(runDir, basename(shipped)));
    const receipt = {
      form: '01',
      title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      legalBasis: 'Thông tư 03/2025/TT-VPCP',
      issuingUnit: 'H30.01',
      commune: 'H30.01',
      province: 'LCI',
      dossierCode: 'H30.01-260302-0001',
      procedure: { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' },
      generatedAt: '2026-03-02T08:05:00+07:00',
      applicant: { name: 'Lò Văn A', address: 'Bản Hua Pầu', phone: null, email: null },
      channel: 'IN_PERSON',
      documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
      dossierSets: 1,
      processing: { kind: 'WORKING_DAYS', days: 3 },
      fee: 100000,
      receivedAt: '2026-03-02T08:00:00+07:00',
      receivedBy: 'reception@H30.01',
      dueAt: '2026-03-05T08:00:00+07:00',
      department: 'ECONOMICS',
    };
    const probe = `
      const t0 = performance.now();
      const { render } = await import(${JSON.stringify(`file://${file}`)});
      const t1 = performance.now();
      const first = await render(${JSON.stringify(receipt)});
      const t2 = performance.now();
      for (let i = 0; i < 5; i++) await render(${JSON.stringify(receipt)});
      const t3 = performance.now();
      process.stdout.write(JSON.stringify({ bytes: first.length, head: first.subarray(0, 5).toString(), load: t1 - t0, first: t2 - t1, warm: (t3 - t2) / 5 }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: runDir,
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    const figures = JSON.parse(stdout) as { bytes: number; head: string; load: number; first: number; warm: number };
    const fonts = SHIPPED_FILES[PDF_FUNCTION]!.reduce((n, f) => n + statSync(f).size, 0);
    console.log(
      `forms bundle: fonts shipped beside it ${(fonts / 1024).toFixed(0)} KB; renderer load ${figures.load.toFixed(0)} ms, first Form 01 ${figures.first.toFixed(0)} ms, then ${figures.warm.toFixed(0)} ms each (${figures.bytes} bytes)`,
    );
    expect(figures.head).toBe('%PDF-');
    rmSync(join(tmpdir(), `mot-cua-pdf-probe-${process.pid}`), { recursive: true, force: true });
  }, 120_000);
});
