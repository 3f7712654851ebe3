/**
 * The national portal synchronisation state against DynamoDB Local: one write unit per stored
 * state, the sparse unsynced index holding exactly the failing dossiers, and a table kept from
 * before the index getting it.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NationalSyncState } from '../../shared/domain/national-portal.js';
import { localTable } from '../support/table.js';

type SyncAdapter = typeof import('../../shared/adapters/national-sync.js');
type Aws = typeof import('../../shared/adapters/aws.js');

let sync: SyncAdapter;
let aws: Aws;
let client: DynamoDBClient;

beforeAll(async () => {
  ({ client } = await localTable('it-sync'));
  sync = await import('../../shared/adapters/national-sync.js');
  aws = await import('../../shared/adapters/aws.js');
});

afterAll(() => {
  client?.destroy();
});

const dossier = (commune = 'H30.01') => ({ province: 'LCI', commune, id: randomUUID(), code: `${commune}-260302-0001` });
const failure = (since: string) => ({
  version: 3,
  at: '2026-03-02T10:00:00+07:00',
  since,
  error: `DongBoHoSoMC refused (HTTP 200, error_code 99): ${'Hệ thống đang bận. '.repeat(15)}`,
});

/** Write units one call consumed, as DynamoDB reports them (table and indexes). */
async function writeUnits(call: () => Promise<void>): Promise<number> {
  const before = aws.capacity.write;
  await call();
  return aws.capacity.write - before;
}

describe('the synchronisation state of a dossier', () => {
  it('is read back as stored, and costs one write unit a put; a failure adds its index entry, and the success after removes it', async () => {
    const d = dossier();
    const synced: NationalSyncState = { version: 9, syncedAt: '2026-03-02T10:00:00+07:00', sentStatus: 9, stepsSent: 6 };
    expect(await sync.getSyncState(d.commune, d.id)).toBeUndefined();

    expect(await writeUnits(() => sync.putSyncState(d, synced))).toBe(1);
    expect(await sync.getSyncState(d.commune, d.id)).toEqual(synced);

    const failing: NationalSyncState = { ...synced, failure: failure('2026-03-02T09:30:00+07:00') };
    // The item itself (1) and its entry in the sparse index (1).
    expect(await writeUnits(() => sync.putSyncState(d, failing))).toBe(2);
    expect(await sync.getSyncState(d.commune, d.id)).toEqual(failing);
    // Leaving the index costs the index entry's deletion.
    expect(await writeUnits(() => sync.putSyncState(d, { ...synced, version: 10, sentStatus: 10 }))).toBe(2);
  });

  it('lists the province’s failing dossiers whose change is older than asked, oldest first, and no other', async () => {
    const [old, recent, recovered, elsewhere] = [dossier('H30.01'), dossier('H30.02'), dossier('H30.01'), { ...dossier('X01.01'), province: 'XYZ' }];
    await sync.putSyncState(old, { version: 0, stepsSent: 0, failure: failure('2026-03-02T08:00:00+07:00') });
    await sync.putSyncState(recent, { version: 0, stepsSent: 0, failure: failure('2026-03-02T09:45:00+07:00') });
    await sync.putSyncState(recovered, { version: 0, stepsSent: 0, failure: failure('2026-03-02T07:00:00+07:00') });
    await sync.putSyncState(recovered, { version: 1, stepsSent: 0, sentStatus: 1, syncedAt: '2026-03-02T09:50:00+07:00' });
    await sync.putSyncState(elsewhere, { version: 0, stepsSent: 0, failure: failure('2026-03-02T06:00:00+07:00') });

    const listed = await sync.unsyncedSince('LCI', '2026-03-02T09:00:00+07:00');

    expect(listed.map((u) => u.dossierId)).toEqual([old.id]);
    expect(listed[0]).toEqual({ commune: 'H30.01', dossierId: old.id, code: old.code, since: '2026-03-02T08:00:00+07:00', error: failure('').error });
    expect((await sync.unsyncedSince('LCI', '2026-03-02T10:00:00+07:00')).map((u) => u.dossierId)).toEqual([old.id, recent.id]);
  });
});

describe('a table kept from before an index existed', () => {
  it('gets the missing index when the local runtime starts on it', async () => {
    const name = `it-old-${randomUUID()}`;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    );
    const { ensureTable } = await import('../../infra/local/table.js');
    const { TABLE } = await import('../../shared/adapters/table.js');

    await ensureTable(client, name);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(Object.keys(TABLE.indexes).sort());
    expect(Table?.StreamSpecification?.StreamEnabled).toBe(true);
  });
});
