import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenDossier, SlaReport } from '../domain/reports.js';
import { dynamo, tableName } from './aws.js';
import type { Dossier } from '../domain/model.js';
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

/**
 * A report is stored as gzip of its JSON (format 2): a commune with a backlog lists two entries a
 * dossier, some 400 bytes each, which as a map would reach DynamoDB's 400 KB item limit near a
 * thousand; compressed, the same report is a tenth of it and costs a tenth of the read units.
 */
export async function putSlaReport(report: SlaReport): Promise<void> {
  const stored = gzipSync(JSON.stringify(report));
  await dynamo().send(
    new PutCommand({ TableName: tableName(), Item: stamped('slaReport', { ...keys.slaReport(report.commune, report.date), report: stored }) }),
  );
}

const reportOf = (item: Record<string, unknown>): SlaReport =>
  JSON.parse(gunzipSync(upgraded('slaReport', item).report as Uint8Array).toString('utf8')) as SlaReport;

export async function getSlaReport(commune: string, date: string): Promise<SlaReport | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.slaReport(commune, date) }));
  return Item ? reportOf(Item) : undefined;
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
  return items.map(reportOf).sort((a, b) => a.commune.localeCompare(b.commune));
}
