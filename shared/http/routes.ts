/**
 * Every handler of the product, in one table: the CDK app makes a Lambda function of each, the
 * local runtime serves the same files, and the access tests walk the HTTP routes.
 */
export interface HttpRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path, with {name} parameters. */
  path: string;
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Public routes take no token. */
  public?: boolean;
}

const dossier = '/v1/communes/{c}/dossiers/{id}';
const webhook = '/v1/provinces/{p}/webhooks/{name}';
const transitions = [
  'accept',
  'request-supplement',
  'supplement',
  'refuse',
  'assign',
  'propose',
  'review',
  'approve',
  'issue',
  'return',
  'withdraw',
  'extend',
] as const;

export const HTTP_ROUTES: HttpRoute[] = [
  { name: 'procedures-list', method: 'GET', path: '/v1/provinces/{p}/procedures', entry: 'functions/http/procedures/list.ts', public: true },
  { name: 'admin-put-procedure', method: 'PUT', path: '/v1/provinces/{p}/procedures/{code}', entry: 'functions/http/admin/put-procedure.ts' },
  { name: 'admin-put-commune', method: 'PUT', path: '/v1/provinces/{p}/communes/{c}', entry: 'functions/http/admin/put-commune.ts' },
  { name: 'admin-put-calendar', method: 'PUT', path: '/v1/provinces/{p}/calendar/{year}', entry: 'functions/http/admin/put-calendar.ts' },
  { name: 'dossiers-create', method: 'POST', path: '/v1/communes/{c}/dossiers', entry: 'functions/http/dossiers/create.ts' },
  { name: 'dossiers-list', method: 'GET', path: '/v1/communes/{c}/dossiers', entry: 'functions/http/dossiers/list.ts' },
  // Before the dossier's own path, which the local runtime would otherwise match first (API Gateway prefers the literal).
  { name: 'dossiers-search', method: 'POST', path: '/v1/communes/{c}/dossiers/search', entry: 'functions/http/dossiers/search.ts' },
  {
    name: 'dossiers-received',
    method: 'GET',
    path: '/v1/communes/{c}/dossiers/received-for-others',
    entry: 'functions/http/dossiers/received.ts',
  },
  { name: 'dossiers-get', method: 'GET', path: dossier, entry: 'functions/http/dossiers/get.ts' },
  { name: 'dossiers-form', method: 'GET', path: `${dossier}/forms/{form}`, entry: 'functions/http/dossiers/form.ts' },
  { name: 'attachments-create', method: 'POST', path: `${dossier}/attachments`, entry: 'functions/http/attachments/create.ts' },
  { name: 'attachments-complete', method: 'POST', path: `${dossier}/attachments/{aid}/complete`, entry: 'functions/http/attachments/complete.ts' },
  { name: 'attachments-get', method: 'GET', path: `${dossier}/attachments/{aid}`, entry: 'functions/http/attachments/get.ts' },
  { name: 'dossiers-audit', method: 'GET', path: `${dossier}/audit`, entry: 'functions/http/dossiers/audit.ts' },
  { name: 'dossiers-messages', method: 'GET', path: `${dossier}/messages`, entry: 'functions/http/dossiers/messages.ts' },
  { name: 'dossiers-verify-history', method: 'GET', path: `${dossier}/history/verification`, entry: 'functions/http/dossiers/verify-history.ts' },
  ...transitions.map((t): HttpRoute => ({
    name: `dossiers-${t}`,
    method: 'POST',
    path: `${dossier}/${t}`,
    entry: `functions/http/dossiers/${t}.ts`,
  })),
  { name: 'lookup-get', method: 'GET', path: '/v1/lookup/{code}', entry: 'functions/http/lookup/get.ts', public: true },
  { name: 'lookup-result', method: 'GET', path: '/v1/lookup/{code}/result', entry: 'functions/http/lookup/result.ts', public: true },
  { name: 'lookup-rating', method: 'POST', path: '/v1/lookup/{code}/rating', entry: 'functions/http/lookup/rating.ts', public: true },
  { name: 'openapi', method: 'GET', path: '/openapi.json', entry: 'functions/http/openapi.ts', public: true },
  { name: 'reports-commune-sla', method: 'GET', path: '/v1/communes/{c}/reports/sla-breaches', entry: 'functions/http/reports/commune-sla.ts' },
  { name: 'reports-province-sla', method: 'GET', path: '/v1/provinces/{p}/reports/sla-breaches', entry: 'functions/http/reports/province-sla.ts' },
  { name: 'reports-statistics', method: 'GET', path: '/v1/provinces/{p}/reports/statistics', entry: 'functions/http/reports/statistics.ts' },
  { name: 'reports-service-index', method: 'GET', path: '/v1/provinces/{p}/reports/service-index', entry: 'functions/http/reports/service-index.ts' },
  { name: 'webhooks-list', method: 'GET', path: '/v1/provinces/{p}/webhooks', entry: 'functions/http/webhooks/list.ts' },
  { name: 'webhooks-put', method: 'PUT', path: webhook, entry: 'functions/http/webhooks/put.ts' },
  { name: 'webhooks-get', method: 'GET', path: webhook, entry: 'functions/http/webhooks/get.ts' },
  { name: 'webhooks-delete', method: 'DELETE', path: webhook, entry: 'functions/http/webhooks/delete.ts' },
  { name: 'webhooks-deliveries', method: 'GET', path: `${webhook}/deliveries`, entry: 'functions/http/webhooks/deliveries.ts' },
];

/** Queue consumers: which queues each one drains. */
export const QUEUE_CONSUMERS = [
  { name: 'department-intake', entry: 'functions/queues/department-intake.ts', queues: ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'] },
  { name: 'results-intake', entry: 'functions/queues/results-intake.ts', queues: ['DESK'] },
] as const;

/** The consumer of the table's stream: it turns each stored dossier version into an event on the events topic. */
export const STREAM_CONSUMERS = [{ name: 'dossier-events', entry: 'functions/streams/dossier-events.ts' }] as const;

/** Consumers of the dossier events, each draining its own FIFO queue subscribed to the events topic. */
export const EVENT_CONSUMERS = [
  { name: 'notifications', entry: 'functions/queues/notifications.ts', queue: 'notifications' },
  { name: 'webhooks', entry: 'functions/queues/webhooks.ts', queue: 'webhooks' },
  { name: 'national-portal', entry: 'functions/queues/national-portal.ts', queue: 'nationalPortal' },
] as const;

/** Scheduled jobs, with their EventBridge Scheduler expression in Asia/Ho_Chi_Minh. */
export const SCHEDULES = [
  /** Working days are checked by the job itself: a Monday–Friday holiday is skipped. */
  { name: 'sla-report', entry: 'functions/schedules/sla-report.ts', expression: 'cron(0 7 ? * MON-FRI *)' },
  { name: 'supplement-expiry', entry: 'functions/schedules/supplement-expiry.ts', expression: 'cron(30 6 ? * MON-FRI *)' },
] as const;
