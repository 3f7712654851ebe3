import type { IndexName } from '../../shared/adapters/table.js';
import type { Destination } from '../queues.js';

/**
 * Least privilege, written down: what each function does to the table and to which queues it
 * hands over. Read off the code it runs (shared/adapters/repository.ts, handoffs.ts):
 *
 * - every authenticated route and consumer reads the province configuration: Query on `P#<p>`;
 * - `getDossier` is a GetItem; `saveDossier` a conditional PutItem;
 * - `createDossier` puts the idempotency record, then the dossier (conditional PutItems);
 * - publishing a procedure version is a TransactWriteItems of two Puts, which IAM authorizes as
 *   the PutItems it is made of (there is no TransactWriteItems action);
 * - lists by assignee, the SLA report and statistics read keys-only indexes, then the dossiers
 *   with BatchGetItem;
 * test/e2e/least-privilege.test.ts runs every function locally and checks each action it takes
 * against this table.
 * - `nextSequence` (accept) is an UpdateItem (atomic counter);
 * - reports (shared/adapters/reports.ts): a commune report is a GetItem, the province roll-up a
 *   BatchGetItem, statistics query the sparse openByDue / acceptedByMonth / closedByMonth indexes;
 * - index queries need the index ARN itself, so each function lists the indexes it queries.
 *
 * - the access trail is appended to with PutItem on its own keys only (`C#<c>#AUDIT#<id>`, an
 *   IAM condition on the leading key), so a route that reads a dossier can append to its trail
 *   and write nothing else;
 *
 * - a portal's webhooks are items of its own partition (`P#<p>#WEBHOOKS#<client>`): registering
 *   reads it (the count, the name) and puts the webhook, sealing a new secret with the province's
 *   webhook key item (made by the first webhook: a conditional PutItem); removing one is the only
 *   DeleteItem of the product; deliveries are items of the webhook's own partition.
 *
 * Nothing scans or touches the table schema; only a webhook is ever deleted.
 */
export type DynamoAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/**
 * What a function does to the files bucket. A presigned URL acts with the rights of the function
 * that signed it: PutObject for upload URLs, GetObject for download URLs (and the server-side
 * check, which reads a version); DeleteObject removes a rejected file's version for good.
 */
export type FileAction = 'PutObject' | 'GetObject' | 'DeleteObject';

export interface FunctionAccess {
  /** DynamoDB actions on the table's items. */
  table: DynamoAction[];
  /** Indexes the function queries. */
  indexes?: IndexName[];
  /** Queues the function sends hand-overs to (sqs:SendMessage, plus the URL in its environment). */
  sendsTo?: Destination[];
  /** Actions on the files bucket's objects (plus its bucket name in FILES_BUCKET). */
  files?: FileAction[];
  /** Appends to dossiers' access trails (PutItem, on the trail's keys only). */
  audits?: boolean;
}

const ALL_QUEUES: Destination[] = ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY', 'DESK'];

/** A workflow step: read config and dossier, store the next version on the read one (its history entry is the change's trail entry). */
const transition: FunctionAccess = { table: ['Query', 'GetItem', 'PutItem'] };

export const ACCESS: Record<string, FunctionAccess> = {
  // Public routes: the catalogue (a Query of P#<p>); the lookup and the rating find the dossier
  // by code (byCode, then the item); the rating is a conditional UpdateItem of the dossier.
  'procedures-list': { table: ['Query'] },
  // The contract, built from the schemas in memory: no data at all.
  openapi: { table: [] },
  'lookup-get': { table: ['GetItem'], indexes: ['byCode'] },
  'lookup-rating': { table: ['GetItem', 'UpdateItem'], indexes: ['byCode'] },
  // The electronic result: found as the lookup finds it, its files signed for download.
  'lookup-result': { table: ['GetItem', 'UpdateItem'], indexes: ['byCode'], files: ['GetObject'] },

  // Province administration: read the configuration, write its items (a procedure version is a
  // two-Put transaction; a commune or calendar is read for its version, then put on it).
  'admin-put-procedure': { table: ['Query', 'PutItem'] },
  'admin-put-commune': { table: ['Query', 'GetItem', 'PutItem'] },
  'admin-put-calendar': { table: ['Query', 'GetItem', 'PutItem'] },

  // Creating a dossier derives its lookup secret from the province's key item (made by the first
  // dossier: a conditional PutItem); Form 01 reads the key to derive the secret again.
  'dossiers-create': { table: ['Query', 'GetItem', 'PutItem'], audits: true },
  'dossiers-list': { table: ['Query', 'BatchGetItem'], indexes: ['worklist', 'byAssignee'] },
  // The search: a code through byCode and the item; an ID number or phone through its HMAC (the
  // province's key item) and a keys-only index, then the dossiers; each one found goes on its trail.
  'dossiers-search': { table: ['Query', 'GetItem', 'BatchGetItem'], indexes: ['byCode', 'byIdNumber', 'byPhone'], audits: true },
  'dossiers-received': { table: ['Query', 'BatchGetItem'], indexes: ['receivedForOthers'] },
  // Files: a declaration is stored on the dossier and its upload URL signed; the check reads the
  // stored object and deletes it when it does not match; a download URL is signed for reading.
  'attachments-create': { ...transition, files: ['PutObject'], audits: true },
  'attachments-complete': { ...transition, files: ['GetObject', 'DeleteObject'], audits: true },
  'attachments-get': { table: ['Query', 'GetItem'], files: ['GetObject'], audits: true },
  // The dossier answer also shows its synchronisation with the national portal: a second GetItem.
  'dossiers-get': { table: ['Query', 'GetItem'], audits: true },
  'dossiers-form': { table: ['Query', 'GetItem'], audits: true },
  // The trail is a Query of its own partition; listing it is on the trail too.
  'dossiers-audit': { table: ['Query', 'GetItem'], audits: true },
  // The applicant's messages are items of the dossier's partition (a Query); reading their texts is on the trail.
  'dossiers-messages': { table: ['Query', 'GetItem'], audits: true },
  // The history chain recomputed from the stored dossier: a read of the dossier, nothing written.
  'dossiers-verify-history': { table: ['Query', 'GetItem'] },
  // accept takes the next number of the daily sequence (the hand-over to the department is sent from the stream).
  'dossiers-accept': { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] },
  'dossiers-request-supplement': transition,
  'dossiers-supplement': transition,
  'dossiers-refuse': transition,
  'dossiers-assign': transition,
  'dossiers-propose': transition,
  'dossiers-review': transition,
  'dossiers-approve': transition,
  'dossiers-issue': transition,
  'dossiers-return': transition,
  'dossiers-withdraw': transition,
  'dossiers-extend': transition,

  'reports-commune-sla': { table: ['Query', 'GetItem'] },
  'reports-province-sla': { table: ['Query', 'BatchGetItem'] },
  'reports-statistics': { table: ['Query', 'BatchGetItem'], indexes: ['openByDue', 'acceptedByMonth', 'closedByMonth'] },
  // The service index reads what the statistics read, and the dossiers' synchronisation items (BatchGetItem).
  'reports-service-index': { table: ['Query', 'BatchGetItem'], indexes: ['openByDue', 'acceptedByMonth', 'closedByMonth'] },

  // Consumers record a hand-over: read config (and the dossier, when the message did not carry it or it changed since), store the next version.
  'department-intake': { table: ['Query', 'GetItem', 'PutItem'] },
  'results-intake': { table: ['Query', 'GetItem', 'PutItem'] },

  // The SLA report: the province configuration, each commune's open dossiers, the province's
  // unsynced dossiers, one stored report per commune; then the digests: the day's reports,
  // whether each digest went out (GetItem), its marker.
  'sla-report': { table: ['Query', 'GetItem', 'BatchGetItem', 'PutItem'], indexes: ['openByDue', 'nationalUnsynced'] },
  // Supplement time limits: each commune's SUPPLEMENT_REQUESTED worklist, then each dossier reread and refused.
  'supplement-expiry': { table: ['Query', 'GetItem', 'PutItem'], indexes: ['worklist'] },

  // The stream consumer turns stream records into events and sends the hand-overs they make to
  // every receiver's queue: it reads the stream (granted with its event source), never the table.
  'dossier-events': { table: [], sendsTo: ALL_QUEUES },
  // Notifications read the dossier (the applicant's contact) and whether a message was sent, then record it.
  notifications: { table: ['GetItem', 'PutItem'] },
  // Webhooks: the submitter's webhooks (a Query), the webhook key and each delivery so far (GetItem), each attempt recorded (PutItem).
  webhooks: { table: ['Query', 'GetItem', 'PutItem'] },

  // The portals' webhook routes read the portal's own partition; registering seals a new secret
  // with the province's webhook key (read, or made by the first webhook).
  'webhooks-list': { table: ['Query'] },
  'webhooks-get': { table: ['GetItem'] },
  'webhooks-put': { table: ['Query', 'GetItem', 'PutItem'] },
  'webhooks-delete': { table: ['DeleteItem'] },
  'webhooks-deliveries': { table: ['GetItem', 'Query'] },
  // The national portal connector reads the dossier and its synchronisation state, and stores the state.
  'national-portal': { table: ['GetItem', 'PutItem'] },

  // The user pool's pre-token-generation trigger maps the attributes Cognito hands it (and the
  // portal clients of its environment) to claims: no table, no queue, no AWS call at all.
  'pre-token': { table: [] },
};

/**
 * A function with no entry above (a route added without updating this table) gets the
 * narrowest access its kind can work with, and synth warns about it.
 */
export function defaultAccess(kind: 'http-read' | 'http-write' | 'consumer' | 'schedule'): FunctionAccess {
  switch (kind) {
    case 'http-read':
      return { table: ['Query', 'GetItem'] };
    case 'http-write':
    case 'consumer':
    case 'schedule':
      return { table: ['Query', 'GetItem', 'PutItem'] };
  }
}
