import type { Commitment } from './catalogue.js';
import type { Channel, Dossier, Procedure, Status, Step } from './model.js';
import { nationalStatus } from './national-status.js';

/** The event type of each history action: what happened to the dossier, in the past tense. */
export const EVENT_TYPES = {
  submit: 'dossier.submitted',
  accept: 'dossier.accepted',
  'request-supplement': 'dossier.supplement-requested',
  supplement: 'dossier.supplemented',
  refuse: 'dossier.refused',
  'supplement-expired': 'dossier.supplement-expired',
  assign: 'dossier.assigned',
  reassign: 'dossier.reassigned',
  receive: 'dossier.received',
  propose: 'dossier.proposed',
  review: 'dossier.reviewed',
  approve: 'dossier.approved',
  // The clerk hands the result over to the desk.
  issue: 'dossier.handed-over',
  'receive-result': 'dossier.result-ready',
  extend: 'dossier.extended',
  return: 'dossier.returned',
  withdraw: 'dossier.withdrawn',
  collect: 'dossier.paid',
  waive: 'dossier.payment-waived',
  refund: 'dossier.refunded',
  'payment-expired': 'dossier.payment-expired',
} as const;

/** The event of a change that asked for fees (an acceptance with fees due at reception, a result at the desk with fees due at result). */
export const PAYMENT_REQUESTED = 'dossier.payment-requested';

export type DossierEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES] | typeof PAYMENT_REQUESTED;
export const DOSSIER_EVENT_TYPES = [...new Set([...Object.values(EVENT_TYPES), PAYMENT_REQUESTED])] as DossierEventType[];

/** Whether the change that recorded `entry` asked for the payment the dossier now has. */
const requestedPayment = (after: EventSource, entry: { at: string; action: string }) =>
  (entry.action === 'accept' || entry.action === 'receive-result') && after.payment?.requestedAt === entry.at;

/** One stored change of a dossier, as its consumers see it: ids and states, never personal data. */
export interface DossierEvent {
  /** The same for every delivery of the same change: consumers deduplicate on it. */
  id: string;
  type: DossierEventType;
  at: string;
  province: string;
  commune: string;
  dossierId: string;
  code?: string;
  status: Status;
  nationalStatus: number;
  step?: Step;
  version: number;
  /** Who submitted it (a portal's client id, or the desk officer): webhooks go to the submitter only. */
  submittedBy: string;
  /** How it was filed: only a portal files ONLINE, so only these dossiers have webhooks to call. */
  channel: Channel;
}

/** What an event is made of: the dossier, whatever form its procedure takes (the stream's images refer to it). */
export type EventSource = Omit<Dossier, 'procedure'>;

/** A dossier as one stored change left it, its procedure by reference to the catalogue version (what the stream's images hold). */
export type DossierImage = EventSource & { procedure: Pick<Procedure, 'code' | 'version'> & { commitment?: Commitment } };

/**
 * What the events topic carries: the event and, when it fits in one message, the dossier as its
 * change stored it, so that a consumer need not read the dossier again.
 */
export type EventMessage = DossierEvent & { dossier?: DossierImage };

/**
 * Bytes of a message with the dossier it carries: SNS and SQS take 256 KiB, attributes and SNS's
 * own fields included. A dossier that would not fit is left out, and its consumers read it.
 */
export const MAX_MESSAGE_BYTES = 240 * 1024;

export const eventId = (dossierId: string, version: number): string => `evt_${dossierId}_${version}`;

/**
 * The event of one stored change, from the dossier before and after it. A change that did not
 * make a new version (a rating written beside the body) and a deletion are no event.
 */
export function dossierEvent(before: EventSource | undefined, after: EventSource | undefined): DossierEvent | undefined {
  if (!after || (before && after.version <= before.version)) return undefined;
  const entry = after.history[after.history.length - 1];
  const type = entry && requestedPayment(after, entry) ? PAYMENT_REQUESTED : entry ? EVENT_TYPES[entry.action as keyof typeof EVENT_TYPES] : undefined;
  if (!entry || !type) throw new Error(`dossier version ${after.version} ends with an unknown history action`);
  return {
    id: eventId(after.id, after.version),
    type,
    at: entry.at,
    province: after.province,
    commune: after.commune,
    dossierId: after.id,
    ...(after.code ? { code: after.code } : {}),
    status: after.status,
    nationalStatus: nationalStatus(after.status, after.step),
    ...(after.step ? { step: after.step } : {}),
    version: after.version,
    submittedBy: after.submittedBy,
    channel: after.channel,
  };
}
