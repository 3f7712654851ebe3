import { DOSSIER_SK, keys } from '../shared/adapters/table.js';
import type { Department } from '../shared/domain/model.js';
import { NOTIFIED_TYPES } from '../shared/domain/notifications.js';

/*
 * The hand-over queues, the same set on AWS (infra/stacks/messaging.ts) and in the local
 * runtime's emulator (infra/local/queues.ts).
 */

/** Where a message goes: a department's intake, the desk's results, or the signing sessions waiting for their signer. */
export type Destination = Department | 'DESK' | 'SIGNING';

export const QUEUE_NAMES: Record<Destination, string> = {
  OFFICE: 'office-intake',
  ECONOMICS: 'economics-intake',
  CULTURE_SOCIETY: 'culture-society-intake',
  DESK: 'results',
  SIGNING: 'signing-sessions',
};

/** The queues a dossier's hand-over goes to (the stream consumer sends those). */
export const HANDOFF_DESTINATIONS = (Object.keys(QUEUE_NAMES) as Destination[]).filter((d): d is Department | 'DESK' => d !== 'SIGNING');

/**
 * Every message of the signing queue is delivered this long after it was sent (SQS DelaySeconds):
 * a session is looked at again at this pace, and no function waits for a signer.
 */
export const SIGNING_POLL_DELAY_S = 10;

/** Tries before a message goes to its DLQ. */
export const MAX_RECEIVE_COUNT = 5;

/** The consumers of the dossier events: each its own FIFO queue (and FIFO DLQ) on the events topic. */
export const EVENT_QUEUE_NAMES = { notifications: 'notifications', webhooks: 'webhooks', nationalPortal: 'national-portal' } as const;
export type EventQueue = keyof typeof EVENT_QUEUE_NAMES;

/**
 * What each event consumer's subscription lets through: SNS filter policies on the message
 * attributes the stream consumer sets (shared/adapters/events.ts), the same on AWS and locally.
 * A consumer is invoked, and its queue billed, only for the events it acts on; each consumer
 * still checks the same itself.
 */
export const EVENT_FILTERS: Record<EventQueue, Record<string, string[]>> = {
  // The types a citizen is told of.
  notifications: { type: [...NOTIFIED_TYPES] },
  // Only a portal files online: the dossiers that have webhooks.
  webhooks: { channel: ['ONLINE'] },
  // A change that gives the national portal something new: the first, a new national status, a completed step.
  nationalPortal: { national: ['changed'] },
};

/**
 * The stream records that invoke the stream consumer (Lambda event filtering, the same locally):
 * a dossier item or its national synchronisation stored or changed (the aggregates count both).
 * Sent messages, counters, aggregates and idempotency records never invoke it, and filtered
 * records are not billed.
 */
export const STREAM_FILTER = { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { SK: { S: [DOSSIER_SK, keys.nationalSync('', '').SK] } } } };

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
