import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DossierEvent } from '../domain/events.js';
import { requiredEnv } from './aws.js';

let client: SNSClient | undefined;
const sns = (): SNSClient => (client ??= new SNSClient({}));

export const EVENTS_TOPIC_ENV = 'EVENTS_TOPIC_ARN';

/**
 * Publishes an event to the dossier events topic (SNS FIFO): grouped by dossier, so each
 * consumer's FIFO queue keeps a dossier's versions in order, and deduplicated on the event id,
 * so a stream record read twice is one message.
 */
export async function publishEvent(event: DossierEvent): Promise<void> {
  await sns().send(
    new PublishCommand({
      TopicArn: requiredEnv(EVENTS_TOPIC_ENV),
      Message: JSON.stringify(event),
      MessageGroupId: event.dossierId,
      MessageDeduplicationId: event.id,
      MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
    }),
  );
}
