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

/** Creates the single table with its indexes and stream, as the CDK data stack declares it, unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A table made before the dossier events had no stream.
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } }));
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  const indexes: GlobalSecondaryIndex[] = Object.entries(TABLE.indexes).map(([name, index]) => {
    attributes.add(index.pk);
    if (index.sk) attributes.add(index.sk);
    return {
      IndexName: name,
      KeySchema: [{ AttributeName: index.pk, KeyType: 'HASH' }, ...(index.sk ? [{ AttributeName: index.sk, KeyType: 'RANGE' as const }] : [])],
      Projection: index.projection.length ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] } : { ProjectionType: 'KEYS_ONLY' },
    };
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
      StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW },
    }),
  );
}
