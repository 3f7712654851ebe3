import { randomBytes } from 'node:crypto';
import type { DossierEvent, DossierEventType } from '../domain/events.js';
import type { Actor } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import {
  MAX_WEBHOOKS_PER_CLIENT,
  retryDelayS,
  shouldPark,
  urlProblem,
  wants,
  webhookPayload,
  type Delivery,
  webhookView,
  type RetrySchedule,
  type StoredWebhook,
  type TargetPolicy,
  type Webhook,
} from '../domain/webhooks.js';
import { logger } from '../observability/logger.js';
import type { Clock } from './ports.js';
import { Refused } from './refusal.js';
import { openSecret, sealSecret } from './secrets.js';

export type { Delivery, StoredWebhook, Webhook };

type WebhookRef = Pick<Webhook, 'province' | 'client' | 'name'>;

export interface WebhookStore {
  listWebhooks(province: string, client: string): Promise<StoredWebhook[]>;
  getWebhook(province: string, client: string, name: string): Promise<StoredWebhook | undefined>;
  /** False when the name was taken meanwhile (new) or the registration changed since it was read. */
  putWebhook(webhook: StoredWebhook, replacing?: StoredWebhook): Promise<boolean>;
  deleteWebhook(province: string, client: string, name: string): Promise<boolean>;
  webhookKey(province: string): Promise<string>;
  getDelivery(w: WebhookRef, atMs: number, eventId: string): Promise<Delivery | undefined>;
  recordDelivery(w: WebhookRef, atMs: number, delivery: Delivery): Promise<void>;
  listDeliveries(w: WebhookRef, limit: number, from?: Record<string, unknown>): Promise<{ items: Delivery[]; next?: Record<string, unknown> }>;
}

/** POSTs one signed request; resolves with the 2xx status, throws (with the status when there was one) otherwise. */
export type WebhookPoster = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

/** Signs a payload as Standard Webhooks does: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export type WebhookSigner = (secret: string, id: string, at: Date, body: string) => string;

export interface RegistryDeps {
  store: WebhookStore;
  /** The dossiers' clock, for registration times. */
  clock: Clock;
  policy: () => TargetPolicy;
}

export interface DelivererDeps {
  store: WebhookStore;
  post: WebhookPoster;
  sign: WebhookSigner;
  /**
   * Real time, for the attempts: signatures are checked against the receiver's clock and the
   * back-off is waited out by the queue in real time, whatever the dossiers' clock says.
   */
  wallClock: Clock;
  retry: () => RetrySchedule;
}

/** The input of a registration. */
export interface WebhookInput {
  url: string;
  events?: DossierEventType[];
}

const context = (w: WebhookRef) => `webhook:${w.province}:${w.client}:${w.name}`;
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const publicView = webhookView;

/** What one event came to at the webhooks of its submitter: when to try again, if any attempt failed. */
export interface DeliveryOutcome {
  delivered: number;
  /** Seconds until the next attempt of the webhooks that failed; absent when none is left to try. */
  retryInS?: number;
}

/** Portal webhooks: a portal registers named URLs in its province and reads their deliveries. */
export function webhookRegistry({ store, clock, policy }: RegistryDeps) {
  function portalOf(actor: Actor, province: string): string {
    if (!actor.roles.includes('PORTAL')) throw new Refused('forbidden', 'webhooks are registered by PORTAL clients');
    if (actor.province !== province) throw new Refused('forbidden', `the token is for province ${actor.province}, not ${province}`);
    return actor.sub;
  }

  async function found(actor: Actor, province: string, name: string): Promise<StoredWebhook> {
    const webhook = await store.getWebhook(province, portalOf(actor, province), name);
    if (!webhook) throw new Refused('not-found', `no webhook ${name}`);
    return webhook;
  }

  /**
   * Registers or changes a webhook. A new one answers its secret, this once (only its sealed
   * form is stored); a change keeps the secret.
   */
  async function register(actor: Actor, province: string, name: string, input: WebhookInput) {
    const client = portalOf(actor, province);
    const problem = urlProblem(input.url, policy());
    if (problem) throw new Refused('invalid', `the webhook URL must be ${problem}`, [{ path: 'body.url', message: problem }]);
    const now = toVietnamIso(clock.now());
    const existing = await store.getWebhook(province, client, name);
    const events = input.events ? [...new Set(input.events)] : undefined;
    if (existing) {
      const changed: StoredWebhook = { ...existing, url: input.url, updatedAt: now };
      if (events) changed.events = events;
      else delete changed.events;
      if (!(await store.putWebhook(changed, existing))) throw new Refused('conflict', `webhook ${name} was changed meanwhile; read it again`);
      return { created: false, webhook: publicView(changed) };
    }
    if ((await store.listWebhooks(province, client)).length >= MAX_WEBHOOKS_PER_CLIENT) {
      throw new Refused('conflict', `a portal keeps at most ${MAX_WEBHOOKS_PER_CLIENT} webhooks in a province`);
    }
    const secret = newSecret();
    const ref = { province, client, name };
    const webhook: StoredWebhook = {
      ...ref,
      url: input.url,
      ...(events ? { events } : {}),
      createdAt: now,
      updatedAt: now,
      sealedSecret: sealSecret(await store.webhookKey(province), context(ref), secret),
    };
    if (!(await store.putWebhook(webhook))) throw new Refused('conflict', `webhook ${name} was registered meanwhile`);
    logger.info('webhook registered', { province, client, name });
    return { created: true, webhook: { ...publicView(webhook), secret } };
  }

  async function list(actor: Actor, province: string) {
    return (await store.listWebhooks(province, portalOf(actor, province))).map(publicView);
  }

  async function get(actor: Actor, province: string, name: string) {
    return publicView(await found(actor, province, name));
  }

  async function remove(actor: Actor, province: string, name: string): Promise<void> {
    if (!(await store.deleteWebhook(province, portalOf(actor, province), name))) throw new Refused('not-found', `no webhook ${name}`);
    logger.info('webhook removed', { province, client: actor.sub, name });
  }

  async function deliveries(actor: Actor, province: string, name: string, limit: number, from?: Record<string, unknown>) {
    return store.listDeliveries(await found(actor, province, name), limit, from);
  }

  return { register, list, get, remove, deliveries };
}

/**
 * The events of the dossiers a portal submitted, POSTed to its webhooks, signed, until each is
 * delivered or, after the retry horizon, parked.
 */
export function webhookDeliverer({ store, post, sign, wallClock, retry }: DelivererDeps) {
  /**
   * Delivers one event to every webhook of its submitter (in its province) that wants it. A
   * webhook that had it already is skipped, so a redelivered event is sent again only where it
   * failed. A failure is recorded with its attempt and the time of the next; once the retry
   * horizon has passed since the first attempt, the delivery is parked and not tried again.
   */
  async function deliver(event: DossierEvent): Promise<DeliveryOutcome> {
    // Only a portal files online: a dossier filed at the desk has no webhooks to look up.
    if (event.channel !== 'ONLINE') return { delivered: 0 };
    const atMs = Date.parse(event.at);
    const targets = (await store.listWebhooks(event.province, event.submittedBy)).filter((w) => wants(w, event.type));
    const body = JSON.stringify(webhookPayload(event));
    let delivered = 0;
    let retryInS: number | undefined;
    for (const webhook of targets) {
      const before = await store.getDelivery(webhook, atMs, event.id);
      if (before && before.status !== 'RETRYING') continue;
      const now = wallClock.now();
      const attempt = (before?.attempts ?? 0) + 1;
      const firstAttemptAt = before?.firstAttemptAt ?? new Date(now).toISOString();
      const record = {
        webhook: webhook.name,
        eventId: event.id,
        type: event.type,
        dossierId: event.dossierId,
        version: event.version,
        attempts: attempt,
        firstAttemptAt,
      };
      const log = { province: event.province, webhook: webhook.name, eventId: event.id, attempt };
      try {
        const secret = openSecret(await store.webhookKey(event.province), context(webhook), webhook.sealedSecret);
        const sentAt = new Date(now);
        const status = await post(
          webhook.url,
          { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now / 1000)), 'webhook-signature': sign(secret, event.id, sentAt, body) },
          body,
        );
        await store.recordDelivery(webhook, atMs, { ...record, status: 'DELIVERED', lastAttemptAt: sentAt.toISOString(), lastStatus: status });
        logger.info('webhook delivered', { ...log, status });
        delivered++;
      } catch (error) {
        const failure = error as { message?: string; status?: number };
        const lastAttemptAt = new Date(now).toISOString();
        const failed = { ...record, lastAttemptAt, ...(failure.status ? { lastStatus: failure.status } : {}), lastError: failure.message ?? String(error) };
        if (shouldPark(retry(), Date.parse(firstAttemptAt), now)) {
          await store.recordDelivery(webhook, atMs, { ...failed, status: 'PARKED' });
          logger.warn('webhook delivery parked', { ...log, error: failed.lastError });
          continue;
        }
        const delay = retryDelayS(retry(), attempt);
        await store.recordDelivery(webhook, atMs, { ...failed, status: 'RETRYING', nextAttemptAt: new Date(now + delay * 1000).toISOString() });
        logger.info('webhook delivery failed', { ...log, retryInS: delay, error: failed.lastError });
        retryInS = Math.min(retryInS ?? delay, delay);
      }
    }
    return { delivered, ...(retryInS !== undefined ? { retryInS } : {}) };
  }

  return { deliver };
}
