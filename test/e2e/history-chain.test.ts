import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { verifyDossier } from '../../scripts/verify-dossier.js';
import { dynamo } from '../../shared/adapters/aws.js';
import { decodeBody, encodeBody } from '../../shared/adapters/dossier-body.js';
import { ATTRIBUTES, keys } from '../../shared/adapters/table.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-chain-'));

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  who = await officials(api);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A dossier worked up to appraisal: five history entries. */
async function worked(): Promise<string> {
  const id = (await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') })).body.id as string;
  const ok = async (action: string, token: string, body: Record<string, unknown> = {}) =>
    expect((await api.call('POST', `${base}/${id}/${action}`, { token, body })).status).toBe(200);
  await ok('accept', who.reception);
  await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
  await ok('assign', who.head.ECONOMICS, { assignee: who.specialistSub('ECONOMICS') });
  await ok('propose', who.specialist.ECONOMICS, { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
  return id;
}

/** Rewrites the stored dossier item as someone with table access would: the compressed body decoded (its preset dictionary is no secret), one history entry changed, encoded again. */
async function tamper(id: string, change: (history: Record<string, unknown>[]) => void) {
  const client = dynamo();
  const { PK, SK } = keys.dossier('H30.01', id);
  const Key = { PK: { S: PK }, SK: { S: SK } };
  const { Item } = await client.send(new GetItemCommand({ TableName: runtime.tableName, Key }));
  const body = decodeBody(Item![ATTRIBUTES.body]!.B!) as { history: Record<string, unknown>[] };
  change(body.history);
  const edited = encodeBody(body);
  await client.send(new PutItemCommand({ TableName: runtime.tableName, Item: { ...Item!, [ATTRIBUTES.body]: { B: edited } } }));
}

describe('the tamper-evident process control sheet', () => {
  it('shows the chain head on the dossier and on Form 06, in JSON and printed', async () => {
    const id = await worked();
    const dossier = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
    const sheet = await api.call('GET', `${base}/${id}/forms/06`, { token: who.reception });
    const printed = await fetch(`${runtime.url}${base}/${id}/forms/06`, { headers: { authorization: `Bearer ${who.reception}`, accept: 'application/pdf' } });
    const file = join(folder, '06.pdf');
    writeFileSync(file, Buffer.from(await printed.arrayBuffer()));
    const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, '');

    expect(dossier.historyHead).toEqual({ hash: dossier.history.at(-1).hash, entries: 5 });
    expect(dossier.history.map((h: { hash: string }) => h.hash)).toEqual([...new Set(dossier.history.map((h: { hash: string }) => h.hash))]);
    expect(sheet.body.historyHead).toEqual(dossier.historyHead);
    expect(text).toContain(dossier.historyHead.hash);
  });

  it('finds the one stored entry edited behind the application, and says the untouched chain is valid', async () => {
    const id = await worked();
    const auditor = await api.token({ sub: 'inspector@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
    const verify = async () => api.call('GET', `${base}/${id}/history/verification`, { token: auditor });
    const before = await verify();
    const head = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.historyHead;

    await tamper(id, (history) => {
      history[2]!.actor = 'head-office@H30.01';
    });
    const after = await verify();
    // The sheet still reads as if nothing happened: only the chain tells.
    const reread = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;

    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ dossierId: id, valid: true, head, firstMismatch: null, algorithm: 'SHA-256' });
    expect(reread.history[2].actor).toBe('head-office@H30.01');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ valid: false, head, firstMismatch: { seq: 3, action: 'receive', stored: reread.history[2].hash } });
    expect(after.body.firstMismatch.computed).not.toBe(after.body.firstMismatch.stored);
  });

  it('is checked from the table by npm run verify-dossier, with the head a printed sheet shows', async () => {
    const id = await worked();
    const printed = (await api.call('GET', `${base}/${id}/forms/06`, { token: who.reception })).body.historyHead.hash as string;
    expect((await api.call('POST', `${base}/${id}/review`, { token: who.head.ECONOMICS, body: { agree: true, note: 'Trình' } })).status).toBe(200);

    const intact = await verifyDossier('H30.01', id, printed);
    await tamper(id, (history) => {
      history[0]!.at = '2026-01-01T08:00:00+07:00';
    });
    const edited = await verifyDossier('H30.01', id, printed);
    const unknownHead = await verifyDossier('H30.01', id, 'a'.repeat(64));

    expect(intact).toMatchObject({ found: true, check: { valid: true, head: { entries: 6 } }, printedAfter: 5 });
    expect(edited).toMatchObject({ check: { valid: false, firstMismatch: { seq: 1, action: 'submit' } }, printedAfter: 5 });
    expect(unknownHead.printedAfter).toBeNull();
    expect(await verifyDossier('H30.01', '00000000-0000-4000-8000-000000000000')).toEqual({ found: false });
  });

  it("chains each change's access trail entry: a request's address rewritten in the table is found", async () => {
    const id = await worked();
    expect(await verifyDossier('H30.01', id)).toMatchObject({ check: { valid: true } });

    await tamper(id, (history) => {
      (history[1]!.access as Record<string, unknown>).sourceIp = '198.51.100.1';
    });

    expect(await verifyDossier('H30.01', id)).toMatchObject({ check: { valid: false, firstMismatch: { seq: 2, action: 'accept' } } });
  });

  it('is refused to those who may not see the dossier', async () => {
    const id = (await api.call('POST', base, { token: who.reception, body: newDossier('1.001612') })).body.id as string;
    const elsewhere = await api.token({ sub: 'reception@H30.02', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.02' });

    const answer = await api.call('GET', `${base}/${id}/history/verification`, { token: elsewhere });

    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });
});
