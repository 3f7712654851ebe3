import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

/** DynamoDB capacity units consumed by this process, as DynamoDB reports them (ReturnConsumedCapacity). */
export const capacity = { read: 0, write: 0, reset: () => Object.assign(capacity, { read: 0, write: 0 }) };

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

/** Asks every data call for its consumed capacity and adds it up: the figures cost is computed from. */
function meterCapacity(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (READS.has(context.commandName ?? '')) capacity.read += units;
      else capacity.write += units;
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
}

/**
 * The DynamoDB client, made on first use and kept for the Lambda environment's life. Its endpoint
 * comes from the SDK's own AWS_ENDPOINT_URL_DYNAMODB when the local runtime sets it. (The SQS
 * client lives in queue.ts, so only functions that hand over carry it.)
 */
export const dynamo = (): DynamoDBDocumentClient => {
  if (!documentClient) {
    const client = new DynamoDBClient({});
    meterCapacity(client);
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
};

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const tableName = (): string => requiredEnv('TABLE_NAME');
