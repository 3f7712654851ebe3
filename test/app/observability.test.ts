/** What an operator reads off the logs: business metrics in embedded metric format, and each line's invocation. */
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// As on Lambda, whatever another suite of this worker set.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

// The scheduled jobs and the intakes over the in-memory store instead of DynamoDB.
vi.mock('../../shared/composition/app.js', async () => {
  const { inMemoryApp } = await import('./support.js');
  const { PROVINCE } = await import('../domain/fixtures.js');
  const { app } = inMemoryApp();
  return { jobs: app.jobs, intake: app.intake, servedProvinces: () => [PROVINCE] };
});

import { lambdaContext } from '../../infra/local/lambda-context.js';
import { handler as departmentIntake } from '../../functions/queues/department-intake.js';
import { handler as preToken, type PreTokenGenerationEvent } from '../../functions/identity/pre-token.js';
import { handler as supplementExpiry } from '../../functions/schedules/supplement-expiry.js';
import { ATTRIBUTES, DOSSIER_SK } from '../../shared/adapters/table.js';
import { Refused } from '../../shared/app/refusal.js';
import { routes as contract } from '../../shared/http/api/contract.js';
import { httpHandler, type AccessRecorder, type HttpEvent, type Reply } from '../../shared/http/handler.js';
import { notFound } from '../../shared/http/problem.js';
import { eventConsumer } from '../../shared/queues/events.js';
import { logger } from '../../shared/observability/logger.js';
import { streamPublisher } from '../../shared/streams/dossier-events.js';
import { COMMUNE, officials, PROVINCE } from '../domain/fixtures.js';
import { inMemoryApp, newDossier } from './support.js';

const HOUR = 3_600_000;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel('SILENT');
});

/** The metrics that the embedded-metric-format lines written so far count, summed by name. */
function counted(): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of lines) {
    const record = JSON.parse(line) as { _aws?: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } } & Record<string, unknown>;
    for (const group of record._aws?.CloudWatchMetrics ?? []) {
      expect(group.Namespace).toBe('MotCua');
      for (const { Name } of group.Metrics) sums[Name] = (sums[Name] ?? 0) + (record[Name] as number);
    }
  }
  return sums;
}

describe('business metrics', () => {
  it('count a dossier received, returned, and returned late — once each, with no personal data', async () => {
    const { app, clock, sent } = inMemoryApp();
    const { reception, head, specialist, leader, clerk } = officials;
    const { dossier } = await app.submit({ actor: reception, commune: COMMUNE, input: newDossier });
    expect(counted()).toEqual({ DossiersReceived: 1 });

    const ref = { commune: COMMUNE, id: dossier.id };
    await app.workflow.step('accept', { actor: reception, ...ref, input: {} });
    await app.intake.receive(sent[0]!, (to) => to !== 'DESK');
    await app.workflow.step('assign', { actor: head, ...ref, input: { assignee: specialist.sub } });
    clock.at += 30 * 24 * HOUR; // a month: far past the appointment
    await app.workflow.step('propose', { actor: specialist, ...ref, input: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    await app.workflow.step('review', { actor: head, ...ref, input: { agree: true, note: 'Trình ký' } });
    await app.workflow.step('approve', { actor: leader, ...ref, input: { decision: 'APPROVED', note: 'Đồng ý' } });
    await app.workflow.step('issue', { actor: clerk, ...ref, input: {} });
    await app.intake.receive(sent.at(-1)!, (to) => to === 'DESK');
    const returned = await app.workflow.step('return', { actor: reception, ...ref, input: {} });

    expect(returned.timeliness).toBe('LATE');
    expect(counted()).toEqual({ DossiersReceived: 1, DossiersReturned: 1, DossiersReturnedLate: 1 });
    const written = lines.join('\n');
    for (const personal of [newDossier.applicant.name, newDossier.applicant.idNumber, newDossier.applicant.address]) expect(written).not.toContain(personal);
  });
});

/** The log lines written so far, read back. */
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => !('_aws' in l));

/** The lines of one invocation: its function and request id on each. */
const invocation = (context: Context) => ({ function_name: context.functionName, function_request_id: context.awsRequestId });

const httpEvent = (claims?: Record<string, string>): HttpEvent =>
  ({
    requestContext: {
      requestId: 'api-1',
      domainName: 'api.example.vn',
      http: { sourceIp: '203.0.113.7' },
      ...(claims ? { authorizer: { jwt: { claims } } } : {}),
    },
    headers: {},
  }) as unknown as HttpEvent;

const sqsEvent = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body, attributes: { MessageGroupId: `g${i}` } })) }) as unknown as SQSEvent;

/** A promise and the function that settles it: an invocation held at a point of the test's choosing. */
/** A route that takes no parameters, query or body: public, and the same for officials. */
const publicRoute = contract.document;
const staffRoute = { ...contract.document, public: undefined };

function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a handler’s log lines', () => {
  beforeEach(() => logger.setLogLevel('INFO'));

  it('name the function and the request of each kind of handler: HTTP, queue, stream, schedule, Cognito trigger', async () => {
    vi.stubEnv('PROVINCES', PROVINCE);
    const route = httpHandler(publicRoute, async () => {
      logger.info('route ran');
      return { status: 204 };
    });
    const http = lambdaContext('procedures-list');
    expect(await route(httpEvent(), http)).toEqual({ statusCode: 204 });

    const queue = lambdaContext('department-intake');
    expect(await departmentIntake(sqsEvent('not a hand-over'), queue)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });

    const stream = lambdaContext('dossier-events');
    const publisher = streamPublisher({ publish: async () => undefined, handOver: async () => undefined, count: async () => undefined });
    const unreadable = {
      dynamodb: { SequenceNumber: '7', NewImage: { PK: { S: 'x' }, SK: { S: DOSSIER_SK }, [ATTRIBUTES.body]: { B: 'bm90IGEgZG9zc2llcg==' } } },
    };
    expect(await publisher({ Records: [unreadable] } as unknown as DynamoDBStreamEvent, stream)).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });

    const schedule = lambdaContext('supplement-expiry');
    expect(await supplementExpiry({}, schedule)).toEqual({ refused: 0 });

    const trigger = lambdaContext('pre-token');
    const signIn = {
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'ap-southeast-1',
      userPoolId: 'pool',
      callerContext: { clientId: 'console' },
      request: { userAttributes: { sub: 'official-1', 'custom:roles': 'RECEPTION', 'custom:province': PROVINCE, 'custom:commune': COMMUNE } },
      response: {},
    } satisfies PreTokenGenerationEvent;
    await preToken(signIn, trigger);

    expect(logged()).toMatchObject([
      { message: 'route ran', ...invocation(http), cold_start: true },
      { message: 'hand-over failed', ...invocation(queue), cold_start: true },
      { message: 'dossier event not published', ...invocation(stream), cold_start: true },
      { message: 'time limits checked', ...invocation(schedule), cold_start: true },
      { message: 'token claims', ...invocation(trigger), cold_start: true },
    ]);
  });

  it('carry the invocation they belong to, and nothing of the one before', async () => {
    const handler = eventConsumer('probe', async (event) => {
      if (event.version === 1) logger.appendKeys({ firstOnly: true });
      logger.info('handled', { version: event.version });
    });
    const message = (version: number) =>
      JSON.stringify({
        id: `e${version}`,
        type: 'dossier.submitted',
        at: '2026-03-02T08:00:00+07:00',
        province: PROVINCE,
        commune: COMMUNE,
        dossierId: '3f6c2a1e-0000-4000-8000-000000000001',
        status: 'SUBMITTED',
        nationalStatus: 1,
        version,
        submittedBy: 'reception',
        channel: 'IN_PERSON',
      });
    const first = lambdaContext('notifications');
    const second = lambdaContext('notifications');
    expect(await handler(sqsEvent(message(1)), first)).toEqual({ batchItemFailures: [] });
    expect(await handler(sqsEvent(message(2)), second)).toEqual({ batchItemFailures: [] });
    logger.info('between invocations');

    expect(logged()).toMatchObject([
      { version: 1, ...invocation(first), cold_start: true, firstOnly: true },
      { version: 2, ...invocation(second), cold_start: false },
      { message: 'between invocations' },
    ]);
    expect(logged()[1]).not.toHaveProperty('firstOnly');
    expect(logged()[2]).not.toHaveProperty('function_name');
  });

  it('of two functions running at once each name their own invocation', async () => {
    const held = gate();
    const route = httpHandler(publicRoute, async () => {
      logger.info('route before');
      await held.opened;
      logger.info('route after');
      return { status: 204 };
    });
    const consumer = eventConsumer('notification', async () => undefined);
    const http = lambdaContext('dossiers-get');
    const queue = lambdaContext('notifications');

    // The route starts, the consumer runs whole while the route waits, then the route ends.
    const answered = route(httpEvent(), http);
    await vi.waitFor(() => expect(logged()).toHaveLength(1));
    expect(await consumer(sqsEvent('not an event'), queue)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    held.open();
    expect(await answered).toEqual({ statusCode: 204 });

    expect(logged()).toMatchObject([
      { message: 'route before', ...invocation(http) },
      { message: 'notification failed', ...invocation(queue) },
      { message: 'route after', ...invocation(http) },
    ]);
  });
});

describe('an HTTP function’s answers', () => {
  const answerOf = async (handle: () => Promise<Reply>, trail?: AccessRecorder) =>
    httpHandler(staffRoute, handle, trail ? { trail } : {})(httpEvent(claims), lambdaContext('dossiers-get'));
  const claims = { token_use: 'access', sub: officials.reception.sub, roles: 'RECEPTION', province: PROVINCE, commune: COMMUNE };
  const problem = (result: { statusCode?: number; headers?: Record<string, unknown>; body?: string }) => ({
    status: result.statusCode,
    mediaType: result.headers?.['content-type'],
    ...(JSON.parse(result.body ?? '{}') as { detail?: string }),
  });

  beforeEach(() => logger.setLogLevel('INFO'));

  it('are problem+json with its status for a Problem or a refusal, and a 500 logged without its message for anything else', async () => {
    expect(problem(await answerOf(() => Promise.reject(notFound('no such dossier'))))).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      detail: 'no such dossier',
    });
    expect(problem(await answerOf(() => Promise.reject(new Refused('conflict', 'the dossier changed'))))).toMatchObject({ status: 409 });
    expect(logged()).toEqual([]);

    const failed = await answerOf(() => Promise.reject(new Error(`no dossier of\n${newDossier.applicant.name}`)));
    expect(problem(failed)).toMatchObject({ status: 500, mediaType: 'application/problem+json' });
    expect(logged()).toMatchObject([{ level: 'ERROR', message: 'unhandled error', function_name: 'dossiers-get', error: { name: 'Error' } }]);
    expect(lines.join('\n')).not.toContain(newDossier.applicant.name);
  });

  it('put what they accessed on the trail before answering, and answer 500 when that fails', async () => {
    const recorded: string[] = [];
    const trail: AccessRecorder = {
      record: async (actor, source, dossier, action) => void recorded.push(`${actor.sub} ${source.requestId} ${dossier.id} ${action}`),
    };
    const read = (): Promise<Reply> =>
      Promise.resolve({ status: 200, body: { id: 'd1' }, accessed: { dossier: { commune: COMMUNE, id: 'd1' }, action: 'READ' } });

    expect(await answerOf(read, trail)).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"d1"}' });
    expect(recorded).toEqual([`${officials.reception.sub} api-1 d1 READ`]);

    const broken: AccessRecorder = { record: () => Promise.reject(new Error('throttled')) };
    expect(problem(await answerOf(read, broken))).toMatchObject({ status: 500 });
    expect(problem(await answerOf(read))).toMatchObject({ status: 500 });
  });
});
