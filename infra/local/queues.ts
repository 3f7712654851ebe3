import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import {
  EVENT_FILTERS,
  EVENT_MAX_RECEIVE_COUNT,
  EVENT_QUEUE_NAMES,
  EVENTS_TOPIC_NAME,
  MAX_RECEIVE_COUNT,
  QUEUE_NAMES,
  SIGNING_POLL_DELAY_S,
  type Destination,
  type EventQueue,
} from '../queues.js';

export interface LocalQueues {
  server: FauxqsServer;
  endpoint: string;
  urls: Record<Destination, string>;
  dlqUrls: Record<Destination, string>;
  eventsTopicArn: string;
  eventQueueUrls: Record<EventQueue, string>;
  eventDlqUrls: Record<EventQueue, string>;
}

/** The SQS emulator in-process, with a queue per destination and its DLQ. */
export async function startQueues(visibilityTimeoutS: number, port = 0, signingDelayS = SIGNING_POLL_DELAY_S): Promise<LocalQueues> {
  const server = await startFauxqs({ port, logger: false, host: 'localhost' });
  const urls = {} as Record<Destination, string>;
  const dlqUrls = {} as Record<Destination, string>;
  for (const [destination, name] of Object.entries(QUEUE_NAMES) as [Destination, string][]) {
    const dlq = server.createQueue(`${name}-dlq`);
    dlqUrls[destination] = dlq.queueUrl;
    urls[destination] = server.createQueue(name, {
      attributes: {
        VisibilityTimeout: String(visibilityTimeoutS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
        ...(destination === 'SIGNING' ? { DelaySeconds: String(signingDelayS) } : {}),
      },
    }).queueUrl;
  }
  const { topicArn } = server.createTopic(EVENTS_TOPIC_NAME, { attributes: { FifoTopic: 'true' } });
  const eventQueueUrls = {} as Record<EventQueue, string>;
  const eventDlqUrls = {} as Record<EventQueue, string>;
  for (const [consumer, name] of Object.entries(EVENT_QUEUE_NAMES) as [EventQueue, string][]) {
    const dlq = server.createQueue(`${name}-dlq.fifo`, { attributes: { FifoQueue: 'true' } });
    eventDlqUrls[consumer] = dlq.queueUrl;
    eventQueueUrls[consumer] = server.createQueue(`${name}.fifo`, {
      attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(visibilityTimeoutS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: EVENT_MAX_RECEIVE_COUNT[consumer] ?? MAX_RECEIVE_COUNT }),
      },
    }).queueUrl;
    server.subscribe({
      topic: EVENTS_TOPIC_NAME,
      queue: `${name}.fifo`,
      attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(EVENT_FILTERS[consumer]) },
    });
  }
  return { server, endpoint: `http://127.0.0.1:${server.port}`, urls, dlqUrls, eventsTopicArn: topicArn, eventQueueUrls, eventDlqUrls };
}

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

function toEvent(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
        ...(m.Attributes?.MessageGroupId ? { MessageGroupId: m.Attributes.MessageGroupId } : {}),
        ...(m.Attributes?.MessageDeduplicationId ? { MessageDeduplicationId: m.Attributes.MessageDeduplicationId } : {}),
        ...(m.Attributes?.SequenceNumber ? { SequenceNumber: m.Attributes.SequenceNumber } : {}),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'ap-southeast-1',
    })),
  };
}

/**
 * Delivers a queue's messages to a consumer as Lambda's event source mapping does: batches of up
 * to 10, successful records deleted, records in `batchItemFailures` (or the whole batch when the
 * consumer throws) left to reappear after the visibility timeout.
 */
export function startPoller(sqs: SQSClient, queueUrl: string, consumer: Consumer, onError: (error: unknown) => void): () => Promise<void> {
  let running = true;
  const arn = `arn:aws:sqs:local:000000000000:${queueUrl.split('/').pop()}`;
  const loop = (async () => {
    while (running) {
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
        );
        if (!running || Messages.length === 0) continue;
        let failed: Set<string>;
        try {
          const response = await consumer(toEvent(Messages, arn));
          failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (error) {
          onError(error);
          failed = new Set(Messages.map((m) => m.MessageId!));
        }
        const done = Messages.filter((m) => !failed.has(m.MessageId!));
        if (done.length) {
          await sqs.send(
            new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
          );
        }
      } catch (error) {
        if (running) onError(error);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
