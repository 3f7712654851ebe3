import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './aws.js';

/** Items by table key (BatchGetItem, 100 keys a call, unprocessed keys asked again); eventually consistent, in no order. */
export async function batchGetItems(tableKeys: { PK: string; SK: string }[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < tableKeys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys: tableKeys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const answer = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(answer.Responses?.[tableName()] ?? []));
      request = answer.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

/** Every item of one partition (of the table, or of an index), page after page, and how many were read. */
export async function queryPartition(pkName: string, pk: string, indexName?: string): Promise<{ items: Record<string, unknown>[]; itemsRead: number }> {
  const items: Record<string, unknown>[] = [];
  let itemsRead = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        ...(indexName ? { IndexName: indexName } : {}),
        KeyConditionExpression: `${pkName} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    itemsRead += page.ScannedCount ?? 0;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, itemsRead };
}
