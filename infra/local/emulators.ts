import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EVENTS_TOPIC_ENV } from '../../shared/adapters/events.js';
import { QUEUE_URL_ENV, WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import type { Destination } from '../queues.js';
import { isFree, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { createLocalBucket, LOCAL_FILES_BUCKET } from './files.js';
import { startQueues, type LocalQueues } from './queues.js';
import { ensureTable } from './table.js';

const PORTS_FILE = 'ports.json';

/** The emulator ports of the last run on this data folder, when they are free again. */
async function previousPorts(dataDir: string): Promise<{ dynamo?: number; sqs?: number }> {
  const file = join(dataDir, PORTS_FILE);
  if (!existsSync(file)) return {};
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { dynamo?: number; sqs?: number };
  const free = async (port?: number) => port !== undefined && (await isFree(port));
  return { ...((await free(saved.dynamo)) ? { dynamo: saved.dynamo } : {}), ...((await free(saved.sqs)) ? { sqs: saved.sqs } : {}) };
}

/**
 * DynamoDB Local (unless one is given) and the SQS, SNS and S3 emulator, with the table and the
 * files bucket made, and the environment the handlers read pointed at them. Each started
 * emulator's stop is pushed on `started`.
 */
export async function startEmulators(
  options: {
    dataDir?: string;
    dynamoEndpoint?: string;
    tableName: string;
    visibilityTimeoutS: number;
    provinces: string[];
    webhookRetry?: { baseS: number; capS: number; horizonS: number };
  },
  started: (() => Promise<void>)[],
): Promise<{ dynamoEndpoint: string; dynamo?: DynamoDbLocal; queues: LocalQueues }> {
  // With a data folder the emulators keep their ports across restarts, so clients made before a
  // restart in the same process (tests) reach the new ones.
  const ports = options.dataDir ? await previousPorts(options.dataDir) : {};
  const dynamo = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb'), ...(ports.dynamo ? { port: ports.dynamo } : {}) } : {});
  if (dynamo) started.push(dynamo.stop);
  const dynamoEndpoint = dynamo?.endpoint ?? options.dynamoEndpoint!;
  // Signing sessions are looked at again every second here: the emulated phone answers at once.
  const queues = await startQueues(options.visibilityTimeoutS, ports.sqs ?? 0, 1);
  started.push(() => queues.server.stop());
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(join(options.dataDir, PORTS_FILE), JSON.stringify({ dynamo: Number(new URL(dynamoEndpoint).port), sqs: queues.server.port }));
  }
  const { tableName } = options;
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: queues.endpoint,
    AWS_ENDPOINT_URL_S3: queues.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    FILES_BUCKET: LOCAL_FILES_BUCKET,
    AWS_ENDPOINT_URL_SNS: queues.endpoint,
    [EVENTS_TOPIC_ENV]: queues.eventsTopicArn,
    [WEBHOOKS_QUEUE_URL_ENV]: queues.eventQueueUrls.webhooks,
    // Webhooks here reach loopback addresses only: nothing leaves the machine.
    WEBHOOK_TARGETS: 'loopback',
    TABLE_NAME: tableName,
    PROVINCES: options.provinces.join(','),
    // No CloudWatch here to read embedded metrics: they would only fill the terminal.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    ...Object.fromEntries((Object.keys(QUEUE_URL_ENV) as Destination[]).map((d) => [QUEUE_URL_ENV[d], queues.urls[d]])),
  });
  const retry = options.webhookRetry;
  for (const [name, value] of [
    ['WEBHOOK_RETRY_BASE_S', retry?.baseS],
    ['WEBHOOK_RETRY_CAP_S', retry?.capS],
    ['WEBHOOK_RETRY_HORIZON_S', retry?.horizonS],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = String(value);
  }
  const db = new DynamoDBClient({ endpoint: dynamoEndpoint });
  await ensureTable(db, tableName);
  await createLocalBucket(queues.endpoint, LOCAL_FILES_BUCKET);
  db.destroy();
  return { dynamoEndpoint, ...(dynamo ? { dynamo } : {}), queues };
}
