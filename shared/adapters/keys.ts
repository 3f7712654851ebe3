import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './aws.js';
import { keys } from './table.js';

const known = new Map<string, string>();

/**
 * The province's key that lookup secrets are derived from. It is an item of the table: encrypted
 * with the table's key, kept in its backups, readable by exactly the functions that read the
 * dossiers it protects, and at no monthly price. Kept for the Lambda environment's life once read.
 */
export async function existingLookupKey(province: string): Promise<string | undefined> {
  const hit = known.get(province);
  if (hit) return hit;
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.lookupKey(province), ConsistentRead: true }));
  if (Item) known.set(province, String(Item.key));
  return known.get(province);
}

/** The key, made by the first dossier of the province; of two first dossiers at once, one key wins. */
export async function lookupKey(province: string): Promise<string> {
  const existing = await existingLookupKey(province);
  if (existing) return existing;
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.lookupKey(province), key: randomBytes(32).toString('base64url') },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const made = await existingLookupKey(province);
  if (!made) throw new Error(`the lookup key of ${province} could not be read back`);
  return made;
}
