import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '../domain/model.js';
import type { NationalSyncState } from '../domain/national-portal.js';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { keys } from './table.js';

/** What the unsynced index lists of a dossier whose synchronisation failed. */
export interface UnsyncedItem {
  commune: string;
  dossierId: string;
  code?: string;
  since: string;
  error: string;
}

/**
 * A dossier's synchronisation state is one small item beside it, in its partition (well under
 * 1 KB: one write unit a put). While a change fails to sync, the item also carries the keys of
 * the sparse unsynced index, under its province, by the time the change was stored.
 */
export async function getSyncState(commune: string, dossierId: string, consistent = true): Promise<NationalSyncState | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.nationalSync(commune, dossierId), ConsistentRead: consistent }));
  return Item ? syncStateOf(Item) : undefined;
}

/** The state of a stored synchronisation item. */
export function syncStateOf(item: Record<string, unknown>): NationalSyncState {
  const { version, syncedAt, sentStatus, stepsSent, failure } = upgraded('nationalSync', item);
  return {
    version: Number(version),
    stepsSent: Number(stepsSent),
    ...(syncedAt ? { syncedAt: String(syncedAt) } : {}),
    ...(sentStatus !== undefined ? { sentStatus: Number(sentStatus) } : {}),
    ...(failure ? { failure: failure as NonNullable<NationalSyncState['failure']> } : {}),
  };
}

export async function putSyncState(dossier: Pick<Dossier, 'province' | 'commune' | 'id' | 'code'>, state: NationalSyncState): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: stamped('nationalSync', {
        ...keys.nationalSync(dossier.commune, dossier.id),
        commune: dossier.commune,
        dossierId: dossier.id,
        ...(dossier.code ? { code: dossier.code } : {}),
        ...state,
        ...(state.failure ? { unsyncedPK: keys.unsyncedPK(dossier.province), unsyncedSK: `${state.failure.since}#${dossier.commune}#${dossier.id}` } : {}),
      }),
    }),
  );
}

/** The province's dossiers whose change stored before `before` has not reached the portal, oldest first. */
export async function unsyncedSince(province: string, before: string): Promise<UnsyncedItem[]> {
  const found: UnsyncedItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'nationalUnsynced',
        KeyConditionExpression: 'unsyncedPK = :pk AND unsyncedSK < :before',
        ExpressionAttributeValues: { ':pk': keys.unsyncedPK(province), ':before': before },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const failure = item.failure as { since: string; error: string };
      found.push({
        commune: String(item.commune),
        dossierId: String(item.dossierId),
        ...(item.code ? { code: String(item.code) } : {}),
        since: failure.since,
        error: failure.error,
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}
