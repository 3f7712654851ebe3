import type { FunctionAccess } from '../shared/access/least-privilege.js';
import { HANDOFF_DESTINATIONS, type Destination } from './queues.js';

/*
 * The functions no HTTP request calls (the routes are declared in shared/http/api): the CDK app
 * makes a Lambda function of each, with exactly its access (shared/access/least-privilege.ts), and
 * the local runtime runs the same files.
 */

/** Consumers record a hand-over: read config (and the dossier, when the message did not carry it or it changed since), store the next version. */
const recordsHandOvers: FunctionAccess = { table: ['Query', 'GetItem', 'PutItem'] };

/** Queue consumers: which queues each one drains. */
export const QUEUE_CONSUMERS = [
  { name: 'department-intake', entry: 'functions/queues/department-intake.ts', queues: ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'], access: recordsHandOvers },
  { name: 'results-intake', entry: 'functions/queues/results-intake.ts', queues: ['DESK'], access: recordsHandOvers },
  /**
   * Signing sessions: reads the configuration and the dossier, asks the provider where the
   * signing stands, and when signed reads the draft and writes the signed file as its new
   * version, then stores the dossier; a session still waiting is sent again (delayed).
   */
  {
    name: 'signing-sessions',
    entry: 'functions/queues/signing-sessions.ts',
    queues: ['SIGNING'],
    access: { table: ['Query', 'GetItem', 'PutItem'], files: ['GetObject', 'PutObject'], sendsTo: ['SIGNING'] },
  },
] as const satisfies readonly { name: string; entry: string; queues: readonly Destination[]; access: FunctionAccess }[];

/**
 * The consumer of the table's stream: it turns each stored dossier version into an event on the
 * events topic and sends the hand-overs it makes to every receiver's queue, and counts each
 * dossier's newer version or synchronisation into the daily aggregates: it reads what it counted
 * of the dossier (GetItem), then writes it again with the days' counters in one transaction
 * (PutItem and UpdateItem, as IAM authorizes TransactWriteItems).
 */
export const STREAM_CONSUMERS = [
  {
    name: 'dossier-events',
    entry: 'functions/streams/dossier-events.ts',
    access: { table: ['GetItem', 'PutItem', 'UpdateItem'], sendsTo: HANDOFF_DESTINATIONS },
  },
] as const satisfies readonly { name: string; entry: string; access: FunctionAccess }[];

/** Consumers of the dossier events, each draining its own FIFO queue subscribed to the events topic. */
export const EVENT_CONSUMERS = [
  // Notifications read the dossier (the applicant's contact) and whether a message was sent, then record it;
  // the lookup key, to link to the citizen's page with the dossier's secret derived again.
  { name: 'notifications', entry: 'functions/queues/notifications.ts', queue: 'notifications', access: { table: ['GetItem', 'PutItem'], keys: ['lookup'] } },
  // The submitter's webhooks (a Query), the webhook key and each delivery so far (GetItem), each attempt recorded (PutItem).
  { name: 'webhooks', entry: 'functions/queues/webhooks.ts', queue: 'webhooks', access: { table: ['Query', 'GetItem', 'PutItem'], keys: ['webhook'] } },
  // The national portal connector reads the dossier and its synchronisation state, and stores the state.
  { name: 'national-portal', entry: 'functions/queues/national-portal.ts', queue: 'nationalPortal', access: { table: ['GetItem', 'PutItem'] } },
] as const satisfies readonly { name: string; entry: string; queue: string; access: FunctionAccess }[];

/** Scheduled jobs, with their EventBridge Scheduler expression in Asia/Ho_Chi_Minh. */
export const SCHEDULES = [
  /**
   * Working days are checked by the job itself: a Monday–Friday holiday is skipped. It reads the
   * province configuration, each commune's open dossiers, the province's unsynced dossiers, and
   * stores one report per commune; then the digests: the day's reports, whether each digest went
   * out (GetItem), its marker.
   */
  {
    name: 'sla-report',
    entry: 'functions/schedules/sla-report.ts',
    expression: 'cron(0 7 ? * MON-FRI *)',
    access: { table: ['Query', 'GetItem', 'BatchGetItem', 'PutItem'], indexes: ['openByDue', 'nationalUnsynced'] },
  },
  /** Supplement time limits: each commune's SUPPLEMENT_REQUESTED worklist, then each dossier reread and refused. */
  {
    name: 'supplement-expiry',
    entry: 'functions/schedules/supplement-expiry.ts',
    expression: 'cron(30 6 ? * MON-FRI *)',
    access: { table: ['Query', 'GetItem', 'PutItem'], indexes: ['worklist'] },
  },
  /**
   * Lost callbacks: every online payment request still PENDING, older than 15 minutes and younger
   * than 3 days (one Query per day it looks back over), asked of the payment platform and settled
   * as its callback would: the dossier, the receipt book's counter and the receipts in one transaction.
   */
  {
    name: 'payment-reconciliation',
    entry: 'functions/schedules/payment-reconciliation.ts',
    expression: 'rate(15 minutes)',
    access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] },
  },
] as const satisfies readonly { name: string; entry: string; expression: string; access: FunctionAccess }[];
