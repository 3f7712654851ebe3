import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dossierEvent, type DossierEvent, type DossierImage } from '../domain/events.js';
import { dossierChange } from '../adapters/stream.js';
import { logger } from '../observability/logger.js';

/**
 * The consumer of the table's stream: each record that stores a new version of a dossier
 * becomes one event, published in stream order with the dossier as that version stored it. At
 * the first failure the rest of the batch is reported failed from that record on
 * (ReportBatchItemFailures), so the stream is retried from exactly there and no dossier's events
 * overtake each other.
 */
export function streamPublisher(publish: (event: DossierEvent, dossier: DossierImage) => Promise<void>) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      try {
        const { before, after } = dossierChange(record);
        const derived = dossierEvent(before, after);
        if (derived) await publish(derived, after!);
      } catch (error) {
        const sequence = record.dynamodb?.SequenceNumber ?? '';
        logger.error('dossier event not published', { sequence, error: String(error) });
        return { batchItemFailures: [{ itemIdentifier: sequence }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
