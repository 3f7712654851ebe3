import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { STREAM_BATCH_SIZE } from '../queues.js';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** A Lambda event filter pattern of exact values: each leaf lists the values a record may have there. */
export type FilterPattern = { [key: string]: readonly string[] | FilterPattern };

/** Whether a record passes a filter pattern, as Lambda's event filtering decides for exact values. */
export function matchesFilter(pattern: FilterPattern, value: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | undefined)?.[key];
    return Array.isArray(expected) ? typeof actual === 'string' && expected.includes(actual) : matchesFilter(expected as FilterPattern, actual);
  });
}

/**
 * Reads the table's stream from DynamoDB Local and feeds the stream consumer as Lambda's event
 * source mapping does: shards parents first, batches in order, only the records that pass the
 * mapping's filter (a batch with none is no invocation), a batch retried from the first failed
 * record it reports. The position is kept per shard while the runtime runs. A restart
 * reads the stream again from its oldest record: the queues are in memory, so events and
 * hand-overs sent before the restart may be gone, and every consumer is idempotent.
 */
export function startStreamReader(options: {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** The event source's filter (infra/queues.ts STREAM_FILTER): other records are passed over. */
  filter?: FilterPattern;
  onError: (e: unknown) => void;
  /** Told after each pass over the stream that found nothing to deliver. */
  onCaughtUp?: () => void;
  idleMs?: number;
}): () => Promise<void> {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint });
  const position = new Map<string, { after?: string; closed?: boolean }>();
  let running = true;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const shardsOf = async (streamArn: string): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  };

  /** Reads what a shard has now; true when it delivered records. */
  const drain = async (streamArn: string, shard: Shard): Promise<boolean> => {
    const id = shard.ShardId!;
    const state = position.get(id) ?? {};
    position.set(id, state);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: id,
        ...(state.after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    let iterator = ShardIterator;
    let delivered = false;
    while (running && iterator) {
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: STREAM_BATCH_SIZE }));
      if (Records.length === 0) {
        if (!NextShardIterator) state.closed = true;
        return delivered;
      }
      const failed = await deliver(Records);
      const done =
        failed === undefined
          ? Records
          : Records.slice(
              0,
              Records.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
            );
      if (done.length) state.after = done[done.length - 1]!.dynamodb!.SequenceNumber;
      if (failed !== undefined) {
        await pause(200);
        return true;
      }
      delivered = true;
      iterator = NextShardIterator;
    }
    return delivered;
  };

  /** The sequence number to retry from, or undefined when the whole batch succeeded. */
  const deliver = async (all: _Record[]): Promise<string | undefined> => {
    const records = options.filter ? all.filter((r) => matchesFilter(options.filter!, r)) : all;
    if (records.length === 0) return undefined;
    const event = { Records: records.map((r) => ({ ...r, eventSourceARN: 'local' })) } as unknown as DynamoDBStreamEvent;
    try {
      const answer = await options.handler(event);
      return answer?.batchItemFailures?.[0]?.itemIdentifier;
    } catch (error) {
      options.onError(error);
      return records[0]!.dynamodb!.SequenceNumber;
    }
  };

  const loop = (async () => {
    const db = new DynamoDBClient({ endpoint: options.endpoint });
    let streamArn: string | undefined;
    while (running) {
      try {
        streamArn ??= (await db.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
        const shards = await shardsOf(streamArn);
        const ids = new Set(shards.map((s) => s.ShardId));
        let busy = false;
        for (const shard of shards) {
          if (position.get(shard.ShardId!)?.closed) continue;
          // A child shard waits for its parent, so one dossier's changes stay in order.
          const parent = shard.ParentShardId;
          if (parent && ids.has(parent) && !position.get(parent)?.closed) continue;
          busy = (await drain(streamArn, shard)) || busy;
        }
        if (!busy) {
          options.onCaughtUp?.();
          await pause(options.idleMs ?? 100);
        }
      } catch (error) {
        if (running) options.onError(error);
        await pause(500);
      }
    }
    db.destroy();
  })();
  return async () => {
    running = false;
    await loop;
    streams.destroy();
  };
}
