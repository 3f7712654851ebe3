import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { signing } from '../../shared/composition/signing.js';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import { logger } from '../../shared/observability/logger.js';

const commune = z.string().check(z.minLength(1));
/** A session of one dossier, or one authorisation for many (a leader's approval of a batch). */
const sessionMessage = z.union([
  z.object({ commune, dossierId: z.uuid(), sessionId: z.uuid() }),
  z.object({ commune, dossierIds: z.array(z.uuid()).check(z.minLength(1)), sessionId: z.uuid() }),
]);

/**
 * The signing sessions brought back by their delayed queue: each asks its provider where the
 * signing stands; one still waiting is sent again, one signed completes the approval of every
 * dossier it signs for. A message that is no session is dropped (it can never succeed); a
 * failure is redelivered.
 */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    let message: z.infer<typeof sessionMessage>;
    try {
      message = sessionMessage.parse(JSON.parse(record.body));
    } catch {
      logger.error('not a signing session message', { messageId: record.messageId });
      continue;
    }
    try {
      await signing.poll(message);
    } catch (error) {
      logger.error('signing session failed', { messageId: record.messageId, sessionId: message.sessionId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}).use(lambdaContextInLogs());
