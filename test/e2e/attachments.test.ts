import { createHash } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_FILES_BUCKET } from '../../infra/local/files.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

/**
 * Files of a dossier against the real emulators: DynamoDB Local for the dossier, fauxqs's S3
 * for the bytes, uploaded and downloaded through presigned URLs on the runtime's own origin.
 */

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const base = '/v1/communes/H30.01/dossiers';

/** A one-page PDF and a 1×1 PNG, as a scanner or a portal would send them. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function create(token = who.reception, channel: 'ONLINE' | 'IN_PERSON' = 'IN_PERSON'): Promise<string> {
  const answer = await api.call('POST', base, {
    token,
    body: newDossier('1.001612', channel),
    headers: { 'idempotency-key': `att-${Math.random().toString(36).slice(2)}` },
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const declare = (id: string, token: string, body: Record<string, unknown>) => api.call('POST', `${base}/${id}/attachments`, { token, body });
const complete = (id: string, aid: string, token: string) => api.call('POST', `${base}/${id}/attachments/${aid}/complete`, { token, body: {} });
const read = (id: string, aid: string, token: string) => api.call('GET', `${base}/${id}/attachments/${aid}`, { token });
const dossier = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;

async function upload(answer: { uploadUrl: string; uploadHeaders: Record<string, string> }, bytes: Buffer): Promise<number> {
  return (await fetch(answer.uploadUrl, { method: 'PUT', headers: answer.uploadHeaders, body: bytes })).status;
}

/** Declares, uploads and completes one file; the answer of complete. */
async function attach(id: string, token: string, file: { name: string; purpose: string; contentType: string; bytes: Buffer; size?: number; sha256?: string }) {
  const declared = await declare(id, token, {
    name: file.name,
    purpose: file.purpose,
    contentType: file.contentType,
    size: file.size ?? file.bytes.length,
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
  });
  expect(declared.status, JSON.stringify(declared.body)).toBe(201);
  expect(await upload(declared.body, file.bytes)).toBe(200);
  const done = await complete(id, declared.body.id, token);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { id: declared.body.id as string, ...done.body };
}

const s3 = () => new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL_S3!, forcePathStyle: true });
async function stored(id: string, aid: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: LOCAL_FILES_BUCKET, Key: `H30.01/${id}/${aid}` }));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

describe('uploading and downloading files through presigned URLs', () => {
  let id: string;

  beforeAll(async () => {
    id = await create();
  });

  it('answers a PENDING file with an upload URL on the runtime origin that expires in 15 minutes', async () => {
    const before = Date.now();
    const answer = await declare(id, who.reception, { name: 'Đơn đề nghị.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: PDF.length });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id: expect.any(String), status: 'PENDING', uploadHeaders: { 'content-type': 'application/pdf' } });
    expect(answer.body.uploadUrl.startsWith(`${runtime.url}/_s3/`)).toBe(true);
    expect(new URL(answer.body.uploadUrl).searchParams.get('X-Amz-Expires')).toBe('900');
    const expires = Date.parse(answer.body.expiresAt);
    expect(expires - before).toBeGreaterThanOrEqual(15 * 60_000 - 2000);
    expect(expires - before).toBeLessThanOrEqual(15 * 60_000 + 2000);
    expect(answer.body.expiresAt).toMatch(/\+07:00$/);
  });

  it('makes a PDF and a PNG AVAILABLE, listed on the dossier, and downloads them byte for byte', async () => {
    const pdf = await attach(id, who.reception, {
      name: 'Tờ khai.pdf',
      purpose: 'APPLICATION',
      contentType: 'application/pdf',
      bytes: PDF,
      sha256: sha256(PDF),
    });
    const png = await attach(id, who.reception, { name: 'Ảnh chụp CCCD.png', purpose: 'SCAN', contentType: 'image/png', bytes: PNG });
    expect(pdf.status).toBe('AVAILABLE');
    expect(png.status).toBe('AVAILABLE');
    expect(await stored(id, pdf.id)).toBe(true);

    for (const [file, bytes, type] of [
      [pdf, PDF, 'application/pdf'],
      [png, PNG, 'image/png'],
    ] as const) {
      const answer = await read(id, file.id, who.reception);
      expect(answer.status).toBe(200);
      expect(new URL(answer.body.downloadUrl).searchParams.get('X-Amz-Expires')).toBe('300');
      const download = await fetch(answer.body.downloadUrl);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(type);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    }

    const d = await dossier(id);
    const listed = d.attachments.filter((a: { status: string }) => a.status === 'AVAILABLE');
    expect(listed.map((a: { name: string }) => a.name).sort()).toEqual(['Tờ khai.pdf', 'Ảnh chụp CCCD.png'].sort());
    expect(listed[0]).toMatchObject({
      id: expect.any(String),
      purpose: expect.any(String),
      contentType: expect.any(String),
      size: expect.any(Number),
      uploadedAt: expect.stringMatching(/\+07:00$/),
      uploadedBy: 'reception@H30.01',
    });
    // The scan is digitisation of the paper dossier.
    expect(d.digitisation).toMatchObject({ files: 1 });
  });

  it('rejects a PNG declared as a PDF, deletes it, and changes nothing else', async () => {
    const before = await dossier(id);
    const file = await attach(id, who.reception, { name: 'giả.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', bytes: PNG });
    expect(file).toMatchObject({ status: 'REJECTED', reason: expect.stringContaining('image/png') });
    expect(await stored(id, file.id)).toBe(false);
    const after = await dossier(id);
    expect(after.status).toBe(before.status);
    expect(after.documents).toEqual(before.documents);
    expect((await read(id, file.id, who.reception)).status).toBe(409);
  });

  it('rejects a file larger than declared, and one whose SHA-256 differs, and deletes both', async () => {
    const larger = await attach(id, who.reception, {
      name: 'lớn.pdf',
      purpose: 'APPLICATION',
      contentType: 'application/pdf',
      bytes: Buffer.concat([PDF, Buffer.alloc(4096)]),
      size: PDF.length,
    });
    expect(larger).toMatchObject({ status: 'REJECTED', reason: expect.stringContaining('bytes') });
    expect(await stored(id, larger.id)).toBe(false);
    const tampered = await attach(id, who.reception, {
      name: 'sửa.pdf',
      purpose: 'APPLICATION',
      contentType: 'application/pdf',
      bytes: PDF,
      sha256: sha256(Buffer.from('other')),
    });
    expect(tampered).toMatchObject({ status: 'REJECTED', reason: expect.stringContaining('SHA-256') });
    expect(await stored(id, tampered.id)).toBe(false);
  });

  it('refuses to download a file still PENDING (409), and a completion without an upload rejects it', async () => {
    const pending = await declare(id, who.reception, { name: 'chưa tải.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: PDF.length });
    expect((await read(id, pending.body.id, who.reception)).status).toBe(409);
    const done = await complete(id, pending.body.id, who.reception);
    expect(done.body).toMatchObject({ status: 'REJECTED', reason: 'no file was uploaded' });
    expect((await complete(id, pending.body.id, who.reception)).status).toBe(409);
  });

  it('answers 400 with the field for a type, a size or a name outside the limits', async () => {
    const type = await declare(id, who.reception, { name: 'a.docx', purpose: 'APPLICATION', contentType: 'application/msword', size: 10 });
    expect(type.status).toBe(400);
    expect(type.body.errors.map((e: { path: string }) => e.path)).toContain('body.contentType');
    const size = await declare(id, who.reception, { name: 'a.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 20 * 1024 * 1024 + 1 });
    expect(size.status).toBe(400);
    expect(size.body.errors.map((e: { path: string }) => e.path)).toContain('body.size');
    const purpose = await declare(id, who.reception, { name: 'a.pdf', purpose: 'PHOTO', contentType: 'application/pdf', size: 10 });
    expect(purpose.status).toBe(400);
    expect(purpose.body.errors.map((e: { path: string }) => e.path)).toContain('body.purpose');
  });

  it('refuses the 51st file of a dossier', async () => {
    const full = await create();
    for (let i = 1; i <= 50; i++)
      expect((await declare(full, who.reception, { name: `trang-${i}.pdf`, purpose: 'SCAN', contentType: 'application/pdf', size: 1000 })).status).toBe(201);
    const fiftyFirst = await declare(full, who.reception, { name: 'trang-51.pdf', purpose: 'SCAN', contentType: 'application/pdf', size: 1000 });
    expect(fiftyFirst.status).toBe(400);
    expect(fiftyFirst.body.detail).toContain('50');
    expect((await dossier(full)).attachments).toHaveLength(50);
  }, 60_000);
});

describe('who may attach which file when', () => {
  it('lets a portal attach to its own dossier only, and only application and supplement files', async () => {
    const id = await create(who.portal, 'ONLINE');
    expect((await declare(id, who.portal, { name: 'a.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 10 })).status).toBe(201);
    expect((await declare(id, who.portal, { name: 'a.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: 10 })).status).toBe(403);
    const stranger = await api.token({ sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' });
    expect((await declare(id, stranger, { name: 'a.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 10 })).status).toBe(404);
  });

  it('refuses files once the dossier is closed', async () => {
    const id = await create();
    await api.call('POST', `${base}/${id}/refuse`, { token: who.reception, body: { reason: 'Không thuộc thẩm quyền' } });
    expect((await declare(id, who.reception, { name: 'a.pdf', purpose: 'SCAN', contentType: 'application/pdf', size: 10 })).status).toBe(409);
  });

  it('lets only the assigned specialist add working papers, and the clerk the result at issuance (not before appraisal): an electronic result for the citizen', async () => {
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') });
    const id = created.body.id as string;
    const secret = created.body.lookupSecret as string;
    const code = (await api.call('POST', `${base}/${id}/accept`, { token: who.reception, body: {} })).body.code as string;
    await eventually(async () => (await dossier(id)).step === 'ASSIGNMENT');
    const paper = { name: 'Biên bản thẩm định.pdf', purpose: 'WORKING_PAPER', contentType: 'application/pdf', size: PDF.length };
    expect((await declare(id, who.specialist.ECONOMICS, paper)).status).toBe(403);
    const result = { name: 'Giấy chứng nhận.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: PDF.length };
    expect((await declare(id, who.clerk, result)).status).toBe(409);
    await api.call('POST', `${base}/${id}/assign`, { token: who.head.ECONOMICS, body: { assignee: who.specialistSub('ECONOMICS') } });
    expect((await attach(id, who.specialist.ECONOMICS, { ...paper, bytes: PDF })).status).toBe('AVAILABLE');
    expect((await api.call('GET', `/v1/lookup/${code}/result?secret=${secret}`)).status).toBe(409);

    await api.call('POST', `${base}/${id}/propose`, { token: who.specialist.ECONOMICS, body: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    await api.call('POST', `${base}/${id}/review`, { token: who.head.ECONOMICS, body: { agree: true, note: 'Trình' } });
    await api.call('POST', `${base}/${id}/approve`, { token: who.leader, body: { decision: 'APPROVED', note: 'Đồng ý' } });
    const signed = Buffer.concat([PDF, Buffer.from('% ký số\n')]);
    expect((await attach(id, who.clerk, { ...result, bytes: signed, size: signed.length })).status).toBe('AVAILABLE');
    expect((await dossier(id)).result).toMatchObject({ decision: 'APPROVED', electronic: true });
    await api.call('POST', `${base}/${id}/issue`, { token: who.clerk, body: {} });
    await eventually(async () => (await dossier(id)).status === 'RESULT_READY');

    const lookup = await api.call('GET', `/v1/lookup/${code}/result?secret=${secret}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.files.map((f: { name: string }) => f.name)).toEqual(['Giấy chứng nhận.pdf']);
    expect(JSON.stringify(lookup.body)).not.toContain('Biên bản');
    const download = await fetch(lookup.body.files[0].downloadUrl);
    expect(Buffer.from(await download.arrayBuffer()).equals(signed)).toBe(true);
    expect((await api.call('GET', `/v1/lookup/${code}/result?secret=wrong-secret`)).status).toBe(404);
  }, 60_000);
});

describe('the files on the access trail', () => {
  it('records each declaration, check and download of a file, by whom, without its name', async () => {
    const id = await create();
    const file = await attach(id, who.reception, { name: 'Sổ hộ khẩu.pdf', purpose: 'SCAN', contentType: 'application/pdf', bytes: PDF });
    expect((await read(id, file.id, who.reception)).status).toBe(200);

    const auditor = await api.token({ sub: 'inspector@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    const trail = await api.call('GET', `${base}/${id}/audit?limit=100`, { token: auditor });
    expect(trail.status).toBe(200);
    const files = trail.body.items.filter((e: { action: string }) => e.action.startsWith('attachment-'));
    expect(files.map((e: { action: string; sub: string }) => [e.action, e.sub])).toEqual([
      ['attachment-declare', 'reception@H30.01'],
      ['attachment-check', 'reception@H30.01'],
      ['attachment-read', 'reception@H30.01'],
    ]);
    expect(JSON.stringify(trail.body)).not.toContain('Sổ hộ khẩu');
  });
});
