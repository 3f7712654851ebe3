/**
 * What the dossier events cost and how fast they travel, on the local runtime:
 *   a. latency from a write's answer (the API stored the version) to its signed webhook request
 *      arriving at the portal's receiver, p50/p95 over every API-written version of N lifecycles;
 *   b. the write units (WCU) the event consumers add per lifecycle: webhook deliveries, the
 *      applicant's messages, the webhook key (once per province), told apart by the keys they write.
 * The stream itself costs no write: events are read from DynamoDB Streams, never written.
 * Prints a table, then one JSON line. `npm run bench:events -- --lifecycles 20`
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { apiClient } from './lib/http.js';
import { officials, PROCEDURES, runLifecycle } from './lib/lifecycle.js';
import { startMeasuredRuntime } from './lib/runtime.js';
import { quantile, round, sleep, table } from './lib/stats.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LIFECYCLES = arg('lifecycles', 10);

async function main() {
  // The receiver: a portal's webhook on loopback; each request verified as a portal would.
  const arrivals = new Map<string, number>();
  let secret = '';
  let badSignatures = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h])]));
      try {
        new Webhook(secret).verify(Buffer.concat(chunks).toString('utf8'), headers);
        if (!arrivals.has(headers['webhook-id']!)) arrivals.set(headers['webhook-id']!, at);
      } catch {
        badSignatures++;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;

  const measured = await startMeasuredRuntime({ visibilityTimeoutS: 1 });
  try {
    const { runtime } = measured;
    const { capacity, dynamo } = await import('../shared/adapters/aws.js');
    // Write units by what was written: a delivery, a message, a province key, or the product's own items.
    const wcuBy = new Map<string, number>();
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        type Key = string | { S?: string } | undefined;
        const input = args.input as { Item?: { PK?: Key; SK?: Key } };
        const units = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits ?? 0;
        if (!input.Item || !units) return result;
        const text = (k: Key) => (typeof k === 'string' ? k : (k?.S ?? ''));
        const pk = text(input.Item.PK);
        const sk = text(input.Item.SK);
        const kind = pk.includes('#DELIVERIES#')
          ? 'webhook deliveries'
          : sk.startsWith('MESSAGE#')
            ? 'applicant messages'
            : pk.endsWith('_KEY')
              ? 'province keys'
              : `${context.commandName?.replace(/Command$/, '')} (dossiers, trail, …)`;
        wcuBy.set(kind, (wcuBy.get(kind) ?? 0) + units);
        return result;
      },
      { step: 'finalizeRequest', name: 'benchEventsWcu' },
    );

    // Every API answer that stored a version: when it was answered.
    const written = new Map<string, number>();
    const base = apiClient(runtime.url);
    const api: typeof base = {
      ...base,
      call: async (method, path, options) => {
        const answer = await base.call(method, path, options);
        const body = answer.body as { id?: string; version?: number; dossier?: { id: string; version: number } } | undefined;
        const dossier = body?.dossier ?? body;
        if (method === 'POST' && answer.status < 300 && dossier?.id && dossier.version) written.set(`evt_${dossier.id}_${dossier.version}`, performance.now());
        return answer;
      },
    };
    const who = await officials(api, 'H30.01');
    const registered = await api.call('PUT', '/v1/provinces/LCI/webhooks/bench', { token: who.portal, body: { url: hookUrl } });
    if (registered.status !== 201) throw new Error(`webhook registration: ${registered.status} ${JSON.stringify(registered.body)}`);
    secret = (registered.body as { secret: string }).secret;

    // A warm-up lifecycle (cold modules, the first webhook key read), then the measured ones one after another.
    await runLifecycle(api, { who, procedure: PROCEDURES[0]!, n: 0, pollMs: 20, idempotentReplays: 0 });
    await sleep(1000);
    written.clear();
    arrivals.clear();
    wcuBy.clear();
    capacity.reset();
    const ids: string[] = [];
    for (let n = 1; n <= LIFECYCLES; n++) {
      const done = await runLifecycle(api, { who, procedure: PROCEDURES[n % PROCEDURES.length]!, n, pollMs: 20, idempotentReplays: 0 });
      ids.push(done.id);
    }
    // Every version of every measured dossier delivered (10 each), or give up after 30 s.
    const expected = LIFECYCLES * 10;
    const deadline = Date.now() + 30_000;
    const delivered = () => [...arrivals.keys()].filter((id) => ids.some((d) => id.startsWith(`evt_${d}_`))).length;
    while (delivered() < expected && Date.now() < deadline) await sleep(50);
    await sleep(500);

    const latencies = [...written].flatMap(([id, at]) => (arrivals.has(id) ? [arrivals.get(id)! - at] : []));
    const perLifecycle = (kind: string) => (wcuBy.get(kind) ?? 0) / LIFECYCLES;
    const figures = {
      bench: 'events',
      lifecycles: LIFECYCLES,
      eventsDelivered: delivered(),
      eventsExpected: expected,
      badSignatures,
      latencyMs: {
        samples: latencies.length,
        p50: round(quantile(latencies, 0.5), 1),
        p95: round(quantile(latencies, 0.95), 1),
        max: round(Math.max(...latencies), 1),
      },
      wcuPerLifecycle: {
        total: round(capacity.write / LIFECYCLES, 2),
        webhookDeliveries: round(perLifecycle('webhook deliveries'), 2),
        applicantMessages: round(perLifecycle('applicant messages'), 2),
        provinceKeys: round(perLifecycle('province keys'), 2),
        byKind: Object.fromEntries([...wcuBy].map(([k, v]) => [k, round(v / LIFECYCLES, 2)])),
      },
    };
    console.log(
      table([
        ['figure', 'value'],
        ['lifecycles', LIFECYCLES],
        ['events delivered / expected', `${figures.eventsDelivered} / ${expected}`],
        ['write → webhook p50 (ms)', figures.latencyMs.p50],
        ['write → webhook p95 (ms)', figures.latencyMs.p95],
        ['WCU per lifecycle, all', figures.wcuPerLifecycle.total],
        ['  of which webhook deliveries', figures.wcuPerLifecycle.webhookDeliveries],
        ['  of which applicant messages', figures.wcuPerLifecycle.applicantMessages],
      ]),
    );
    console.log(JSON.stringify(figures));
    if (figures.eventsDelivered < expected || badSignatures > 0) process.exitCode = 1;
  } finally {
    await measured.stop();
    receiver.close();
  }
}

await main();
