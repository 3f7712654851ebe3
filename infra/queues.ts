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
export const EVENT_QUEUE_NAMES = { notifications: 'notifications', webhooks: 'webhooks', nationalPortal: 'national-portal' } as const;
export type EventQueue = keyof typeof EVENT_QUEUE_NAMES;

/**
 * Receives before an event goes to its consumer's DLQ, where it differs from MAX_RECEIVE_COUNT.
 * The webhooks consumer retries a failing receiver itself (back-off for at least 24 hours, then
 * parked), and a dossier's later events are received again each time they wait behind one that
 * is retried; its DLQ only catches events that can never be handled.
 */
export const EVENT_MAX_RECEIVE_COUNT: Partial<Record<EventQueue, number>> = { webhooks: 100 };

/** How long each event queue keeps a message: the webhooks queue holds events behind a receiver that is down. */
export const EVENT_RETENTION_DAYS: Partial<Record<EventQueue, number>> = { webhooks: 14 };
export const EVENTS_TOPIC_NAME = 'dossier-events.fifo';

/** Records per batch of the table's stream, on AWS (the event source mapping) and locally. */
export const STREAM_BATCH_SIZE = 100;
