import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import { Problem, problemResponse } from '../../shared/http/problem.js';
import { EVENT_CONSUMERS, HTTP_ROUTES, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS, type HttpRoute } from '../../shared/http/routes.js';
import { EVENTS_TOPIC_ENV } from '../../shared/adapters/events.js';
import { QUEUE_URL_ENV, WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { isAuditKey } from '../../shared/adapters/table.js';
import { localDate, localMinuteOfDay, parseInstant, toVietnamIso } from '../../shared/domain/time.js';
import { serveConsole } from './console.js';
import { isFree, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { createLocalBucket, FILES_PATH, LOCAL_FILES_BUCKET, proxyToEmulator } from './files.js';
import { STREAM_FILTER, type Destination, type EventQueue } from '../queues.js';
import { startPoller, startQueues } from './queues.js';
import { localMessages } from './messages.js';
import { localNationalPortal } from './national-portal.js';
import { startStreamReader } from './stream.js';
import { sourceGuard } from './source-guard.js';
import { ensureTable } from './table.js';
import { routeScopes } from '../scopes.js';
import { localTokens } from './tokens.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PORTS_FILE = 'ports.json';

/** The emulator ports of the last run on this data folder, when they are free again. */
async function previousPorts(dataDir: string): Promise<{ dynamo?: number; sqs?: number }> {
  const file = join(dataDir, PORTS_FILE);
  if (!existsSync(file)) return {};
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { dynamo?: number; sqs?: number };
  const free = async (port?: number) => port !== undefined && (await isFree(port));
  return { ...((await free(saved.dynamo)) ? { dynamo: saved.dynamo } : {}), ...((await free(saved.sqs)) ? { sqs: saved.sqs } : {}) };
}

export const LOCAL_PROVINCES = ['LCI'];
/** The demo province's unit code with the national portal (madonvi). */
export const LOCAL_NATIONAL_UNIT = 'H30';
const SLA_REPORT_MINUTE = 7 * 60;

export interface LocalRuntimeOptions {
  port?: number;
  /** Where DynamoDB Local and the token key keep their data; in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Seconds before a failed message reappears. */
  visibilityTimeoutS?: number;
  /** How often the local scheduler looks whether the daily report is due, in ms. */
  scheduleTickMs?: number;
  /** Whether the queue consumers run (tests stop them to hold messages in flight). */
  consumers?: boolean;
  /** The webhooks' back-off in seconds (the deliverer's defaults otherwise: 30 s doubling, at most 12 h, parked after 24 h). */
  webhookRetry?: { baseS: number; capS: number; horizonS: number };
  /** Failed public lookups a source address may make in five minutes (default 100), as the WAF rule allows on AWS. */
  lookupFailuresPerSource?: number;
  log?: (line: string) => void;
}

/** What the product has used so far, counted as AWS bills it. */
export interface BilledUsage {
  /** Invocations by function. */
  invocations: Record<string, number>;
  /** Milliseconds by function, each invocation rounded up to the next millisecond as Lambda bills it. */
  billedMs: Record<string, number>;
  /**
   * SQS requests: sends, receives that returned messages, deletes and visibility changes (a
   * delivery from SNS to a subscribed queue is free; idle polls are not a dossier's).
   */
  sqsRequests: { standard: number; fifo: number };
  snsPublishes: number;
}

export interface LocalRuntime {
  url: string;
  /** What the product has used so far (a copy): the counts the bench prices. */
  billed: () => BilledUsage;
  /** The DynamoDB actions (and indexes, as `Query@index`) each function used so far: what its IAM role must allow. */
  dynamoUsage: () => Map<string, Set<string>>;
  /** The S3 actions each function used so far (signing a URL counts as its action). */
  fileUsage: () => Map<string, Set<string>>;
  port: number;
  tableName: string;
  queueUrls: Record<Destination, string>;
  dlqUrls: Record<Destination, string>;
  eventQueueUrls: Record<EventQueue, string>;
  eventDlqUrls: Record<EventQueue, string>;
  sqs: SQSClient;
  stop(): Promise<void>;
}

type HttpHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

async function load<T>(entry: string): Promise<T> {
  const module = (await import(pathToFileURL(join(ROOT, entry)).href)) as { handler: T };
  return module.handler;
}

function matcher(route: HttpRoute) {
  const names: string[] = [];
  const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`);
  /** The raw (still percent-encoded) path parameters, when the route matches. */
  return (method: string, path: string) => {
    if (method !== route.method) return undefined;
    const match = pattern.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, match[i + 1]!]));
  };
}

/** Path parameters as API Gateway hands them to Lambda: percent-decoded; undefined when one is not valid UTF-8 percent-encoding. */
function decodeParams(raw: Record<string, string>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeURIComponent(value)]));
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** The request target as a URL; undefined when it is none (API Gateway answers 400 before any route). */
function requestUrl(target: string): URL | undefined {
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return undefined;
  }
}

/** Claims as API Gateway's JWT authorizer hands them to Lambda: every value a string, lists as "[a b]". */
function gatewayClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** Answers a problem+json exactly as the handlers do. */
function sendProblem(res: ServerResponse, status: number, detail: string) {
  const answer = problemResponse(new Problem(status, detail));
  res.writeHead(answer.statusCode ?? status, answer.headers as Record<string, string>);
  res.end(answer.body);
}

/**
 * The local runtime: DynamoDB Local, the SQS emulator, the same handlers behind an HTTP server
 * that speaks API Gateway v2 events, pollers that feed the queue consumers, and the schedules.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const started: (() => Promise<void>)[] = [];
  try {
    return await start(options, started);
  } catch (error) {
    // A start that fails half way leaves no emulator behind.
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

async function start(options: LocalRuntimeOptions, started: (() => Promise<void>)[]): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  // With a data folder the emulators keep their ports across restarts, so clients made before a
  // restart in the same process (tests) reach the new ones.
  const ports = options.dataDir ? await previousPorts(options.dataDir) : {};
  let dynamo: DynamoDbLocal | undefined;
  const dynamoEndpoint =
    options.dynamoEndpoint ??
    (dynamo = await startDynamoDbLocal(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb'), ...(ports.dynamo ? { port: ports.dynamo } : {}) } : {}))
      .endpoint;
  if (dynamo) started.push(dynamo.stop);
  const queues = await startQueues(options.visibilityTimeoutS ?? 5, ports.sqs ?? 0);
  started.push(() => queues.server.stop());
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(join(options.dataDir, PORTS_FILE), JSON.stringify({ dynamo: Number(new URL(dynamoEndpoint).port), sqs: queues.server.port }));
  }
  const tableName = options.tableName ?? 'mot-cua';
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: queues.endpoint,
    AWS_ENDPOINT_URL_S3: queues.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    FILES_BUCKET: LOCAL_FILES_BUCKET,
    AWS_ENDPOINT_URL_SNS: queues.endpoint,
    [EVENTS_TOPIC_ENV]: queues.eventsTopicArn,
    [WEBHOOKS_QUEUE_URL_ENV]: queues.eventQueueUrls.webhooks,
    // Webhooks here reach loopback addresses only: nothing leaves the machine.
    WEBHOOK_TARGETS: 'loopback',
    TABLE_NAME: tableName,
    PROVINCES: LOCAL_PROVINCES.join(','),
    // No CloudWatch here to read embedded metrics: they would only fill the terminal.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    ...Object.fromEntries((Object.keys(QUEUE_URL_ENV) as Destination[]).map((d) => [QUEUE_URL_ENV[d], queues.urls[d]])),
  });
  const retry = options.webhookRetry;
  for (const [name, value] of [
    ['WEBHOOK_RETRY_BASE_S', retry?.baseS],
    ['WEBHOOK_RETRY_CAP_S', retry?.capS],
    ['WEBHOOK_RETRY_HORIZON_S', retry?.horizonS],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = String(value);
  }
  const db = new DynamoDBClient({ endpoint: dynamoEndpoint });
  await ensureTable(db, tableName);
  await createLocalBucket(queues.endpoint, LOCAL_FILES_BUCKET);
  db.destroy();
  const { seedDemoProvince } = await import('./seed.js');
  if (await seedDemoProvince()) log('seeded the demo province LCI');

  const { clock } = await import('../../shared/adapters/clock.js');
  const { dynamo: dynamoClient } = await import('../../shared/adapters/aws.js');
  // Which function is running, and what it asks of DynamoDB: the local record of least privilege.
  const running = new AsyncLocalStorage<string>();
  const usage = new Map<string, Set<string>>();
  // One recorder per client: a runtime started again in the same process replaces the last one's.
  dynamoClient().middlewareStack.remove('recordUsage');
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = running.getStore();
      if (name) {
        const input = args.input as { IndexName?: string; TransactItems?: Record<string, unknown>[]; Item?: { PK?: string | { S?: string } } };
        // An append to an access trail is its own grant (PutItem on the trail's keys only).
        const pk = input.Item?.PK;
        const trail = isAuditKey((typeof pk === 'string' ? pk : pk?.S) ?? '') ? ':trail' : '';
        const actions = input.TransactItems
          ? input.TransactItems.flatMap((item) => Object.keys(item).map((kind) => (kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`)))
          : [`${(context.commandName ?? '').replace(/Command$/, '')}${input.IndexName ? `@${input.IndexName}` : ''}${trail}`];
        const used = usage.get(name) ?? new Set<string>();
        for (const action of actions) used.add(action);
        usage.set(name, used);
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordUsage' },
  );
  const billed: BilledUsage = { invocations: {}, billedMs: {}, sqsRequests: { standard: 0, fifo: 0 }, snsPublishes: 0 };
  const countSqs = (client: { middlewareStack: SQSClient['middlewareStack'] }) => {
    client.middlewareStack.remove('countRequests');
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const command = context.commandName ?? '';
        const empty = command === 'ReceiveMessageCommand' && !((result.output as { Messages?: unknown[] }).Messages ?? []).length;
        if (!empty) billed.sqsRequests[String((args.input as { QueueUrl?: string }).QueueUrl).endsWith('.fifo') ? 'fifo' : 'standard']++;
        return result;
      },
      { step: 'initialize', name: 'countRequests' },
    );
  };
  const { sqs: handlerSqs } = await import('../../shared/adapters/queue.js');
  countSqs(handlerSqs());
  const { sns } = await import('../../shared/adapters/events.js');
  sns().middlewareStack.remove('countRequests');
  sns().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PublishCommand') billed.snsPublishes++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  // Every invocation gets its own context, as Lambda gives one, and is counted as Lambda bills it.
  const as =
    <E, R>(name: string, fn: (event: E, context: Context) => Promise<R>) =>
    (event: E) =>
      running.run(name, async () => {
        const started = performance.now();
        try {
          return await fn(event, lambdaContext(name));
        } finally {
          billed.invocations[name] = (billed.invocations[name] ?? 0) + 1;
          billed.billedMs[name] = (billed.billedMs[name] ?? 0) + Math.ceil(performance.now() - started);
        }
      });
  const tokens = await localTokens(options.dataDir);
  const messages = localMessages(options.dataDir, () => toVietnamIso(clock.now()));
  const nationalPortal = localNationalPortal(options.dataDir, () => toVietnamIso(clock.now()));
  const guard = sourceGuard(options.lookupFailuresPerSource);
  const routes = await Promise.all(
    HTTP_ROUTES.map(async (route) => ({ route, match: matcher(route), handler: as(route.name, await load<HttpHandler>(route.entry)) })),
  );
  const schedules = new Map<string, (event?: { force?: boolean }) => Promise<unknown>>(
    await Promise.all(SCHEDULES.map(async (s) => [s.name, as(s.name, await load<(event?: { force?: boolean }) => Promise<unknown>>(s.entry))] as const)),
  );

  // The daily 07:00 report follows the clock handlers read, so a demo that travels in time gets it too.
  let lastReportDay = localMinuteOfDay(clock.now()) >= SLA_REPORT_MINUTE ? localDate(clock.now()) : undefined;
  const daily = setInterval(() => {
    const now = clock.now();
    if (localDate(now) === lastReportDay || localMinuteOfDay(now) < SLA_REPORT_MINUTE) return;
    lastReportDay = localDate(now);
    void (async () => {
      for (const name of ['supplement-expiry', 'sla-report']) {
        await schedules
          .get(name)?.()
          .catch((e: unknown) => log(`${name}: ${String(e)}`));
      }
    })();
  }, options.scheduleTickMs ?? 15_000);

  const { DEMO_OFFICIALS } = await import('./seed.js');
  const local = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const body = req.method === 'GET' || req.method === 'DELETE' ? {} : JSON.parse((await readBody(req)) || '{}');
    if (req.method === 'GET' && path === '/_local/officials') return send(res, 200, { items: DEMO_OFFICIALS });
    const recorder = messages.route(req.method ?? 'GET', path, body);
    if (recorder) return recorder.problem ? sendProblem(res, recorder.status, recorder.problem) : send(res, recorder.status, recorder.body);
    const adapter = nationalPortal.route(req.method ?? 'GET', path, body);
    if (adapter) {
      if (adapter.problem) return sendProblem(res, adapter.status, adapter.problem);
      return send(res, adapter.status, adapter.text ?? adapter.body, adapter.text ? { 'content-type': 'text/html' } : {});
    }
    if (req.method === 'POST' && path === '/_local/token') {
      if (typeof body.sub !== 'string' || !Array.isArray(body.roles) || typeof body.province !== 'string') {
        return sendProblem(res, 400, 'a token needs sub, roles (a list) and province');
      }
      return send(res, 200, { token: await tokens.sign(body) });
    }
    if (path === '/_local/clock' && req.method === 'PUT') {
      const at = parseInstant(String(body.now));
      if (Number.isNaN(at)) return sendProblem(res, 400, 'now must be an ISO 8601 date-time with an offset');
      clock.set(at);
      return send(res, 200, { now: toVietnamIso(clock.now()), fixed: true });
    }
    if (path === '/_local/clock' && req.method === 'DELETE') {
      clock.set(undefined);
      return send(res, 200, { now: toVietnamIso(clock.now()), fixed: false });
    }
    const schedule = /^\/_local\/schedules\/([\w-]+)\/run$/.exec(path);
    if (schedule && req.method === 'POST') {
      const job = schedules.get(schedule[1]!);
      if (!job) return sendProblem(res, 404, `no schedule ${schedule[1]}`);
      return send(res, 200, { name: schedule[1], result: await job({ force: true }) });
    }
    return sendProblem(res, 404, `no local endpoint ${req.method} ${path}`);
  };

  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    (async () => {
      // Malformed URLs are the gateway's 400, never a handler's (nor the runtime's) 500.
      const url = requestUrl(req.url ?? '/');
      if (!url) return sendProblem(res, 400, 'the request target is not a valid URL path');
      if (url.pathname.startsWith('/_local/')) return local(req, res, url.pathname);
      if (url.pathname.startsWith(`${FILES_PATH}/`)) return proxyToEmulator(req, res, queues.endpoint);
      const found = routes.map((r) => ({ ...r, raw: r.match(method, url.pathname) })).find((r) => r.raw);
      const api = url.pathname.startsWith('/v1/') || url.pathname === '/openapi.json';
      if (!found && !api && (method === 'GET' || method === 'HEAD') && serveConsole(url.pathname, res, method === 'HEAD')) return;
      if (!found) return sendProblem(res, 404, `no route ${method} ${url.pathname}`);
      const params = decodeParams(found.raw!);
      if (!params) return sendProblem(res, 400, 'the path is not valid percent-encoded UTF-8');
      const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
      // The public lookup routes (status, rating, result) sit behind the per-source guard, as behind the WAF on AWS.
      const guarded = found.route.public && url.pathname.startsWith('/v1/lookup/');
      if (guarded && guard.refuses(sourceIp)) return sendProblem(res, 429, 'too many failed lookups from this address; try again in a few minutes');
      let claims: Record<string, string> | undefined;
      if (!found.route.public) {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const payload = token ? await tokens.verify(token) : undefined;
        if (!payload) return sendProblem(res, 401, 'a valid bearer token is required');
        // The route's authorization scopes, as API Gateway checks them before any handler runs.
        const held = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        if (!routeScopes(found.route).some((s) => held.includes(s))) return sendProblem(res, 403, 'the token holds none of the scopes this route requires');
        claims = gatewayClaims(payload as Record<string, unknown>);
      }
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const body = await readBody(req);
      // API Gateway tells the handler how the client reached it, as here.
      const headers = {
        'x-forwarded-proto': 'http',
        ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
      };
      const event = {
        version: '2.0',
        routeKey: `${found.route.method} ${found.route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        pathParameters: params,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: req.headers.host ?? url.host,
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp,
            userAgent: req.headers['user-agent'] ?? '',
          },
          // API Gateway's own form of an HTTP API request id: 11 random bytes, base64 (16 characters).
          requestId: randomBytes(11).toString('base64'),
          routeKey: `${found.route.method} ${found.route.path}`,
          stage: '$default',
          time: new Date().toISOString(),
          timeEpoch: Date.now(),
          ...(claims ? { authorizer: { jwt: { claims, scopes: null }, principalId: '', integrationLatency: 0 } } : {}),
        },
        ...(body ? { body } : {}),
        isBase64Encoded: false,
      };
      const result = await found.handler(event);
      if (guarded && result.statusCode === 404) guard.countFailure(sourceIp);
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    })().catch((error: unknown) => {
      log(`local runtime: ${String(error)}`);
      if (!res.headersSent) sendProblem(res, 500, 'the local runtime failed');
    });
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  // Upload and download URLs are signed for this origin (see files.ts).
  process.env.FILES_PUBLIC_ENDPOINT = `http://127.0.0.1:${port}${FILES_PATH}`;
  // What each function asks of S3, signing URLs included: what its role must allow on the bucket.
  const { s3, urlSigner } = await import('../../shared/adapters/files.js');
  const fileUsage = new Map<string, Set<string>>();
  for (const client of new Set([s3(), urlSigner()])) {
    client.middlewareStack.remove('recordUsage');
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = running.getStore();
        if (name) fileUsage.set(name, (fileUsage.get(name) ?? new Set<string>()).add((context.commandName ?? '').replace(/Command$/, '')));
        return next(args);
      },
      { step: 'initialize', name: 'recordUsage' },
    );
  }
  started.push(async () => {
    clearInterval(daily);
    server.close();
    server.closeAllConnections();
  });
  // Every message to a citizen or an official is kept here; none leaves the machine.
  process.env.LOCAL_MESSAGES_URL = `http://127.0.0.1:${port}/_local/messages`;
  // The morning digest's links open this runtime's console.
  process.env.CONSOLE_URL = `http://127.0.0.1:${port}`;
  // The national portal's adapter is the emulator, with the credentials it made for this run.
  Object.assign(process.env, {
    NATIONAL_PORTAL_AUTH_URL: `http://127.0.0.1:${port}/_local/national-portal/auth`,
    NATIONAL_PORTAL_INTEGRATION_URL: `http://127.0.0.1:${port}/_local/national-portal/integration`,
    NATIONAL_PORTAL_UNIT: LOCAL_NATIONAL_UNIT,
    NATIONAL_PORTAL_CREDENTIALS: JSON.stringify(nationalPortal.credentials),
  });

  const sqs = new SQSClient({ endpoint: queues.endpoint, useQueueUrlAsEndpoint: false });
  countSqs(sqs);
  const stopPollers: (() => Promise<void>)[] = [];
  for (const consumer of options.consumers === false ? [] : QUEUE_CONSUMERS) {
    const handler = as(consumer.name, await load<(e: SQSEvent) => Promise<SQSBatchResponse>>(consumer.entry));
    for (const destination of consumer.queues) {
      stopPollers.push(startPoller(sqs, queues.urls[destination], handler, (e) => log(`poller ${consumer.name}: ${String(e)}`)));
    }
  }
  started.push(() => Promise.all(stopPollers.map((stop) => stop())).then(() => undefined));
  for (const consumer of options.consumers === false ? [] : EVENT_CONSUMERS) {
    const handler = as(consumer.name, await load<(e: SQSEvent) => Promise<SQSBatchResponse>>(consumer.entry));
    stopPollers.push(startPoller(sqs, queues.eventQueueUrls[consumer.queue], handler, (e) => log(`poller ${consumer.name}: ${String(e)}`)));
  }
  for (const consumer of options.consumers === false ? [] : STREAM_CONSUMERS) {
    const handler = as(consumer.name, await load<Parameters<typeof startStreamReader>[0]['handler']>(consumer.entry));
    stopPollers.push(
      startStreamReader({ endpoint: dynamoEndpoint, tableName, handler, filter: STREAM_FILTER, onError: (e) => log(`stream ${consumer.name}: ${String(e)}`) }),
    );
  }

  return {
    url: `http://127.0.0.1:${port}`,
    billed: () => structuredClone(billed),
    dynamoUsage: () => usage,
    fileUsage: () => fileUsage,
    port,
    tableName,
    queueUrls: queues.urls,
    dlqUrls: queues.dlqUrls,
    eventQueueUrls: queues.eventQueueUrls,
    eventDlqUrls: queues.eventDlqUrls,
    sqs,
    stop: async () => {
      clearInterval(daily);
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await Promise.all(stopPollers.map((stop) => stop()));
      await queues.server.stop();
      await dynamo?.stop();
    },
  };
}
