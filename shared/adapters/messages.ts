import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { NotifyChannel } from '../domain/notifications.js';
import type { SentMessage } from '../domain/notifications.js';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { keys } from './table.js';

/** A sent message is an item in its dossier's partition, keyed by version and channel: sent once, listed with one Query. */
const messageKey = (commune: string, dossierId: string, version: number, channel: NotifyChannel) => ({
  PK: keys.dossier(commune, dossierId).PK,
  SK: `MESSAGE#${String(version).padStart(6, '0')}#${channel}`,
});

/**
 * Whether the message was recorded. An eventually consistent read is enough: the record is
 * written before the event's consumer answers, and the event comes back only after its queue's
 * visibility timeout, long after every replica has the record.
 */
export async function messageSent(commune: string, dossierId: string, version: number, channel: NotifyChannel): Promise<boolean> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: messageKey(commune, dossierId, version, channel), ConsistentRead: false }),
  );
  return Boolean(Item);
}

export async function recordMessage(m: SentMessage): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('message', { ...messageKey(m.commune, m.dossierId, m.version, m.channel), ...m }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    // Recorded by an earlier delivery of the same event.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function listMessages(commune: string, dossierId: string): Promise<SentMessage[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
      ExpressionAttributeValues: { ':pk': keys.dossier(commune, dossierId).PK, ':message': 'MESSAGE#' },
    }),
  );
  // Sort keys in version order: oldest first.
  return Items.map((item) => {
    const { commune: c, dossierId: id, version, channel, type, at, text } = upgraded('message', item);
    return { commune: c, dossierId: id, version, channel, type, at, ...(typeof text === 'string' ? { text } : {}) } as SentMessage;
  });
}
