import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { signing } from '../../shared/composition/signing.js';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import { logger } from '../../shared/observability/logger.js';

const sessionMessage = z.object({ commune: z.string().check(z.minLength(1)), dossierId: z.uuid(), sessionId: z.uuid() });

/**
 * The signing sessions brought back by their delayed queue: each asks its provider where the
 * signing stands; one still waiting is sent again, one signed completes the approval. A message
 * that is no session is dropped (it can never succeed); a failure is redelivered.
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
