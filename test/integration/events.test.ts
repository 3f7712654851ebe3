import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { startPoller, startQueues } from '../../infra/local/queues.js';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import { matchesFilter } from '../../infra/local/stream.js';
import { STREAM_FILTER } from '../../infra/queues.js';
import { keys } from '../../shared/adapters/table.js';
import { NOTIFIED_TYPES } from '../../shared/domain/notifications.js';
import { MAX_MESSAGE_BYTES, type DossierEvent, type EventMessage } from '../../shared/domain/events.js';
import { eventMessage } from '../../shared/adapters/events.js';
import { eventConsumer } from '../../shared/queues/events.js';
import { apiClient, eventually } from '../support/client.js';
import { fullLifecycle, LIFECYCLE_EVENTS } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { officials } from '../support/officials.js';
import { settled } from '../support/settled.js';

describe('the dossier events of the table stream', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('are one per stored version, of the expected types, in version order', async () => {
    // Prepare: a FIFO queue of our own on the events topic, as every consumer has
    const { QueueUrl } = await runtime.sqs.send(new CreateQueueCommand({ QueueName: 'probe.fifo', Attributes: { FifoQueue: 'true' } }));
    const { Attributes } = await runtime.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await new SNSClient({}).send(
      new SubscribeCommand({
        TopicArn: process.env.EVENTS_TOPIC_ARN,
        Protocol: 'sqs',
        Endpoint: Attributes!.QueueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const api = apiClient(runtime);
    const who = await officials(api);

    // Act
    const { id, code } = await fullLifecycle(api, who);

    // Assess: taken in FIFO order, one dossier's events come by version
    const events: DossierEvent[] = [];
    const images = new Map<number, EventMessage['dossier']>();
    await eventually(async () => {
      const { Messages = [] } = await runtime.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of Messages) {
        const { dossier, ...event } = JSON.parse(m.Body!) as EventMessage;
        events.push(event);
        if (event.dossierId === id) images.set(event.version, dossier);
        await runtime.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
      return events.filter((e) => e.dossierId === id).length >= LIFECYCLE_EVENTS.length;
    }, 15_000);
    const mine = events.filter((e) => e.dossierId === id);
    expect(mine.map((e) => e.type)).toEqual(LIFECYCLE_EVENTS);
    expect(mine.map((e) => e.version)).toEqual(LIFECYCLE_EVENTS.map((_t, i) => i + 1));
    expect(mine.map((e) => e.nationalStatus)).toEqual([1, 2, 4, 4, 4, 4, 4, 4, 9, 10]);
    expect(mine.at(-1)).toMatchObject({
      id: `evt_${id}_10`,
      code,
      province: 'LCI',
      commune: 'H30.01',
      status: 'RETURNED',
      submittedBy: 'reception@H30.01',
      channel: 'IN_PERSON',
    });
    // Ids and states only in the event: what a webhook is sent holds nothing of the applicant.
    expect(JSON.stringify(mine)).not.toMatch(/Nguyễn|0912345678|001199012345|example\.vn/);
    // Beside it, the dossier as that version stored it (on the encrypted topic and queues): its consumers need not read it.
    expect([...images].map(([version, d]) => [version, d?.version, d?.status])).toEqual(mine.map((e) => [e.version, e.version, e.status]));
    expect(images.get(10)).toMatchObject({ id, code, procedure: { code: expect.any(String), version: expect.any(Number) } });
  });

  it('invoke each consumer only for what it acts on, and the stream consumer only for dossier items and their sync states', async () => {
    const api = apiClient(runtime);
    const who = await officials(api);
    // Quiet first: the consumers of the suite's earlier dossier are done.
    await settled(runtime);
    const before = runtime.billed();

    // Act: a dossier filed at the desk, the whole way
    const { id } = await fullLifecycle(api, who);

    // Assess: its 10 events, of which 2 tell the citizen and 9 give the national portal something new; no webhooks to look up
    const told = LIFECYCLE_EVENTS.filter((t) => NOTIFIED_TYPES.includes(t as (typeof NOTIFIED_TYPES)[number])).length;
    const invoked = (name: string) => (runtime.billed().invocations[name] ?? 0) - (before.invocations[name] ?? 0);
    await settled(runtime, {
      notifications: (before.invocations.notifications ?? 0) + told,
      'national-portal': (before.invocations['national-portal'] ?? 0) + LIFECYCLE_EVENTS.length - 1,
    });
    expect(told).toBe(2);
    expect([invoked('notifications'), invoked('national-portal'), invoked('webhooks')]).toEqual([told, LIFECYCLE_EVENTS.length - 1, 0]);
    // Its versions and its sync states (one a national-portal run) invoke it; without the filter every message record, counter and aggregate would too.
    expect(invoked('dossier-events')).toBeGreaterThan(0);
    expect(invoked('dossier-events')).toBeLessThanOrEqual(LIFECYCLE_EVENTS.length + invoked('national-portal'));
    expect((await api.call('GET', `/v1/communes/H30.01/dossiers/${id}`, { token: who.reception })).body.status).toBe('RETURNED');
  });
});

describe("the stream's filter", () => {
  const record = (eventName: string, key: { PK: string; SK: string }) => ({ eventName, dynamodb: { Keys: { PK: { S: key.PK }, SK: { S: key.SK } } } });
  const dossier = keys.dossier('H30.01', 'd');

  it('passes a dossier item or its sync state stored or changed, and nothing else', () => {
    expect(matchesFilter(STREAM_FILTER, record('INSERT', dossier))).toBe(true);
    expect(matchesFilter(STREAM_FILTER, record('MODIFY', dossier))).toBe(true);
    expect(matchesFilter(STREAM_FILTER, record('REMOVE', dossier))).toBe(false);
    expect(matchesFilter(STREAM_FILTER, record('MODIFY', keys.nationalSync('H30.01', 'd')))).toBe(true);
    expect(matchesFilter(STREAM_FILTER, record('INSERT', keys.counted('H30.01', 'd')))).toBe(false);
    expect(matchesFilter(STREAM_FILTER, record('MODIFY', keys.aggregate('H30.01', '2026-03-02')))).toBe(false);
    expect(matchesFilter(STREAM_FILTER, record('INSERT', { PK: dossier.PK, SK: 'MESSAGE#000002#SMS' }))).toBe(false);
    expect(matchesFilter(STREAM_FILTER, record('INSERT', keys.sequence('H30.01', '260302')))).toBe(false);
    expect(matchesFilter(STREAM_FILTER, { eventName: 'INSERT' })).toBe(false);
  });
});

describe('the message of an event', () => {
  it('carries the dossier while it fits in one SNS message, and the event alone past that', () => {
    const event = {
      id: 'evt_d_1',
      type: 'dossier.submitted' as const,
      at: '2026-03-02T08:00:00+07:00',
      province: 'LCI',
      commune: 'H30.01',
      dossierId: 'd',
      status: 'SUBMITTED' as const,
      nationalStatus: 1,
      version: 1,
      submittedBy: 'portal-dvc',
      channel: 'ONLINE' as const,
    };
    const dossier = (note: string) => ({ id: 'd', version: 1, note }) as unknown as NonNullable<EventMessage['dossier']>;

    expect(JSON.parse(eventMessage(event, dossier('small')))).toEqual({ ...event, dossier: { id: 'd', version: 1, note: 'small' } });
    const large = eventMessage(event, dossier('x'.repeat(MAX_MESSAGE_BYTES)));
    expect(JSON.parse(large)).toEqual(event);
  });
});

describe('a consumer of a FIFO event queue', () => {
  it('that fails mid-batch gets only the failed records again, still in order', async () => {
    // Prepare: two dossiers' events on a FIFO queue, the second event of A failing once
    const queues = await startQueues(1);
    const sqs = new SQSClient({ endpoint: queues.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const queueUrl = queues.eventQueueUrls.notifications;
    const a = randomUUID();
    const b = randomUUID();
    const event = (dossierId: string, version: number) => ({
      id: `evt_${dossierId}_${version}`,
      type: 'dossier.accepted',
      at: new Date().toISOString(),
      province: 'LCI',
      commune: 'H30.01',
      dossierId,
      status: 'IN_PROCESSING',
      nationalStatus: 2,
      step: 'RECEPTION',
      version,
      submittedBy: 'portal-dvc',
      channel: 'ONLINE',
    });
    for (const [dossierId, version] of [
      [a, 1],
      [b, 1],
      [a, 2],
      [a, 3],
      [b, 2],
    ] as const) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(event(dossierId, version)),
          MessageGroupId: dossierId,
          MessageDeduplicationId: `${dossierId}-${version}`,
        }),
      );
    }
    const batches: string[][] = [];
    let failed = false;
    const handled: string[] = [];
    const consumer = eventConsumer('probe', async (e) => {
      if (e.dossierId === a && e.version === 2 && !failed) {
        failed = true;
        throw new Error('refused once');
      }
      handled.push(`${e.dossierId === a ? 'A' : 'B'}${e.version}`);
    });
    const label = (body: string) => {
      const e = JSON.parse(body) as DossierEvent;
      return `${e.dossierId === a ? 'A' : 'B'}${e.version}`;
    };

    // Act
    const stop = startPoller(
      sqs,
      queueUrl,
      async (e: SQSEvent) => {
        batches.push(e.Records.map((r) => label(r.body)));
        return consumer(e, lambdaContext('probe'));
      },
      () => undefined,
    );
    await eventually(async () => handled.length === 5, 15_000);
    await stop();
    await queues.server.stop();

    // Assess
    const deliveries = (label: string) => batches.flat().filter((l) => l === label).length;
    expect(['A1', 'B1', 'B2', 'A3'].map(deliveries)).toEqual([1, 1, 1, 1]);
    expect(deliveries('A2')).toBe(2);
    expect(handled.filter((l) => l.startsWith('A'))).toEqual(['A1', 'A2', 'A3']);
    expect(handled.filter((l) => l.startsWith('B'))).toEqual(['B1', 'B2']);
  });
});
