import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dossierEvent, type DossierEvent, type DossierImage } from '../domain/events.js';
import { handoffMade, type HandoffMessage } from '../domain/lifecycle.js';
import { dossierPartOf, syncPartOf, type DossierPart, type SyncPart } from '../domain/aggregates.js';
import { dossierChange, syncChange } from '../adapters/stream.js';
import { lambdaContextInLogs } from '../observability/lambda.js';
import { logger } from '../observability/logger.js';

export interface StreamSinks {
  /** Publishes an event, with the dossier as its change stored it. */
  publish: (event: DossierEvent, dossier: DossierImage) => Promise<void>;
  /** Sends a hand-over to its receiver's queue, with the dossier as its change stored it. */
  handOver: (handoff: HandoffMessage, dossier: DossierImage) => Promise<void>;
  /** Counts a newer part of a dossier — a version, or its national synchronisation — into the daily aggregates, once. */
  count: (commune: string, dossierId: string, part: { dossier: DossierPart } | { sync: SyncPart }) => Promise<unknown>;
}

/**
 * The consumer of the table's stream: each record of a dossier or of its national
 * synchronisation is counted into the daily aggregates; each record that stores a new version of a dossier
 * becomes one event, published in stream order with the dossier as that version stored it, and
 * a version that hands the dossier over (accept, issue) is sent to its receiver's queue. At the
 * first failure the rest of the batch is reported failed from that record on
 * (ReportBatchItemFailures), so the stream is retried from exactly there: no dossier's events
 * overtake each other, and no stored hand-over is left unsent (the receivers and the topic's
 * deduplication absorb what a retry sends again).
 */
export function streamPublisher({ publish, handOver, count }: StreamSinks) {
  return middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      try {
        const sync = syncChange(record);
        if (sync) {
          await count(sync.commune, sync.dossierId, { sync: syncPartOf(sync.state) });
          continue;
        }
        const { before, after } = dossierChange(record);
        if (after) await count(after.commune, after.id, { dossier: dossierPartOf(after) });
        const derived = dossierEvent(before, after);
        if (!derived || !after) continue;
        await publish(derived, after);
        const handoff = handoffMade(before, after);
        if (handoff) await handOver(handoff, after);
      } catch (error) {
        const sequence = record.dynamodb?.SequenceNumber ?? '';
        logger.error('dossier event not published', { sequence, error: String(error) });
        return { batchItemFailures: [{ itemIdentifier: sequence }] };
      }
    }
    return { batchItemFailures: [] };
  }).use(lambdaContextInLogs());
}
