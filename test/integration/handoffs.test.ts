/**
 * Concurrency and hand-overs on a whole local runtime: DynamoDB Local (the suite's), the fauxqs
 * SQS emulator, the pollers that feed the queue consumers as Lambda would, and the HTTP server.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';

/** A working Tuesday morning: every code of the run is issued on 2026-03-10. */
const NOW = '2026-03-10T09:00:00+07:00';
const PROCEDURE = '1.001612'; // ECONOMICS, 3 working days

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
/** One batch delivered to the department intake, as Lambda delivers it. */
const intakeBatch = (event: SQSEvent) => departmentIntake(event, lambdaContext('department-intake'));
let departmentIntake: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
/** The SQS client the handlers send with (not the pollers' own client). */
let handlerSqs: SQSClient;
/** Sends of hand-overs made to fail, by dossier id: the queue unreachable for a while. */
const faults = new Map<string, { failLeft: number; failed: number; sent: number }>();

const tokens: Record<string, string> = {};

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  // The runtime has set the environment the handlers read; these modules are the ones it serves.
  ({ handler: departmentIntake } = await import('../../functions/queues/department-intake.js'));
  handlerSqs = (await import('../../shared/adapters/queue.js')).sqs();
  // A fault SQS cannot be made to produce: the stream consumer's send of one dossier's hand-over fails.
  handlerSqs.middlewareStack.add(
    (next, context) => async (args) => {
      const body = (args.input as { MessageBody?: string }).MessageBody ?? '';
      const fault = context.commandName === 'SendMessageCommand' ? [...faults].find(([id]) => body.includes(id))?.[1] : undefined;
      if (fault && fault.failLeft > 0) {
        fault.failLeft--;
        fault.failed++;
        throw new Error('connection reset while sending');
      }
      const answer = await next(args);
      if (fault) fault.sent++;
      return answer;
    },
    { step: 'initialize', name: 'handoffFaults' },
  );
  expect((await api.call('PUT', '/_local/clock', { body: { now: NOW } })).status).toBe(200);
  const claims = {
    desk1: { sub: 'desk-1', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' },
    desk4: { sub: 'desk-4', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.04' },
    head4: { sub: 'head-eco-4', roles: ['DEPT_HEAD'], province: 'LCI', commune: 'H30.04', department: 'ECONOMICS' },
    portal: { sub: 'portal-1', roles: ['PORTAL'], province: 'LCI' },
  };
  for (const [name, c] of Object.entries(claims)) tokens[name] = await api.token(c);
}, 60_000);

afterAll(async () => {
  handlerSqs?.middlewareStack.remove('handoffFaults');
  await api?.call('DELETE', '/_local/clock');
  await runtime?.stop();
});

// ---------------------------------------------------------------------------------------------

const newBody = (n: number | string, channel: 'IN_PERSON' | 'ONLINE' = 'IN_PERSON') => ({
  procedureCode: PROCEDURE,
  channel,
  applicant: { name: `Lò Văn ${n}`, idNumber: '012345678901', address: 'Bản Nà Cà, Tân Uyên' },
  documents: [
    { name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 },
    { name: 'Bản sao giấy tờ pháp lý của chủ hộ', kind: 'COPY', count: 1 },
  ],
});

async function create(commune: string, token: string, n: number | string = 1): Promise<{ id: string; version: number }> {
  const res = await api.call('POST', `/v1/communes/${commune}/dossiers`, { token, body: newBody(n) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const get = async (commune: string, id: string, token: string) => {
  const res = await api.call('GET', `/v1/communes/${commune}/dossiers/${id}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const accept = (commune: string, id: string, token: string) => api.call('POST', `/v1/communes/${commune}/dossiers/${id}/accept`, { token, body: {} });

/** A dossier of H30.04 accepted and recorded by the ECONOMICS intake: at step ASSIGNMENT. */
async function atAssignment(): Promise<{ id: string; version: number }> {
  const { id } = await create('H30.04', tokens.desk4!);
  expect((await accept('H30.04', id, tokens.desk4!)).status).toBe(200);
  return eventually(async () => {
    const d = await get('H30.04', id, tokens.desk4!);
    return d.step === 'ASSIGNMENT' && d;
  });
}

/** Makes the next `times` sends of a dossier's hand-over fail (until `heal` when none is given). */
function failSends(id: string, times = Number.POSITIVE_INFINITY) {
  const fault = { failLeft: times, failed: 0, sent: 0 };
  faults.set(id, fault);
  return Object.assign(fault, { heal: () => void (fault.failLeft = 0) });
}

/** Waits until a queue holds no message, visible or in flight: the poller has consumed and deleted all. */
async function drained(queueUrl: string): Promise<void> {
  await eventually(async () => {
    const { Attributes = {} } = await runtime.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
  });
}

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:economics-intake',
  awsRegion: 'ap-southeast-1',
});

// ---------------------------------------------------------------------------------------------

describe('dossier codes under load', () => {
  it('50 parallel accepts in one unit on one day get 50 distinct codes, and all reach the department', async () => {
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => create('H30.01', tokens.desk1!, i)));
    const answers = await Promise.all(created.map(({ id }) => accept('H30.01', id, tokens.desk1!)));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    const codes = answers.map((a) => a.body.code as string);
    expect(new Set(codes).size).toBe(50);
    for (const a of answers) expect(a.body.receipt.code).toBe(a.body.code);
    // The unit's first 50 codes of the day, with no gap and no repeat.
    expect([...codes].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `H30.01-260310-${String(i + 1).padStart(4, '0')}`));

    // Every hand-over is recorded by the ECONOMICS intake.
    await eventually(async () => {
      const res = await api.call('GET', '/v1/communes/H30.01/dossiers?status=IN_PROCESSING&step=ASSIGNMENT&limit=100', { token: tokens.desk1 });
      return res.status === 200 && res.body.items.length === 50;
    }, 20_000);
  }, 45_000);
});

describe('idempotent submission', () => {
  /** Every dossier portal-1 sees in a commune, over all pages. */
  async function portalDossiers(commune: string): Promise<{ id: string }[]> {
    const items: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api.call(
        'GET',
        `/v1/communes/${commune}/dossiers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: tokens.portal },
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('10 parallel retries with one Idempotency-Key make one dossier and all answer it; another body is a 409', async () => {
    const key = `it-${randomUUID()}`;
    const body = newBody('trực tuyến', 'ONLINE');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.call('POST', '/v1/communes/H30.02/dossiers', { token: tokens.portal, body, headers: { 'Idempotency-Key': key } })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses, JSON.stringify(answers.filter((a) => a.status !== 201).map((a) => a.body))).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    // A replay answers exactly what the first call did, lookup secret included.
    expect(new Set(answers.map((a) => a.body.lookupSecret)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);

    const listed = await portalDossiers('H30.02');
    expect(listed.map((i) => i.id)).toEqual([...ids]);

    const other = await api.call('POST', '/v1/communes/H30.02/dossiers', {
      token: tokens.portal,
      body: { ...body, note: 'một nội dung khác' },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(await portalDossiers('H30.02')).toHaveLength(1);

    // A sequential retry later still answers the same dossier.
    const later = await api.call('POST', '/v1/communes/H30.02/dossiers', { token: tokens.portal, body, headers: { 'Idempotency-Key': key } });
    expect(later.status).toBe(201);
    expect(later.body.id).toBe([...ids][0]);
  });
});

describe('optimistic versions over HTTP', () => {
  it('of 10 parallel assigns on one version exactly one succeeds; the rest are 409', async () => {
    const d = await atAssignment();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.call('POST', `/v1/communes/H30.04/dossiers/${d.id}/assign`, {
          token: tokens.head4,
          body: { assignee: `spec-${i}`, expectedVersion: d.version },
        }),
      ),
    );
    const ok = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
    expect(ok).toHaveLength(1);
    for (const a of answers) if (a.status !== 200) expect(a.status, JSON.stringify(a.body)).toBe(409);
    const stored = await get('H30.04', d.id, tokens.desk4!);
    expect(stored.version).toBe(d.version + 1);
    expect(stored.assignee).toBe(`spec-${ok[0]}`);
    expect(stored.history.filter((h: { action: string }) => h.action === 'assign')).toHaveLength(1);
  });
});

/** A dossier without the national portal connector's state, which it reports on its own clock. */
const ownedByTheDossier = (dossier: Record<string, unknown>) => ({ ...dossier, nationalSync: undefined });

describe('hand-overs over SQS', () => {
  it('a redelivered hand-over changes nothing', async () => {
    const d = await atAssignment();
    const before = await get('H30.04', d.id, tokens.desk4!);
    await runtime.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queueUrls.ECONOMICS,
        MessageBody: JSON.stringify({ dossierId: d.id, commune: 'H30.04', to: 'ECONOMICS' }),
      }),
    );
    // Consumed and deleted (a failed record would stay in flight, then come back).
    await drained(runtime.queueUrls.ECONOMICS);
    const after = await get('H30.04', d.id, tokens.desk4!);
    expect(after.version).toBe(before.version);
    expect(ownedByTheDossier(after)).toEqual(ownedByTheDossier(before));
  });

  it('a batch with bad records reports exactly those, and records the good one', async () => {
    const { id } = await create('H30.04', tokens.desk4!);
    // The stream consumer cannot send it meanwhile: only the batch below records the hand-over.
    const fault = failSends(id);
    const accepted = await accept('H30.04', id, tokens.desk4!);
    expect(accepted.status).toBe(200);
    await eventually(async () => fault.failed > 0);
    expect(accepted.body.step).toBe('RECEPTION');

    const response = await intakeBatch({
      Records: [
        record('m-valid', JSON.stringify({ dossierId: id, commune: 'H30.04', to: 'ECONOMICS' })),
        record('m-garbage', '{"this is": not json'),
        record('m-missing', JSON.stringify({ dossierId: randomUUID(), commune: 'H30.04', to: 'ECONOMICS' })),
      ],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-garbage' }, { itemIdentifier: 'm-missing' }]);
    const stored = await get('H30.04', id, tokens.desk4!);
    expect(stored.step).toBe('ASSIGNMENT');
    expect(stored.version).toBe(accepted.body.version + 1);
    expect(stored.handoffs[0]).toMatchObject({ to: 'ECONOMICS', receivedBy: 'department:ECONOMICS' });

    // The stream's send, once it goes, carries the dossier before the receipt: it is read again and changes nothing.
    fault.heal();
    await eventually(async () => fault.sent === 1);
    await drained(runtime.queueUrls.ECONOMICS);
    expect(ownedByTheDossier(await get('H30.04', id, tokens.desk4!))).toEqual(ownedByTheDossier(stored));
  });

  it('a hand-over to the desk on a department queue is a failure, not a silent success', async () => {
    const d = await atAssignment();
    const response = await intakeBatch({
      Records: [record('m-wrong-queue', JSON.stringify({ dossierId: d.id, commune: 'H30.04', to: 'DESK' }))],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-wrong-queue' }]);
  });

  it('a poison message ends in the dead-letter queue after its tries', async () => {
    const marker = randomUUID();
    await runtime.sqs.send(new SendMessageCommand({ QueueUrl: runtime.queueUrls.ECONOMICS, MessageBody: `not a hand-over ${marker}` }));
    const dead = await eventually(async () => {
      const { Messages = [] } = await runtime.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: runtime.dlqUrls.ECONOMICS, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
      );
      return Messages.find((m) => m.Body === `not a hand-over ${marker}`);
    }, 20_000);
    // MAX_RECEIVE_COUNT (5) tries before the move.
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    await drained(runtime.queueUrls.ECONOMICS);
  }, 30_000);

  it('a hand-over whose send fails is sent again from the stream until it goes, and recorded once', async () => {
    const { id } = await create('H30.04', tokens.desk4!);
    const fault = failSends(id, 3);
    const accepted = await accept('H30.04', id, tokens.desk4!);
    // The dossier is stored, the receipt given: sending is the stream consumer's, after the write.
    expect(accepted.status).toBe(200);
    expect(accepted.body.code).toMatch(/^H30\.04-260310-\d{4}$/);

    const recorded = await eventually(async () => {
      const d = await get('H30.04', id, tokens.desk4!);
      return d.step === 'ASSIGNMENT' && d;
    });
    expect(fault).toMatchObject({ failed: 3, sent: 1 });
    expect(recorded.version).toBe(accepted.body.version + 1);
    expect(recorded.handoffs[0]).toMatchObject({ receivedBy: 'department:ECONOMICS' });
  });

  it('a hand-over of a dossier withdrawn while it travelled records nothing', async () => {
    const { id } = await create('H30.04', tokens.desk4!);
    const fault = failSends(id);
    const accepted = await accept('H30.04', id, tokens.desk4!);
    const withdrawn = await api.call('POST', `/v1/communes/H30.04/dossiers/${id}/withdraw`, {
      token: tokens.desk4,
      body: { reason: 'công dân rút hồ sơ', expectedVersion: accepted.body.version },
    });
    expect(withdrawn.status).toBe(200);

    fault.heal();
    await eventually(async () => fault.sent === 1);
    await drained(runtime.queueUrls.ECONOMICS);
    expect(await get('H30.04', id, tokens.desk4!)).toMatchObject({ status: 'WITHDRAWN', version: accepted.body.version + 1 });
  });
});
