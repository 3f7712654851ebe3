import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.js';

let dynamo: DynamoDbLocal | undefined;

/** One DynamoDB Local for the whole run; each test file works in its own table. */
export async function setup(): Promise<void> {
  dynamo = await startDynamoDbLocal();
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
