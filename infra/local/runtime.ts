import { SQSClient } from '@aws-sdk/client-sqs';
import { toVietnamIso } from '../../shared/domain/time.js';
import type { Destination, EventQueue } from '../queues.js';
import { startConsumers } from './consumers.js';
import { startEmulators } from './emulators.js';
import { FILES_PATH } from './files.js';
import { startGateway } from './gateway.js';
import { localEndpoints } from './local-endpoints.js';
import { localMessages } from './messages.js';
import { startMetering, type BilledUsage } from './metering.js';
import { localNationalPortal } from './national-portal.js';
import { localPaymentPlatform } from './payment-platform.js';
import { startScheduler } from './scheduler.js';
import { localSigning } from './signing.js';
import { sourceGuard } from './source-guard.js';
import { localTokens } from './tokens.js';
import { localUserPool } from './user-pool.js';

export const LOCAL_PROVINCES = ['LCI'];
/** The demo province's unit code with the national portal (madonvi). */
export const LOCAL_NATIONAL_UNIT = 'H30';

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
  /**
   * What an empty table is seeded with: the demo province's catalogue alone (`minimal`, the
   * default, what tests start from) or the living demo, its officials' dossiers of two weeks.
   */
  seed?: 'minimal' | 'demo';
  log?: (line: string) => void;
}

export interface LocalRuntime {
  url: string;
  /** What the product has used so far (a copy): the counts the bench prices. */
  billed: () => BilledUsage;
  /** The DynamoDB actions (and indexes, as `Query@index`) each function used so far: what its IAM role must allow. */
  dynamoUsage: () => Map<string, Set<string>>;
  /** The partition keys each function's DynamoDB requests named so far (dynamodb:LeadingKeys): what an IAM condition on them must allow. */
  dynamoKeys: () => Map<string, Set<string>>;
  /** The S3 actions each function used so far (signing a URL counts as its action). */
  fileUsage: () => Map<string, Set<string>>;
  /** Resolves once the stream consumer has read the table's stream to where it stood when asked (at once when the consumers are stopped). */
  streamCaughtUp: () => Promise<void>;
  port: number;
  tableName: string;
  queueUrls: Record<Destination, string>;
  dlqUrls: Record<Destination, string>;
  eventQueueUrls: Record<EventQueue, string>;
  eventDlqUrls: Record<EventQueue, string>;
  sqs: SQSClient;
  stop(): Promise<void>;
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
  const tableName = options.tableName ?? 'mot-cua';
  const {
    dynamoEndpoint,
    dynamo: dynamoLocal,
    queues,
  } = await startEmulators({ ...options, tableName, visibilityTimeoutS: options.visibilityTimeoutS ?? 5, provinces: LOCAL_PROVINCES }, started);
  // The handlers' modules read the environment the emulators set: they are loaded from here on.
  const { seedDemoProvince, DEMO_OFFICIALS, DEMO_COMMUNES } = await import('./seed.js');
  const seeded = await seedDemoProvince();
  if (seeded) log('seeded the demo province LCI');
  const { clock } = await import('../../shared/adapters/clock.js');

  const metering = startMetering();
  const { dynamo } = await import('../../shared/adapters/aws.js');
  metering.recordDynamo(dynamo());
  const { sqs: handlerSqs } = await import('../../shared/adapters/queue.js');
  metering.countSqs(handlerSqs());
  const { sns } = await import('../../shared/adapters/events.js');
  metering.countSns(sns());

  const tokens = await localTokens(options.dataDir);
  const userPool = localUserPool(options.dataDir, DEMO_OFFICIALS);
  const messages = localMessages(options.dataDir, () => toVietnamIso(clock.now()));
  const nationalPortal = localNationalPortal(options.dataDir, () => toVietnamIso(clock.now()));
  const signing = await localSigning(options.dataDir, DEMO_COMMUNES);
  const paymentPlatform = localPaymentPlatform({
    now: () => ({ at: clock.now(), iso: toVietnamIso(clock.now()) }),
    // Asked only once the gateway listens.
    origin: () => `http://127.0.0.1:${port}`,
    province: LOCAL_PROVINCES[0]!,
  });
  const scheduler = await startScheduler({ metering, now: clock.now, tickMs: options.scheduleTickMs ?? 15_000, log });
  const { server, port } = await startGateway({
    ...(options.port !== undefined ? { port: options.port } : {}),
    metering,
    tokens,
    guard: sourceGuard(options.lookupFailuresPerSource),
    local: localEndpoints({ userPool, messages, nationalPortal, paymentPlatform, tokens, clock, schedules: scheduler.jobs, signing }),
    filesEndpoint: queues.endpoint,
    log,
  });
  started.push(async () => {
    scheduler.stop();
    server.close();
    server.closeAllConnections();
  });
  // Upload and download URLs are signed for this origin (see files.ts).
  process.env.FILES_PUBLIC_ENDPOINT = `http://127.0.0.1:${port}${FILES_PATH}`;
  const { s3, urlSigner } = await import('../../shared/adapters/files.js');
  for (const client of new Set([s3(), urlSigner()])) metering.recordFiles(client);
  // The officials' administration calls the pool's emulation.
  Object.assign(process.env, { COGNITO_ENDPOINT: `http://127.0.0.1:${port}/_local/cognito`, USER_POOL_ID: 'ap-southeast-1_local' });
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
    // The payment platform is the emulator, with the secret it made for this run.
    PAYMENT_PLATFORM_URL: `http://127.0.0.1:${port}/_local/payment-platform`,
    PAYMENT_PLATFORM_PARTNER: paymentPlatform.partner,
    PAYMENT_PLATFORM_SECRET: paymentPlatform.secret,
    // Signing goes to the emulated CA's remote-signing service and TSA; its test root is the one trust anchor,
    // and every official who signs and every commune's seal gets a certificate on first use.
    SIGNING_PROVIDERS: JSON.stringify({ local: { url: `http://127.0.0.1:${port}/_local/signing/csc/v2` } }),
    SIGNING_TSA_URL: `http://127.0.0.1:${port}/_local/signing/tsa`,
    SIGNING_TRUST_ANCHORS: signing.trustAnchor(),
    SIGNING_AUTO_REGISTER: 'local',
  });

  const sqs = new SQSClient({ endpoint: queues.endpoint, useQueueUrlAsEndpoint: false });
  metering.countSqs(sqs);
  const consumers = options.consumers === false ? undefined : await startConsumers({ metering, sqs, queues, dynamoEndpoint, tableName, log });
  if (consumers) started.push(consumers.stop);
  if (seeded && options.seed === 'demo') {
    const { seedLivingDemo } = await import('./demo.js');
    await seedLivingDemo({
      url: `http://127.0.0.1:${port}`,
      setClock: clock.set,
      runJob: async (name) => scheduler.jobs.get(name)?.({ force: true }),
      streamCaughtUp: async () => consumers?.streamCaughtUp(),
      log,
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    billed: metering.billed,
    dynamoUsage: metering.dynamoUsage,
    dynamoKeys: metering.dynamoKeys,
    fileUsage: metering.fileUsage,
    streamCaughtUp: async () => consumers?.streamCaughtUp(),
    port,
    tableName,
    queueUrls: queues.urls,
    dlqUrls: queues.dlqUrls,
    eventQueueUrls: queues.eventQueueUrls,
    eventDlqUrls: queues.eventDlqUrls,
    sqs,
    stop: async () => {
      scheduler.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await consumers?.stop();
      await queues.server.stop();
      await dynamoLocal?.stop();
    },
  };
}
