import { Webhook } from 'standardwebhooks';
import { clock } from '../adapters/clock.js';
import { webhookKey } from '../adapters/keys.js';
import { redeliverAfter } from '../adapters/queue.js';
import {
  deleteWebhook,
  getDelivery,
  getWebhook,
  listDeliveries,
  listWebhooks,
  postWebhook,
  putWebhook,
  recordDelivery,
  targetPolicy,
} from '../adapters/webhooks.js';
import { webhookDeliverer, webhookRegistry, type WebhookStore } from '../app/webhooks.js';
import { DEFAULT_RETRY, type RetrySchedule } from '../domain/webhooks.js';

const store: WebhookStore = { listWebhooks, getWebhook, putWebhook, deleteWebhook, webhookKey, getDelivery, recordDelivery, listDeliveries };

/** The back-off, from the environment where it is set (the local runtime shortens it for tests and demos). */
function retrySchedule(): RetrySchedule {
  const env = process.env;
  const seconds = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    baseS: seconds('WEBHOOK_RETRY_BASE_S', DEFAULT_RETRY.baseS),
    capS: seconds('WEBHOOK_RETRY_CAP_S', DEFAULT_RETRY.capS),
    horizonS: seconds('WEBHOOK_RETRY_HORIZON_S', DEFAULT_RETRY.horizonS),
  };
}

/** The webhook routes of the portals. */
export const registry = /* @__PURE__ */ webhookRegistry({ store, clock, policy: targetPolicy });

/** The deliverer of the webhooks event consumer, signing with the Standard Webhooks library. */
export const deliverer = /* @__PURE__ */ webhookDeliverer({
  store,
  post: postWebhook,
  sign: (secret, id, at, body) => new Webhook(secret).sign(id, at, body),
  wallClock: { now: () => Date.now() },
  retry: retrySchedule,
});

/** A failed delivery's message, hidden on the webhooks queue until its next attempt. */
export const holdBack = redeliverAfter;
