import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startTestRuntime({ consumers: false });
  api = apiClient(runtime);
});

afterAll(async () => {
  await runtime?.stop();
});

const portal = '/_local/national-portal';
const credentials = () => JSON.parse(process.env.NATIONAL_PORTAL_CREDENTIALS!) as { username: string; password: string };
const record = { MaHoSo: 'H30.01-260302-0001', TrangThaiHoSo: 2 };

describe('the local national portal adapter', () => {
  it('issues a session for its credentials only, and takes calls on it, kept in order', async () => {
    const refused = await api.call('POST', `${portal}/auth`, { body: { username: credentials().username, password: 'guess' } });
    expect(refused.status).toBe(401);
    expect(refused.body).not.toHaveProperty('session');

    const { session } = (await api.call('POST', `${portal}/auth`, { body: credentials() })).body;
    expect(session).toMatch(/^[0-9a-f]{32}$/);
    const before = (await api.call('GET', `${portal}/received`)).body.items.length;

    const first = await api.call('POST', `${portal}/integration`, {
      body: { session, madonvi: 'H30', service: 'DongBoHoSoMC', isUpdating: false, data: [record] },
    });
    const second = await api.call('POST', `${portal}/integration`, {
      body: { session, madonvi: 'H30', service: 'CapNhatTienDoHoSoMC', isUpdating: false, data: [{ MaHoSo: record.MaHoSo }] },
    });

    expect([first.body.error_code, second.body.error_code]).toEqual([0, 0]);
    const items = (await api.call('GET', `${portal}/received`)).body.items.slice(before);
    expect(items.map((i: { service: string }) => i.service)).toEqual(['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']);
    expect(items[0]).toMatchObject({ madonvi: 'H30', isUpdating: false, data: [record] });
    expect(items[0].at).toMatch(/\+07:00$/);
    // The session and the credentials are not kept with what was received.
    expect(JSON.stringify(items)).not.toContain(session);
    expect(JSON.stringify(items)).not.toContain(credentials().password);
  });

  it('refuses an unknown session, a malformed call, and fails as told', async () => {
    const { session } = (await api.call('POST', `${portal}/auth`, { body: credentials() })).body;
    const call = (body: Record<string, unknown>) => api.call('POST', `${portal}/integration`, { body: { session, madonvi: 'H30', isUpdating: true, ...body } });
    const before = (await api.call('GET', `${portal}/received`)).body.items.length;

    expect((await call({ session: 'forged', service: 'DongBoHoSoMC', data: [record] })).body.error_code).toBe(401);
    expect((await call({ service: 'XoaHoSo', data: [record] })).body.error_code).toBe(2);

    expect((await api.call('PUT', `${portal}/faults`, { body: { failNext: 2, malformedNext: 1 } })).status).toBe(200);
    const malformed = await call({ service: 'DongBoHoSoMC', data: [record] });
    expect(malformed.status).toBe(502);
    expect(typeof malformed.body).toBe('string');
    expect((await call({ service: 'DongBoHoSoMC', data: [record] })).body.error_code).toBe(99);
    expect((await call({ service: 'DongBoHoSoMC', data: [record] })).body.error_code).toBe(99);
    expect((await call({ service: 'DongBoHoSoMC', data: [record] })).body.error_code).toBe(0);

    await api.call('PUT', `${portal}/faults`, { body: { expireSessions: true } });
    expect((await call({ service: 'DongBoHoSoMC', data: [record] })).body.error_code).toBe(401);

    expect((await api.call('GET', `${portal}/received`)).body.items.length).toBe(before + 1);
    const bad = await api.call('PUT', `${portal}/faults`, { body: { failNext: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});
