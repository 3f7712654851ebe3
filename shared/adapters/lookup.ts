import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOOKUP_WINDOW_S } from '../domain/lookup.js';
import type { Dossier } from '../domain/model.js';
import { dynamo, tableName } from './aws.js';
import { keys } from './table.js';

const windowOf = (now: number) => Math.floor(now / 1000 / LOOKUP_WINDOW_S);

export async function lookupFailures(code: string, now: number): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.lookupFailures(code, windowOf(now)) }));
  return Number(Item?.failures ?? 0);
}

export async function countLookupFailure(code: string, now: number): Promise<void> {
  const window = windowOf(now);
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.lookupFailures(code, window),
      UpdateExpression: 'ADD failures :one SET expiresAt = :expiresAt',
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': (window + 2) * LOOKUP_WINDOW_S },
    }),
  );
}

/** Stores a rating once, on a returned dossier; false when it was rated already. */
export async function rateDossier(d: Dossier, rating: NonNullable<Dossier['rating']>): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.dossier(d.commune, d.id),
        UpdateExpression: 'SET rating = :rating',
        ConditionExpression: 'attribute_not_exists(rating) AND #status = :returned',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':rating': rating, ':returned': 'RETURNED' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
