import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_FAILURE_LIMIT } from '../../infra/local/source-guard.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
const base = '/v1/communes/H30.01/dossiers';

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
});

afterAll(async () => {
  await runtime?.stop();
});

async function acceptedDossier() {
  const created = await api.call('POST', base, { token: who.reception, body: newDossier('1.004873') });
  const { code } = (await api.call('POST', `${base}/${created.body.id}/accept`, { token: who.reception, body: {} })).body;
  return { code: code as string, secret: created.body.lookupSecret as string };
}

/** A public call from a given loopback address (127.0.0.0/8 is all this machine), as a distinct client would make it. */
function lookupFrom(localAddress: string, path: string, body?: unknown): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(runtime.url);
  return new Promise((ok, fail) => {
    const req = request(
      { host: hostname, port, path, localAddress, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

describe('public lookup and rating', () => {
  it('always opens a dossier to its right secret, however many wrong guesses others sent for its code', async () => {
    const { code, secret } = await acceptedDossier();
    for (let i = 0; i < 20; i++) expect((await lookupFrom('127.0.0.2', `/v1/lookup/${code}?secret=guess-${i}`)).status).toBe(404);

    const rightful = await lookupFrom('127.0.0.3', `/v1/lookup/${code}?secret=${secret}`);

    expect(rightful.status).toBe(200);
    expect(JSON.parse(rightful.body)).toMatchObject({ code, status: 'IN_PROCESSING' });
  });

  it('takes the secret in the body as in the query, and counts a wrong one against the address alike', async () => {
    const { code, secret } = await acceptedDossier();
    const inBody = await lookupFrom('127.0.0.7', `/v1/lookup/${code}`, { secret });
    const inQuery = await lookupFrom('127.0.0.7', `/v1/lookup/${code}?secret=${secret}`);
    expect(inBody.status).toBe(200);
    // The same dossier; its step (and so its national status) may move on between the two calls, as the department receives it.
    const { step: _a, nationalStatus: _c, ...fromBody } = JSON.parse(inBody.body);
    const { step: _b, nationalStatus: _d, ...fromQuery } = JSON.parse(inQuery.body);
    expect(fromBody).toEqual(fromQuery);
    expect(fromBody).toMatchObject({ code, status: 'IN_PROCESSING' });

    const wrong = await lookupFrom('127.0.0.8', `/v1/lookup/${code}`, { secret: 'guess' });
    expect(wrong.status).toBe(404);
    for (let i = 1; i < SOURCE_FAILURE_LIMIT; i++) expect((await lookupFrom('127.0.0.8', `/v1/lookup/${code}`, { secret: `guess-${i}` })).status).toBe(404);
    expect((await lookupFrom('127.0.0.8', `/v1/lookup/${code}`, { secret })).status).toBe(429);
  });

  it('answers an unknown code and a wrong secret alike', async () => {
    const { code } = await acceptedDossier();
    const wrongSecret = await lookupFrom('127.0.0.5', `/v1/lookup/${code}?secret=guess`);
    const unknownCode = await lookupFrom('127.0.0.5', `/v1/lookup/H30.01-200101-9999?secret=guess`);

    expect(wrongSecret.status).toBe(404);
    expect(unknownCode).toEqual(wrongSecret);
  });

  it('refuses a source address past its failed lookups, and no other', async () => {
    const { code, secret } = await acceptedDossier();
    for (let i = 0; i < SOURCE_FAILURE_LIMIT; i++) expect((await lookupFrom('127.0.0.4', `/v1/lookup/${code}?secret=guess-${i}`)).status).toBe(404);

    const guesser = await lookupFrom('127.0.0.4', `/v1/lookup/${code}?secret=${secret}`);
    const rating = await lookupFrom('127.0.0.4', `/v1/lookup/${code}/rating`, { secret, score: 5 });
    const citizen = await lookupFrom('127.0.0.6', `/v1/lookup/${code}?secret=${secret}`);

    expect(guesser.status).toBe(429);
    expect(guesser.type).toContain('application/problem+json');
    expect(rating.status).toBe(429);
    expect(citizen.status).toBe(200);
  });

  it('takes one rating per dossier, only after the result was returned', async () => {
    const { code, secret, act } = await fullLifecycle(api, who, { procedureCode: '2.000908', until: 'RESULT_READY' });
    const rate = (body: Record<string, unknown>) => api.call('POST', `/v1/lookup/${code}/rating`, { body });

    expect((await rate({ secret, score: 5 })).status).toBe(409);
    await act('return', who.reception);
    const first = await rate({ secret, score: 4, comment: 'Nhanh, chu đáo' });
    const second = await rate({ secret, score: 1 });
    const wrongSecret = await rate({ secret: 'nope', score: 5 });
    const badScore = await rate({ secret, score: 6 });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ code, score: 4 });
    expect(second.status).toBe(409);
    expect(wrongSecret.status).toBe(404);
    expect(badScore.status).toBe(400);
  });
});
