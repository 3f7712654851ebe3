import * as z from 'zod/mini';
import { eventType, instant, named, nextCursor } from './common.js';

export const webhookAnswer = named(
  'Webhook',
  "A portal's webhook: where the events of the dossiers it submitted are POSTed, signed (Standard Webhooks)",
  z.strictObject({ name: z.string(), url: z.string(), events: z.array(eventType), createdAt: instant, updatedAt: instant }),
);
export const registeredWebhookAnswer = named(
  'RegisteredWebhook',
  'A new webhook with its signing secret (whsec_…), answered this once and never again',
  z.strictObject({ ...webhookAnswer.def.shape, secret: z.string().check(z.regex(/^whsec_/)) }),
);
export const webhooksAnswer = named(
  'Webhooks',
  "The calling portal's webhooks in the province",
  z.strictObject({ items: z.array(webhookAnswer), nextCursor: z.null() }),
);
export const deliveryAnswer = named(
  'WebhookDelivery',
  'One event sent to one webhook: DELIVERED on a 2xx answer; RETRYING with back-off (at least 24 hours); then PARKED',
  z.strictObject({
    webhook: z.string(),
    eventId: z.string(),
    type: eventType,
    dossierId: z.uuid(),
    version: z.int().check(z.gte(1)),
    status: z.enum(['DELIVERED', 'RETRYING', 'PARKED']),
    attempts: z.int().check(z.gte(1)),
    firstAttemptAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime(),
    lastStatus: z.optional(z.int()),
    lastError: z.optional(z.string()),
    nextAttemptAt: z.optional(z.iso.datetime()),
  }),
);
export const deliveriesAnswer = named(
  'WebhookDeliveries',
  "A page of a webhook's deliveries, newest event first",
  z.strictObject({ items: z.array(deliveryAnswer), nextCursor }),
);
