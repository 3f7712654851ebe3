import { randomUUID } from 'node:crypto';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime.js';
import { apiClient } from './client.js';
import { officials } from './officials.js';

/** A local runtime on the suite's DynamoDB Local, in a table of its own, on a free port. */
export async function startTestRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('the test global setup did not start DynamoDB Local');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  return startLocalRuntime({ dynamoEndpoint: endpoint, tableName: `t-${randomUUID()}`, visibilityTimeoutS: 1, ...options });
}

/** A test runtime, a client of it and the seeded officials' tokens: where an end-to-end suite starts. */
export async function startSuite(options: LocalRuntimeOptions = {}) {
  const runtime = await startTestRuntime(options);
  const api = apiClient(runtime);
  return { runtime, api, who: await officials(api) };
}
