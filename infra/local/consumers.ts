import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, STREAM_CONSUMERS } from '../workers.js';
import { STREAM_FILTER } from '../queues.js';
import type { Metering } from './metering.js';
import { startPoller, type LocalQueues } from './queues.js';
import { startStreamReader } from './stream.js';

type StreamHandler = Parameters<typeof startStreamReader>[0]['handler'];

/**
 * The event source mappings: a poller per queue for the hand-over and event consumers, and a
 * reader of the table's stream for the stream consumer.
 */
export async function startConsumers(options: {
  metering: Metering;
  sqs: SQSClient;
  queues: LocalQueues;
  dynamoEndpoint: string;
  tableName: string;
  log: (line: string) => void;
}) {
  const { metering, sqs, queues, log } = options;
  const stops: (() => Promise<void>)[] = [];
  for (const consumer of QUEUE_CONSUMERS) {
    const handler = await metering.lambda<SQSEvent, SQSBatchResponse>(consumer.name, consumer.entry);
    for (const destination of consumer.queues) {
      stops.push(startPoller(sqs, queues.urls[destination], handler, (e) => log(`poller ${consumer.name}: ${String(e)}`)));
    }
  }
  for (const consumer of EVENT_CONSUMERS) {
    const handler = await metering.lambda<SQSEvent, SQSBatchResponse>(consumer.name, consumer.entry);
    stops.push(startPoller(sqs, queues.eventQueueUrls[consumer.queue], handler, (e) => log(`poller ${consumer.name}: ${String(e)}`)));
  }
  // Whoever waits for the stream to be read to its end, told at the next pass that finds nothing.
  let waiting: (() => void)[] = [];
  const nextIdlePass = () => new Promise<void>((ok) => waiting.push(ok));
  for (const consumer of STREAM_CONSUMERS) {
    const handler: StreamHandler = await metering.lambda(consumer.name, consumer.entry);
    stops.push(
      startStreamReader({
        endpoint: options.dynamoEndpoint,
        tableName: options.tableName,
        handler,
        filter: STREAM_FILTER,
        onError: (e) => log(`stream ${consumer.name}: ${String(e)}`),
        onCaughtUp: () => {
          const told = waiting;
          waiting = [];
          for (const ok of told) ok();
        },
      }),
    );
  }
  return {
    stop: () => Promise.all(stops.map((stop) => stop())).then(() => undefined),
    /** Resolves once the stream has been read to where it stood when asked: the second idle pass is one begun after the call. */
    streamCaughtUp: async () => {
      await nextIdlePass();
      await nextIdlePass();
    },
  };
}
