/**
 * `npm run migrate` on DynamoDB Local: the backfill of current formats over a table of items
 * stored before formats were named — a dry run writes nothing, a run upgrades them all, a second
 * run changes nothing, a run stopped halfway is continued by the next, and the write units stay
 * within the budget.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/table.js';
import { DEFAULT_OFFICE_HOURS, workingCalendar } from '../../shared/domain/calendar.js';
import { generatedYear, OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { decide, submitDossier } from '../../shared/domain/lifecycle.js';
import type { Actor, Dossier, Procedure } from '../../shared/domain/model.js';
import { parseInstant } from '../../shared/domain/time.js';
import { localTable } from '../support/table.js';

type Migrate = typeof import('../../scripts/migrate.js');
let migrate: Migrate;
let aws: typeof import('../../shared/adapters/aws.js');
let repo: typeof import('../../shared/adapters/repository.js');
let formats: typeof import('../../shared/adapters/formats.js');
type Backfill = (typeof import('../../shared/adapters/backfills.js'))['BACKFILLS'][number];
let backfill: Extract<Backfill, { change: unknown }>;
let dossierItem: (typeof import('../../shared/adapters/dossier-item.js'))['dossierItem'];
let client: DynamoDBClient;

const PROVINCE = 'MIG';
const procedure: Procedure = {
  code: '2.000001',
  name: 'Chứng thực bản sao',
  department: 'OFFICE',
  processing: { kind: 'WORKING_DAYS', days: 1 },
  stepBudgets: { RECEPTION: 0.1, ASSIGNMENT: 0.1, APPRAISAL: 0.4, REVIEW: 0.2, APPROVAL: 0.1, ISSUANCE: 0.1 },
  requiredDocuments: ['Bản chính'],
  fees: [{ code: 'PHI', name: 'Phí chứng thực', kind: 'PHI', amount: 2000, collectAt: 'RECEPTION' }],
  supplementRule: 'PAUSE',
  version: 1,
};

beforeAll(async () => {
  ({ client } = await localTable('it-migrate'));
  migrate = await import('../../scripts/migrate.js');
  aws = await import('../../shared/adapters/aws.js');
  repo = await import('../../shared/adapters/repository.js');
  formats = await import('../../shared/adapters/formats.js');
  backfill = (await import('../../shared/adapters/backfills.js')).BACKFILLS.find((b): b is typeof backfill => b.name === 'current-formats' && 'change' in b)!;
  ({ dossierItem } = await import('../../shared/adapters/dossier-item.js'));
});

afterAll(() => client?.destroy());

/** A fresh table of the same schema, which the adapters use from now on. */
async function freshTable(): Promise<void> {
  process.env.TABLE_NAME = `it-migrate-${randomUUID()}`;
  await ensureTable(client, process.env.TABLE_NAME);
  const { putProcedure } = await import('../../shared/adapters/province-config.js');
  const { version: _version, ...unpublished } = procedure;
  await putProcedure(PROVINCE, unpublished, 0);
}

const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS, generatedYear);
const desk = (commune: string): Actor => ({ sub: 'desk-1', roles: ['RECEPTION'], province: PROVINCE, commune });

/** A dossier accepted at the desk: two history entries, a code, a due time. */
function acceptedDossier(commune: string, i: number): Dossier {
  const now = parseInstant('2026-04-07T09:00:00+07:00') + i * 60_000;
  const submitted = submitDossier(
    {
      procedureCode: procedure.code,
      channel: 'IN_PERSON',
      applicant: { name: `Công dân ${i}`, idNumber: '012345678901', address: 'Bản Mường' },
      documents: [{ name: 'Bản chính', kind: 'ORIGINAL', count: 1 }],
    },
    desk(commune),
    { now, id: randomUUID(), commune, receivingUnit: commune, procedure, lookupSecretHash: 'hash' },
  );
  if (!submitted.ok) throw new Error(submitted.refusal.detail);
  const accepted = decide(submitted.dossier, { type: 'accept', code: `${commune}-260407-${String(i).padStart(4, '0')}` }, desk(commune), {
    now: now + 60_000,
    calendar,
  });
  if (!accepted.ok) throw new Error(accepted.refusal.detail);
  return accepted.dossier;
}

/** A dossier item as the code before formats stored it: no format named, the body without its dictionary's number. */
function formatOneItem(d: Dossier): Record<string, unknown> {
  const { [formats.FORMAT]: _format, b, ...rest } = dossierItem(d);
  return { ...rest, b: (b as Buffer).subarray(1) };
}

async function putItems(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const RequestItems = { [aws.tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    const answer = await aws.dynamo().send(new BatchWriteCommand({ RequestItems }));
    expect(answer.UnprocessedItems ?? {}).toEqual({});
  }
}

async function everyItem(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await aws.dynamo().send(new ScanCommand({ TableName: aws.tableName(), ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${String(a.PK)}|${String(a.SK)}`.localeCompare(`${String(b.PK)}|${String(b.SK)}`));
}

/** Items not in their kind's current format (the backfill's own checkpoint aside). */
const outdated = (items: Record<string, unknown>[]) =>
  items.filter((item) => {
    const kind = formats.kindOf(item);
    return kind && (item[formats.FORMAT] === undefined || formats.formatOf(item) !== formats.currentFormat(kind));
  });

/**
 * 30 dossiers stored before formats (format 1), each with a sent message of that time (unstamped),
 * and 10 dossiers already in the current format: 60 items to change, 11 current ones (with the
 * procedure's two items).
 */
async function seed(): Promise<{ old: Dossier[]; current: Dossier[] }> {
  const commune = `M${randomUUID().slice(0, 6)}`;
  const old = Array.from({ length: 30 }, (_, i) => acceptedDossier(commune, i));
  const current = Array.from({ length: 10 }, (_, i) => acceptedDossier(commune, 100 + i));
  const message = (d: Dossier) => ({
    PK: `C#${d.commune}#D#${d.id}`,
    SK: `MESSAGE#000002#SMS`,
    commune: d.commune,
    dossierId: d.id,
    version: 2,
    channel: 'SMS',
    type: 'dossier.accepted',
    at: '2026-04-07T09:01:00+07:00',
  });
  await putItems([...old.map(formatOneItem), ...old.map(message), ...current.map(dossierItem)]);
  return { old, current };
}

describe('the current-formats backfill', () => {
  let made: { old: Dossier[]; current: Dossier[] };
  let before: Record<string, unknown>[];

  beforeAll(async () => {
    await freshTable();
    made = await seed();
    before = await everyItem();
    expect(outdated(before)).toHaveLength(60);
  });

  it('reads items of the old format as they were before any is rewritten', async () => {
    for (const d of made.old.slice(0, 3)) await expect(repo.getDossier(d.commune, d.id)).resolves.toEqual({ ...d, procedure });
  });

  it('counts on a dry run and writes nothing', async () => {
    const report = await migrate.runBackfill(backfill, { dryRun: true, pageSize: 25 });
    expect(report).toMatchObject({ dryRun: true, done: true, scanned: before.length, selected: 60, changed: 0, writeUnits: 0 });
    expect(await everyItem()).toEqual(before);
    await expect(migrate.readCheckpoint(backfill.name)).resolves.toBeUndefined();
  });

  it('stopped after two pages, is continued by the next run from its checkpoint', async () => {
    const stop = new AbortController();
    const first = await migrate.runBackfill(backfill, { pageSize: 20, onPage: (p) => p.pages === 2 && stop.abort(), signal: stop.signal });
    expect(first).toMatchObject({ done: false, pages: 2, scanned: 40, resumed: false });
    expect(first.changed).toBeGreaterThan(0);
    expect(outdated(await everyItem())).toHaveLength(60 - first.changed);
    const checkpoint = await migrate.readCheckpoint(backfill.name);
    expect(checkpoint).toMatchObject({ done: false, scanned: 40, changed: first.changed });

    const second = await migrate.runBackfill(backfill, { pageSize: 20 });
    // The second run read only what the first had not (and perhaps the checkpoint): the scan went on from it.
    expect(second).toMatchObject({ resumed: true, done: true, changedMeanwhile: 0 });
    expect([before.length, before.length + 1]).toContain(first.scanned + second.scanned);
    expect(first.changed + second.changed).toBe(60);
    expect(outdated(await everyItem())).toEqual([]);
    await expect(migrate.readCheckpoint(backfill.name)).resolves.toMatchObject({ done: true, changed: 60 });
  });

  it('leaves every dossier reading as before, and items already current untouched', async () => {
    for (const d of [...made.old, ...made.current]) await expect(repo.getDossier(d.commune, d.id)).resolves.toEqual({ ...d, procedure });
    const after = new Map((await everyItem()).map((item) => [`${String(item.PK)}|${String(item.SK)}`, item]));
    for (const item of before.filter((i) => outdated([i]).length === 0)) expect(after.get(`${String(item.PK)}|${String(item.SK)}`)).toEqual(item);
  });

  it('changes nothing on a second run', async () => {
    const items = await everyItem();
    const report = await migrate.runBackfill(backfill, { pageSize: 20 });
    expect(report).toMatchObject({ resumed: false, done: true, selected: 0, changed: 0 });
    const again = (await everyItem()).filter((i) => i.PK !== 'BACKFILL');
    expect(again).toEqual(items.filter((i) => i.PK !== 'BACKFILL'));
  });
});

describe('a dossier saved by the application meanwhile', () => {
  it('is not overwritten by the change made from the item read before', async () => {
    await freshTable();
    const { old } = await seed();
    const d = old[0]!;
    const key = { PK: `C#${d.commune}#D#${d.id}`, SK: 'D' };
    const read = (await everyItem()).find((i) => i.PK === key.PK && i.SK === key.SK)!;
    const change = backfill.change(read);
    expect(Object.keys(change.set).sort()).toEqual(['b', 'f']);

    const next = decide(d, { type: 'withdraw', reason: 'Công dân rút hồ sơ' }, desk(d.commune), { now: Date.now(), calendar });
    if (!next.ok) throw new Error(next.refusal.detail);
    await repo.saveDossier(next.dossier, d.version);
    await expect(migrate.writeChange(key, change)).resolves.toEqual({ written: false, units: 0 });
    await expect(repo.getDossier(d.commune, d.id)).resolves.toEqual({ ...next.dossier, procedure });
    // Nor is a deleted item made again.
    await expect(migrate.writeChange({ PK: key.PK, SK: 'MESSAGE#999999#SMS' }, { set: { f: 1 }, from: { f: undefined } })).resolves.toMatchObject({
      written: false,
    });
  });
});

describe('the write budget', () => {
  it('keeps the write units consumed within --wcu per second', async () => {
    await freshTable();
    await seed();
    const wcu = 25;
    const report = await migrate.runBackfill(backfill, { wcu, pageSize: 30 });
    expect(report).toMatchObject({ done: true, changed: 60 });
    // Units as DynamoDB reported them: at least one per item written.
    expect(report.writeUnits).toBeGreaterThanOrEqual(60);
    // Unthrottled, DynamoDB Local writes these in under a second (about 80 units a second here).
    expect(report.writeUnits / report.seconds).toBeLessThanOrEqual(wcu);
    console.log(
      `migrate: ${report.changed} items in ${report.seconds.toFixed(2)} s (${(report.changed / report.seconds).toFixed(1)} items/s), ` +
        `${report.writeUnits} WCU consumed = ${(report.writeUnits / report.seconds).toFixed(1)} WCU/s against a budget of ${wcu}`,
    );
  });
});
