import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT, QUEUE_NAMES, SIGNING_POLL_DELAY_S, type Destination } from '../queues.js';

/**
 * A dead-letter queue's redrive-allow policy: only its own source queue may send it what failed.
 * The source is named by its ARN (queue names are fixed), as the source itself refers to the DLQ.
 */
export function redriveFrom(scope: Construct, id: string, sourceQueueName: string): sqs.RedriveAllowPolicy {
  const arn = Stack.of(scope).formatArn({ service: 'sqs', resource: sourceQueueName });
  return { redrivePermission: sqs.RedrivePermission.BY_QUEUE, sourceQueues: [sqs.Queue.fromQueueArn(scope, id, arn)] };
}

export interface QueuePair {
  queue: sqs.Queue;
  dlq: sqs.Queue;
}

export interface MessagingProps {
  /** Resource name prefix, e.g. `mot-cua-lci`. */
  prefix: string;
  /** Visibility timeout of the queues: 6× the timeout of the functions draining them. */
  visibilityTimeout: Duration;
}

/**
 * The hand-over queues: one per department (its intake) and the desk's results queue, and the
 * delayed queue of the signing sessions, each
 * with its dead-letter queue after MAX_RECEIVE_COUNT tries — the same set the local runtime
 * emulates (infra/local/queues.ts). Messages carry ids only; SQS-managed encryption, TLS only.
 */
export class Messaging extends Construct {
  readonly queues = {} as Record<Destination, sqs.Queue>;
  readonly pairs = {} as Record<Destination, QueuePair>;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    for (const [destination, name] of Object.entries(QUEUE_NAMES) as [Destination, string][]) {
      const dlq = new sqs.Queue(this, `${name}-dlq`, {
        queueName: `${props.prefix}-${name}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        redriveAllowPolicy: redriveFrom(this, `${name}-source`, `${props.prefix}-${name}`),
      });
      const queue = new sqs.Queue(this, name, {
        queueName: `${props.prefix}-${name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: props.visibilityTimeout,
        retentionPeriod: Duration.days(4),
        // A signing session is looked at again only after the signer had time to confirm.
        ...(destination === 'SIGNING' ? { deliveryDelay: Duration.seconds(SIGNING_POLL_DELAY_S) } : {}),
        deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
      });
      this.queues[destination] = queue;
      this.pairs[destination] = { queue, dlq };
    }
  }
}
