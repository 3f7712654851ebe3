import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../infra/local/table.js';

/**
 * A table of its own in the tests' DynamoDB Local, for adapter tests. Sets the environment the
 * SDK clients read when they are first made, so call it before the first adapter call; answers
 * a client of the emulator, for the test to destroy.
 */
export async function localTable(prefix: string): Promise<{ client: DynamoDBClient; tableName: string }> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('the test global setup did not start DynamoDB Local');
  const tableName = `${prefix}-${randomUUID()}`;
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: tableName,
  });
  const client = new DynamoDBClient({ endpoint });
  await ensureTable(client, tableName);
  return { client, tableName };
}
