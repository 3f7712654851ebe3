import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '../domain/model.js';
import { dynamo, tableName } from './aws.js';
import { ATTRIBUTES, keys } from './table.js';

/** Stores a rating once, on a returned dossier; false when it was rated already. */
export async function rateDossier(d: Dossier, rating: NonNullable<Dossier['rating']>): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.dossier(d.commune, d.id),
        UpdateExpression: 'SET rating = :rating',
        ConditionExpression: 'attribute_not_exists(rating) AND #status = :returned',
        ExpressionAttributeNames: { '#status': ATTRIBUTES.status },
        ExpressionAttributeValues: { ':rating': rating, ':returned': 'RETURNED' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
