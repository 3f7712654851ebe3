/**
 * The daily aggregates on DynamoDB Local: the stream consumer counts a stream delivered with a
 * batch redelivered, reordered and duplicated exactly once, and `npm run migrate`'s backfill
 * counts dossiers stored before the aggregates as the consumer would have — in both cases the
 * statistics and the service index read from the table equal those of the dossiers themselves.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/table.js';
import {
  aggregatesOf,
  contributionOf,
  dossierPartOf,
  serviceIndexOfAggregates,
  statisticsOfAggregates,
  syncPartOf,
  type DossierFacts,
} from '../../shared/domain/aggregates.js';
import type { Dossier } from '../../shared/domain/model.js';
import { nationalStatus } from '../../shared/domain/national-status.js';
import { nationalSyncOf, type NationalSyncState } from '../../shared/domain/national-portal.js';
import { serviceIndex } from '../../shared/domain/service-index.js';
import { GROUPINGS, statistics } from '../../shared/domain/statistics.js';
import { addDays } from '../../shared/domain/time.js';
import { commands, officials, procedure, Story } from '../domain/fixtures.js';
import { localTable } from '../support/table.js';

let client: DynamoDBClient;
let aggregates: typeof import('../../shared/adapters/aggregates.js');
let aws: typeof import('../../shared/adapters/aws.js');
let dossierItem: (typeof import('../../shared/adapters/dossier-item.js'))['dossierItem'];
let keys: (typeof import('../../shared/adapters/table.js'))['keys'];

beforeAll(async () => {
  ({ client } = await localTable('it-aggregates'));
  aggregates = await import('../../shared/adapters/aggregates.js');
  aws = await import('../../shared/adapters/aws.js');
  ({ dossierItem } = await import('../../shared/adapters/dossier-item.js'));
  ({ keys } = await import('../../shared/adapters/table.js'));
});

afterAll(() => client?.destroy());

async function freshTable(): Promise<void> {
  process.env.TABLE_NAME = `it-aggregates-${crypto.randomUUID()}`;
  await ensureTable(client, process.env.TABLE_NAME);
}

const { reception } = officials;

/** Five dossiers of March 2026, every version kept: returned and rated, refused at the desk (in person), in appraisal, awaiting a supplement (by post), withdrawn; the others online. */
function march(): { versions: Dossier[][]; syncs: Map<string, NationalSyncState> } {
  const proc = procedure();
  const at = (day: number) => Date.parse(`2026-03-${String(day).padStart(2, '0')}T08:00:00+07:00`);
  const walk = (story: Story, steps: ((s: Story) => Story)[]) => {
    const out = [story.dossier];
    for (const step of steps) {
      story = step(story);
      out.push(story.dossier);
    }
    return out;
  };
  const returned = walk(Story.submit({ at: at(2), procedure: proc, id: 'd-returned' }), [(s) => s.do(commands.accept(), reception), (s) => s.to('RETURNED')]);
  const last = returned.at(-1)!;
  returned.push({ ...last, rating: { score: 4, at: '2026-03-20T09:00:00+07:00' } });
  const versions = [
    returned,
    walk(Story.submit({ at: at(3), procedure: proc, channel: 'IN_PERSON', id: 'd-refused' }), [(s) => s.do(commands.refuse(), reception)]),
    walk(Story.submit({ at: at(9), procedure: proc, id: 'd-appraisal' }), [(s) => s.do(commands.accept(), reception), (s) => s.to('APPRAISAL')]),
    walk(Story.submit({ at: at(10), procedure: proc, channel: 'POSTAL', id: 'd-awaiting' }), [
      (s) => s.do(commands.accept(), reception),
      (s) => s.to('APPRAISAL'),
      (s) => s.do(commands.requestSupplement(), officials.head),
    ]),
    walk(Story.submit({ at: at(16), procedure: proc, id: 'd-withdrawn' }), [
      (s) => s.do(commands.accept(), reception),
      (s) => s.do(commands.withdraw(), reception),
    ]),
  ];
  const synced = (d: Dossier): NationalSyncState => ({
    version: d.version,
    syncedAt: d.history.at(-1)!.at,
    sentStatus: nationalStatus(d.status, d.step),
    stepsSent: d.steps.filter((s) => s.completedAt).length,
  });
  // The portal has the returned dossier as it is now, the one in appraisal as it was accepted.
  const syncs = new Map([
    ['d-returned', synced(last)],
    ['d-appraisal', synced(versions[2]![1]!)],
  ]);
  return { versions, syncs };
}

/** A stream record of a stored item, as Lambda hands it over (binary as base64). */
function record(item: Record<string, unknown>, sequence: number): DynamoDBRecord {
  const image = JSON.parse(
    JSON.stringify(marshall(item, { removeUndefinedValues: true }), (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('base64') : v)),
  );
  return { eventName: 'MODIFY', dynamodb: { Keys: { PK: image.PK, SK: image.SK }, NewImage: image, SequenceNumber: String(sequence) } } as DynamoDBRecord;
}

/** A dossier's item as stored, its rating written beside the body as the rating route writes it. */
const storedItem = (d: Dossier) => ({ ...dossierItem(d), ...(d.rating ? { rating: d.rating } : {}) });

const syncItem = (d: Dossier, state: NationalSyncState) => ({ ...keys.nationalSync(d.commune, d.id), commune: d.commune, dossierId: d.id, ...state });

/** The statistics and the service index of March 2026 from the table, and from the dossiers themselves. */
async function compare(finals: Dossier[], syncs: Map<string, NationalSyncState>) {
  const stored = [await aggregates.communeAggregates('H30.01', { from: '2026-03-01', to: '2026-03-31' })];
  const rows = finals.map((d) => ({ ...d, procedureRef: { code: d.procedure.code, name: d.procedure.name } }));
  const procedures = { [finals[0]!.procedure.code]: finals[0]!.procedure.name };
  expect(statisticsOfAggregates(stored, '2026-03-01', '2026-03-31', 'procedure', { procedures })).toEqual(
    statistics(rows, '2026-03-01', '2026-03-31', 'procedure'),
  );
  const indexRows = finals.map((d) => ({ ...d, nationalSync: nationalSyncOf(d, syncs.get(d.id)).status }));
  const index = serviceIndexOfAggregates(stored, '2026-03-01', '2026-03-31');
  expect(index).toEqual(serviceIndex(indexRows, '2026-03-01', '2026-03-31'));
  return index;
}

describe('the stream consumer', () => {
  it('counts a stream with a batch redelivered, one reordered and one duplicated once', async () => {
    await freshTable();
    const { streamPublisher } = await import('../../shared/streams/dossier-events.js');
    const consumer = streamPublisher({ publish: async () => undefined, handOver: async () => undefined, count: aggregates.countDossierPart });
    const { versions, syncs } = march();
    const changes = [
      ...versions.flatMap((vs) => vs.map(storedItem)),
      ...[...syncs].map(([id, state]) =>
        syncItem(
          versions.flat().find((d) => d.id === id)!,
          state,
        ),
      ),
    ];
    const records = changes.map((item, i) => record(item, i + 1));
    const batch = (rs: DynamoDBRecord[]) => consumer({ Records: rs } as DynamoDBStreamEvent, {} as never);
    const third = Math.ceil(records.length / 3);
    const [first, second, rest] = [records.slice(0, third), records.slice(third, 2 * third), records.slice(2 * third)];
    await expect(batch(first)).resolves.toEqual({ batchItemFailures: [] });
    // Redelivered: the first batch again; reordered: the second backwards; duplicated: each of the rest twice.
    await batch(first);
    await batch([...second].reverse());
    await batch(rest.flatMap((r) => [r, r]));

    const index = await compare(
      versions.map((vs) => vs.at(-1)!),
      syncs,
    );
    expect(index.indicators).toMatchObject({
      online: { numerator: 3, denominator: 4 },
      nationalSync: { numerator: 1, denominator: 4 },
      satisfaction: { numerator: 4, denominator: 1, value: 4 },
    });
  });

  it('counts once when two deliveries of the same part race (a backfill beside the stream): the loser reads again and writes nothing', async () => {
    await freshTable();
    const { versions, syncs } = march();
    for (const vs of versions) {
      for (const d of vs) {
        // Both read the same record; one writes it (a put alone, or a transaction with the counts), the other finds it counted.
        const both = await Promise.all([0, 1].map(() => aggregates.countDossierPart(d.commune, d.id, { dossier: dossierPartOf(d) })));
        expect(both.filter((r) => r.written)).toHaveLength(1);
      }
    }
    for (const [id, state] of syncs) await aggregates.countDossierPart('H30.01', id, { sync: syncPartOf(state) });
    await compare(
      versions.map((vs) => vs.at(-1)!),
      syncs,
    );
  });
});

describe('the daily-aggregates backfill of npm run migrate', () => {
  it('counts dossiers and synchronisations stored before the aggregates, and a second run counts nothing', async () => {
    await freshTable();
    const { versions, syncs } = march();
    const finals = versions.map((vs) => vs.at(-1)!);
    const items = [
      ...finals.map(storedItem),
      ...[...syncs].map(([id, state]) =>
        syncItem(
          finals.find((d) => d.id === id)!,
          state,
        ),
      ),
    ];
    await aws.dynamo().send(new BatchWriteCommand({ RequestItems: { [aws.tableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    const { runBackfill } = await import('../../scripts/migrate.js');
    const backfill = (await import('../../shared/adapters/backfills.js')).BACKFILLS.find((b) => b.name === 'daily-aggregates')!;

    const dry = await runBackfill(backfill, { dryRun: true });
    expect(dry).toMatchObject({ done: true, selected: items.length, changed: 0, writeUnits: 0 });
    const first = await runBackfill(backfill, { pageSize: 3 });
    expect(first).toMatchObject({ done: true, selected: items.length, changed: items.length });
    await compare(finals, syncs);

    const second = await runBackfill(backfill);
    expect(second).toMatchObject({ done: true, changed: 0, changedMeanwhile: items.length });
    await compare(finals, syncs);
  });
});

describe('a period read from the rollups', () => {
  it("a year's statistics read at most days × procedures items, and a ten-year period answers as from every item kept", async () => {
    await freshTable();
    // 1,500 dossiers of five procedures over three years, one every 17 hours or so.
    const procedures = ['1.000001', '1.000002', '1.000003', '1.000004', '1.000005'];
    const facts: DossierFacts[] = Array.from({ length: 1500 }, (_, n) => {
      const day = addDays('2024-01-01', Math.floor((n * 1096) / 1500));
      const later = (days: number) => `${addDays(day, days)}T09:00:00+07:00`;
      return {
        commune: 'H30.01',
        department: 'ECONOMICS',
        procedure: procedures[n % 5]!,
        channel: n % 3 === 0 ? 'ONLINE' : 'IN_PERSON',
        status: n % 11 === 0 ? 'IN_PROCESSING' : 'RETURNED',
        acceptedAt: later(0),
        ...(n % 11 === 0 ? {} : { closedAt: later(4), completedAt: later(3), timeliness: n % 7 === 0 ? 'LATE' : 'ON_TIME' }),
        dueAt: later(5),
        digitised: n % 2 === 0,
        synced: true,
        toPay: false,
        paidOnline: false,
        supplementRequests: [],
      } as DossierFacts;
    });
    const all = aggregatesOf('H30.01', facts.map(contributionOf));
    const items = [...all.items].map(([SK, counters]) => ({ ...keys.aggregate('H30.01', SK), f: 1, ...counters }));
    for (let i = 0; i < items.length; i += 25) {
      await aws.dynamo().send(new BatchWriteCommand({ RequestItems: { [aws.tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    const year = { from: '2025-06-12', to: '2026-06-11' };
    const read = await aggregates.communeAggregates('H30.01', year);
    expect(read.items.size).toBeLessThanOrEqual(365 * procedures.length);
    expect(read.items.size).toBeLessThanOrEqual(45);
    for (const groupBy of GROUPINGS)
      expect(statisticsOfAggregates([read], year.from, year.to, groupBy)).toEqual(statisticsOfAggregates([all], year.from, year.to, groupBy));

    const tenYears = { from: '2017-01-01', to: '2026-12-31' };
    const longRead = await aggregates.communeAggregates('H30.01', tenYears);
    expect(longRead.items.size).toBeLessThanOrEqual(45);
    expect(serviceIndexOfAggregates([longRead], tenYears.from, tenYears.to)).toEqual(serviceIndexOfAggregates([all], tenYears.from, tenYears.to));
    expect(statisticsOfAggregates([longRead], tenYears.from, tenYears.to, 'procedure').total.received.total).toBe(1500);
  });
});
