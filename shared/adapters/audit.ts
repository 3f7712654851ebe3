import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit.js';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { keys } from './table.js';

/** Appends one entry to a dossier's trail: a single conditional PutItem (no transaction), never over an entry already there. */
export async function recordAccess(entry: AuditEntry): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('audit', { ...keys.audit(entry.commune, entry.dossierId, entry.at, entry.requestId), ...entry }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    // The same request recorded twice (a retried invocation) is one access.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** A page of a dossier's trail items after a trail key (their sort key is one), oldest first. */
export async function auditTrail(commune: string, id: string, limit: number, after?: string): Promise<{ items: AuditEntry[]; more: boolean }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: after === undefined ? 'PK = :pk' : 'PK = :pk AND SK > :after',
      ExpressionAttributeValues: { ':pk': keys.auditPK(commune, id), ...(after === undefined ? {} : { ':after': after }) },
      Limit: limit,
    }),
  );
  const items = Items.map((item) => {
    const { PK: _pk, SK: _sk, ...entry } = upgraded('audit', item);
    return entry as unknown as AuditEntry;
  });
  return { items, more: LastEvaluatedKey !== undefined };
}
