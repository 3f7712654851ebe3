import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { localSigning, type LocalSigning } from '../../infra/local/signing.js';

const run = promisify(execFile);

/** A one-page PDF as an office would draft a decision. */
export async function draftPdf(title = 'QUYET DINH cap giay chung nhan'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(title, { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** The signing emulator alone behind an HTTP server, as the runtime serves it. */
export async function signingEmulator(): Promise<{ emulator: LocalSigning; url: string; server: Server; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-signing-'));
  const emulator = await localSigning(dir, [
    { code: 'H30.01', name: 'Tân Uyên' },
    { code: 'H30.02', name: 'Mường Khoa' },
  ]);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await emulator.route(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, async () => Buffer.concat(chunks));
    if (!answer) return res.writeHead(404).end();
    if (answer.binary) return res.writeHead(answer.status).end(answer.binary);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? { detail: answer.problem }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return { emulator, url: `http://127.0.0.1:${port}/_local/signing`, server, dir };
}

/** An NSS database that trusts `rootPem` (certutil from libnss3-tools), for pdfsig -nssdir. */
export async function nssTrusting(rootPem: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-nss-'));
  writeFileSync(join(dir, 'root.pem'), rootPem);
  await run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  await run('certutil', ['-A', '-n', 'mot-cua-test-root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem'), '-d', `sql:${dir}`]);
  return dir;
}

/** What pdfsig says of each signature of a file (it exits 0 whatever it finds: its output is read). */
export async function pdfsig(nssDir: string, pdf: Buffer): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'mot-cua-pdfsig-')), 'file.pdf');
  writeFileSync(file, pdf);
  const { stdout } = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  return stdout.split(/^Signature #\d+:$/m).slice(1);
}

/** The text of a PDF (pdftotext, poppler-utils) in content order, each drawn string whole. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'mot-cua-pdftext-')), 'file.pdf');
  writeFileSync(file, pdf);
  return (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])).stdout;
}
