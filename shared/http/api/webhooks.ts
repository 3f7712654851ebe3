import * as z from 'zod/mini';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from '../../domain/events.js';
import { WEBHOOK_NAME } from '../../domain/webhooks.js';
import { resource } from '../route.js';
import { pageQuery, provinceParam, provinceParams } from './common.js';

const route = resource({
  name: 'Webhooks',
  description: "A portal's webhooks: the events of the dossiers it submitted, POSTed and signed (Standard Webhooks), and their deliveries",
});

const WEBHOOK_PATH = '/v1/provinces/{p}/webhooks/{name}';

export const webhookParams = z.object({
  p: provinceParam,
  name: z.string().check(z.maxLength(63), z.regex(WEBHOOK_NAME, 'a webhook name: a–z, 0–9 and -, at most 63')),
});
export const webhookBody = z.strictObject({
  url: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  events: z.optional(
    z.array(z.enum(DOSSIER_EVENT_TYPES as [DossierEventType, ...DossierEventType[]])).check(z.minLength(1), z.maxLength(DOSSIER_EVENT_TYPES.length)),
  ),
});

// The portals' webhook routes read the portal's own partition; registering seals a new secret
// with the province's webhook key (read, or made by the first webhook).
export const routes = {
  list: route({
    name: 'webhooks-list',
    method: 'GET',
    path: '/v1/provinces/{p}/webhooks',
    entry: 'functions/http/webhooks/list.ts',
    portal: true,
    params: provinceParams,
    roles: 'PORTAL',
    access: { table: ['Query'] },
    summary: "The calling portal's webhooks",
    description: 'Only the webhooks the calling portal registered in the province; never their secrets.',
    answers: { 200: 'Webhooks' },
  }),
  put: route({
    name: 'webhooks-put',
    method: 'PUT',
    path: WEBHOOK_PATH,
    entry: 'functions/http/webhooks/put.ts',
    portal: true,
    params: webhookParams,
    body: webhookBody,
    roles: 'PORTAL',
    access: { table: ['Query', 'GetItem', 'PutItem'], keys: ['webhook'] },
    summary: 'Register a webhook, or change its URL and events',
    description:
      "Each event of a dossier the portal submitted in the province (of the listed types; every type when `events` is absent) is POSTed to `url` as `{ type, timestamp, data }` with the headers `webhook-id` (the event id, the same on every attempt), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64 part of the secret). A 2xx answer is a delivery; anything else is retried with exponential back-off (30 s doubling, at most 12 h apart) for at least 24 hours, then parked. Events of one dossier arrive in version order; a retried event holds back that dossier's later ones. `url` must be https to a public address (private, loopback and link-local addresses are refused, also when a host name resolves to one). A new webhook answers 201 with its secret, this once; changing one answers 200 and keeps the secret. At most 10 webhooks per portal and province.",
    example: { url: 'https://portal.example.vn/hooks/mot-cua', events: ['dossier.accepted', 'dossier.result-ready'] },
    answers: { 201: 'RegisteredWebhook', 200: 'Webhook' },
  }),
  get: route({
    name: 'webhooks-get',
    method: 'GET',
    path: WEBHOOK_PATH,
    entry: 'functions/http/webhooks/get.ts',
    portal: true,
    params: webhookParams,
    roles: 'PORTAL',
    access: { table: ['GetItem'] },
    summary: 'One webhook of the calling portal',
    description: 'Without its secret, which was answered once, at registration.',
    answers: { 200: 'Webhook' },
  }),
  delete: route({
    name: 'webhooks-delete',
    method: 'DELETE',
    path: WEBHOOK_PATH,
    entry: 'functions/http/webhooks/delete.ts',
    portal: true,
    params: webhookParams,
    roles: 'PORTAL',
    // The one deletion of the product.
    access: { table: ['DeleteItem'] },
    summary: 'Remove a webhook',
    description: 'Nothing more is sent to it; its deliveries are kept 30 days.',
    answers: { 204: null },
  }),
  deliveries: route({
    name: 'webhooks-deliveries',
    method: 'GET',
    path: `${WEBHOOK_PATH}/deliveries`,
    entry: 'functions/http/webhooks/deliveries.ts',
    portal: true,
    params: webhookParams,
    query: pageQuery,
    paged: true,
    roles: 'PORTAL',
    access: { table: ['GetItem', 'Query'], keys: ['lookup'] },
    summary: "A webhook's latest deliveries",
    description:
      'Newest event first: status (DELIVERED, RETRYING, PARKED), attempts, the time and HTTP status of the last attempt, the next attempt. Kept 30 days.',
    answers: { 200: 'WebhookDeliveries' },
  }),
};
