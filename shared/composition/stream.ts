import { countDossierPart } from '../adapters/aggregates.js';
import { publishEvent } from '../adapters/events.js';
import { sendHandoff } from '../adapters/queue.js';
import type { StreamSinks } from '../streams/dossier-events.js';

/** Where the table's stream consumer sends: each event to the dossier events topic (SNS), each hand-over to its receiver's queue (SQS), each count to the aggregates. */
export const streamSinks: StreamSinks = { publish: publishEvent, handOver: sendHandoff, count: countDossierPart };
