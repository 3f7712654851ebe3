import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookDeliverer, webhookRegistry, type Delivery, type StoredWebhook, type WebhookStore } from '../../shared/app/webhooks.js';
import type { DossierEvent } from '../../shared/domain/events.js';

/** The webhook store in memory: the use cases' own rules, without DynamoDB. */
function memoryStore(): WebhookStore & { deliveries: Map<string, Delivery> } {
  const hooks = new Map<string, StoredWebhook>();
  const deliveries = new Map<string, Delivery>();
  const key = randomBytes(32).toString('base64url');
  const id = (p: string, c: string, n: string) => `${p}/${c}/${n}`;
  return {
    deliveries,
    listWebhooks: async (p, c) => [...hooks.values()].filter((w) => w.province === p && w.client === c),
    getWebhook: async (p, c, n) => hooks.get(id(p, c, n)),
    putWebhook: async (w) => (hooks.set(id(w.province, w.client, w.name), w), true),
    deleteWebhook: async (p, c, n) => hooks.delete(id(p, c, n)),
    webhookKey: async () => key,
    getDelivery: async (w, _at, eventId) => deliveries.get(`${w.name}/${eventId}`),
    recordDelivery: async (w, _at, d) => void deliveries.set(`${w.name}/${d.eventId}`, d),
    listDeliveries: async () => ({ items: [...deliveries.values()] }),
  };
}

const portal = { sub: 'portal-a', roles: ['PORTAL' as const], province: 'LCI' };
const event = (version: number, submittedBy = 'portal-a', channel: DossierEvent['channel'] = 'ONLINE'): DossierEvent => ({
  id: `evt_d_${version}`,
  type: version === 1 ? 'dossier.submitted' : 'dossier.accepted',
  at: `2026-03-02T08:0${version}:00+07:00`,
  province: 'LCI',
  commune: 'H30.01',
  dossierId: 'd',
  status: 'SUBMITTED',
  nationalStatus: 1,
  version,
  submittedBy,
  channel,
});

function setup(answers: number[]) {
  const store = memoryStore();
  let now = Date.parse('2026-03-02T01:00:00Z');
  const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
  const registry = webhookRegistry({ store, clock: { now: () => now }, policy: () => 'loopback' });
  const deliverer = webhookDeliverer({
    store,
    post: async (url, headers, body) => {
      sent.push({ url, headers, body });
      const status = answers.shift() ?? 200;
      if (status >= 300) throw Object.assign(new Error(`the receiver answered ${status}`), { status });
      return status;
    },
    sign: (secret, id, at, body) => `v1,${secret.length}:${id}:${Math.floor(at.getTime() / 1000)}:${body.length}`,
    wallClock: { now: () => now },
    retry: () => ({ baseS: 30, capS: 12 * 3600, horizonS: 24 * 3600 }),
  });
  return { store, registry, deliverer, sent, advance: (s: number) => (now += s * 1000) };
}

describe('webhook deliveries', () => {
  it('retry a failing receiver with growing delays, then park it after 24 hours', async () => {
    const { registry, deliverer, store, advance } = setup(Array(50).fill(503));
    await registry.register(portal, 'LCI', 'main', { url: 'http://127.0.0.1:9/h' });
    const delays: number[] = [];
    for (;;) {
      const outcome = await deliverer.deliver(event(1));
      if (outcome.retryInS === undefined) break;
      delays.push(outcome.retryInS);
      advance(outcome.retryInS);
    }
    const parked = store.deliveries.get('main/evt_d_1')!;
    expect(parked).toMatchObject({ status: 'PARKED', attempts: 13, lastStatus: 503 });
    expect(delays.slice(0, 4)).toEqual([30, 60, 120, 240]);
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3600);
    // Parked stays parked: a redelivered event is not sent again.
    expect((await deliverer.deliver(event(1))).delivered).toBe(0);
  });

  it('send once per webhook: a redelivered event goes only where it failed', async () => {
    const { registry, deliverer, sent } = setup([200, 500, 200]);
    await registry.register(portal, 'LCI', 'a', { url: 'http://127.0.0.1:9/a' });
    await registry.register(portal, 'LCI', 'b', { url: 'http://127.0.0.1:9/b' });
    expect(await deliverer.deliver(event(1))).toEqual({ delivered: 1, retryInS: 30 });
    expect(await deliverer.deliver(event(1))).toEqual({ delivered: 1 });
    expect(await deliverer.deliver(event(1))).toEqual({ delivered: 0 });
    expect(sent.map((s) => s.url)).toEqual(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', 'http://127.0.0.1:9/b']);
    // The same id every attempt, the signing time of each attempt.
    expect(new Set(sent.map((s) => s.headers['webhook-id']))).toEqual(new Set(['evt_d_1']));
  });

  it("send only the submitter's events, of the types each webhook chose", async () => {
    const { registry, deliverer, sent } = setup([]);
    await registry.register(portal, 'LCI', 'accepted-only', { url: 'http://127.0.0.1:9/a', events: ['dossier.accepted'] });
    expect((await deliverer.deliver(event(1))).delivered).toBe(0);
    expect((await deliverer.deliver(event(2))).delivered).toBe(1);
    expect((await deliverer.deliver(event(3, 'portal-b'))).delivered).toBe(0);
    expect((await deliverer.deliver({ ...event(4), province: 'HNI' })).delivered).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('look nothing up for a dossier filed at the desk: only a portal files online', async () => {
    const { store, registry, deliverer, sent } = setup([]);
    await registry.register(portal, 'LCI', 'main', { url: 'http://127.0.0.1:9/a' });
    const lookups: string[] = [];
    const listWebhooks = store.listWebhooks;
    store.listWebhooks = async (p, c) => (lookups.push(`${p}/${c}`), listWebhooks(p, c));

    expect(await deliverer.deliver(event(1, 'portal-a', 'IN_PERSON'))).toEqual({ delivered: 0 });
    expect(lookups).toEqual([]);
    expect((await deliverer.deliver(event(2))).delivered).toBe(1);
    expect(lookups).toEqual(['LCI/portal-a']);
    expect(sent).toHaveLength(1);
  });

  it('refuse officials, another province, and more than ten webhooks', async () => {
    const { registry } = setup([]);
    await expect(registry.register({ ...portal, roles: ['RECEPTION'] }, 'LCI', 'x', { url: 'http://127.0.0.1:9/' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(registry.register(portal, 'HNI', 'x', { url: 'http://127.0.0.1:9/' })).rejects.toMatchObject({ kind: 'forbidden' });
    for (let i = 0; i < 10; i++) await registry.register(portal, 'LCI', `h${i}`, { url: 'http://127.0.0.1:9/' });
    await expect(registry.register(portal, 'LCI', 'h10', { url: 'http://127.0.0.1:9/' })).rejects.toMatchObject({ kind: 'conflict' });
  });
});
