/**
 * `npm run soak`: many full lifecycles at once on a fresh local runtime (loopback only, in this
 * process), then proof that nothing was lost or doubled:
 *
 *   - zero lost: every created dossier is RETURNED;
 *   - zero doubled: each commune's list holds every created dossier once — no duplicate id or
 *     code, as many as were created — and no queue or DLQ holds a message;
 *   - every dossier's history is consistent with its status: the lifecycle's actions in order,
 *     version == history length, all six steps complete, both hand-overs received.
 *
 * Mixed in: creates retried with the same Idempotency-Key (concurrently and after), and
 * transitions sent twice at once with the same expected version, where exactly one may win.
 *
 * Bounded: SOAK_DOSSIERS (default 500) dossiers, SOAK_CLIENTS (default 20) concurrent clients,
 * SOAK_TIME_LIMIT_S (default 600) seconds. Exits non-zero on any violation.
 */
import { cpus, loadavg } from 'node:os';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { apiClient, type Api } from './lib/http.js';
import { COMMUNES, lifecycleViolations, LifecycleError, officials, PROCEDURES, runLifecycle, type Officials } from './lib/lifecycle.js';
import { startMeasuredRuntime } from './lib/runtime.js';
import { mean, pool, quantile, round, table } from './lib/stats.js';

const positive = (name: string, fallback: number) => {
  const value = process.env[name] === undefined ? fallback : Number(process.env[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const DOSSIERS = positive('SOAK_DOSSIERS', 500);
const CLIENTS = positive('SOAK_CLIENTS', 20);
const TIME_LIMIT_S = positive('SOAK_TIME_LIMIT_S', 600);
/** Every 10th dossier is created by a portal, with its request sent 3 times at once and once more after. */
const IDEMPOTENT_EVERY = 10;
const IDEMPOTENT_EXTRA = 2;
/** Every 7th dossier gets accept and assign sent twice at once with the same expected version. */
const CONFLICT_EVERY = 7;
const POLL_MS = 100;

async function listAll(api: Api, who: Officials): Promise<{ id: string; code?: string; status: string }[]> {
  const items: { id: string; code?: string; status: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await api.call('GET', `/v1/communes/${who.commune}/dossiers${query}`, { token: who.reception, route: 'list (check)' });
    if (answer.status !== 200) throw new Error(`list ${who.commune}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`list ${who.commune}: more than 10,000 pages`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const deadline = started + TIME_LIMIT_S * 1000;
  const say = (line: string) => console.log(`[${round((Date.now() - started) / 1000, 1)}s] ${line}`);
  say(
    `soak: ${DOSSIERS} dossiers × full lifecycle, ${CLIENTS} concurrent clients, time limit ${TIME_LIMIT_S} s (load average ${round(loadavg()[0]!, 2)} on ${cpus().length} cores)`,
  );
  const measured = await startMeasuredRuntime({ visibilityTimeoutS: 2 });
  // Past the limit by a minute (the checks included), stop whatever is still running.
  const watchdog = setTimeout(
    () => {
      console.error(`soak: over the time limit of ${TIME_LIMIT_S} s, stopping`);
      void Promise.race([measured.stop(), new Promise((r) => setTimeout(r, 5000))]).then(() => process.exit(3));
    },
    (TIME_LIMIT_S + 60) * 1000,
  );
  watchdog.unref();
  try {
    const { runtime } = measured;
    const api = apiClient(runtime.url);
    const who: Record<string, Officials> = {};
    for (const c of COMMUNES) who[c] = await officials(api, c);
    api.records.length = 0;

    const created = new Map<string, Set<string>>(COMMUNES.map((c) => [c, new Set<string>()]));
    const failures: { n: number; error: string; violation: boolean }[] = [];
    let skipped = 0;
    let conflicts = 0;
    let replays = 0;
    let polls = 0;
    say('running');
    const loadStarted = performance.now();
    const progress = setInterval(() => say(`${[...created.values()].reduce((s, c) => s + c.size, 0)} created, ${failures.length} failed`), 15_000);
    await pool(DOSSIERS, CLIENTS, async (n) => {
      if (Date.now() > deadline) {
        skipped++;
        return;
      }
      const commune = COMMUNES[n % COMMUNES.length]!;
      try {
        const r = await runLifecycle(api, {
          who: who[commune]!,
          procedure: PROCEDURES[Math.floor(n / COMMUNES.length) % PROCEDURES.length]!,
          n,
          pollMs: POLL_MS,
          handoffTimeoutMs: 60_000,
          ...(n % IDEMPOTENT_EVERY === 3 ? { idempotentReplays: IDEMPOTENT_EXTRA } : {}),
          ...(n % CONFLICT_EVERY === 5 ? { provokeConflicts: true } : {}),
          onCreated: (id) => created.get(commune)!.add(id),
        });
        conflicts += r.conflicts;
        replays += r.replays;
        polls += r.polls;
      } catch (error) {
        failures.push({ n, error: error instanceof Error ? error.message : String(error), violation: error instanceof LifecycleError && error.violation });
      }
    });
    clearInterval(progress);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const loadRecords = [...api.records];
    const done = DOSSIERS - skipped - failures.length;

    // ---- checks ------------------------------------------------------------------------------------
    say('checking: lists, every dossier, queues');
    const violations: string[] = [];
    if (skipped) violations.push(`time limit: ${skipped} of ${DOSSIERS} lifecycles never started`);
    for (const f of failures) violations.push(`lifecycle ${f.n}${f.violation ? ' (invariant)' : ''}: ${f.error}`);
    const totalCreated = [...created.values()].reduce((s, c) => s + c.size, 0);
    const expectedCreated = DOSSIERS - skipped;
    if (totalCreated !== expectedCreated) violations.push(`${totalCreated} dossiers created for ${expectedCreated} lifecycles started`);

    const codes = new Map<string, string>();
    const perCommune: (string | number)[][] = [['commune', 'created', 'listed', 'distinct ids', 'returned']];
    for (const commune of COMMUNES) {
      const listed = await listAll(api, who[commune]!);
      const mine = created.get(commune)!;
      const ids = new Set(listed.map((d) => d.id));
      if (ids.size !== listed.length) violations.push(`${commune}: ${listed.length - ids.size} duplicate ids in the list`);
      if (listed.length !== mine.size) violations.push(`${commune}: ${listed.length} listed, ${mine.size} created`);
      for (const id of mine) if (!ids.has(id)) violations.push(`${commune}: created ${id} is not listed (lost)`);
      for (const id of ids) if (!mine.has(id)) violations.push(`${commune}: listed ${id} was never created by the soak (doubled)`);
      for (const d of listed) {
        if (!d.code) continue;
        const other = codes.get(d.code);
        if (other && other !== d.id) violations.push(`code ${d.code} given to ${other} and ${d.id}`);
        codes.set(d.code, d.id);
      }
      const mineList = [...mine];
      const details = await pool(mineList.length, 10, async (i) => {
        const id = mineList[i]!;
        const answer = await api.call('GET', `/v1/communes/${commune}/dossiers/${id}`, { token: who[commune]!.reception, route: 'get (check)' });
        if (answer.status !== 200) return [`${commune}/${id}: GET answered ${answer.status}`];
        return lifecycleViolations(answer.body).map((p) => `${commune}/${id}: ${p}`);
      });
      violations.push(...details.flat());
      perCommune.push([commune, mine.size, listed.length, ids.size, listed.filter((d) => d.status === 'RETURNED').length]);
    }

    const queueCounts: (string | number)[][] = [['queue', 'visible', 'in flight']];
    const urls = {
      ...Object.fromEntries(Object.entries(runtime.queueUrls).map(([k, u]) => [k, u])),
      ...Object.fromEntries(Object.entries(runtime.dlqUrls).map(([k, u]) => [`${k} DLQ`, u])),
    };
    for (const [name, url] of Object.entries(urls)) {
      const { Attributes = {} } = await runtime.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      const visible = Number(Attributes.ApproximateNumberOfMessages ?? 0);
      const inFlight = Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      queueCounts.push([name, visible, inFlight]);
      if (visible + inFlight > 0) violations.push(`queue ${name} still holds ${visible + inFlight} messages`);
    }

    // ---- figures ----------------------------------------------------------------------------------
    const byRoute = new Map<string, { ms: number[]; statuses: Map<number, number> }>();
    for (const r of loadRecords) {
      const entry = byRoute.get(r.route) ?? { ms: [] as number[], statuses: new Map<number, number>() };
      entry.ms.push(r.ms);
      entry.statuses.set(r.status, (entry.statuses.get(r.status) ?? 0) + 1);
      byRoute.set(r.route, entry);
    }
    const serverErrors = loadRecords.filter((r) => r.status >= 500).length;
    const unexpected4xx = loadRecords.filter((r) => r.status >= 400 && r.status < 500 && r.status !== 409).length;
    const conflictAnswers = loadRecords.filter((r) => r.status === 409).length;
    if (serverErrors) violations.push(`${serverErrors} answers with a 5xx status`);
    if (conflictAnswers !== conflicts) violations.push(`${conflictAnswers} answers were 409, ${conflicts} were provoked`);

    console.log('\n== soak figures ==');
    console.log(
      table([
        ['figure', 'value'],
        ['lifecycles completed', `${done} / ${DOSSIERS}`],
        ['clients', CLIENTS],
        ['seconds', round(loadSeconds, 1)],
        ['lifecycles/s', round(done / loadSeconds, 2)],
        ['HTTP requests/s', round(loadRecords.length / loadSeconds, 1)],
        ['wait GETs per lifecycle', round(polls / Math.max(1, done), 1)],
        ['idempotent replays answered', replays],
        ['409s provoked (one per race, as expected)', conflicts],
        ['5xx answers', serverErrors],
        ['other 4xx answers', unexpected4xx],
        ['failed lifecycles', failures.length],
        ['runtime log lines', measured.logLines.length],
        ['load average (1 min) at the end', `${round(loadavg()[0]!, 2)} on ${cpus().length} cores`],
      ]),
    );
    console.log(
      table([
        ['route', 'n', 'p50 ms', 'p95 ms', 'mean ms', 'statuses'],
        ...[...byRoute].map(([route, e]) => [
          route,
          e.ms.length,
          round(quantile(e.ms, 0.5), 1),
          round(quantile(e.ms, 0.95), 1),
          round(mean(e.ms), 1),
          [...e.statuses].map(([s, c]) => `${s}×${c}`).join(' '),
        ]),
      ]),
    );
    console.log(table(perCommune));
    console.log(table(queueCounts));
    for (const line of measured.logLines.slice(0, 5)) console.log(`runtime: ${line}`);

    const json = {
      dossiers: DOSSIERS,
      clients: CLIENTS,
      completed: done,
      seconds: round(loadSeconds, 2),
      lifecyclesPerS: round(done / loadSeconds, 3),
      requestsPerS: round(loadRecords.length / loadSeconds, 2),
      replays,
      provokedConflicts: conflicts,
      serverErrors,
      unexpected4xx,
      latencyMs: Object.fromEntries([...byRoute].map(([r, e]) => [r, { n: e.ms.length, p50: round(quantile(e.ms, 0.5)), p95: round(quantile(e.ms, 0.95)) }])),
      violations: violations.length,
    };
    if (violations.length) {
      console.log(
        `\nVIOLATIONS (${violations.length}):\n${violations
          .slice(0, 50)
          .map((v) => `- ${v}`)
          .join('\n')}`,
      );
      if (violations.length > 50) console.log(`… and ${violations.length - 50} more`);
    } else {
      console.log(`\nno violation: ${totalCreated} dossiers created, all RETURNED once, none lost, none doubled, every history consistent`);
    }
    console.log(`SOAK_JSON ${JSON.stringify(json)}`);
    return violations.length ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await measured.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
