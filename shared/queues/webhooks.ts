import type { DeliveryOutcome } from '../app/webhooks.js';
import type { DossierEvent } from '../domain/events.js';
import { eventConsumer } from './events.js';

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
  return eventConsumer('webhook delivery', async (event, record) => {
    const outcome = await deliver(event);
    if (outcome.retryInS === undefined) return;
    await holdBack(record.receiptHandle, outcome.retryInS);
    return 'held';
  });
}
