import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MAX_MESSAGE_BYTES, type DossierImage } from '../domain/events.js';
import type { HandoffMessage } from '../domain/lifecycle.js';
import type { Department } from '../domain/model.js';
import { requiredEnv } from './aws.js';

let client: SQSClient | undefined;
// Emulators answer on their own endpoint (AWS_ENDPOINT_URL_SQS), whatever host their queue URLs name.
export const sqs = (): SQSClient => (client ??= new SQSClient({ useQueueUrlAsEndpoint: !process.env.AWS_ENDPOINT_URL_SQS }));

/** Environment variable holding the URL of each destination's queue. */
export const QUEUE_URL_ENV: Record<Department | 'DESK' | 'SIGNING', string> = {
  OFFICE: 'OFFICE_QUEUE_URL',
  ECONOMICS: 'ECONOMICS_QUEUE_URL',
  CULTURE_SOCIETY: 'CULTURE_SOCIETY_QUEUE_URL',
  DESK: 'RESULTS_QUEUE_URL',
  SIGNING: 'SIGNING_QUEUE_URL',
};

/** The message of a hand-over: with the dossier as its change stored it, when that fits (the receiver reads it otherwise). */
export function handoffBody(message: HandoffMessage, dossier: DossierImage): string {
  const full = JSON.stringify({ ...message, dossier });
  return Buffer.byteLength(full) <= MAX_MESSAGE_BYTES ? full : JSON.stringify(message);
}

/**
 * Sends a hand-over to its destination's queue: a department's intake, or the desk's results.
 * The message holds the applicant's personal data (the dossier): the queues are encrypted, and
 * no log line quotes a message.
 */
export async function sendHandoff(message: HandoffMessage, dossier: DossierImage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: requiredEnv(QUEUE_URL_ENV[message.to]), MessageBody: handoffBody(message, dossier) }));
}

/** The URL of the webhooks event queue, whose messages a failed delivery holds back. */
export const WEBHOOKS_QUEUE_URL_ENV = 'WEBHOOKS_QUEUE_URL';

/** SQS hides a received message for at most 12 hours. */
export const MAX_VISIBILITY_S = 12 * 3600;

/**
 * Keeps a received message of the webhooks queue hidden for `seconds`: the back-off. On a FIFO
 * queue its dossier's later events wait behind it, so they still arrive in order.
 */
export async function redeliverAfter(receiptHandle: string, seconds: number): Promise<void> {
  await sqs().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: requiredEnv(WEBHOOKS_QUEUE_URL_ENV),
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_S, Math.round(seconds))),
    }),
  );
}
