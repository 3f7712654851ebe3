import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../shared/adapters/aws.js';
import { keys } from '../../shared/adapters/table.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startSuite } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let auditor: string;
const base = '/v1/communes/H30.01/dossiers';

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
  auditor = await api.token({ sub: 'inspector@LCI', roles: ['PROVINCE_AUDITOR'], province: 'LCI' });
});

afterAll(async () => {
  await runtime?.stop();
});

async function trail(id: string, token: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Record<string, unknown>[]; nextCursor: string | null } } = await api.call(
      'GET',
      `${base}/${id}/audit?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('the access trail', () => {
  it('lists every read and change of a whole lifecycle, who and from where, without personal data', async () => {
    const { id } = await fullLifecycle(api, who, { procedureCode: '2.000908', reader: who.head.OFFICE });
    expect((await api.call('GET', `${base}/${id}/forms/06`, { token: who.reception })).status).toBe(200);
    // Refused requests read nothing: not on record.
    expect((await api.call('POST', `${base}/${id}/return`, { token: who.reception, body: {} })).status).toBe(409);

    const items = await trail(id, auditor);

    const changes = items.filter((e) => e.action !== 'read' && !String(e.action).startsWith('form-') && e.action !== 'audit-read');
    expect(changes.map((e) => [e.action, e.sub])).toEqual([
      ['create', 'reception@H30.01'],
      ['accept', 'reception@H30.01'],
      ['assign', 'head-office@H30.01'],
      ['propose', 'specialist-office@H30.01'],
      ['review', 'head-office@H30.01'],
      ['approve', 'leader@H30.01'],
      ['issue', 'clerk@H30.01'],
      ['return', 'reception@H30.01'],
    ]);
    const reads = items.filter((e) => e.action === 'read');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.some((e) => e.sub === 'head-office@H30.01')).toBe(true);
    expect(items.filter((e) => e.action === 'form-06')).toHaveLength(1);
    for (const e of items) {
      expect(e).toMatchObject({ dossierId: id, commune: 'H30.01', sourceIp: '127.0.0.1' });
      expect(Array.isArray(e.roles) && e.roles.length).toBeTruthy();
      expect(typeof e.requestId).toBe('string');
    }
    expect(items.map((e) => e.at)).toEqual([...items.map((e) => String(e.at))].sort());
    const text = JSON.stringify(items);
    for (const personal of Object.values(applicant)) expect(text).not.toContain(personal);
    // The changes are read from the dossier's history (its hash chain keeps them); only the other accesses are items of their own.
    const stored = await dynamo().send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.auditPK('H30.01', id) } },
      }),
    );
    expect(new Set(stored.Items!.map((i) => i.action!.S))).toEqual(new Set(['read', 'form-06', 'audit-read']));
    const dossier = (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
    expect(dossier.history.every((h: Record<string, unknown>) => !('access' in h))).toBe(true);

    // Listing the trail is itself on record.
    const again = await trail(id, auditor);
    expect(again.filter((e) => e.action === 'audit-read' && e.sub === 'inspector@LCI').length).toBeGreaterThanOrEqual(1);
  });

  it('is read by the provincial inspector and the commune leader only', async () => {
    const created = await api.call('POST', base, { token: who.reception, body: newDossier('2.000908') });
    const id = created.body.id as string;
    const otherLeader = await api.token({ sub: 'leader@H30.02', roles: ['LEADER'], province: 'LCI', commune: 'H30.02' });
    const otherAuditor = await api.token({ sub: 'inspector@HNI', roles: ['PROVINCE_AUDITOR'], province: 'HNI' });
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });

    expect((await api.call('GET', `${base}/${id}/audit`, { token: who.leader })).status).toBe(200);
    expect((await api.call('GET', `${base}/${id}/audit`, { token: auditor })).status).toBe(200);
    for (const token of [who.reception, who.head.OFFICE, who.clerk, who.portal, admin, otherLeader, otherAuditor]) {
      const answer = await api.call('GET', `${base}/${id}/audit`, { token });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    const { items } = (await api.call('GET', `${base}/${id}/audit`, { token: auditor })).body;
    expect(items.filter((e: { action: string }) => e.action === 'audit-read')).toHaveLength(2);
  });
});
