import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { isAuditKey } from '../../shared/adapters/table.js';
import { lambdaContext } from './lambda-context.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

/** An attribute value as the document client takes it, or already marshalled. */
type Value = string | { S?: string } | undefined;
type Keyed = { Key?: { PK?: Value }; Item?: { PK?: Value } };
type Request = Keyed & {
  RequestItems?: Record<string, { Keys?: { PK?: Value }[] }>;
  TransactItems?: Record<string, Keyed>[];
  KeyConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, Value>;
};

/**
 * The partition keys a request names (what dynamodb:LeadingKeys conditions on): an item's key, a
 * batch read's or a transaction's keys, a query's partition (a key condition is
 * `<partition key> = :value [AND …]`; an index query's is the index's own, never a key item's).
 */
function leadingKeysOf(input: Request): string[] {
  const batch = Object.values(input.RequestItems ?? {}).flatMap((read) => (read.Keys ?? []).map((k) => k.PK));
  const transacted = (input.TransactItems ?? []).flatMap((item) => Object.values(item).map((op) => op.Key?.PK ?? op.Item?.PK));
  const partition = input.KeyConditionExpression?.match(/^\s*\S+\s*=\s*(:\w+)/)?.[1];
  const queried = partition ? [input.ExpressionAttributeValues?.[partition]] : [];
  return [input.Key?.PK, input.Item?.PK, ...batch, ...transacted, ...queried]
    .map((pk) => (typeof pk === 'string' ? pk : pk?.S))
    .filter((pk): pk is string => pk !== undefined);
}

/**
 * The local record of what each function does: its invocations and their milliseconds, the SQS
 * and SNS requests, which DynamoDB and S3 actions it used (what its IAM role must allow) and the
 * partition keys it named (what an IAM condition on them must allow).
 */
export function startMetering() {
  // Which function is running, and what it asks of DynamoDB and S3.
  const running = new AsyncLocalStorage<string>();
  const dynamoUsage = new Map<string, Set<string>>();
  const dynamoKeys = new Map<string, Set<string>>();
  const fileUsage = new Map<string, Set<string>>();
  const billed: BilledUsage = { invocations: {}, billedMs: {}, sqsRequests: { standard: 0, fifo: 0 }, snsPublishes: 0 };

  const addTo = (usage: Map<string, Set<string>>, name: string, values: Iterable<string>) => {
    const used = usage.get(name) ?? new Set<string>();
    for (const value of values) used.add(value);
    usage.set(name, used);
  };

  // One recorder per client (named, so a runtime started again in the same process replaces the last one's).
  return {
    billed: () => structuredClone(billed),
    dynamoUsage: () => dynamoUsage,
    dynamoKeys: () => dynamoKeys,
    fileUsage: () => fileUsage,

    /** Records the DynamoDB actions (and indexes, as `Query@index`) of the running function, and the partition keys they name. */
    recordDynamo(client: DynamoDBDocumentClient) {
      client.middlewareStack.remove('recordUsage');
      client.middlewareStack.add(
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
            addTo(dynamoUsage, name, actions);
            addTo(dynamoKeys, name, leadingKeysOf(args.input as Request));
          }
          return next(args);
        },
        { step: 'initialize', name: 'recordUsage' },
      );
    },

    /** Records the S3 actions of the running function, signing URLs included. */
    recordFiles(client: S3Client) {
      client.middlewareStack.remove('recordUsage');
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const name = running.getStore();
          if (name) addTo(fileUsage, name, [(context.commandName ?? '').replace(/Command$/, '')]);
          return next(args);
        },
        { step: 'initialize', name: 'recordUsage' },
      );
    },

    countSqs(client: SQSClient) {
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
    },

    countSns(client: SNSClient) {
      client.middlewareStack.remove('countRequests');
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'PublishCommand') billed.snsPublishes++;
          return next(args);
        },
        { step: 'initialize', name: 'countRequests' },
      );
    },

    /** The handler of an entry as Lambda runs it: every invocation gets its own context, and is counted as Lambda bills it. */
    async lambda<E, R>(name: string, entry: string): Promise<(event: E) => Promise<R>> {
      const { handler } = (await import(pathToFileURL(join(ROOT, entry)).href)) as { handler: (event: E, context: Context) => Promise<R> };
      return (event: E) =>
        running.run(name, async () => {
          const started = performance.now();
          try {
            return await handler(event, lambdaContext(name));
          } finally {
            billed.invocations[name] = (billed.invocations[name] ?? 0) + 1;
            billed.billedMs[name] = (billed.billedMs[name] ?? 0) + Math.ceil(performance.now() - started);
          }
        });
    },
  };
}

export type Metering = ReturnType<typeof startMetering>;
