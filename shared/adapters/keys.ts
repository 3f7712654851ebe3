import { createHmac, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { keys } from './table.js';

type ItemKey = { PK: string; SK: string };

const known = new Map<string, string>();

/**
 * A province's key (the one lookup secrets are derived from, the one webhook secrets are sealed
 * with) is an item of the table: encrypted with the table's key, kept in its backups, and at no
 * monthly price. Only the functions that declare it (FunctionAccess `keys`) can read or make it:
 * every other role with the table is denied its item by key (infra/stacks/functions.ts). Kept for
 * the Lambda environment's life once read, unless nothing of a province is kept
 * (PROVINCE_CACHE_MS=0, the local least-privilege check, where every function reads for itself).
 */
async function existingKey(item: ItemKey): Promise<string | undefined> {
  const id = `${item.PK}/${item.SK}`;
  const hit = known.get(id);
  if (hit && process.env.PROVINCE_CACHE_MS !== '0') return hit;
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: item, ConsistentRead: true }));
  if (Item) known.set(id, String(upgraded('provinceKey', Item).key));
  return known.get(id);
}

/** The key, made by its first use; of two first uses at once, one key wins. */
async function keyOf(item: ItemKey): Promise<string> {
  const existing = await existingKey(item);
  if (existing) return existing;
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('provinceKey', { ...item, key: randomBytes(32).toString('base64url') }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const made = await existingKey(item);
  if (!made) throw new Error(`the key ${item.PK} could not be read back`);
  return made;
}

/** The key lookup secrets are derived from, when the province has one (its first dossier makes it). */
export const existingLookupKey = (province: string): Promise<string | undefined> => existingKey(keys.lookupKey(province));
export const lookupKey = (province: string): Promise<string> => keyOf(keys.lookupKey(province));

/** The key the province's webhook secrets are sealed with (AES-256-GCM), made by the first webhook. */
export const webhookKey = (province: string): Promise<string> => keyOf(keys.webhookKey(province));

/**
 * The key list cursors are signed with, derived from the lookup key (a key of its own purpose,
 * at no item and no price of its own). Absent before the province's first dossier, when no list
 * has a second page.
 */
export async function cursorKey(province: string): Promise<string | undefined> {
  const lookup = await existingLookupKey(province);
  return lookup && createHmac('sha256', lookup).update('list cursors').digest('base64url');
}
