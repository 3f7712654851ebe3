import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { apiClient } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';

let runtime: LocalRuntime;
let token: string;

/** A valid value of each path parameter, so that only the one made malformed is wrong. */
const VALID: Record<string, (route: string) => string> = {
  p: () => 'LCI',
  c: () => 'H30.01',
  id: () => '00000000-0000-4000-8000-000000000000',
  code: (route) => (route === 'admin-put-procedure' ? '1.004873' : 'H30.01-260302-0001'),
  form: () => '01',
  aid: () => '00000000-0000-4000-8000-000000000001',
  sid: () => '00000000-0000-4000-8000-000000000002',
  sub: () => 'leader.h30.01',
  year: () => '2026',
  name: () => 'main',
  username: () => 'reception.h30.01',
  number: () => '1',
};

const BAD_ENCODINGS = ['%', '%E0%A4%A', '%ZZ', '%C0%80', '%ED%A0%80', '%FF', '%E0%A4', '%%', '%u0041', '%F4%90%80%80'];
const CONTROL = [...Array.from({ length: 32 }, (_, i) => i), 0x7f].map((c) => String.fromCharCode(c));

/** A path segment as a client may send it: bad percent-encoding, control characters, over-long, or any text. */
const segment = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...BAD_ENCODINGS), fc.string({ maxLength: 8 }))
    .map(([a, bad, b]) => `${encodeURIComponent(a)}${bad}${encodeURIComponent(b)}`),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL)).map(([a, control]) => encodeURIComponent(`${a}${control}${a}`)),
  fc.integer({ min: 65, max: 6000 }).map((n) => 'H'.repeat(n)),
  fc.integer({ min: 20, max: 1500 }).map((n) => encodeURIComponent('ệ'.repeat(n))),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
);
const query = fc.option(fc.tuple(fc.constantFrom('secret', 'date', 'cursor', 'limit', 'from', 'to', 'format', 'status'), segment), { nil: undefined });

beforeAll(async () => {
  runtime = await startTestRuntime();
  token = await apiClient(runtime).token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
});

afterAll(async () => {
  await runtime?.stop();
});

async function send(method: string, path: string) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('malformed URLs on the local runtime', () => {
  it('answer a bad percent-encoding with 400 problem+json, before any handler', async () => {
    const answer = await send('GET', '/v1/communes/%E0%A4%A/dossiers');
    expect(answer).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, detail: expect.stringContaining('percent-encoded') });
  });

  it('answer a control character or an over-long parameter with the handler’s 400', async () => {
    for (const path of ['/v1/communes/H30.01%00/dossiers', '/v1/lookup/%0A', `/v1/communes/${'H'.repeat(5000)}/dossiers`, '/v1/provinces/LCI/calendar/0x7EA']) {
      const answer = await send(path.includes('calendar') ? 'PUT' : 'GET', path);
      expect(answer, path).toMatchObject({ status: 400, type: 'application/problem+json' });
      expect(JSON.parse(answer.body).errors[0].path, path).toMatch(/^path\./);
    }
  });

  it('answer a report date that is no date at all with 400, not a failed date conversion', async () => {
    for (const path of ['/v1/communes/H30.01/reports/sla-breaches?date=%250', '/v1/provinces/LCI/reports/sla-breaches?date=1%1B1']) {
      const answer = await send('GET', path);
      expect(answer, path).toMatchObject({ status: 400, type: 'application/problem+json' });
      expect(JSON.parse(answer.body).errors[0].path, path).toBe('query.date');
    }
  });

  it('answer a path that does not parse as a URL with a 404, and keep serving', async () => {
    expect(await send('GET', '//[')).toMatchObject({ status: 404, type: 'application/problem+json' });
    expect((await send('GET', '/openapi.json')).status).toBe(200);
  });

  it.each(HTTP_ROUTES.map((r) => [r.name, r] as const))('never answer %s with a 5xx', async (_name, route) => {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    await fc.assert(
      fc.asyncProperty(fc.nat(), segment, query, async (which, bad, q) => {
        const target = names.length ? names[which % names.length] : undefined;
        const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === target ? bad : VALID[name]!(route.name)));
        const answer = await send(route.method, q ? `${path}?${q[0]}=${q[1]}` : path);
        expect(answer.status, `${route.method} ${path}: ${answer.body}`).toBeLessThan(500);
        if (answer.status === 400) expect(answer.type).toBe('application/problem+json');
      }),
      { numRuns: 15 },
    );
  });
});
