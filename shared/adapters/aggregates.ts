import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { countPart, deltaByDay, periodKeys, yearKey, type CommuneAggregates, type Counted, type DossierPart, type SyncPart } from '../domain/aggregates.js';
import { dynamo, tableName } from './aws.js';
import { currentFormat, FORMAT, stamped, upgraded } from './formats.js';
import { batchGetItems } from './reads.js';
import { keys } from './table.js';

/** Tries of one count against concurrent counts of the same dossier (the stream's batches of one shard never overlap; a backfill may). */
const MAX_TRIES = 8;

/** What the aggregates have counted of a dossier, and the revision of that record (each count writes the next). */
export async function countedOf(commune: string, dossierId: string): Promise<{ counted: Counted; revision: number } | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.counted(commune, dossierId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { counted, revision } = upgraded('counted', Item);
  return { counted: counted as Counted, revision: Number(revision) };
}

/**
 * Counts a newer part of a dossier (its version, or its synchronisation) into the daily
 * aggregates: in one transaction, the dossier's counted record — written only over the one the
 * delta was made from — and the delta added to each day it touches and to the commune's totals
 * (a part that changes no count writes the record alone).
 * A part no newer than the one counted writes nothing: redelivered, duplicated and reordered
 * records are counted once. Answers whether it wrote, and the write units consumed.
 */
export async function countDossierPart(
  commune: string,
  dossierId: string,
  part: { dossier: DossierPart } | { sync: SyncPart },
): Promise<{ written: boolean; units: number }> {
  const key = keys.counted(commune, dossierId);
  for (let attempt = 1; ; attempt++) {
    const stored = await countedOf(commune, dossierId);
    const revision = stored?.revision ?? 0;
    const outcome = countPart(stored?.counted, part);
    if (!outcome) return { written: false, units: 0 };
    const updates = [...deltaByDay(outcome.delta)].map(([day, counters]) => {
      const names: Record<string, string> = { '#f': FORMAT };
      const values: Record<string, unknown> = { ':f': currentFormat('aggregate') };
      const adds = Object.entries(counters).map(([name, n], i) => {
        names[`#c${i}`] = name;
        values[`:c${i}`] = n;
        return `#c${i} :c${i}`;
      });
      return {
        Update: {
          TableName: tableName(),
          Key: keys.aggregate(commune, day),
          UpdateExpression: `SET #f = :f ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
    const counted = {
      TableName: tableName(),
      Item: stamped('counted', { ...key, revision: revision + 1, counted: outcome.next }),
      ConditionExpression: stored ? 'revision = :revision' : 'attribute_not_exists(PK)',
      ...(stored ? { ExpressionAttributeValues: { ':revision': revision } } : {}),
    };
    try {
      // Most parts change no count (a step within the same stage, a sync of the same state): the
      // record alone, as a conditional put, costs half what it costs in a transaction.
      const answer = updates.length
        ? await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Put: counted }, ...updates] }))
        : await dynamo().send(new PutCommand(counted));
      const consumed = answer.ConsumedCapacity;
      return { written: true, units: (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) };
    } catch (error) {
      // Counted meanwhile by another delivery: read again and count what is still new.
      const conflict =
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed');
      if (!conflict || attempt >= MAX_TRIES) throw error;
    }
  }
}

/**
 * The aggregates a period reads of a commune (`periodKeys`): its days, months and totals by key
 * (BatchGetItem), and its year rollups from the first it needs on (one Query, a few items).
 */
export async function communeAggregates(commune: string, period: { from: string; to: string }): Promise<CommuneAggregates> {
  const { keys: wanted, yearsFrom } = periodKeys(period.from, period.to);
  const years = async () => {
    const found: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.aggregatesPK(commune), ':from': yearKey(yearsFrom), ':to': yearKey('~') },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  };
  const [byKey, byYear] = await Promise.all([batchGetItems(wanted.map((key) => keys.aggregate(commune, key))), years()]);
  const items = new Map<string, Record<string, number>>();
  for (const item of [...byKey, ...byYear]) {
    const { PK: _pk, SK: key, ...counters } = upgraded('aggregate', item) as Record<string, number | string>;
    items.set(String(key), counters as Record<string, number>);
  }
  return { commune, items };
}
