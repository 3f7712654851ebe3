import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { MAX_MESSAGE_BYTES, type DossierEvent, type DossierImage, type EventMessage } from '../domain/events.js';
import { changesNationally } from '../domain/national-portal.js';
import { requiredEnv } from './aws.js';

let client: SNSClient | undefined;
export const sns = (): SNSClient => (client ??= new SNSClient({}));

export const EVENTS_TOPIC_ENV = 'EVENTS_TOPIC_ARN';

/** The message of an event: with the dossier as its change stored it, when that fits. */
export function eventMessage(event: DossierEvent, dossier: DossierImage): string {
  const full = JSON.stringify({ ...event, dossier } satisfies EventMessage);
  return Buffer.byteLength(full) <= MAX_MESSAGE_BYTES ? full : JSON.stringify(event);
}

/**
 * Publishes an event to the dossier events topic (SNS FIFO): grouped by dossier, so each
 * consumer's FIFO queue keeps a dossier's versions in order, and deduplicated on the event id,
 * so a stream record read twice is one message. The message holds the applicant's personal data
 * (the dossier): the topic and its queues are encrypted, and no log line quotes a message. Its
 * attributes are what the consumers' subscriptions filter on (infra/queues.ts EVENT_FILTERS).
 */
export async function publishEvent(event: DossierEvent, dossier: DossierImage): Promise<void> {
  await sns().send(
    new PublishCommand({
      TopicArn: requiredEnv(EVENTS_TOPIC_ENV),
      Message: eventMessage(event, dossier),
      MessageGroupId: event.dossierId,
      MessageDeduplicationId: event.id,
      MessageAttributes: {
        type: { DataType: 'String', StringValue: event.type },
        channel: { DataType: 'String', StringValue: event.channel },
        national: { DataType: 'String', StringValue: changesNationally(dossier, event.version) ? 'changed' : 'unchanged' },
      },
    }),
  );
}
