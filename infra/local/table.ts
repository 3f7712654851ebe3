import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/adapters/table.js';

/** The dossier events are derived from both images of a change. */
const STREAM_VIEW = 'NEW_AND_OLD_IMAGES';

const indexes: GlobalSecondaryIndex[] = Object.entries(TABLE.indexes).map(([name, index]) => ({
  IndexName: name,
  KeySchema: [{ AttributeName: index.pk, KeyType: 'HASH' }, ...(index.sk ? [{ AttributeName: index.sk, KeyType: 'RANGE' as const }] : [])],
  Projection: index.projection.length ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] } : { ProjectionType: 'KEYS_ONLY' },
}));
const attributes = [...new Set<string>([TABLE.partitionKey, TABLE.sortKey, ...Object.values(TABLE.indexes).flatMap((i) => (i.sk ? [i.pk, i.sk] : [i.pk]))])];
const definition = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });

/**
 * Creates the single table with its indexes and stream, as the CDK data stack declares it,
 * unless it exists; a table kept in `.local/` from an earlier version gains what it lacks.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A table made before the dossier events had no stream.
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } }));
    }
    // One index per update, as DynamoDB allows.
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const index of indexes.filter((i) => !existing.has(i.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributes.map(definition),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map(definition),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
      StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW },
    }),
  );
}
