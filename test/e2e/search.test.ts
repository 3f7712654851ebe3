import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { dynamo } from '../../shared/adapters/aws.js';
import { keys, TABLE } from '../../shared/adapters/table.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

/*
 * The desk's search by code, ID number and phone, and its list of dossiers received for other
 * communes, against the local runtime on DynamoDB Local.
 */

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let tanUyen: Awaited<ReturnType<typeof officials>>;
let muongKhoa: Awaited<ReturnType<typeof officials>>;

const setClock = async (now: string) => expect((await api.call('PUT', '/_local/clock', { body: { now } })).status).toBe(200);
const search = (token: string, body: Record<string, unknown>, c = 'H30.01') => api.call('POST', `/v1/communes/${c}/dossiers/search`, { token, body });
const received = (token: string, c: string, query = '') => api.call('GET', `/v1/communes/${c}/dossiers/received-for-others${query}`, { token });

async function create(token: string, c: string, extra: Record<string, unknown> = {}) {
  const answer = await api.call('POST', `/v1/communes/${c}/dossiers`, { token, body: { ...newDossier('1.004873'), ...extra } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; commune: string };
}

// Another applicant than the other suites', so that what is found here was made here.
const person = { ...applicant, idNumber: '079300001111', phone: '0987654321' };

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  tanUyen = await officials(api, 'H30.01');
  muongKhoa = await officials(api, 'H30.02');
});

afterAll(async () => {
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

describe('search by ID number and phone', () => {
  let first: { id: string };
  let second: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    // A minute apart, so that "newest first" has one answer.
    await setClock('2026-03-02T08:00:00+07:00');
    first = await create(tanUyen.reception, 'H30.01', { applicant: person });
    await setClock('2026-03-02T08:01:00+07:00');
    second = await create(tanUyen.reception, 'H30.01', { applicant: person });
    other = await create(tanUyen.reception, 'H30.01', { applicant: { ...person, idNumber: '079300002222', phone: '0911000222' } });
  });

  it('finds exactly the applicant’s dossiers of the commune, newest first, for every commune role', async () => {
    for (const token of [tanUyen.reception, tanUyen.head.OFFICE, tanUyen.leader, tanUyen.clerk]) {
      const answer = await search(token, { idNumber: person.idNumber });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
      expect(answer.body.items[0]).toMatchObject({ applicantName: person.name, status: 'SUBMITTED', commune: 'H30.01' });
    }
  });

  it('matches a phone however the desk writes it', async () => {
    for (const phone of ['0987654321', '+84987654321', '84987654321']) {
      const answer = await search(tanUyen.reception, { phone });
      expect(
        answer.body.items.map((i: { id: string }) => i.id),
        phone,
      ).toEqual([second.id, first.id]);
    }
  });

  it('finds nothing on a number that is not exactly the applicant’s, nor in another commune', async () => {
    expect((await search(tanUyen.reception, { idNumber: '079300001112' })).body.items).toEqual([]);
    expect((await search(muongKhoa.reception, { idNumber: person.idNumber }, 'H30.02')).body.items).toEqual([]);
  });

  it('pages with a cursor that continues only the search it was made for', async () => {
    const page1 = await search(tanUyen.reception, { idNumber: person.idNumber, limit: 1 });
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([second.id]);
    const page2 = await search(tanUyen.reception, { idNumber: person.idNumber, limit: 1, cursor: page1.body.nextCursor });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const foreign = await search(tanUyen.reception, { phone: person.phone, limit: 1, cursor: page1.body.nextCursor });
    expect(foreign.status).toBe(400);
  });

  it('keeps neither the ID number nor the phone in clear in any index key', async () => {
    const { Item } = await dynamo().send(new GetCommand({ TableName: runtime.tableName, Key: keys.dossier('H30.01', first.id) }));
    const indexKeys = Object.values(TABLE.indexes).flatMap((i) => [i.pk, i.sk ?? '']);
    const keyValues = Object.entries(Item!)
      .filter(([name]) => indexKeys.includes(name))
      .map(([, value]) => String(value));
    // Each a 128-bit HMAC (22 characters) under the commune's prefix.
    expect(keyValues.some((v) => /^C#H30\.01#ID#[\w-]{22}$/.test(v))).toBe(true);
    expect(keyValues.some((v) => /^C#H30\.01#PH#[\w-]{22}$/.test(v))).toBe(true);
    for (const clear of [person.idNumber, person.phone, person.phone.slice(1)]) expect(keyValues.join(' ')).not.toContain(clear);
    // The index answers by the HMAC, with keys only.
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: runtime.tableName,
        IndexName: 'byIdNumber',
        KeyConditionExpression: 'idNumberPK = :pk',
        ExpressionAttributeValues: { ':pk': Item!.idNumberPK },
      }),
    );
    expect(Items?.map((i) => Object.keys(i).sort())).toEqual([
      ['PK', 'SK', 'idNumberPK', 'worklistSK'],
      ['PK', 'SK', 'idNumberPK', 'worklistSK'],
    ]);
  });

  it('puts each dossier found on its access trail, and not the others', async () => {
    await search(tanUyen.head.ECONOMICS, { phone: person.phone });
    const trail = (id: string) => api.call('GET', `/v1/communes/H30.01/dossiers/${id}/audit?limit=100`, { token: tanUyen.leader });
    const entries = (await trail(first.id)).body.items as { action: string; sub: string }[];
    expect(entries).toContainEqual(expect.objectContaining({ action: 'search-id-number', sub: 'reception@H30.01' }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'search-phone', sub: 'head-economics@H30.01' }));
    expect(JSON.stringify(entries)).not.toContain(person.idNumber);
    expect((await trail(other.id)).body.items.filter((e: { action: string }) => e.action.startsWith('search'))).toEqual([]);
  });

  it('refuses portals, another commune’s path and an ambiguous or empty query, with problem+json', async () => {
    const portal = await search(tanUyen.portal, { idNumber: person.idNumber });
    const foreign = await search(muongKhoa.reception, { idNumber: person.idNumber }, 'H30.01');
    const both = await search(tanUyen.reception, { idNumber: person.idNumber, phone: person.phone });
    const none = await search(tanUyen.reception, {});
    const malformed = await search(tanUyen.reception, { idNumber: '12 34' });
    expect([portal, foreign, both, none, malformed].map((a) => a.status)).toEqual([403, 403, 400, 400, 400]);
    expect(both.headers.get('content-type')).toContain('application/problem+json');
    expect(both.body.errors).toContainEqual({ path: 'body.code', message: 'give exactly one of code, idNumber and phone' });
  });
});

describe('search by code', () => {
  it('finds an accepted dossier of the commune, and a dossier its desk received for another', async () => {
    const own = await create(tanUyen.reception, 'H30.01');
    const code = (await api.call('POST', `/v1/communes/H30.01/dossiers/${own.id}/accept`, { token: tanUyen.reception, body: {} })).body.receipt.code;
    const found = await search(tanUyen.leader, { code });
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([own.id]);
    expect((await search(muongKhoa.reception, { code }, 'H30.02')).body.items).toEqual([]);

    const forOther = await create(muongKhoa.reception, 'H30.02', { competentCommune: 'H30.01' });
    const otherCode = (await api.call('POST', `/v1/communes/H30.01/dossiers/${forOther.id}/accept`, { token: muongKhoa.reception, body: {} })).body.receipt
      .code;
    expect(otherCode).toMatch(/^H30\.02-/);
    expect((await search(muongKhoa.reception, { code: otherCode }, 'H30.02')).body.items).toMatchObject([{ id: forOther.id, commune: 'H30.01' }]);
    expect((await search(tanUyen.reception, { code: otherCode })).body.items).toMatchObject([{ id: forOther.id }]);
  });
});

describe('dossiers received for other communes', () => {
  it('lists what the desk received for another commune, newest first, and opens each at its competent commune', async () => {
    await setClock('2026-03-03T08:00:00+07:00');
    const older = await create(muongKhoa.reception, 'H30.02', { competentCommune: 'H30.01' });
    await setClock('2026-03-03T08:01:00+07:00');
    const newer = await create(muongKhoa.reception, 'H30.02', { competentCommune: 'H30.03' });
    const own = await create(muongKhoa.reception, 'H30.02');

    const list = await eventually(async () => {
      const answer = await received(muongKhoa.reception, 'H30.02');
      return answer.body.items.length >= 2 && answer;
    });
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids).not.toContain(own.id);
    expect(list.body.items.find((i: { id: string }) => i.id === newer.id)).toMatchObject({ commune: 'H30.03', status: 'SUBMITTED' });
    const opened = await api.call('GET', `/v1/communes/H30.03/dossiers/${newer.id}`, { token: muongKhoa.reception });
    expect(opened.status).toBe(200);

    const page = await received(muongKhoa.reception, 'H30.02', '?limit=1');
    expect(page.body.items).toHaveLength(1);
    const next = await received(muongKhoa.reception, 'H30.02', `?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);

    // The competent commune's desk has not received them: they are in its worklist, not here.
    expect((await received(tanUyen.reception, 'H30.01')).body.items.map((i: { id: string }) => i.id)).not.toContain(older.id);
  });

  it('is the desk’s and the province’s list, nobody else’s', async () => {
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const answers = await Promise.all([
      received(admin, 'H30.02'),
      received(muongKhoa.head.OFFICE, 'H30.02'),
      received(tanUyen.reception, 'H30.02'),
      received(muongKhoa.portal, 'H30.02'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 403, 403, 403]);
  });
});
