import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeliveryOutcome } from '../app/webhooks.js';
import type { DossierEvent } from '../domain/events.js';
import { observed } from '../observability/lambda.js';
import { logger } from '../observability/logger.js';
import { eventOf } from './events.js';

/**
 * The consumer of the webhooks FIFO queue, as Lambda runs it. A record whose delivery failed is
 * kept hidden for its back-off (`holdBack`, SQS's visibility timeout) and reported failed; its
 * dossier's later records in the batch are reported failed with it, and FIFO keeps them behind it
 * until it is delivered or parked. Other dossiers go on.
 */
export function webhookConsumer(
  deliver: (event: DossierEvent) => Promise<DeliveryOutcome>,
  holdBack: (receiptHandle: string, seconds: number) => Promise<void>,
) {
  return observed(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    const blocked = new Set<string>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? '';
      if (blocked.has(group)) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        const outcome = await deliver(eventOf(record.body));
        if (outcome.retryInS === undefined) continue;
        await holdBack(record.receiptHandle, outcome.retryInS);
      } catch (error) {
        logger.error('webhook delivery failed', { messageId: record.messageId, error: error instanceof Error ? error.message : String(error) });
      }
      batchItemFailures.push({ itemIdentifier: record.messageId });
      blocked.add(group);
    }
    return { batchItemFailures };
  });
}
