import type { Department } from '../shared/domain/model.js';

/*
 * The hand-over queues, the same set on AWS (infra/stacks/messaging.ts) and in the local
 * runtime's emulator (infra/local/queues.ts).
 */

/** Where a hand-over goes: a department's intake, or the desk's results. */
export type Destination = Department | 'DESK';

export const QUEUE_NAMES: Record<Destination, string> = {
  OFFICE: 'office-intake',
  ECONOMICS: 'economics-intake',
  CULTURE_SOCIETY: 'culture-society-intake',
  DESK: 'results',
};

/** Tries before a message goes to its DLQ. */
export const MAX_RECEIVE_COUNT = 5;

/** The consumers of the dossier events: each its own FIFO queue (and FIFO DLQ) on the events topic. */
export const EVENT_QUEUE_NAMES = { notifications: 'notifications' } as const;
export type EventQueue = keyof typeof EVENT_QUEUE_NAMES;
export const EVENTS_TOPIC_NAME = 'dossier-events.fifo';

/** Records per batch of the table's stream, on AWS (the event source mapping) and locally. */
export const STREAM_BATCH_SIZE = 100;
