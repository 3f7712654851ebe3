/**
 * `npm run bench`: one bounded run (< 5 minutes on 2 cores, loopback only) that measures the
 * product on a fresh local runtime in this process and prints a table, then one `BENCH_JSON {…}`
 * line with every figure:
 *
 *   a. full lifecycles per second over HTTP with concurrent clients, against a floor made of
 *      DynamoDB Local's raw conditional PutItem rate ÷ the writes one lifecycle makes;
 *   b. WCU and RCU one lifecycle consumes (`capacity`), against the minimum the design allows;
 *   c. each deployed function's bundle size and cold module-init time, against a bundle of only
 *      the AWS SDK clients it uses (hello world for one that uses none);
 *   d. items the SLA report reads with 1,000 and with 10,000 dossiers in a commune, same open set;
 *   e. the AWS cost of 1,000 dossiers from the measured units and public prices;
 *   f. the fixed monthly cost of a province, read off the synthesized templates (npm run cost).
 *
 * Where a target is missed it says why and what would reach it. Exit code 0 unless the bench
 * itself failed (a missed target is a finding, not a crash). BENCH_LIFECYCLES (200),
 * BENCH_CLIENTS (10) and BENCH_RAW_PUTS (2000) change the run's size, BENCH_WATCHDOG_S (295) its bound.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '../shared/domain/model.js';
import { FUNCTIONS } from '../infra/stacks/access.js';
import { smsPartsOf } from './lib/sms.js';
import { dossierItem, storedDossierOf } from '../shared/adapters/dossier-item.js';
import { isAuditKey, keys } from '../shared/adapters/table.js';
import { measureBundles, overFloor, sdkFloors, shrinkProbes, type BundleFigure } from './lib/bundles.js';
import { apiClient, type CallRecord } from './lib/http.js';
import type { LoadOrder, LoadReport } from './lib/load-client.js';
import { dossierBody, officials, PROCEDURES, runLifecycle, type Officials } from './lib/lifecycle.js';
import cdkJson from '../cdk.json' with { type: 'json' };
import { FIXED_COST_TARGET, printFixedCost } from './cost.js';
import { fixedCost, synthesizedTemplates } from './lib/fixed-cost.js';
import { lambdaContext } from '../infra/local/lambda-context.js';
import { cpuMsOf, findProcess } from './lib/proc.js';
import { startMeasuredRuntime } from './lib/runtime.js';
import { FIGURES_FILE, runStamp, writeFigures } from './lib/figures.js';
import { mean, median, pool, quantile, round, sleep, table } from './lib/stats.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

/** The run's size: bounded so that the whole bench stays under 5 minutes on 2 cores. */
const LIFECYCLES = env('BENCH_LIFECYCLES', 200);
const CLIENTS = env('BENCH_CLIENTS', 10);
const RAW_PUTS = env('BENCH_RAW_PUTS', 2000);
const RAW_WRITERS = 10;
const REAL_PUTS = 500;
const RAW_ITEM_BYTES = 2048;
const INIT_RUNS = 3;
/** Sleep between the GETs a client sends while a hand-over travels over the queue. */
const THROUGHPUT_POLL_MS = 100;
/** The measured lifecycle waits by reading the table directly (costs the product nothing), every 200 ms. */
const MEASURE_POLL_MS = 200;
const SLA_OPEN = 100;
const SLA_SIZES = [
  { commune: 'H30.02', total: 1_000 },
  { commune: 'H30.03', total: 10_000 },
];
/** Whole run; past it the bench stops, cleans up and fails (BENCH_WATCHDOG_S on a machine busy with other work). */
const WATCHDOG_MS = env('BENCH_WATCHDOG_S', 295) * 1000;

const TARGETS = {
  throughputRatio: 0.5,
  wcuPerLifecycle: 35,
  rcuPerLifecycle: 12,
  /** Each function against a bundle of only the AWS SDK clients it carries (its floor). */
  initVsFloor: 1.2,
  bytesOverFloor: 60 * 1024,
  slaReadRatio: 1.1,
  costPer1000: 0.04,
  /** The lifecycle with a fee collected at the desk (its receipts, counter and events). */
  costWithPaymentPer1000: 0.09,
};

/** The seeded procedure whose phí and lệ phí are collected at reception (infra/local/seed.ts). */
const FEE_PROCEDURE = '1.009994';

/**
 * Public prices used for the estimate, region ap-southeast-1 (Singapore), as known on 2025-06-01
 * (on-demand DynamoDB after the 50 % cut of 1 Nov 2024). Check https://aws.amazon.com/pricing
 * before relying on them; free tiers are ignored on purpose.
 */
const PRICES = {
  region: 'ap-southeast-1',
  asOf: '2025-06-01',
  /** HTTP API, first 300 M requests a month (us-east-1: $1.00; Singapore is dearer: an upper bound). */
  httpApiPerMillion: 1.27,
  /** Lambda requests. */
  lambdaRequestsPerMillion: 0.2,
  /** Lambda arm64 compute, per GB-second (first 6 B GB-s tier). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** DynamoDB on-demand, Standard table class, after Nov 2024 (us-east-1 is $0.625 / $0.125). */
  dynamoWritePerMillion: 0.7135,
  dynamoReadPerMillion: 0.1427,
  /** SQS standard queue requests (each 64 KB chunk of a request counts as one). */
  sqsPerMillion: 0.4,
  /** SQS FIFO queue requests (the event consumers' queues). */
  sqsFifoPerMillion: 0.5,
  /** SNS publishes (the events topic; the standard topics' price, taken as the FIFO topic's too). */
  snsPerMillion: 0.5,
  /**
   * An SMS part to a Vietnamese number through AWS End User Messaging SMS: an assumption of about
   * the published range for VN, not looked up here — check the price list before relying on it.
   */
  smsPerPartVietnam: 0.06,
  /** CloudWatch Logs ingestion, per GB (shown apart: not one of the target's items). */
  logsIngestPerGb: 0.67,
};
/** Memory of HTTP and consumer functions (infra/stacks/functions.ts MEMORY_MB). */
const LAMBDA_MEMORY_GB = 0.5;

// ---------------------------------------------------------------------------------------------

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** DynamoDB calls the handlers make, by command, observed with a middleware on their client. */
const calls = {
  byCommand: new Map<string, number>(),
  writes: 0,
  /** Items written by transactions (each ≥ 2 WCU). */
  transactItems: 0,
  consistentReads: 0,
  eventualReads: 0,
  /** Items appended to access trails. */
  auditWrites: 0,
  /** Write units by where DynamoDB spent them: the table or one of its indexes (ReturnConsumedCapacity INDEXES). */
  wcuBy: new Map<string, number>(),
  /** Write units by the kind of item written (a transaction's by the kinds of its items together). */
  wcuByKind: new Map<string, number>(),
  reset() {
    this.byCommand.clear();
    this.wcuBy.clear();
    this.wcuByKind.clear();
    this.writes = this.transactItems = this.consistentReads = this.eventualReads = this.auditWrites = 0;
  },
};

/** The kind of item a key names: the dossier, its counted state, an aggregate, a receipt… (what the table's key scheme says). */
function itemKind(key: { PK?: unknown; SK?: unknown } | undefined): string {
  const pk = String(key?.PK ?? '');
  const sk = String(key?.SK ?? '');
  if (pk.endsWith('#AGGREGATES')) return 'aggregate';
  if (sk === 'D') return 'dossier';
  if (/^[A-Z_]+$/.test(sk)) return sk.toLowerCase();
  const parts = pk.split('#');
  return (parts.length > 2 ? parts[2]! : sk).toLowerCase();
}

function writtenKinds(command: string, input: Record<string, unknown>): string {
  type Write = { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
  if (command !== 'TransactWriteItemsCommand') return itemKind((input.Item ?? input.Key) as Write['Item']);
  const items = (input.TransactItems as Record<string, Write>[]).map((t) => Object.values(t)[0]!);
  const counts = new Map<string, number>();
  for (const w of items) counts.set(itemKind(w.Item ?? w.Key), (counts.get(itemKind(w.Item ?? w.Key)) ?? 0) + 1);
  return `transaction of ${[...counts].map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(' + ')}`;
}

function observeCalls(client: { middlewareStack: { add: (...args: any[]) => void } }) {
  client.middlewareStack.add(
    (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const name = context.commandName ?? 'unknown';
      calls.byCommand.set(name, (calls.byCommand.get(name) ?? 0) + 1);
      if (WRITES.has(name)) {
        calls.writes++;
        if (isAuditKey(String((args.input.Item as { PK?: unknown } | undefined)?.PK ?? ''))) calls.auditWrites++;
        if (name === 'TransactWriteItemsCommand') calls.transactItems += (args.input.TransactItems as unknown[] | undefined)?.length ?? 0;
      } else if (READS.has(name)) {
        if (args.input.ConsistentRead === true) calls.consistentReads++;
        else calls.eventualReads++;
      }
      // INDEXES still reports the total (what `capacity` adds up) and also says where it went.
      if (args.input.ReturnConsumedCapacity === undefined || args.input.ReturnConsumedCapacity === 'TOTAL') args.input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      if (WRITES.has(name)) {
        type Units = { CapacityUnits?: number };
        type Consumed = { CapacityUnits?: number; Table?: Units; GlobalSecondaryIndexes?: Record<string, Units> };
        const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const kind = writtenKinds(name, args.input);
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
          calls.wcuByKind.set(kind, (calls.wcuByKind.get(kind) ?? 0) + (c.CapacityUnits ?? 0));
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          const add = (where: string, units = 0) => calls.wcuBy.set(where, (calls.wcuBy.get(where) ?? 0) + units);
          add('table', c.Table?.CapacityUnits ?? (c.GlobalSecondaryIndexes ? 0 : c.CapacityUnits));
          for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {})) add(`index ${index}`, u.CapacityUnits);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchObserveCalls' },
  );
}

/** Approximate stored size of an item, by DynamoDB's rules (names + values; numbers ≈ digits/2 + 1). */
function itemBytes(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.B !== undefined) return v.B.length;
    if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((s, x) => s + 1 + value(x), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + value(x), 0);
    if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
    if (v.NS) return v.NS.reduce((s, x) => s + Math.ceil(x.length / 2) + 1, 0);
    if (v.BS) return v.BS.reduce((s, x) => s + x.length, 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + value(v), 0);
}

function latencyTable(records: CallRecord[]) {
  const routes = new Map<string, number[]>();
  for (const r of records) routes.set(r.route, [...(routes.get(r.route) ?? []), r.ms]);
  return Object.fromEntries(
    [...routes].map(([route, ms]) => [route, { n: ms.length, p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), mean: round(mean(ms)) }]),
  );
}

const kb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;

// ---------------------------------------------------------------------------------------------

type Say = (line: string) => void;

/** c. Each function's bundle and cold init beside a bundle of only the SDK clients it carries (first: nothing else runs, so the init times are not disturbed). */
async function measureCode(scratch: string, say: Say) {
  const entries = FUNCTIONS.map((f) => ({ name: f.name, entry: join(ROOT, f.entry) }));
  say(`c. bundling ${entries.length} functions + hello world with esbuild, ${INIT_RUNS} cold inits each`);
  const lambdaEnv = {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: 'mot-cua',
    PROVINCES: 'LCI',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    OFFICE_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/office-intake',
    ECONOMICS_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/economics-intake',
    CULTURE_SOCIETY_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/culture-society-intake',
    RESULTS_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/results',
  };
  const bundles = await measureBundles(entries, join(scratch, 'bundles'), { runs: INIT_RUNS, env: lambdaEnv });
  const probes = await shrinkProbes(join(scratch, 'probes'), join(ROOT, 'functions/http/dossiers/accept.ts'), lambdaEnv);
  const floors = await sdkFloors(
    bundles.functions.map((f) => f.sdkClients).filter((set) => set.length > 0),
    join(scratch, 'floors'),
    { runs: INIT_RUNS, env: lambdaEnv },
  );
  /** A function's floor: only the SDK clients it carries; hello world for one that carries none. */
  const floorOf = (f: BundleFigure) =>
    floors.get(f.sdkClients.join('+')) ?? { bytes: bundles.hello.bytes, initMs: bundles.hello.initMs, parts: bundles.hello.parts };
  /** What a function carries beyond its floor, by origin: its own share of the bundle. */
  const oursOf = (f: BundleFigure) => overFloor(f, floorOf(f));
  const overBudget = bundles.functions.filter((f) => f.bytes - floorOf(f).bytes > TARGETS.bytesOverFloor);
  const slowInit = bundles.functions.filter((f) => f.initMs > TARGETS.initVsFloor * floorOf(f).initMs);
  const worstInit = Math.max(...bundles.functions.map((f) => f.initMs / floorOf(f).initMs));
  const worstOver = Math.max(...bundles.functions.map((f) => f.bytes - floorOf(f).bytes));
  return { bundles, probes, floors, floorOf, oursOf, overBudget, slowInit, worstInit, worstOver };
}

/** The product on a fresh local runtime in this process, and the means to read its table directly (which costs the product nothing). */
async function startBench(say: Say) {
  say('starting DynamoDB Local (in memory), fauxqs and the handlers in this process');
  const measured = await startMeasuredRuntime();
  const { runtime, dynamoEndpoint } = measured;
  const { capacity, dynamo } = await import('../shared/adapters/aws.js');
  /** DynamoDB Local's JVM, to tell what its CPU costs (Linux only). */
  const javaPid = findProcess('DynamoDBLocal.jar', `-port ${new URL(dynamoEndpoint).port}`);
  const javaCpu = () => cpuMsOf(javaPid);
  observeCalls(dynamo());
  const raw = new DynamoDBClient({ endpoint: dynamoEndpoint });
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = runtime.tableName;
  const setup = apiClient(runtime.url);
  const who: Record<string, Officials> = { 'H30.01': await officials(setup, 'H30.01') };
  const readItem = async (commune: string, id: string) =>
    (await raw.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: keys.dossier(commune, id).PK }, SK: { S: keys.dossier(commune, id).SK } } })))
      .Item;
  /** Waits by reading the table directly: no API call, no `capacity` consumed. */
  const directWait = async (id: string, what: string, until: (d: any) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await sleep(MEASURE_POLL_MS);
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.dossier('H30.01', id) }));
      const dossier = Item && storedDossierOf(Item);
      if (dossier && until(dossier)) return dossier;
      if (Date.now() > deadline) throw new Error(`${what} did not happen in time`);
    }
  };
  return { measured, runtime, dynamoEndpoint, capacity, javaCpu, raw, doc, tableName, setup, who, readItem, directWait };
}

type Bench = Awaited<ReturnType<typeof startBench>>;

/** Waits until no function has run for a second: the consumers of the last change are done. */
async function quietOf(runtime: Bench['runtime']) {
  let last = JSON.stringify(runtime.billed());
  for (let still = 0, tries = 0; still < 2; tries++) {
    if (tries === 240) throw new Error('the local runtime did not go quiet in 2 minutes: a usage measured now would count other work');
    await sleep(500);
    const now = JSON.stringify(runtime.billed());
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** What the product used while `work` ran and its consumers finished: units, invocations, queue requests. */
async function usageOf(bench: Bench, httpRequests: number, work: () => Promise<void>): Promise<Usage> {
  const { runtime, capacity } = bench;
  await quietOf(runtime);
  capacity.reset();
  const before = runtime.billed();
  await work();
  await quietOf(runtime);
  const after = runtime.billed();
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return {
    httpRequests,
    invocations: sum(after.invocations) - sum(before.invocations),
    billedMs: sum(after.billedMs) - sum(before.billedMs),
    wcu: capacity.write,
    rcu: capacity.read,
    sqsStandard: after.sqsRequests.standard - before.sqsRequests.standard,
    sqsFifo: after.sqsRequests.fifo - before.sqsRequests.fifo,
    snsPublishes: after.snsPublishes - before.snsPublishes,
  };
}

type Usage = {
  httpRequests: number;
  invocations: number;
  billedMs: number;
  wcu: number;
  rcu: number;
  sqsStandard: number;
  sqsFifo: number;
  snsPublishes: number;
};

/** USD per 1,000 repetitions of what one `usage` measured, by item. */
function pricedPer1000(u: Usage) {
  return {
    httpApi: (1000 * u.httpRequests * PRICES.httpApiPerMillion) / 1e6,
    lambdaRequests: (1000 * u.invocations * PRICES.lambdaRequestsPerMillion) / 1e6,
    lambdaCompute: 1000 * (u.billedMs / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaArmPerGbSecond,
    dynamoWrites: (1000 * u.wcu * PRICES.dynamoWritePerMillion) / 1e6,
    dynamoReads: (1000 * u.rcu * PRICES.dynamoReadPerMillion) / 1e6,
    sqs: (1000 * (u.sqsStandard * PRICES.sqsPerMillion + u.sqsFifo * PRICES.sqsFifoPerMillion)) / 1e6,
    snsEvents: (1000 * u.snsPublishes * PRICES.snsPerMillion) / 1e6,
  };
}

/**
 * e. What a fee collected at the desk adds to a dossier: an in-person dossier of a fee procedure
 * accepted and collected in cash, less a free one accepted (whose hand-over the accept starts, as
 * the collection does for the fee's): the payment's receipts, counter, events and their consumers.
 */
async function measurePayment(bench: Bench, say: Say) {
  const { setup, who } = bench;
  say(`e. a fee collected at the desk (${FEE_PROCEDURE}) beside a free dossier accepted (${PROCEDURES[1]!.code})`);
  const base = '/v1/communes/H30.01/dossiers';
  const token = who['H30.01']!.reception;
  const step = async (method: string, path: string, expected: number, body: Record<string, unknown> = {}) => {
    const answer = await setup.call(method, path, { token, body, route: path.split('/').pop()! });
    if (answer.status !== expected) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const free = await usageOf(bench, 2, async () => {
    const { id } = await step('POST', base, 201, dossierBody(PROCEDURES[1]!.code, 3));
    await step('POST', `${base}/${id}/accept`, 200);
  });
  let receipts = 0;
  const paid = await usageOf(bench, 3, async () => {
    const { id } = await step('POST', base, 201, dossierBody(FEE_PROCEDURE, 4));
    const accepted = await step('POST', `${base}/${id}/accept`, 200);
    if (accepted.status !== 'AWAITING_PAYMENT') throw new Error(`${FEE_PROCEDURE} accepted as ${accepted.status}, not AWAITING_PAYMENT`);
    const collected = await step('POST', `${base}/${id}/payment/collect`, 200, { method: 'CASH' });
    receipts = collected.payment?.receipts?.length ?? 0;
  });
  const added = Object.fromEntries(Object.keys(paid).map((k) => [k, paid[k as keyof Usage] - free[k as keyof Usage]])) as Usage;
  const paymentPer1000 = Object.values(pricedPer1000(added)).reduce((s, v) => s + v, 0);
  return { payment: { added, receipts, per1000: paymentPer1000 } };
}

/** b. The units, calls and invocations of one lifecycle run alone, after a warm-up. */
async function measureLifecycle(bench: Bench, say: Say) {
  const { runtime, capacity, setup, who, readItem, directWait } = bench;
  say('b. warm-up lifecycle, then one lifecycle measured sequentially');
  const quiet = () => quietOf(runtime);
  await runLifecycle(setup, { who: who['H30.01']!, procedure: PROCEDURES[1]!, n: 0, pollMs: 50 });
  await quiet();
  const sequential = apiClient(runtime.url);
  capacity.reset();
  calls.reset();
  const billedBefore = runtime.billed();
  const one = await runLifecycle(sequential, { who: who['H30.01']!, procedure: PROCEDURES[1]!, n: 1, pollMs: MEASURE_POLL_MS, wait: directWait });
  // Let the event consumers of the last change finish; nothing else of the product runs meanwhile.
  await quiet();
  const billedAfter = runtime.billed();
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const lifecycleInvocations = Object.fromEntries(
    Object.entries(billedAfter.invocations)
      .map(([name, n]) => [name, n - (billedBefore.invocations[name] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  const lifecycleBilled = {
    invocations: sum(lifecycleInvocations),
    billedMs: sum(billedAfter.billedMs) - sum(billedBefore.billedMs),
    sqsStandard: billedAfter.sqsRequests.standard - billedBefore.sqsRequests.standard,
    sqsFifo: billedAfter.sqsRequests.fifo - billedBefore.sqsRequests.fifo,
    snsPublishes: billedAfter.snsPublishes - billedBefore.snsPublishes,
  };
  const units = {
    wcu: capacity.write,
    rcu: capacity.read,
    writeCalls: calls.writes,
    transactItems: calls.transactItems,
    consistentReads: calls.consistentReads,
    eventualReads: calls.eventualReads,
    auditWrites: calls.auditWrites,
    byCommand: Object.fromEntries(calls.byCommand),
    wcuBy: Object.fromEntries([...calls.wcuBy].sort((a, b) => b[1] - a[1])),
    wcuByKind: Object.fromEntries([...calls.wcuByKind].sort((a, b) => b[1] - a[1])),
  };
  const finalItem = (await readItem('H30.01', one.id))!;
  const finalItemBytes = itemBytes(finalItem);
  /*
   * The minimum the design allows: every write request costs at least 1 WCU (an item of ≤ 1 KB;
   * a transactional write ≥ 2 per item) and every strongly consistent read at least 1 RCU (≤ 4 KB),
   * an eventually consistent one 0.5. So with W write calls, X of them transactions writing T
   * items in all, and C consistent + E eventual reads: min WCU = (W − X) + 2·T, min RCU = C + 0.5·E
   * (with no transaction and no eventual read, as here: W and C). It leaves out index writes and
   * item size — what the measured figures add on top is exactly those two.
   */
  const transactCalls = units.byCommand.TransactWriteItemsCommand ?? 0;
  const minWcu = units.writeCalls - transactCalls + 2 * units.transactItems;
  const minRcu = units.consistentReads + 0.5 * units.eventualReads;
  const seqLatency = latencyTable(sequential.records);
  const handlerMs = mean(sequential.records.map((r) => r.ms));
  return { one, lifecycleInvocations, lifecycleBilled, units, finalItemBytes, minWcu, minRcu, seqLatency, handlerMs };
}

type Lifecycle = Awaited<ReturnType<typeof measureLifecycle>>;

/** a. The floor: DynamoDB Local's raw conditional PutItem rate ÷ the writes of a lifecycle. */
async function measureWriteFloor(bench: Bench, { one, units, finalItemBytes }: Lifecycle, say: Say) {
  const { javaCpu, raw, doc, tableName } = bench;
  say(`a. floor: ${RAW_PUTS} conditional PutItem of ${kb(RAW_ITEM_BYTES)} with ${RAW_WRITERS} writers`);
  const payload = 'x'.repeat(RAW_ITEM_BYTES - 40);
  const put = (prefix: string) => (i: number) =>
    raw.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { PK: { S: `BENCH#${prefix}#${i}` }, SK: { S: 'RAW' }, payload: { S: payload } },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  await pool(200, RAW_WRITERS, put('warm'));
  const rawStarted = performance.now();
  const rawJavaBefore = javaCpu();
  await pool(RAW_PUTS, RAW_WRITERS, put('run'));
  const rawJavaMsPerPut = rawJavaBefore === undefined ? undefined : (javaCpu()! - rawJavaBefore) / RAW_PUTS;
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  const putsPerS = RAW_PUTS / rawSeconds;
  const floor = putsPerS / units.writeCalls;

  // Not the floor, a diagnostic: the same conditional puts with a real returned dossier item and
  // its index entries, which is what a lifecycle's writes cost DynamoDB Local.
  const { getDossier } = await import('../shared/adapters/repository.js');
  const closedTemplate = (await getDossier('H30.01', one.id))!;
  say(`a. diagnostic: ${REAL_PUTS} conditional PutItem of the real dossier item (${kb(finalItemBytes)}, with its index keys)`);
  const realStarted = performance.now();
  await pool(REAL_PUTS, RAW_WRITERS, (i) =>
    doc.send(
      new PutCommand({
        TableName: tableName,
        Item: dossierItem({
          ...closedTemplate,
          id: randomUUID(),
          commune: 'H30.04',
          receivingUnit: 'H30.04',
          code: `H30.04-260001-${String(i + 1).padStart(4, '0')}`,
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
  const realPutsPerS = REAL_PUTS / ((performance.now() - realStarted) / 1000);
  return { putsPerS, rawSeconds, rawJavaMsPerPut, floor, realPutsPerS, closedTemplate };
}

/** a. Full lifecycles per second over HTTP, the clients in a process of their own. */
async function measureThroughput(bench: Bench, floor: number, say: Say) {
  const { runtime, javaCpu } = bench;
  say(`a. ${LIFECYCLES} full lifecycles over HTTP with ${CLIENTS} concurrent clients, in a process of their own`);
  const cpuBefore = process.cpuUsage();
  const javaBefore = javaCpu();
  // The load clients run in a child process: this process's CPU is then the server's alone.
  const client = fork(join(ROOT, 'scripts/lib/load-client.ts'), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const report = await new Promise<LoadReport>((resolveReport, reject) => {
    client.once('message', (m) => resolveReport(m as LoadReport));
    client.once('exit', (code) => reject(new Error(`the load client exited with ${code} before it reported`)));
    const order: LoadOrder = { url: runtime.url, commune: 'H30.01', lifecycles: LIFECYCLES, clients: CLIENTS, pollMs: THROUGHPUT_POLL_MS, offset: 1000 };
    client.send(order);
  });
  const { failures, polls } = report;
  const load = { records: report.records };
  const loadSeconds = report.seconds;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpuMs = (cpu.user + cpu.system) / 1000;
  const clientCpuMs = report.cpuMs;
  const javaCpuMs = javaBefore === undefined ? undefined : javaCpu()! - javaBefore;
  const done = LIFECYCLES - failures.length;
  const lifecyclesPerS = done / loadSeconds;
  const throughputRatio = lifecyclesPerS / floor;
  const loadLatency = latencyTable(load.records);
  return { failures, polls, loadSeconds, nodeCpuMs, clientCpuMs, javaCpuMs, done, lifecyclesPerS, throughputRatio, loadLatency };
}

/** d. Items the SLA report reads with 1,000 and with 10,000 dossiers in a commune, the same open set. */
async function measureSlaReads(bench: Bench, closedTemplate: Dossier, say: Say) {
  const { capacity, doc, tableName, setup, who, directWait } = bench;
  const { getDossier } = await import('../shared/adapters/repository.js');
  say(`d. seeding ${SLA_SIZES.map((s) => `${s.total} dossiers in ${s.commune}`).join(' and ')} (${SLA_OPEN} open each)`);
  // Templates: an open dossier (accepted, recorded by its department) and the returned one of b.
  const base = '/v1/communes/H30.01/dossiers';
  const opened = await setup.call('POST', base, { token: who['H30.01']!.reception, body: dossierBody(PROCEDURES[1]!.code, 2), route: 'create' });
  const accepted = await setup.call('POST', `${base}/${opened.body?.id}/accept`, { token: who['H30.01']!.reception, body: {}, route: 'accept' });
  if (opened.status !== 201 || accepted.status !== 200) throw new Error(`could not make an open template: ${opened.status} ${accepted.status}`);
  await directWait(opened.body.id, 'the department intake', (d) => d.step === 'ASSIGNMENT');
  const openTemplate = (await getDossier('H30.01', opened.body.id))!;
  const clone = (template: Dossier, commune: string, i: number): Record<string, unknown> =>
    dossierItem({
      ...template,
      id: randomUUID(),
      commune,
      receivingUnit: commune,
      code: `${commune}-25${String(Math.floor(i / 9000) + 1).padStart(4, '0')}-${String((i % 9000) + 1).padStart(4, '0')}`,
    });
  const seedStarted = performance.now();
  for (const { commune, total } of SLA_SIZES) {
    const items = Array.from({ length: total }, (_, i) => clone(i < SLA_OPEN ? openTemplate : closedTemplate, commune, i));
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
    await pool(batches.length, 4, async (b) => {
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [tableName]: batches[b]!.map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length) {
        const answer = await doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = answer.UnprocessedItems as typeof request;
      }
    });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const { handler: slaReport } = await import('../functions/schedules/sla-report.js');
  capacity.reset();
  const slaRuns = await slaReport({ force: true }, lambdaContext('sla-report'));
  const slaRcu = capacity.read;
  const slaBy = (commune: string) => slaRuns.flatMap((r) => r.communes).find((c) => c.commune === commune);
  const sla = SLA_SIZES.map(({ commune, total }) => ({
    commune,
    dossiers: total,
    open: slaBy(commune)?.openDossiers ?? NaN,
    itemsRead: slaBy(commune)?.itemsRead ?? NaN,
  }));
  const slaRatio = sla[1]!.itemsRead / sla[0]!.itemsRead;
  return { sla, slaRatio, slaRcu, seedSeconds };
}

/** e. What 1,000 dossiers cost on AWS, from what one lifecycle used. */
async function estimateCost(bench: Bench, { one, units, lifecycleBilled }: Lifecycle) {
  const { setup } = bench;
  /*
   * One lifecycle on AWS, as the local runtime counted it while the measured lifecycle ran (the
   * same wiring: filtered stream records and filtered subscriptions invoke nothing): 8 HTTP
   * requests (create, accept, assign, propose, review, approve, issue, return — the waits read
   * the table directly), every invocation of every function with its billed milliseconds, the
   * SQS requests (standard and FIFO) and SNS publishes; the WCU/RCU measured in b, which include
   * every write and read the consumers made for this dossier. SMS are priced apart, per message
   * part as the measured texts need them.
   */
  const httpRequests = 8;
  const events = Number(one.returned.version);
  const { invocations } = lifecycleBilled;
  const sqsRequests = lifecycleBilled.sqsStandard + lifecycleBilled.sqsFifo;
  const per1000 = pricedPer1000({ httpRequests, ...lifecycleBilled, wcu: units.wcu, rcu: units.rcu });
  const costPer1000 = Object.values(per1000).reduce((s, v) => s + v, 0);
  /** Assumed: ~0.6 KB of log per invocation (START/END/REPORT + one INFO line), not a measured figure. */
  const logsPer1000 = (1000 * invocations * 600 * PRICES.logsIngestPerGb) / 1024 ** 3;
  // The applicant's SMS of the measured dossier, as the local runtime kept them.
  const kept = ((await setup.call('GET', '/_local/messages')).body?.items ?? []) as { channel: string; dossierId: string; text: string }[];
  const sms = kept.filter((m) => m.dossierId === one.id && m.channel === 'SMS');
  const smsParts = sms.reduce((n, m) => n + smsPartsOf(m.text), 0);
  const smsPer1000 = 1000 * smsParts * PRICES.smsPerPartVietnam;
  return { httpRequests, events, invocations, sqsRequests, per1000, costPer1000, logsPer1000, sms, smsParts, smsPer1000 };
}

type Measurements = Awaited<ReturnType<typeof measureCode>> &
  Lifecycle &
  Awaited<ReturnType<typeof measureWriteFloor>> &
  Awaited<ReturnType<typeof measureThroughput>> &
  Awaited<ReturnType<typeof measureSlaReads>> &
  Awaited<ReturnType<typeof estimateCost>> &
  Awaited<ReturnType<typeof measurePayment>> & { fixed: ReturnType<typeof fixedCost>; started: number; loadAtStart: number; logLines: string[] };

function printTables(m: Measurements) {
  const { bundles, floors, floorOf, oursOf, units, minWcu, minRcu, finalItemBytes, handlerMs } = m;
  const { putsPerS, floor, realPutsPerS, done, lifecyclesPerS, throughputRatio, polls, nodeCpuMs, loadSeconds, clientCpuMs, javaCpuMs, rawJavaMsPerPut } = m;
  const { loadLatency, failures, sla, slaRatio, slaRcu, seedSeconds, per1000, costPer1000, logsPer1000, sms, smsParts, smsPer1000 } = m;
  const { httpRequests, events, invocations, sqsRequests, lifecycleInvocations, lifecycleBilled, fixed, payment } = m;
  const helloInit = bundles.hello.initMs;
  const sideRows = (f: BundleFigure) =>
    f.side
      ? [
          [
            `  ${f.side.file}, on some requests only`,
            kb(f.side.bytes),
            '',
            round(f.side.initMs, 1),
            '',
            '',
            f.side.parts
              .slice(0, 3)
              .map((p) => `${p.origin} ${kb(p.bytes)}`)
              .join(', '),
          ],
        ]
      : [];
  const fnRows = bundles.functions.flatMap((f: BundleFigure) => [
    [
      f.name,
      kb(f.bytes),
      `+${kb(f.bytes - floorOf(f).bytes)}`,
      round(f.initMs, 1),
      round(f.initMs / floorOf(f).initMs, 2),
      f.sdkClients.map((c) => c.replace('@aws-sdk/', '')).join(' ') || '—',
      oursOf(f)
        .slice(0, 3)
        .map((p) => `${p.origin} ${kb(p.bytes)}`)
        .join(', '),
    ],
    ...sideRows(f),
  ]);

  console.log("\n== c. bundles (esbuild: esm, node24, minified, AWS SDK bundled) and cold module init (median of 3), against each one's SDK-only floor ==");
  console.log(
    table([
      ['function', 'size', 'over floor', 'init ms', '× floor', 'SDK clients (the floor)', 'largest parts over the floor'],
      ['hello-world', kb(bundles.hello.bytes), '', round(helloInit, 1), '', '', ''],
      ...[...floors].map(([set, fl]) => [`floor: ${set.replaceAll('@aws-sdk/', '')}`, kb(fl.bytes), '', round(fl.initMs, 1), 1, '', '']),
      ...fnRows,
    ]),
  );

  console.log('\n== b. one lifecycle, sequential (waits read the table directly) ==');
  console.log(
    table([
      ['figure', 'value', 'minimum the design allows', 'target'],
      ['WCU', round(units.wcu, 1), minWcu, `≤ ${TARGETS.wcuPerLifecycle}`],
      ['RCU', round(units.rcu, 1), minRcu, `≤ ${TARGETS.rcuPerLifecycle}`],
      ['write calls', units.writeCalls, '', ''],
      ['consistent / eventual reads', `${units.consistentReads} / ${units.eventualReads}`, '', ''],
      ['final dossier item', kb(finalItemBytes), '', ''],
      ['mean HTTP latency (ms)', round(handlerMs, 1), '', ''],
    ]),
  );
  console.log(`calls by command: ${JSON.stringify(units.byCommand)}`);
  console.log(
    `WCU by table / index: ${Object.entries(units.wcuBy)
      .map(([k, v]) => `${k} ${round(v, 1)}`)
      .join(', ')}`,
  );
  console.log(
    `WCU by item written: ${Object.entries(units.wcuByKind)
      .map(([k, v]) => `${k} ${round(v, 1)}`)
      .join(', ')}`,
  );

  console.log('\n== a. throughput ==');
  console.log(
    table([
      ['figure', 'value'],
      ['raw conditional PutItem/s (10 writers, 2 KB)', round(putsPerS, 1)],
      ['writes per lifecycle', units.writeCalls],
      ['floor lifecycles/s', round(floor, 2)],
      ['(diagnostic) PutItem/s of the real dossier item', round(realPutsPerS, 1)],
      ['(diagnostic) floor with the real item, lifecycles/s', round(realPutsPerS / units.writeCalls, 2)],
      [`lifecycles/s (${CLIENTS} clients, ${done}/${LIFECYCLES} ok)`, round(lifecyclesPerS, 2)],
      ['ratio (target ≥ 0.5)', round(throughputRatio, 3)],
      ['wait GETs per lifecycle', round(polls / Math.max(1, done), 1)],
      ['server Node CPU ms per lifecycle (handlers, HTTP, emulators)', round(nodeCpuMs / Math.max(1, done), 1)],
      ['server Node CPU busy (share of one core)', `${round((100 * nodeCpuMs) / 1000 / loadSeconds, 0)} %`],
      ['load clients CPU ms per lifecycle (their own process)', round(clientCpuMs / Math.max(1, done), 1)],
      ['DynamoDB Local CPU ms per lifecycle', javaCpuMs === undefined ? 'n/a' : round(javaCpuMs / Math.max(1, done), 1)],
      ['DynamoDB Local CPU busy (share of one core)', javaCpuMs === undefined ? 'n/a' : `${round((100 * javaCpuMs) / 1000 / loadSeconds, 0)} %`],
      ['DynamoDB Local CPU ms per raw put', rawJavaMsPerPut === undefined ? 'n/a' : round(rawJavaMsPerPut, 2)],
    ]),
  );
  console.log(
    table([['route (under load)', 'n', 'p50 ms', 'p95 ms', 'mean ms'], ...Object.entries(loadLatency).map(([r, l]) => [r, l.n, l.p50, l.p95, l.mean])]),
  );
  if (failures.length) console.log(`failures: ${failures.length}, first: ${failures[0]}`);

  console.log('\n== d. SLA report: items read ==');
  console.log(table([['commune', 'dossiers', 'open', 'items read'], ...sla.map((s) => [s.commune, s.dossiers, s.open, s.itemsRead])]));
  console.log(
    `ratio 10k/1k: ${round(slaRatio, 3)} (target ≤ ${TARGETS.slaReadRatio}); RCU of the whole report run (4 communes): ${round(slaRcu, 1)}; seeding took ${round(seedSeconds, 1)} s`,
  );

  console.log(`\n== e. cost per 1,000 dossiers, ${PRICES.region}, prices as of ${PRICES.asOf} ==`);
  console.log(
    table([
      ['item', 'USD'],
      ...Object.entries(per1000).map(([k, v]) => [k, round(v, 5)]),
      ['total', round(costPer1000, 4)],
      ['(logs, assumed 0.6 KB/invocation, not in total)', round(logsPer1000, 5)],
      [`(SMS apart: ${sms.length} messages, ${smsParts} parts a dossier, at an assumed $${PRICES.smsPerPartVietnam} a part)`, round(smsPer1000, 2)],
    ]),
  );
  console.log(
    `per lifecycle, counted: ${httpRequests} HTTP requests, ${events} events, ${invocations} invocations (${Object.entries(lifecycleInvocations)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')}), ${lifecycleBilled.billedMs} billed ms, ` +
      `${sqsRequests} SQS requests (${lifecycleBilled.sqsStandard} standard, ${lifecycleBilled.sqsFifo} FIFO), ${lifecycleBilled.snsPublishes} SNS publishes`,
  );
  const { added } = payment;
  console.log(
    `a fee collected at the desk adds (${payment.receipts} receipts): ${round(added.wcu, 1)} WCU, ${round(added.rcu, 1)} RCU, ${added.httpRequests} HTTP request, ` +
      `${added.invocations} invocations, ${added.billedMs} billed ms, ${added.sqsStandard + added.sqsFifo} SQS requests, ${added.snsPublishes} SNS publishes: ` +
      `$${round(payment.per1000, 4)} per 1,000 dossiers; the lifecycle with it $${round(costPer1000 + payment.per1000, 4)}`,
  );
  printFixedCost(fixed);
}

/** Targets missed, why, and what would reach them. */
function findingsOf(m: Measurements): string[] {
  const { bundles, floorOf, oursOf, probes, overBudget, slowInit, worstInit, worstOver, units, minWcu, minRcu, finalItemBytes } = m;
  const { floor, rawJavaMsPerPut, done, lifecyclesPerS, throughputRatio, polls, nodeCpuMs, clientCpuMs, javaCpuMs } = m;
  const { slaRatio, per1000, costPer1000, events, invocations, sqsRequests, fixed } = m;
  const findings: string[] = [];
  // ---- findings: targets missed, why, and what would reach them ---------------------------------
  if (throughputRatio < TARGETS.throughputRatio) {
    const perLifecycle = nodeCpuMs / Math.max(1, done);
    const javaPer = javaCpuMs === undefined ? undefined : javaCpuMs / Math.max(1, done);
    const cpuPer = perLifecycle + (javaPer ?? 0) + clientCpuMs / Math.max(1, done);
    const cores = cpus().length;
    findings.push(
      `a. ${round(lifecyclesPerS, 1)} lifecycles/s is ${round(throughputRatio, 2)} of the floor (${round(floor, 1)}/s). Why: the floor counts DynamoDB Local's writes only, ` +
        `with ${cores} cores to itself; a lifecycle also makes ${units.consistentReads} consistent reads and ~${round(polls / Math.max(1, done), 0)} waiting GETs, and ` +
        `one Node process runs the HTTP server, JWT checks, zod, SDK marshalling, every handler, fauxqs and the pollers (the load clients run in a process of their own, ${round(clientCpuMs / Math.max(1, done), 0)} ms a lifecycle, on the same cores): ` +
        `${round(perLifecycle, 0)} ms of server Node CPU per lifecycle${javaPer === undefined ? '' : ` plus ${round(javaPer, 0)} ms of DynamoDB Local CPU (a raw put costs it ${round(rawJavaMsPerPut ?? NaN, 1)} ms)`}, ` +
        `so ${cores} cores can do at most ~${round((cores * 1000) / cpuPer, 1)} lifecycles/s here — less while other processes share them (load average ${round(loadavg()[0]!, 1)}). ` +
        `On AWS each Lambda has its own CPU and DynamoDB is not on the same machine, so this bound is the local machine's, not the product's. ` +
        `To reach it locally: a quiet machine with more cores, or the handlers served by several worker processes.`,
    );
  }
  if (units.wcu > TARGETS.wcuPerLifecycle) {
    const tableWcu = units.wcuBy.table ?? 0;
    const indexWcu = units.wcu - tableWcu;
    const at = (index: string) => units.wcuBy[`index ${index}`] ?? 0;
    findings.push(
      `b. ${round(units.wcu, 1)} WCU per lifecycle (minimum ${minWcu} for its ${units.writeCalls} writes). Where they go: ` +
        `${Object.entries(units.wcuBy)
          .map(([k, v]) => `${k} ${round(v, 1)}`)
          .join(', ')}. Why: each change is a put of the dossier item (its access-trail entry inside its history entry, no item of its own), ` +
        `and the event consumers write their own records (the national sync's state, the applicant's messages); the table spends ${round(tableWcu, 1)} WCU on ` +
        `${units.writeCalls} writes because the item passes 1 KB once a specialist is assigned (${kb(finalItemBytes)} at the end, ${round(tableWcu - units.writeCalls, 0)} puts cost 2), ` +
        `and the indexes ${round(indexWcu, 1)}: the worklist ${round(at('worklist'), 1)} (one write a change, which changes the version it shows, two when the status moves its key). ` +
        `What would reach ${TARGETS.wcuPerLifecycle}: an item kept under 1 KB to the end (index-key attribute names, times as numbers: about −${Math.max(0, round(tableWcu - units.writeCalls, 0))}), ` +
        `and, for the rest, fewer writes a change than the item's put, its worklist line and the national sync's state (what the connector sent), which would give up ` +
        `either the worklist's one Query a page or the connector's sending each change once.`,
    );
  }
  if (units.rcu > TARGETS.rcuPerLifecycle) {
    findings.push(
      `b. ${round(units.rcu, 1)} RCU per lifecycle (minimum ${minRcu}). Why: every transition and consumer reads the dossier with a strongly consistent GetItem of a ` +
        `${kb(finalItemBytes)} item (${Math.ceil(finalItemBytes / 4096)} RCU each). To reach it: a smaller dossier head, or conditional writes without the read (UpdateItem with a version condition).`,
    );
  }
  if (overBudget.length || slowInit.length) {
    const worst = [...new Set([...overBudget, ...slowInit])]
      .sort((a, b) => b.bytes - floorOf(b).bytes - (a.bytes - floorOf(a).bytes))
      .slice(0, 4)
      .map(
        (f) =>
          `${f.name} +${kb(f.bytes - floorOf(f).bytes)}, ${round(f.initMs / floorOf(f).initMs, 2)}× (${oursOf(f)
            .slice(0, 4)
            .map((p) => `${p.origin} ${kb(p.bytes)}`)
            .join(', ')})`,
      );
    findings.push(
      `c. ${overBudget.length}/${bundles.functions.length} functions carry more than ${kb(TARGETS.bytesOverFloor)} beside their SDK clients (worst +${kb(worstOver)}) and ` +
        `${slowInit.length}/${bundles.functions.length} take more than ${TARGETS.initVsFloor}× their floor to initialise (worst ${round(worstInit, 2)}×; init times ` +
        `under load are noisy, compare the ratios of one run). Why, the largest by what they carry over their floor: ${worst.join('; ')}. ` +
        `The zod/mini probe initialises in ${round(Object.values(probes.zodInitMs).at(-1) ?? NaN, 1)} ms.`,
    );
  }
  if (!(slaRatio <= TARGETS.slaReadRatio)) {
    findings.push(`d. the SLA report reads ${round(slaRatio, 2)}× more with 10× the dossiers: it must read only the sparse open-dossier index.`);
  }
  if (costPer1000 > TARGETS.costPer1000) {
    const [top, topCost] = Object.entries(per1000).sort((x, y) => y[1] - x[1])[0]!;
    findings.push(
      `e. $${round(costPer1000, 4)} per 1,000 dossiers; the largest item is ${top} ($${round(topCost, 4)}). Why: ${events} events a lifecycle, ${invocations} invocations and ${sqsRequests} queue requests, ` +
        `and ${round(units.wcu, 0)} WCU. To reach it: fewer write units (b), the events' consumers taking batches (one invocation for many events), and the HTTP API's price (${round(per1000.httpApi, 4)}) is fixed per request.`,
    );
  }

  if (fixed.monthlyWithFreeTier > FIXED_COST_TARGET) {
    findings.push(
      `f. $${round(fixed.monthlyWithFreeTier, 2)} a month in the province's own account ($${round(fixed.monthly, 2)} at list price, without the first 10 free alarm metrics): ` +
        `${fixed.alarms} alarms reading ${fixed.alarmMetrics} metrics and the table's KMS key. Why not lower: every function (account-level errors and throttles), DLQ, ` +
        `hand-over queue, the stream and every job stays covered, one billed metric each. What would reach it: fewer queues (one DLQ shared by the event consumers).`,
    );
  }
  return findings;
}

function printSummary(m: Measurements, findings: string[], say: Say) {
  const { overBudget, slowInit, worstInit, worstOver, units, throughputRatio, slaRatio, costPer1000, payment, fixed, loadAtStart, logLines } = m;
  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  const summary = [
    ['target', 'measured', 'target', 'met'],
    ['a. lifecycles/s ÷ floor', round(throughputRatio, 3), `≥ ${TARGETS.throughputRatio}`, met(throughputRatio >= TARGETS.throughputRatio)],
    ['b. WCU per lifecycle', round(units.wcu, 1), `≤ ${TARGETS.wcuPerLifecycle}`, met(units.wcu <= TARGETS.wcuPerLifecycle)],
    ['b. RCU per lifecycle', round(units.rcu, 1), `≤ ${TARGETS.rcuPerLifecycle}`, met(units.rcu <= TARGETS.rcuPerLifecycle)],
    ['c. worst bundle over its SDK floor', `+${kb(worstOver)}`, `≤ +${kb(TARGETS.bytesOverFloor)}`, met(overBudget.length === 0)],
    ['c. worst init ÷ its SDK floor', round(worstInit, 2), `≤ ${TARGETS.initVsFloor}`, met(slowInit.length === 0)],
    ['d. SLA items read 10k ÷ 1k', round(slaRatio, 3), `≤ ${TARGETS.slaReadRatio}`, met(slaRatio <= TARGETS.slaReadRatio)],
    ['e. USD per 1,000 dossiers', round(costPer1000, 4), `≤ ${TARGETS.costPer1000}`, met(costPer1000 <= TARGETS.costPer1000)],
    [
      'e. USD per 1,000 dossiers with a fee collected',
      round(costPer1000 + payment.per1000, 4),
      `≤ ${TARGETS.costWithPaymentPer1000}`,
      met(costPer1000 + payment.per1000 <= TARGETS.costWithPaymentPer1000),
    ],
    [
      'f. fixed USD/month, list (own account: free tier)',
      `${round(fixed.monthly, 2)} (${round(fixed.monthlyWithFreeTier, 2)})`,
      `≤ ${FIXED_COST_TARGET}`,
      met(fixed.monthlyWithFreeTier <= FIXED_COST_TARGET),
    ],
  ];
  console.log('\n== summary ==');
  console.log(table(summary));
  if (findings.length) console.log(`\n${findings.map((f) => `- ${f}`).join('\n')}`);
  if (logLines.length) console.log(`\nruntime log (${logLines.length} lines), first: ${logLines[0]}`);
  const busy = Math.max(loadAtStart, loadavg()[0]!) > cpus().length;
  say(
    `done; load average ${round(loadavg()[0]!, 2)}${busy ? ` — above ${cpus().length} cores: other processes shared them and the timing figures are slower for it` : ''}`,
  );
}

/** Every figure of the run, as the `BENCH_JSON` line carries it. */
function benchJson(m: Measurements, findings: string[]) {
  const { bundles, floors, floorOf, oursOf, probes, overBudget, slowInit, worstInit, worstOver } = m;
  const { units, minWcu, minRcu, finalItemBytes, seqLatency, handlerMs, lifecycleInvocations, lifecycleBilled } = m;
  const { putsPerS, rawSeconds, rawJavaMsPerPut, floor, realPutsPerS } = m;
  const { failures, polls, loadSeconds, nodeCpuMs, clientCpuMs, javaCpuMs, done, lifecyclesPerS, throughputRatio, loadLatency } = m;
  const { sla, slaRatio, slaRcu, httpRequests, events, invocations, sqsRequests, per1000, costPer1000, logsPer1000, sms, smsParts, smsPer1000 } = m;
  const { fixed, started, loadAtStart, payment } = m;
  const helloInit = bundles.hello.initMs;
  const json = {
    environment: {
      cores: cpus().length,
      node: process.version,
      seconds: round((Date.now() - started) / 1000, 1),
      loadAverage1m: { start: round(loadAtStart, 2), end: round(loadavg()[0]!, 2) },
    },
    targets: TARGETS,
    throughput: {
      lifecycles: LIFECYCLES,
      clients: CLIENTS,
      ok: done,
      failures: failures.length,
      seconds: round(loadSeconds, 2),
      lifecyclesPerS: round(lifecyclesPerS, 3),
      waitGetsPerLifecycle: round(polls / Math.max(1, done), 2),
      nodeCpuMsPerLifecycle: round(nodeCpuMs / Math.max(1, done), 2),
      clientCpuMsPerLifecycle: round(clientCpuMs / Math.max(1, done), 2),
      clientsInOwnProcess: true,
      dynamoLocalCpuMsPerLifecycle: javaCpuMs === undefined ? null : round(javaCpuMs / Math.max(1, done), 2),
      dynamoLocalCpuMsPerRawPut: rawJavaMsPerPut === undefined ? null : round(rawJavaMsPerPut, 3),
      latencyMs: loadLatency,
    },
    floor: {
      rawPuts: RAW_PUTS,
      writers: RAW_WRITERS,
      itemBytes: RAW_ITEM_BYTES,
      seconds: round(rawSeconds, 2),
      putsPerS: round(putsPerS, 1),
      writesPerLifecycle: units.writeCalls,
      floorLifecyclesPerS: round(floor, 3),
      realItemPutsPerS: round(realPutsPerS, 1),
      realItemFloorLifecyclesPerS: round(realPutsPerS / units.writeCalls, 3),
      ratio: round(throughputRatio, 4),
      met: throughputRatio >= TARGETS.throughputRatio,
    },
    units: {
      wcu: round(units.wcu, 2),
      rcu: round(units.rcu, 2),
      minWcu,
      minRcu,
      writeCalls: units.writeCalls,
      consistentReads: units.consistentReads,
      eventualReads: units.eventualReads,
      byCommand: units.byCommand,
      wcuBy: units.wcuBy,
      wcuByKind: units.wcuByKind,
      finalItemBytes,
      sequentialLatencyMs: seqLatency,
      meanHandlerMs: round(handlerMs, 2),
      met: { wcu: units.wcu <= TARGETS.wcuPerLifecycle, rcu: units.rcu <= TARGETS.rcuPerLifecycle },
    },
    bundles: {
      hello: { bytes: bundles.hello.bytes, initMs: round(helloInit, 2) },
      functions: bundles.functions.map((f) => ({
        name: f.name,
        bytes: f.bytes,
        initMs: round(f.initMs, 2),
        initRuns: f.initRuns.map((r) => round(r, 2)),
        initVsHello: round(f.initMs / helloInit, 2),
        sdkClients: f.sdkClients,
        floor: { bytes: floorOf(f).bytes, initMs: round(floorOf(f).initMs, 2) },
        overFloorBytes: f.bytes - floorOf(f).bytes,
        initVsFloor: round(f.initMs / floorOf(f).initMs, 3),
        parts: f.parts.slice(0, 5),
        overFloorParts: oursOf(f).slice(0, 5),
        ...(f.side ? { side: { file: f.side.file, bytes: f.side.bytes, initMs: round(f.side.initMs, 2), parts: f.side.parts.slice(0, 5) } } : {}),
      })),
      floors: Object.fromEntries([...floors].map(([set, fl]) => [set, { bytes: fl.bytes, initMs: round(fl.initMs, 2) }])),
      overBudget: overBudget.map((f) => f.name),
      probes,
      slowInit: slowInit.map((f) => f.name),
      worstInitVsFloor: round(worstInit, 3),
      worstOverFloorBytes: worstOver,
      met: { init: slowInit.length === 0, bytes: overBudget.length === 0 },
    },
    sla: { open: SLA_OPEN, communes: sla, ratio: round(slaRatio, 4), reportRcu: round(slaRcu, 2), met: slaRatio <= TARGETS.slaReadRatio },
    cost: {
      prices: PRICES,
      lambdaMemoryGb: LAMBDA_MEMORY_GB,
      perLifecycle: {
        httpRequests,
        invocations,
        invocationsByFunction: lifecycleInvocations,
        sqsRequests,
        sqsStandard: lifecycleBilled.sqsStandard,
        sqsFifo: lifecycleBilled.sqsFifo,
        snsPublishes: lifecycleBilled.snsPublishes,
        billedMs: lifecycleBilled.billedMs,
        wcu: round(units.wcu, 2),
        rcu: round(units.rcu, 2),
      },
      per1000: Object.fromEntries(Object.entries(per1000).map(([k, v]) => [k, round(v, 6)])),
      totalPer1000: round(costPer1000, 5),
      logsPer1000Assumed: round(logsPer1000, 5),
      events,
      sms: { messages: sms.length, parts: smsParts, per1000Assumed: round(smsPer1000, 3) },
      met: costPer1000 <= TARGETS.costPer1000,
      payment: {
        added: { ...payment.added, wcu: round(payment.added.wcu, 2), rcu: round(payment.added.rcu, 2) },
        receipts: payment.receipts,
        per1000: round(payment.per1000, 5),
        withLifecyclePer1000: round(costPer1000 + payment.per1000, 5),
        met: costPer1000 + payment.per1000 <= TARGETS.costWithPaymentPer1000,
      },
    },
    fixedCost: { ...fixed, target: FIXED_COST_TARGET, met: fixed.monthlyWithFreeTier <= FIXED_COST_TARGET },
    findings,
  };
  return json;
}

/** The run's figures for docs/figures.md: one table of every target, then what a lifecycle used and the findings. */
function figuresOf(json: ReturnType<typeof benchJson>, stamp: string): string {
  const { throughput, floor, units, bundles, sla, cost, fixedCost: fixed, environment } = json;
  const yes = (ok: boolean) => (ok ? 'yes' : 'no');
  const usd = (value: number, digits = 3) => `$${value.toFixed(digits)}`;
  const fns = bundles.functions;
  const widest = fns.reduce((a, b) => (b.overFloorBytes > a.overFloorBytes ? b : a));
  const slowest = fns.reduce((a, b) => (b.initVsFloor > a.initVsFloor ? b : a));
  const p = (name: string) => cost.per1000[name] ?? 0;
  const costParts = [
    ['writes', p('dynamoWrites')],
    ['SQS', p('sqs')],
    ['HTTP API', p('httpApi')],
    ['Lambda', p('lambdaRequests') + p('lambdaCompute')],
    ['SNS', p('snsEvents')],
    ['reads', p('dynamoReads')],
  ] as const;
  const latencies = Object.values(throughput.latencyMs);
  const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
  const per = cost.perLifecycle;
  const [sla1k, sla10k] = sla.communes;
  return [
    '## `npm run bench`',
    '',
    `${stamp} · one run of ${environment.seconds} s, load average ${environment.loadAverage1m.start}–${environment.loadAverage1m.end}`,
    '',
    '| figure | measured | target | met |',
    '|---|---|---|---|',
    `| a. full lifecycles per second, ${throughput.clients} clients in a process of their own, ÷ the write floor (${round(floor.floorLifecyclesPerS, 1)}/s) | **${round(throughput.lifecyclesPerS, 1)}/s**, ${round(floor.ratio, 2)} of the floor | ≥ ${TARGETS.throughputRatio} | ${yes(floor.met)} |`,
    `| b. write units per full lifecycle (design minimum ${units.minWcu}) | **${round(units.wcu, 1)}** | ≤ ${TARGETS.wcuPerLifecycle} | ${yes(units.met.wcu)} |`,
    `| b. read units per full lifecycle | **${round(units.rcu, 1)}** | ≤ ${TARGETS.rcuPerLifecycle} | ${yes(units.met.rcu)} |`,
    `| b. dossier item at the end of a lifecycle | **${kb(units.finalItemBytes)}** | near 1 KB | — |`,
    `| c. bundle beside its SDK-only floor | median **+${kb(median(fns.map((f) => f.overFloorBytes)))}**, ${fns.length - bundles.overBudget.length} of ${fns.length} within ${kb(TARGETS.bytesOverFloor)}; worst ${widest.name} +${kb(widest.overFloorBytes)} | ≤ +${kb(TARGETS.bytesOverFloor)} | ${yes(bundles.met.bytes)} |`,
    `| c. cold init ÷ its SDK-only floor | median **${round(median(fns.map((f) => f.initVsFloor)), 2)}×**, ${fns.length - bundles.slowInit.length} of ${fns.length} within ${TARGETS.initVsFloor}×; worst ${slowest.name} ${round(slowest.initVsFloor, 1)}× | ≤ ${TARGETS.initVsFloor}× | ${yes(bundles.met.init)} |`,
    `| d. items read by the SLA report, ${sla10k?.dossiers.toLocaleString('en-US')} ÷ ${sla1k?.dossiers.toLocaleString('en-US')} dossiers (${sla.open} open) | ${sla10k?.itemsRead} ÷ ${sla1k?.itemsRead} = **${round(sla.ratio, 2)}** | ≤ ${TARGETS.slaReadRatio} | ${yes(sla.met)} |`,
    `| e. AWS cost per 1,000 dossiers, from counted invocations, queue requests, billed milliseconds and units | **${usd(cost.totalPer1000)}** (${[...costParts]
      .sort((a, b) => b[1] - a[1])
      .map(([name, value]) => `${name} ${usd(value)}`)
      .join(', ')}) | ≤ $${TARGETS.costPer1000} | ${yes(cost.met)} |`,
    `| e. the same with a fee collected at the desk (${cost.payment.receipts} receipts: +${cost.payment.added.wcu} WCU, +${cost.payment.added.invocations} invocations) | **${usd(cost.payment.withLifecyclePer1000)}** (the payment ${usd(cost.payment.per1000, 4)}) | ≤ $${TARGETS.costWithPaymentPer1000} | ${yes(cost.payment.met)} |`,
    `| e. SMS per dossier (${cost.sms.messages} messages, ${cost.sms.parts} parts), at an assumed $${PRICES.smsPerPartVietnam} a part | ${usd(cost.sms.per1000Assumed / 1000, 2)} | apart | — |`,
    `| f. fixed cost a month of a province before its first dossier | **${usd(fixed.monthlyWithFreeTier, 2)}** in its own account (${usd(fixed.monthly, 2)} without the free alarm metrics) | ≤ $${fixed.target} | ${yes(fixed.met)} |`,
    '',
    `Per lifecycle: ${per.httpRequests} HTTP requests, ${cost.events} events, ${per.invocations} invocations (${Object.entries(per.invocationsByFunction)
      .map(([name, n]) => `${name} ${n}`)
      .join(
        ', ',
      )}), ${per.billedMs} billed ms, ${per.sqsRequests} SQS requests (${per.sqsStandard} standard, ${per.sqsFifo} FIFO) and ${per.snsPublishes} SNS publishes. ` +
      `Under the throughput run the steps answered in ${range(latencies.map((l) => l.p50))} ms p50 and ${range(latencies.map((l) => l.p95))} ms p95; ` +
      `the server process spent ${throughput.nodeCpuMsPerLifecycle} ms of CPU a lifecycle${throughput.dynamoLocalCpuMsPerLifecycle === null ? '' : `, DynamoDB Local ${throughput.dynamoLocalCpuMsPerLifecycle} ms`}, with ${throughput.waitGetsPerLifecycle} waiting GETs a lifecycle.`,
    '',
    `Fixed monthly cost (ap-southeast-1 list prices of ${fixed.prices.asOf}): ${fixed.alarms} alarms reading ${fixed.alarmMetrics} metrics.`,
    '',
    '| item | count | USD a month |',
    '|---|---|---|',
    ...fixed.lines.map((l) => `| ${l.item} | ${l.count} | ${round(l.monthly, 2)} |`),
    '',
    '| per use, not in the fixed figure | USD a month | price |',
    '|---|---|---|',
    ...fixed.perUse.map((u) => `| ${u.item} | ${round(u.monthly, 2)} | ${u.per} |`),
    ...(json.findings.length ? ['', 'Targets missed, why, and what would reach them:', '', ...json.findings.map((f) => `- ${f}`)] : []),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const say = (line: string) => console.log(`[${round((Date.now() - started) / 1000, 1)}s] ${line}`);
  const scratch = mkdtempSync(join(tmpdir(), 'mot-cua-bench-'));
  let stopRuntime: (() => Promise<void>) | undefined;
  const cleanup = async () => {
    await stopRuntime?.().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    console.error(`bench: over ${WATCHDOG_MS / 1000} s, stopping`);
    void Promise.race([cleanup(), sleep(5000)]).then(() => process.exit(2));
  }, WATCHDOG_MS);
  watchdog.unref();

  try {
    const loadAtStart = loadavg()[0]!;
    say(`bench on ${cpus().length} cores, Node ${process.version}, load average ${round(loadAtStart, 2)}`);
    const code = await measureCode(scratch, say);
    const bench = await startBench(say);
    stopRuntime = bench.measured.stop;
    const lifecycle = await measureLifecycle(bench, say);
    // Before the throughput run: its consumers' backlog would be counted as the payment's.
    const payment = await measurePayment(bench, say);
    const writeFloor = await measureWriteFloor(bench, lifecycle, say);
    const throughput = await measureThroughput(bench, writeFloor.floor, say);
    const slaReads = await measureSlaReads(bench, writeFloor.closedTemplate, say);
    const cost = await estimateCost(bench, lifecycle);
    // f. the fixed monthly cost
    const fixed = fixedCost(await synthesizedTemplates(cdkJson.context));

    const m: Measurements = {
      ...code,
      ...lifecycle,
      ...writeFloor,
      ...throughput,
      ...slaReads,
      ...cost,
      ...payment,
      fixed,
      started,
      loadAtStart,
      logLines: bench.measured.logLines,
    };
    printTables(m);
    const findings = findingsOf(m);
    printSummary(m, findings, say);
    const json = benchJson(m, findings);
    console.log(`BENCH_JSON ${JSON.stringify(json)}`);
    writeFigures('npm run bench', figuresOf(json, runStamp(new Date(started))));
    say(`figures written to ${relative(ROOT, FIGURES_FILE)}`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
