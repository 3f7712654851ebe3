import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { DOSSIER_EVENT_TYPES, type DossierEvent } from '../domain/events.js';
import { STATUSES, STEPS } from '../domain/model.js';
import { logger } from '../observability/logger.js';

const dossierEventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.enum(DOSSIER_EVENT_TYPES as [DossierEvent['type'], ...DossierEvent['type'][]]),
  at: z.string(),
  province: z.string(),
  commune: z.string(),
  dossierId: z.uuid(),
  code: z.optional(z.string()),
  status: z.enum(STATUSES),
  nationalStatus: z.int(),
  step: z.optional(z.enum(STEPS)),
  version: z.int(),
  submittedBy: z.string(),
});

/** The event an SQS message carries, raw from the topic or in SNS's envelope. */
function eventOf(body: string): DossierEvent {
  const parsed = JSON.parse(body) as { Type?: string; Message?: string };
  return dossierEventSchema.parse(parsed.Type === 'Notification' && parsed.Message ? JSON.parse(parsed.Message) : parsed) as DossierEvent;
}

/**
 * A consumer of a FIFO queue of dossier events, as Lambda runs it. Records are handled in order;
 * once one of a dossier fails, that dossier's later records in the batch are not tried and are
 * reported failed with it, so they come back in the same order. A message that is no event is
 * reported failed and ends in the DLQ. A handler that put its record back for later (its own
 * back-off) answers 'held': failed without an error, its dossier's later records held with it.
 */
export function eventConsumer(name: string, handle: (event: DossierEvent, record: SQSRecord) => Promise<void | 'held'>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    const blocked = new Set<string>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? '';
      if (blocked.has(group)) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        if ((await handle(eventOf(record.body), record)) !== 'held') continue;
      } catch (error) {
        logger.error(`${name} failed`, { messageId: record.messageId, error: error instanceof Error ? error.message : String(error) });
      }
      batchItemFailures.push({ itemIdentifier: record.messageId });
      blocked.add(group);
    }
    return { batchItemFailures };
  };
}
