import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle, LIFECYCLE_EVENTS } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';

/*
 * A portal's webhook is a real HTTP server on the loopback interface: what it receives is checked
 * with the Standard Webhooks library itself, as a portal would check it.
 */

type Received = { id: string; timestamp: string; signature: string; body: string };

/** A webhook receiver that can be taken down (connections refused) and brought up again on the same port. */
function receiver() {
  const received: Received[] = [];
  let server: Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((ok) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            id: String(req.headers['webhook-id']),
            timestamp: String(req.headers['webhook-timestamp']),
            signature: String(req.headers['webhook-signature']),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(204).end();
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        ok();
      });
    });
  const down = () =>
    new Promise<void>((ok) => {
      server?.close(() => ok());
      server?.closeAllConnections();
    });
  return { received, up, down, url: (path: string) => `http://127.0.0.1:${port}${path}` };
}

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let other: string;
const hooks = '/v1/provinces/LCI/webhooks';
const mine = receiver();
const theirs = receiver();

/** The payloads one receiver got, each verified with the webhook's secret (throws on a bad signature). */
const verified = (r: ReturnType<typeof receiver>, secret: string) =>
  r.received.map((m) => {
    const payload = new Webhook(secret).verify(m.body, { 'webhook-id': m.id, 'webhook-timestamp': m.timestamp, 'webhook-signature': m.signature }) as {
      type: string;
      timestamp: string;
      data: { id: string; dossierId: string; version: number; type: string; province: string; commune: string };
    };
    expect(payload.data.id).toBe(m.id);
    return payload;
  });

/** Versions as they arrived for a dossier, repeats of the same version in a row folded: redeliveries are allowed, reordering is not. */
const arrivalOrder = (payloads: ReturnType<typeof verified>, dossierId: string) =>
  payloads
    .filter((p) => p.data.dossierId === dossierId)
    .map((p) => p.data.version)
    .filter((v, i, all) => i === 0 || all[i - 1] !== v);

beforeAll(async () => {
  await mine.up();
  await theirs.up();
  // Seconds, not hours, between attempts: the receiver's outage is a few seconds long here.
  runtime = await startTestRuntime({ webhookRetry: { baseS: 1, capS: 2, horizonS: 300 } });
  api = apiClient(runtime);
  who = await officials(api);
  other = await api.token({ sub: 'portal-other', roles: ['PORTAL'], province: 'LCI' });
});

afterAll(async () => {
  await runtime?.stop();
  await mine.down();
  await theirs.down();
});

describe('portal webhooks', () => {
  let secret = '';
  let otherSecret = '';

  it('registers a webhook, answers its secret once, lists it, and refuses what is not a loopback URL here', async () => {
    const created = await api.call('PUT', `${hooks}/main`, { token: who.portal, body: { url: mine.url('/hooks') } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'main', url: mine.url('/hooks'), secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{40,}$/) });
    secret = created.body.secret;
    const changed = await api.call('PUT', `${hooks}/main`, { token: who.portal, body: { url: mine.url('/hooks') } });
    expect(changed.status).toBe(200);
    expect(changed.body.secret).toBeUndefined();
    expect(changed.body.events).toContain('dossier.returned');
    const theirsCreated = await api.call('PUT', `${hooks}/main`, { token: other, body: { url: theirs.url('/other') } });
    expect(theirsCreated.status).toBe(201);
    otherSecret = theirsCreated.body.secret;

    const listed = await api.call('GET', hooks, { token: who.portal });
    expect(listed.body.items.map((w: { name: string; url: string }) => [w.name, w.url])).toEqual([['main', mine.url('/hooks')]]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect((await api.call('GET', `${hooks}/main`, { token: who.portal })).body.secret).toBeUndefined();

    for (const url of ['https://portal.example.vn/hooks', 'http://10.0.0.8/hooks', 'http://169.254.169.254/latest', 'ftp://127.0.0.1/x', 'not a url']) {
      const refused = await api.call('PUT', `${hooks}/bad`, { token: who.portal, body: { url } });
      expect(refused.status, url).toBe(400);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(refused.body.errors?.[0]?.path ?? refused.body.detail, url).toMatch(/url/);
    }
    const badName = await api.call('PUT', `${hooks}/Bad_Name`, { token: who.portal, body: { url: mine.url('/x'), events: ['dossier.nothing'] } });
    expect(badName.status).toBe(400);
    expect(badName.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.events.0', 'path.name']);
    expect((await api.call('GET', `${hooks}/bad`, { token: who.portal })).status).toBe(404);
    expect((await api.call('PUT', `${hooks}/main`, { token: who.reception, body: { url: mine.url('/x') } })).status).toBe(403);
  });

  it("sends a portal's dossier's lifecycle signed, every version in order, through an outage of the receiver, and nothing of other dossiers", async () => {
    const mineAlone = await fullLifecycle(api, who, { portal: who.portal });
    const final = (await api.call('GET', `/v1/communes/H30.01/dossiers/${mineAlone.id}`, { token: who.reception })).body.version as number;
    await eventually(async () => arrivalOrder(verified(mine, secret), mineAlone.id).length === final, 20_000);

    // The receiver goes down while a second dossier moves on, and comes back some attempts later.
    await mine.down();
    const during = await api.call('POST', '/v1/communes/H30.01/dossiers', {
      token: who.portal,
      body: newDossier('1.001612', 'ONLINE'),
      headers: { 'idempotency-key': 'webhook-outage-1' },
    });
    expect(during.status).toBe(201);
    await api.call('POST', `/v1/communes/H30.01/dossiers/${during.body.id}/accept`, { token: who.reception, body: {} });
    const retrying = await eventually(async () => {
      const page = await api.call('GET', `${hooks}/main/deliveries`, { token: who.portal });
      return page.body.items.find((d: { status: string; attempts: number }) => d.status === 'RETRYING' && d.attempts >= 2);
    }, 20_000);
    expect(retrying).toMatchObject({ dossierId: during.body.id, lastError: expect.stringMatching(/could not be reached/) });
    await mine.up();
    const afterOutage = await eventually(async () => {
      const read = await api.call('GET', `/v1/communes/H30.01/dossiers/${during.body.id}`, { token: who.reception });
      const versions = arrivalOrder(verified(mine, secret), during.body.id);
      return read.body.step === 'ASSIGNMENT' && versions.length === read.body.version && versions;
    }, 30_000);

    // Another portal's dossier and the desk's own arrive nowhere but at that portal's webhook.
    const theirsDossier = await fullLifecycle(api, who, { portal: other });
    const desk = await fullLifecycle(api, who);
    await eventually(async () => arrivalOrder(verified(theirs, otherSecret), theirsDossier.id).length === LIFECYCLE_EVENTS.length, 20_000);

    const payloads = verified(mine, secret);
    expect(arrivalOrder(payloads, mineAlone.id)).toEqual(Array.from({ length: final }, (_, i) => i + 1));
    expect(
      payloads
        .filter((p) => p.data.dossierId === mineAlone.id)
        .map((p) => p.type)
        .filter((t, i, all) => all.indexOf(t) === i),
    ).toEqual(LIFECYCLE_EVENTS);
    expect(afterOutage).toEqual(Array.from({ length: afterOutage.length }, (_, i) => i + 1));
    expect(payloads.every((p) => p.data.province === 'LCI' && !('submittedBy' in p.data))).toBe(true);
    expect(payloads.some((p) => [theirsDossier.id, desk.id].includes(p.data.dossierId))).toBe(false);
    expect(verified(theirs, otherSecret).every((p) => p.data.dossierId === theirsDossier.id)).toBe(true);
    // The other portal's secret does not verify what this portal received.
    expect(() => verified(mine, otherSecret)).toThrow();

    const deliveries = await api.call('GET', `${hooks}/main/deliveries?limit=100`, { token: who.portal });
    expect(deliveries.status).toBe(200);
    const ofOutage = deliveries.body.items.filter((d: { dossierId: string }) => d.dossierId === during.body.id);
    expect(ofOutage.every((d: { status: string }) => d.status === 'DELIVERED')).toBe(true);
    expect(Math.max(...ofOutage.map((d: { attempts: number }) => d.attempts))).toBeGreaterThan(1);
  }, 120_000);

  it('removes a webhook: 204, then unknown', async () => {
    expect((await api.call('DELETE', `${hooks}/main`, { token: other })).status).toBe(204);
    expect((await api.call('GET', `${hooks}/main`, { token: other })).status).toBe(404);
    expect((await api.call('DELETE', `${hooks}/main`, { token: other })).status).toBe(404);
    // The first portal's webhook of the same name is its own, untouched.
    expect((await api.call('GET', `${hooks}/main`, { token: who.portal })).status).toBe(200);
  });
});
