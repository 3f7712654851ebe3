import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually } from './client.js';

const PENDING = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

/**
 * Waits until each named function has run at least the given number of times since the runtime
 * started, then until the runtime has nothing left to do: the table's stream read to its end,
 * every consumer's queue empty (nothing waiting, in flight or delayed), and no function invoked
 * meanwhile. What a test then finds absent is not merely late.
 */
export async function settled(runtime: LocalRuntime, runs: Record<string, number> = {}, timeoutMs = 20_000): Promise<void> {
  const invocations = () => runtime.billed().invocations;
  await eventually(async () => Object.entries(runs).every(([name, count]) => (invocations()[name] ?? 0) >= count), timeoutMs);
  // A client of its own (on the emulator the runtime points the environment at): the runtime's counts the requests the bench prices.
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const queues = [...Object.values(runtime.queueUrls), ...Object.values(runtime.eventQueueUrls)];
  const pending = async (QueueUrl: string) => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...PENDING] }));
    return PENDING.reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
  };
  try {
    await eventually(async () => {
      const before = JSON.stringify(invocations());
      await runtime.streamCaughtUp();
      const left = await Promise.all(queues.map(pending));
      return left.every((n) => n === 0) && JSON.stringify(invocations()) === before;
    }, timeoutMs);
  } finally {
    sqs.destroy();
  }
}
