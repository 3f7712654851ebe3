/**
 * DLQ redrive (scripts/redrive.ts) against the SQS emulator the local runtime uses, with the
 * queues and DLQs made exactly as the runtime makes them.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  SendMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startQueues, type LocalQueues } from '../../infra/local/queues.js';
import { dlqName, failedRun, queueName, redrive, regionOfQueueUrl, rerunFailedJobs, type FailedRun } from '../../scripts/redrive.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let queues: LocalQueues;
let sqs: SQSClient;

beforeAll(async () => {
  queues = await startQueues(30);
  // GetQueueUrl finds a name in the client's region: the one the emulator made its queues in.
  sqs = new SQSClient({ endpoint: queues.endpoint, region: regionOfQueueUrl(queues.urls.ECONOMICS)!, credentials: CREDENTIALS, useQueueUrlAsEndpoint: false });
});

afterAll(async () => {
  sqs?.destroy();
  await queues?.server.stop();
});

async function put(url: string, bodies: string[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    const answer = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({
          Id: String(j),
          MessageBody: body,
          MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
        })),
      }),
    );
    expect(answer.Failed ?? []).toEqual([]);
  }
}

/** Everything a queue holds now, deleted as read (receives until an empty answer). */
async function drain(url: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30, MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

async function counts(url: string) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
}

const handoff = (i: number) => JSON.stringify({ dossierId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, commune: 'H30.01', to: 'ECONOMICS' });

beforeEach(async () => {
  await drain(queues.urls.ECONOMICS);
  await drain(queues.dlqUrls.ECONOMICS);
});

describe('redrive', () => {
  it('names the DLQ of a queue, from its name or its URL', () => {
    expect(dlqName('economics-intake')).toBe('economics-intake-dlq');
    expect(dlqName('results.fifo')).toBe('results-dlq.fifo');
    expect(queueName(queues.urls.ECONOMICS)).toBe('economics-intake');
    expect(regionOfQueueUrl('https://sqs.ap-southeast-1.amazonaws.com/123456789012/results')).toBe('ap-southeast-1');
    expect(regionOfQueueUrl('https://ap-southeast-1.queue.amazonaws.com/123456789012/results')).toBe('ap-southeast-1');
    expect(regionOfQueueUrl(queues.urls.ECONOMICS)).toEqual(expect.any(String));
  });

  it('moves every message of economics-intake-dlq back to economics-intake, unchanged, and empties the DLQ', async () => {
    // Prepare
    const bodies = Array.from({ length: 23 }, (_, i) => handoff(i));
    await put(queues.dlqUrls.ECONOMICS, bodies);

    // Act
    const result = await redrive({ sqs, queue: 'economics-intake' });

    // Assess
    expect(result).toMatchObject({ moved: 23, failed: 0, queueUrl: queues.urls.ECONOMICS, dlqUrl: queues.dlqUrls.ECONOMICS });
    expect(await counts(queues.dlqUrls.ECONOMICS)).toEqual({ visible: 0, inFlight: 0 });
    const arrived = await drain(queues.urls.ECONOMICS);
    expect(arrived.map((m) => m.Body).sort()).toEqual([...bodies].sort());
    expect(arrived.every((m) => m.MessageAttributes?.origin?.StringValue === 'test')).toBe(true);
    expect(await drain(queues.dlqUrls.ECONOMICS)).toEqual([]);
  });

  it('moves no more than --max, leaving the rest in the DLQ', async () => {
    await put(
      queues.dlqUrls.ECONOMICS,
      Array.from({ length: 15 }, (_, i) => handoff(100 + i)),
    );

    const result = await redrive({ sqs, queue: queues.urls.ECONOMICS, max: 10 });

    expect(result.moved).toBe(10);
    expect(await counts(queues.dlqUrls.ECONOMICS)).toEqual({ visible: 5, inFlight: 0 });
    expect(await drain(queues.urls.ECONOMICS)).toHaveLength(10);
  });

  it('does nothing on an empty DLQ, and refuses an unknown queue', async () => {
    expect((await redrive({ sqs, queue: 'economics-intake' })).moved).toBe(0);
    await expect(redrive({ sqs, queue: 'no-such-queue' })).rejects.toThrow();
  });

  it('runs as `npm run redrive -- <queue> --max N` against AWS_ENDPOINT_URL_SQS', async () => {
    await put(
      queues.dlqUrls.DESK,
      Array.from({ length: 4 }, (_, i) => JSON.stringify({ n: i })),
    );

    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/redrive.ts', 'results', '--max', '3'], {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_SQS: queues.endpoint,
        AWS_REGION: regionOfQueueUrl(queues.urls.DESK)!,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
    });

    expect(stdout).toContain('moved 3 message(s) from results-dlq to results');
    expect(await drain(queues.urls.DESK)).toHaveLength(3);
    expect(await drain(queues.dlqUrls.DESK)).toHaveLength(1);
  }, 30_000);
});

describe('rerunning failed scheduled jobs (--jobs)', () => {
  const arn = (name: string) => `arn:aws:lambda:ap-southeast-1:123456789012:function:mot-cua-lci-${name}`;
  /** What Lambda's on-failure destination sends after the retries of an asynchronous invocation. */
  const destinationRecord = (name: string, payload: unknown) =>
    JSON.stringify({
      version: '1.0',
      timestamp: '2026-12-01T00:00:03.000Z',
      requestContext: { requestId: 'r-1', functionArn: `${arn(name)}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'province LCI has no configuration' },
    });

  it('reads both shapes of failed run: a destination record and a schedule dead letter', () => {
    expect(failedRun({ Body: destinationRecord('sla-report', { force: false }) })).toEqual({ functionArn: arn('sla-report'), payload: { force: false } });
    expect(failedRun({ Body: '{}', MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: arn('supplement-expiry') } } })).toEqual({
      functionArn: arn('supplement-expiry'),
      payload: {},
    });
    expect(failedRun({ Body: 'not json' })).toBeUndefined();
  });

  it('reruns each failed job once, clears its runs when it succeeds, keeps them when it fails again', async () => {
    const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: `mot-cua-lci-schedules-dlq-${Date.now()}` }));
    for (const body of [destinationRecord('sla-report', {}), destinationRecord('sla-report', {})])
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: '{}',
        MessageAttributes: {
          TARGET_ARN: { DataType: 'String', StringValue: arn('supplement-expiry') },
          ERROR_CODE: { DataType: 'String', StringValue: 'AWS.Lambda.AccessDenied' },
        },
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'garbage' }));
    const invoked: FailedRun[] = [];
    const result = await rerunFailedJobs({
      sqs,
      queue: url!,
      visibilityTimeoutS: 1,
      invoke: async (run) => {
        invoked.push(run);
        if (run.functionArn.endsWith('supplement-expiry')) throw new Error('still denied');
      },
    });
    expect(invoked.map((r) => r.functionArn).sort()).toEqual([arn('sla-report'), arn('supplement-expiry')]);
    expect(result).toEqual({ rerun: ['mot-cua-lci-sla-report'], failed: ['mot-cua-lci-supplement-expiry'], deleted: 2, unreadable: 1 });
    // The supplement expiry's run and the unreadable message stay for the next attempt (visible again after 1 s).
    await new Promise((r) => setTimeout(r, 1200));
    const left = await drain(url!);
    expect(left.map((m) => m.Body).sort()).toEqual(['garbage', '{}']);
  });
});
