import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENTS_TOPIC_ENV } from '../../shared/adapters/events.js';
import {
  EVENT_FILTERS,
  EVENT_MAX_RECEIVE_COUNT,
  EVENT_QUEUE_NAMES,
  EVENT_RETENTION_DAYS,
  EVENTS_TOPIC_NAME,
  MAX_RECEIVE_COUNT,
  STREAM_BATCH_SIZE,
  STREAM_FILTER,
  type EventQueue,
} from '../queues.js';
import type { DataStack } from './data-stack.js';
import { redriveFrom } from './messaging.js';
import type { ServiceFunction } from './functions.js';

/** Parallel batches per event queue (FIFO keeps one dossier's events in order whatever the number). */
export const CONSUMER_MAX_CONCURRENCY = 2;

/** Tries of a stream batch (halved on each error) before its records go to the stream's failure queue. */
export const STREAM_RETRY_ATTEMPTS = 10;

export interface DossierEventsProps {
  prefix: string;
  data: DataStack;
  /** Visibility timeout of the consumers' queues: 6× their functions' timeout. */
  visibilityTimeout: Duration;
}

/**
 * The dossier events: the table's stream → the stream consumer → one SNS FIFO topic (grouped by
 * dossier, deduplicated on the event id) → one SQS FIFO queue per consumer, each with its FIFO
 * DLQ and a filter policy that lets through only the events it acts on; the stream's event
 * source invokes the consumer for dossier items only. Per-dossier version order holds end to end; delivery is at least once; a stream batch
 * that keeps failing is kept in the stream's failure queue.
 */
export class DossierEvents extends Construct {
  readonly topic: sns.Topic;
  readonly queues = {} as Record<EventQueue, sqs.Queue>;
  readonly dlqs = {} as Record<EventQueue, sqs.Queue>;
  /** Where the stream's records go when every retry failed (the event source's on-failure destination). */
  readonly streamFailures: sqs.Queue;
  private readonly props: DossierEventsProps;

  constructor(scope: Construct, id: string, props: DossierEventsProps) {
    super(scope, id);
    this.props = props;
    // SNS's own key: SNS encrypts at rest and decrypts itself to deliver to the queues.
    const snsKey = kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns');
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.prefix}-${EVENTS_TOPIC_NAME}`,
      fifo: true,
      contentBasedDeduplication: false,
      enforceSSL: true,
      masterKey: snsKey,
    });
    for (const [consumer, name] of Object.entries(EVENT_QUEUE_NAMES) as [EventQueue, string][]) {
      const dlq = new sqs.Queue(this, `${name}-dlq`, {
        queueName: `${props.prefix}-${name}-dlq.fifo`,
        fifo: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        redriveAllowPolicy: redriveFrom(this, `${name}-source`, `${props.prefix}-${name}.fifo`),
      });
      const queue = new sqs.Queue(this, name, {
        queueName: `${props.prefix}-${name}.fifo`,
        fifo: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: props.visibilityTimeout,
        retentionPeriod: Duration.days(EVENT_RETENTION_DAYS[consumer] ?? 4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: EVENT_MAX_RECEIVE_COUNT[consumer] ?? MAX_RECEIVE_COUNT },
      });
      const filterPolicy = Object.fromEntries(
        Object.entries(EVENT_FILTERS[consumer]).map(([attribute, allowlist]) => [attribute, sns.SubscriptionFilter.stringFilter({ allowlist })]),
      );
      this.topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: true, filterPolicy }));
      this.queues[consumer] = queue;
      this.dlqs[consumer] = dlq;
    }
    this.streamFailures = new sqs.Queue(this, 'stream-failures', {
      queueName: `${props.prefix}-dossier-stream-failures`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Says what the queue is, a dead-letter destination, with SQS's own default: no queue redrives here, Lambda sends.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    Validations.of(this.streamFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the on-failure destination of the stream's event source mapping, which SQS3 does not follow. It holds the stream positions of batches that failed every retry; its depth is alarmed.",
    });
  }

  /** The stream consumer: reads the table's stream in order (one batch per shard at a time) and publishes to the topic. */
  attachPublisher(f: ServiceFunction): void {
    f.fn.addEnvironment(EVENTS_TOPIC_ENV, this.topic.topicArn);
    f.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishEvents', actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    // The mapping is declared by hand so its rights name the stream, not "*" (DynamoEventSource grants ListStreams on every resource).
    const { table, key } = this.props.data;
    new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: f.fn,
      eventSourceArn: table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: STREAM_BATCH_SIZE,
      bisectBatchOnError: true,
      retryAttempts: STREAM_RETRY_ATTEMPTS,
      reportBatchItemFailures: true,
      parallelizationFactor: 1,
      filters: [lambda.FilterCriteria.filter(STREAM_FILTER)],
      onFailure: new SqsDlq(this.streamFailures),
    });
    f.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [table.tableStreamArn!],
      }),
    );
    // The stream's records are encrypted with the table's key.
    f.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StreamKey',
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /** A consumer on its FIFO queue, reporting partial batch failures. */
  attachConsumer(consumer: EventQueue, f: ServiceFunction): void {
    f.fn.addEventSource(new SqsEventSource(this.queues[consumer], { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: CONSUMER_MAX_CONCURRENCY }));
  }
}
