import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenDossier, SlaReport } from '../domain/reports.js';
import type { StatisticsRow } from '../domain/statistics.js';
import { dynamo, tableName } from './aws.js';
import type { Dossier } from '../domain/model.js';
import type { NationalSyncState } from '../domain/national-portal.js';
import { syncStateOf } from './national-sync.js';
import { stamped, upgraded } from './formats.js';
import { batchGetItems, queryPartition } from './reads.js';
import { getDossiers } from './repository.js';
import { keys, tableKey } from './table.js';

const withRef = <D extends Dossier>(d: D) => ({ ...d, procedureRef: { code: d.procedure.code, name: d.procedure.name } });

/** Every key of one index partition (the indexes hold keys only). */
async function partitionKeys(index: string, pkName: string, pk: string): Promise<{ keys: { PK: string; SK: string }[]; scanned: number }> {
  const { items, itemsRead } = await queryPartition(pkName, pk, index);
  return { keys: items.map(tableKey), scanned: itemsRead };
}

/**
 * A commune's open dossiers, from the sparse openByDue index and then the table: what it reads
 * grows with the open dossiers only, never with the closed ones. Answers them and the number
 * of items read (index entries and dossiers).
 */
export async function openDossiers(commune: string): Promise<{ items: (Dossier & OpenDossier)[]; itemsRead: number }> {
  const { keys: open, scanned } = await partitionKeys('openByDue', 'openPK', keys.openPK(commune));
  const items = (await getDossiers(open)).map(withRef);
  return { items, itemsRead: scanned + items.length };
}

export async function putSlaReport(report: SlaReport): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: stamped('slaReport', { ...keys.slaReport(report.commune, report.date), report }) }));
}

export async function getSlaReport(commune: string, date: string): Promise<SlaReport | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.slaReport(commune, date) }));
  return Item ? (upgraded('slaReport', Item).report as SlaReport) : undefined;
}

/** The latest day any of these communes has a report of, up to `onOrBefore`: one key-only Query per commune, newest first. */
export async function latestSlaReportDate(communes: string[], onOrBefore: string): Promise<string | undefined> {
  const latest = await Promise.all(
    communes.map(async (commune) => {
      const { Items } = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'PK = :pk AND SK <= :day',
          ExpressionAttributeValues: { ':pk': keys.slaReport(commune, onOrBefore).PK, ':day': onOrBefore },
          ProjectionExpression: 'SK',
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      return Items?.[0]?.SK as string | undefined;
    }),
  );
  return latest
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
}

/** The marker of a digest sent: one item per scope (a commune, or the province) and day, kept 30 days. */
const digestKey = (province: string, scope: string, date: string) => ({ PK: `P#${province}#REPORT#DIGEST`, SK: `${date}#${scope}` });

export async function digestSent(province: string, scope: string, date: string): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: digestKey(province, scope, date), ConsistentRead: true }));
  return Boolean(Item);
}

export async function recordDigest(province: string, scope: string, date: string): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: stamped('digest', { ...digestKey(province, scope, date), expiresAt: Math.floor(Date.parse(date) / 1000) + 30 * 86_400 }),
    }),
  );
}

/** The reports of many communes for one day. */
export async function getSlaReports(communes: string[], date: string): Promise<SlaReport[]> {
  const items = await batchGetItems(communes.map((c) => keys.slaReport(c, date)));
  return items.map((item) => upgraded('slaReport', item).report as SlaReport).sort((a, b) => a.commune.localeCompare(b.commune));
}

/** 'YYYY-MM' of every month from the month of `from` to the month of `to`. */
function months(from: string, to: string): string[] {
  const list: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (let m = `${from.slice(0, 7)}`; m <= last;) {
    list.push(m);
    month++;
    if (month > 12) [year, month] = [year + 1, 1];
    m = `${year}-${String(month).padStart(2, '0')}`;
  }
  return list;
}

/**
 * The dossiers a commune's reports of [from, to] need: the open dossiers, those accepted in the
 * period's months and those closed from the period's first month until today. Queries only.
 */
async function periodDossiers(commune: string, from: string, to: string, today: string): Promise<Dossier[]> {
  const partitions: [index: string, pkName: string, pk: string][] = [
    ['openByDue', 'openPK', keys.openPK(commune)],
    ...months(from, to).map((m): [string, string, string] => ['acceptedByMonth', 'acceptedPK', keys.acceptedPK(commune, m)]),
    ...months(from, today > to ? today : to).map((m): [string, string, string] => ['closedByMonth', 'closedPK', keys.closedPK(commune, m)]),
  ];
  const found = await Promise.all(partitions.map(([index, pkName, pk]) => partitionKeys(index, pkName, pk)));
  const unique = [...new Map(found.flatMap((f) => f.keys).map((k) => [k.PK, k])).values()];
  return getDossiers(unique);
}

export async function statisticsRows(commune: string, from: string, to: string, today: string): Promise<StatisticsRow[]> {
  return (await periodDossiers(commune, from, to, today)).map(withRef);
}

/** The same dossiers, each with its synchronisation item (one BatchGetItem key per dossier received). */
export async function serviceIndexRows(commune: string, from: string, to: string, today: string): Promise<{ dossier: Dossier; sync?: NationalSyncState }[]> {
  const dossiers = await periodDossiers(commune, from, to, today);
  const items = await batchGetItems(dossiers.filter((d) => d.acceptedAt).map((d) => keys.nationalSync(d.commune, d.id)));
  const states = new Map(items.map((item) => [String(item.dossierId), syncStateOf(item)]));
  return dossiers.map((dossier) => {
    const sync = states.get(dossier.id);
    return sync ? { dossier, sync } : { dossier };
  });
}
