import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let named: Awaited<ReturnType<typeof officials>>;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-officials-'));

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  named = await officials(api, 'H30.01', 'LCI', { named: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('officials by name', () => {
  it('a dossier worked by named officials: the receipt, Form 06, the history and its PDF name each of them, and the unit by its name', async () => {
    const { id } = await fullLifecycle(api, named, { procedureCode: '1.001612', department: 'ECONOMICS', until: 'RESULT_READY' });

    const receipt = await api.call('GET', `${base}/${id}/forms/01`, { token: named.reception });
    expect(receipt.body).toMatchObject({ receivedBy: 'Lò Thị Hoa', issuingUnit: 'H30.01', issuingUnitName: 'Tân Uyên' });
    const sheet = await api.call('GET', `${base}/${id}/forms/06`, { token: named.reception });
    expect(sheet.body.steps.map((s: { actor: string }) => s.actor)).toEqual([
      'Lò Thị Hoa',
      'Hoàng Văn Dũng',
      'Vàng A Sình',
      'Hoàng Văn Dũng',
      'Trần Văn Bình',
      'Phạm Thị Hằng',
    ]);
    expect(sheet.body.handoffs.map((h: { handedOverBy: string; receivedBy: string }) => [h.handedOverBy, h.receivedBy])).toEqual([
      ['Lò Thị Hoa', 'Phòng Kinh tế'],
      ['Phạm Thị Hằng', 'Bộ phận một cửa'],
    ]);

    const dossier = (await api.call('GET', `${base}/${id}`, { token: named.reception })).body;
    const clerk = dossier.history.find((h: { action: string }) => h.action === 'issue');
    expect(clerk).toMatchObject({ actor: 'clerk@H30.01', actorName: 'Phạm Thị Hằng' });
    const verification = await api.call('GET', `${base}/${id}/history/verification`, { token: named.reception });
    expect(verification.body).toMatchObject({ valid: true, canonicalForm: 'mot-cua/history/v3' });

    const pdf = await fetch(`${runtime.url}${base}/${id}/forms/01`, { headers: { authorization: `Bearer ${named.reception}`, accept: 'application/pdf' } });
    const file = join(folder, 'receipt.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])).stdout;
    expect(text).toContain('UBND XÃ TÂN UYÊN');
    expect(text).toContain('Người tiếp nhận: Lò Thị Hoa');
  });

  it('a token without a name (as before officials were named) leaves the account on the record', async () => {
    const unnamed = await officials(api);
    const { id } = await fullLifecycle(api, unnamed, { until: 'RESULT_READY' });
    const receipt = await api.call('GET', `${base}/${id}/forms/01`, { token: unnamed.reception });
    expect(receipt.body.receivedBy).toBe('reception@H30.01');
    const dossier = (await api.call('GET', `${base}/${id}`, { token: unnamed.reception })).body;
    expect(dossier.history.some((h: { actorName?: string }) => h.actorName !== undefined)).toBe(false);
  });
});

describe('the officials of a province, administered through the API', () => {
  const path = (username: string, province = 'LCI') => `/v1/provinces/${province}/officials/${username}`;
  const tokenOf = async (username: string) => api.call('POST', '/_local/token', { body: { username } });
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  let admin: string;
  const desk = {
    name: 'Lường Văn Tâm',
    email: 'tam.lv@h3001.laichau.gov.vn',
    roles: ['RECEPTION'],
    commune: 'H30.01',
    title: 'Công chức một cửa',
    enabled: true,
  };

  beforeAll(async () => {
    admin = (await tokenOf('admin.lci')).body.token;
  });

  it('an official created, moved and disabled through the API is what tokens then carry; created twice is one official', async () => {
    const created = await api.call('PUT', path('tam.lv'), { token: admin, body: desk });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ username: 'tam.lv', name: 'Lường Văn Tâm', roles: ['RECEPTION'], commune: 'H30.01', enabled: true });
    const again = await api.call('PUT', path('tam.lv'), { token: admin, body: desk });
    expect(again.status).toBe(200);
    const listed = (await api.call('GET', '/v1/provinces/LCI/officials', { token: admin })).body.items.filter((o: { email: string }) => o.email === desk.email);
    expect(listed).toHaveLength(1);

    const first = claimsOf((await tokenOf('tam.lv')).body.token);
    expect(first).toMatchObject({ sub: created.body.sub, name: 'Lường Văn Tâm', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });

    const moved = await api.call('PUT', path('tam.lv'), {
      token: admin,
      body: { ...desk, roles: ['SPECIALIST'], commune: 'H30.02', department: 'ECONOMICS', title: undefined },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).not.toHaveProperty('title');
    expect(claimsOf((await tokenOf('tam.lv')).body.token)).toMatchObject({ roles: ['SPECIALIST'], commune: 'H30.02', department: 'ECONOMICS' });
    // A dossier of the commune it was moved from is no longer its to read.
    const movedToken = (await tokenOf('tam.lv')).body.token;
    expect((await api.call('GET', '/v1/communes/H30.01/dossiers', { token: movedToken })).status).toBe(403);

    const disabled = await api.call('PUT', path('tam.lv'), { token: admin, body: { ...desk, enabled: false } });
    expect(disabled.body).toMatchObject({ enabled: false, roles: ['RECEPTION'], commune: 'H30.01' });
    expect((await tokenOf('tam.lv')).status).toBe(403);
    const signIn = (await api.call('GET', '/_local/officials')).body.items.map((o: { username: string }) => o.username);
    expect(signIn).not.toContain('tam.lv');
    expect(signIn).toContain('reception.h30.01');

    expect((await api.call('DELETE', path('tam.lv'), { token: admin })).status).toBe(204);
    expect((await api.call('DELETE', path('tam.lv'), { token: admin })).status).toBe(404);
  });

  it('refuses what a province administrator may not do, each for its own reason, and changes nothing', async () => {
    const put = (username: string, body: Record<string, unknown>, token = admin, province = 'LCI') =>
      api.call('PUT', path(username, province), { token, body });
    // Another province.
    expect((await put('x.other', desk, admin, 'HGI')).status).toBe(403);
    // A role an administrator does not give.
    const raised = await put('x.admin', { ...desk, roles: ['PROVINCE_ADMIN'], commune: undefined });
    expect(raised.status).toBe(403);
    expect(raised.body.detail).toMatch(/does not give the role PROVINCE_ADMIN/);
    expect((await put('x.portal', { ...desk, roles: ['PORTAL'], commune: undefined })).status).toBe(400);
    // Wrong claims, by the rules of the pre-token trigger.
    const noDepartment = await put('x.spec', { ...desk, roles: ['SPECIALIST'] });
    expect(noDepartment.status).toBe(400);
    expect(noDepartment.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.department' })]));
    expect((await put('x.unknown', { ...desk, commune: 'H99.99' })).status).toBe(400);
    // Another administrator's account, and the e-mail of another official.
    expect((await put('admin.lci', { ...desk, roles: ['PROVINCE_AUDITOR'], commune: undefined })).status).toBe(403);
    expect((await put('x.twin', { ...desk, email: 'reception.h30.01@mot-cua.local' })).status).toBe(409);
    // Not an administrator.
    expect((await put('x.desk', desk, named.reception)).status).toBe(403);
    const usernames = (await api.call('GET', '/v1/provinces/LCI/officials', { token: admin })).body.items.map((o: { username: string }) => o.username);
    expect(usernames.filter((u: string) => u.startsWith('x.'))).toEqual([]);
  });
});
