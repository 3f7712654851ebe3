import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { HandoffMessage } from '../domain/lifecycle.js';
import type { Department } from '../domain/model.js';
import { requiredEnv } from './aws.js';

let client: SQSClient | undefined;
// Emulators answer on their own endpoint (AWS_ENDPOINT_URL_SQS), whatever host their queue URLs name.
export const sqs = (): SQSClient => (client ??= new SQSClient({ useQueueUrlAsEndpoint: !process.env.AWS_ENDPOINT_URL_SQS }));

/** Environment variable holding the URL of each destination's queue. */
export const QUEUE_URL_ENV: Record<Department | 'DESK', string> = {
  OFFICE: 'OFFICE_QUEUE_URL',
  ECONOMICS: 'ECONOMICS_QUEUE_URL',
  CULTURE_SOCIETY: 'CULTURE_SOCIETY_QUEUE_URL',
  DESK: 'RESULTS_QUEUE_URL',
};

/** Sends a hand-over to its destination's queue: a department's intake, or the desk's results. */
export async function sendHandoff(message: HandoffMessage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: requiredEnv(QUEUE_URL_ENV[message.to]), MessageBody: JSON.stringify(message) }));
}
