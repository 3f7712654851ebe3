import type { IndexName, ProvinceKey } from '../adapters/table.js';
import type { Department } from '../domain/model.js';

/*
 * Least privilege, written down with each function's declaration (the HTTP routes in
 * shared/http/api, the consumers and jobs in infra/workers.ts): what it does to the table and to
 * which queues it hands over, read off the code it runs (shared/adapters/repository.ts, handoffs.ts):
 *
 * - every authenticated route and consumer reads the province configuration: Query on `P#<p>`;
 * - `getDossier` is a GetItem; `saveDossier` a conditional PutItem;
 * - `createDossier` puts the idempotency record, then the dossier (conditional PutItems);
 * - publishing a procedure version is a TransactWriteItems of two Puts, which IAM authorizes as
 *   the PutItems it is made of (there is no TransactWriteItems action);
 * - lists by assignee, the SLA report and statistics read keys-only indexes, then the dossiers
 *   with BatchGetItem;
 * - `nextSequence` (accept) is an UpdateItem (atomic counter);
 * - reports (shared/adapters/reports.ts): a commune report is a GetItem, the province roll-up a
 *   BatchGetItem; statistics and the service index read a commune's daily aggregates and their
 *   rollups by key (BatchGetItem) and its year rollups (a Query of its own partition);
 * - index queries need the index ARN itself, so each function lists the indexes it queries;
 * - the access trail is appended to with PutItem on its own keys only (`C#<c>#AUDIT#<id>`, an
 *   IAM condition on the leading key), so a route that reads a dossier can append to its trail
 *   and write nothing else;
 * - a portal's webhooks are items of its own partition (`P#<p>#WEBHOOKS#<client>`): registering
 *   reads it (the count, the name) and puts the webhook, sealing a new secret with the province's
 *   webhook key item (made by the first webhook: a conditional PutItem); removing one is the only
 *   DeleteItem of the product; deliveries are items of the webhook's own partition;
 * - the province's key items are read (and made, by their first use) only by the functions that
 *   declare them in `keys`: the lookup key by those that derive lookup secrets, applicant hashes or
 *   list cursors from it, the webhook key by those that seal or open webhook secrets; every other
 *   function with the table is denied both items, whatever else it is allowed.
 *
 * Nothing scans or touches the table schema; only a webhook is ever deleted. The CDK app grants
 * exactly this (infra/stacks/functions.ts), and test/e2e/least-privilege.test.ts runs every
 * function locally and checks each action it takes against it.
 */
export type DynamoAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/**
 * What a function does to the files bucket. A presigned URL acts with the rights of the function
 * that signed it: PutObject for upload URLs, GetObject for download URLs (and the server-side
 * check, which reads a version); DeleteObject removes a rejected file's version for good.
 */
export type FileAction = 'PutObject' | 'GetObject' | 'DeleteObject';

/** What a function does to the province's user pool (cognito-idp:<action> on the pool, its id in USER_POOL_ID): the officials' administration. */
export type UserPoolAction =
  | 'ListUsers'
  | 'AdminGetUser'
  | 'AdminCreateUser'
  | 'AdminUpdateUserAttributes'
  | 'AdminDeleteUserAttributes'
  | 'AdminEnableUser'
  | 'AdminDisableUser'
  | 'AdminUserGlobalSignOut'
  | 'AdminDeleteUser';

export interface FunctionAccess {
  /** DynamoDB actions on the table's items. */
  table: DynamoAction[];
  /** Indexes the function queries. */
  indexes?: IndexName[];
  /** Queues the function sends to (sqs:SendMessage, plus the URL in its environment): a department's intake, the desk's results, the signing sessions. */
  sendsTo?: (Department | 'DESK' | 'SIGNING')[];
  /** Actions on the files bucket's objects (plus its bucket name in FILES_BUCKET). */
  files?: FileAction[];
  /** Appends to dossiers' access trails (PutItem, on the trail's keys only). */
  audits?: boolean;
  /** The province's key items it reads or makes (with the item actions above): `lookup` (lookup secrets, applicant hashes, list cursors), `webhook` (webhook secrets). */
  keys?: ProvinceKey[];
  /** Actions on the province's user pool. */
  userPool?: UserPoolAction[];
}
