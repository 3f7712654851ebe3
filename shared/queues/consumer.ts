import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import type { DossierImage } from '../domain/events.js';
import type { HandoffMessage } from '../domain/lifecycle.js';
import { DEPARTMENTS, type Department } from '../domain/model.js';
import { lambdaContextInLogs } from '../observability/lambda.js';
import { logger } from '../observability/logger.js';
import { PoisonMessage, type Handoffs } from '../app/handoffs.js';
import { imageSchema } from './events.js';

const handoffMessage = z.object({
  dossierId: z.uuid(),
  commune: z.string().check(z.minLength(1)),
  to: z.enum([...DEPARTMENTS, 'DESK']),
  dossier: z.optional(imageSchema),
});

/** The hand-over a queue message carries, and the dossier as its change stored it when it came along; anything else can never succeed. */
export function handoffOf(body: string): { handoff: HandoffMessage; image?: DossierImage } {
  let parsed: z.infer<typeof handoffMessage>;
  try {
    parsed = handoffMessage.parse(JSON.parse(body));
  } catch {
    throw new PoisonMessage('not a hand-over message');
  }
  const { dossier, ...handoff } = parsed;
  return { handoff, ...(dossier?.id === handoff.dossierId ? { image: dossier as unknown as DossierImage } : {}) };
}

/**
 * An SQS consumer of hand-overs, as Lambda runs it: each record on its own, failures reported
 * per record (ReportBatchItemFailures) so only they are redelivered.
 */
export function handoffConsumer(handoffs: Handoffs, accepts: (to: Department | 'DESK') => boolean) {
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const { handoff, image } = handoffOf(record.body);
        await handoffs.receive(handoff, accepts, image);
      } catch (error) {
        logger.error('hand-over failed', { messageId: record.messageId, poison: error instanceof PoisonMessage, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }).use(lambdaContextInLogs());
}
