import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenDossier, SlaReport } from '../domain/reports.js';
import { dynamo, tableName } from './aws.js';
import { keys } from './table.js';

/**
 * A commune's open dossiers, from the sparse openByDue index: what it reads grows with the open
 * dossiers only, never with the closed ones. Answers the items and how many were read.
 */
export async function openDossiers(commune: string): Promise<{ items: OpenDossier[]; itemsRead: number }> {
  const items: OpenDossier[] = [];
  let itemsRead = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'openByDue',
        KeyConditionExpression: 'openPK = :pk',
        ExpressionAttributeValues: { ':pk': keys.openPK(commune) },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    itemsRead += page.ScannedCount ?? 0;
    items.push(...((page.Items ?? []) as OpenDossier[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, itemsRead };
}

export async function putSlaReport(report: SlaReport): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.slaReport(report.commune, report.date), report } }));
}

export async function getSlaReport(commune: string, date: string): Promise<SlaReport | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.slaReport(commune, date) }));
  return Item?.report as SlaReport | undefined;
}

/** The reports of many communes for one day (BatchGetItem, 100 keys a call). */
export async function getSlaReports(communes: string[], date: string): Promise<SlaReport[]> {
  const reports: SlaReport[] = [];
  for (let i = 0; i < communes.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName()]: { Keys: communes.slice(i, i + 100).map((c) => keys.slaReport(c, date)) },
    };
    while (request && Object.keys(request).length) {
      const answer = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      reports.push(...(answer.Responses?.[tableName()] ?? []).map((item) => item.report as SlaReport));
      request = answer.UnprocessedKeys as typeof request;
    }
  }
  return reports.sort((a, b) => a.commune.localeCompare(b.commune));
}
