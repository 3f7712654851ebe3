import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { DOSSIER_EVENT_TYPES, type DossierEvent, type DossierImage } from '../domain/events.js';
import { CHANNELS, STATUSES, STEPS } from '../domain/model.js';
import { lambdaContextInLogs } from '../observability/lambda.js';
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
  channel: z.enum(CHANNELS),
});

/** The dossier beside the event: only the fields that say which version it is are checked (it comes from the table's own stream). */
export const imageSchema = z.looseObject({
  id: z.string(),
  version: z.int(),
  province: z.string(),
  // Loose: the commune's commitment a dossier keeps comes along with its catalogue version.
  procedure: z.looseObject({ code: z.string(), version: z.int() }),
});

/** The event an SQS message carries, raw from the topic or in SNS's envelope, and the dossier as its change stored it when it came along. */
function messageOf(body: string): { event: DossierEvent; image?: DossierImage } {
  const parsed = JSON.parse(body) as { Type?: string; Message?: string };
  const message = (parsed.Type === 'Notification' && parsed.Message ? JSON.parse(parsed.Message) : parsed) as { dossier?: unknown };
  const event = dossierEventSchema.parse(message) as DossierEvent;
  const image = imageSchema.safeParse(message.dossier);
  const matches = image.success && image.data.id === event.dossierId && image.data.version === event.version;
  return { event, ...(matches ? { image: image.data as unknown as DossierImage } : {}) };
}

/**
 * A consumer of a FIFO queue of dossier events, as Lambda runs it. Records are handled in order;
 * once one of a dossier fails, that dossier's later records in the batch are not tried and are
 * reported failed with it, so they come back in the same order. A message that is no event is
 * reported failed and ends in the DLQ. The handler gets the dossier as the event's change stored
 * it when the message carried it (it reads the dossier otherwise). A handler that put its record
 * back for later (its own back-off) answers 'held': failed without an error, its dossier's later
 * records held with it.
 */
export function eventConsumer(name: string, handle: (event: DossierEvent, record: SQSRecord, image?: DossierImage) => Promise<void | 'held'>) {
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    const blocked = new Set<string>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? '';
      if (blocked.has(group)) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        const { event: dossierEvent, image } = messageOf(record.body);
        if ((await handle(dossierEvent, record, image)) !== 'held') continue;
      } catch (error) {
        logger.error(`${name} failed`, { messageId: record.messageId, error: error instanceof Error ? error.message : String(error) });
      }
      batchItemFailures.push({ itemIdentifier: record.messageId });
      blocked.add(group);
    }
    return { batchItemFailures };
  }).use(lambdaContextInLogs());
}
