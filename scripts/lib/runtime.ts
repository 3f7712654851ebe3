/**
 * A fresh local runtime for a measurement: DynamoDB Local in memory (started here, so its
 * endpoint can also be used directly), the SQS emulator, the handlers, all in this process and on
 * loopback. The background job that would disturb a measurement (the daily report) is
 * pushed out of the run.
 */
import type { LocalRuntime } from '../../infra/local/runtime.js';

export interface MeasuredRuntime {
  runtime: LocalRuntime;
  dynamoEndpoint: string;
  /** Lines the runtime logged (poller and handler failures). */
  logLines: string[];
  stop(): Promise<void>;
}

export async function startMeasuredRuntime(options: { tableName?: string; visibilityTimeoutS?: number } = {}): Promise<MeasuredRuntime> {
  // Handlers log at INFO; the logger reads this when their modules load, which happens below.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  // The SDK warns once that it will need Node 22 from 2027; the figures do not need the noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { startDynamoDbLocal } = await import('../../infra/local/dynamodb-local.js');
  const { startLocalRuntime } = await import('../../infra/local/runtime.js');
  const dynamo = await startDynamoDbLocal();
  const logLines: string[] = [];
  try {
    const runtime = await startLocalRuntime({
      port: 0,
      dynamoEndpoint: dynamo.endpoint,
      tableName: options.tableName ?? 'mot-cua',
      visibilityTimeoutS: options.visibilityTimeoutS ?? 5,
      scheduleTickMs: 3_600_000,
      log: (line) => logLines.push(line),
    });
    return {
      runtime,
      dynamoEndpoint: dynamo.endpoint,
      logLines,
      stop: async () => {
        await runtime.stop();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
